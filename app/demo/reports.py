"""The demo's periodic reports: the Office's draft of each period's report, generated from the
approved entries (app.reports.services, as the "Tạo dự thảo" button does) and signed by the deputy
director (Phó Giám đốc: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", the signature block's default). A past
period's report carries its number and date, as sent to the province; the report of the period
still open has neither yet (the number is given when it is sent), so it prints "Số:      /BC-SCT".
"""
from datetime import date, timedelta

from flask import current_app

from ..progress.models import PERIOD_LOCKED
from ..reports import services as reports
from ..reports.wording import ReportSettings

OFFICE, SIGNER = "vanphong", "lanhdao"
NUMBERS = {"q1": "52", "h1": "168", "m9": "301"}  # a past period's report number (/BC-SCT)
SENT_AFTER = timedelta(days=3)  # a past report is signed a few days after the units' due date


def load_demo_reports(users: list, periods: list, today: date) -> list:
    """A signed draft of each period's report (the department's, every plan in force)."""
    office = next(u for u in users if u.username == OFFICE)
    signer = next(u for u in users if u.username == SIGNER)
    settings = ReportSettings.from_config(current_app.config)
    drafts = []
    for period in periods:
        draft = reports.generate_draft(office, period, None, settings)
        sent = period.status == PERIOD_LOCKED
        signed_on = min((period.due_on or period.window_end) + SENT_AFTER, today) if sent else None
        reports.update_draft_details(office, draft, NUMBERS.get(period.kind, "") if sent else "", signed_on,
                                     signer_id=signer.id)
        drafts.append(draft)
    return drafts
