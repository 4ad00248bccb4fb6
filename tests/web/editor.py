"""Shared by the plan editor tests (one file per entity, like app/plans/routes/)."""
import re

from app.extensions import db

DATE_MESSAGE = "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 23/01/2026)."
DATE_RANGE_MESSAGE = "Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2100."
NUMBER_MESSAGE = "Giá trị phải là một số (ví dụ 99 hoặc 99,5)."
CONFLICT = "vừa được người khác thay đổi"
VERSION_RE = re.compile(r'name="version" type="hidden" value="(\d+)"')


# -- helpers --------------------------------------------------------------------------

def positions(model, ids) -> list[int]:
    db.session.expire_all()
    return [db.session.get(model, i).position for i in ids]


def changed(response) -> bool:
    return response.headers.get("HX-Trigger") == "plan-changed"




def meta_form(plan, **overrides):
    data = {
        "version": str(plan.version), "kind": "annual", "title": plan.title, "number": "", "issued_on": "",
        "year": "2026", "start_year": "", "end_year": "", "basis": "", "parent_id": "",
    }
    data.update(overrides)
    return data


def target_form(**overrides):
    data = {
        "text": "Tỷ lệ hồ sơ giải quyết đúng hạn", "metric_kind": "percent", "comparator": ">=",
        "target_value": "99,5", "unit_of_measure": "%", "baseline": "95", "responsible_unit_id": "",
    }
    data.update(overrides)
    return data


def task_form(lead, **overrides):
    data = {
        "code": "", "title": "Rà soát, công khai thủ tục hành chính trên Cổng dịch vụ công",
        "detail": "", "items": "", "lead_unit_id": str(lead.id), "deadline": "30/06/2026", "output": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
