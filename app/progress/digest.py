"""The reminder e-mail (`flask remind`): each user's digest of due-soon, overdue and returned items.

Optional: with no SMTP_HOST nothing is sent (the in-app notifications do the
job). One plain-text UTF-8 message per user who has an e-mail address and whose
unit has something to be reminded of; users without an address are skipped.
"""
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlalchemy import select

from ..extensions import db
from ..formatting import vn_date
from ..org.models import User
from .followup import DigestItem, UnitDigest, unit_digests
from .notifications import app_path, counted, pending_text


class MailSettingsError(ValueError):
    """SMTP settings that cannot work (a port that is not a number...); the message is Vietnamese."""


@dataclass
class SmtpSettings:
    host: str
    port: int
    user: str = ""
    password: str = ""
    starttls: bool = False
    sender: str = ""
    timeout: float = 30


def smtp_settings(config) -> SmtpSettings | None:
    """The SMTP settings from the app config, or None when no SMTP_HOST is set (mail is off)."""
    host = (config.get("SMTP_HOST") or "").strip()
    if not host:
        return None
    starttls = bool(config.get("SMTP_STARTTLS"))
    port_text = str(config.get("SMTP_PORT") or "").strip()
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise MailSettingsError(f"SMTP_PORT “{port_text}” không hợp lệ: phải là số cổng từ 1 đến 65535.")
        port = int(port_text)
    else:
        port = 587 if starttls else 25
    user = (config.get("SMTP_USER") or "").strip()
    sender = (config.get("MAIL_FROM") or "").strip() or (user if "@" in user else f"cchc@{host}")
    return SmtpSettings(host=host, port=port, user=user, password=config.get("SMTP_PASSWORD") or "",
                        starttls=starttls, sender=sender)


@dataclass
class Digest:
    user: User
    items: UnitDigest


@dataclass
class DigestRun:
    digests: list[Digest] = field(default_factory=list)  # users with an address and something to read
    skipped: list[User] = field(default_factory=list)  # users with something to read but no address


def collect_digests(today: date, due_soon_days: int) -> DigestRun:
    """Who receives what: every active user of each unit that has something to be reminded of."""
    by_unit = unit_digests(today, due_soon_days, due_soon_days)
    run = DigestRun()
    if not by_unit:
        return run
    users = db.session.scalars(select(User).where(User.unit_id.in_(list(by_unit)), User.active.is_(True))
                               .order_by(User.unit_id, User.full_name))
    for user in users:
        if (user.email or "").strip():
            run.digests.append(Digest(user, by_unit[user.unit_id]))
        else:
            run.skipped.append(user)
    return run


def _task_line(item: DigestItem) -> str:
    task = item.task
    return f"{task.code} {' '.join(task.title.split())}".strip()


def _deadline(item: DigestItem) -> str:
    return "thường xuyên" if item.task.recurring or item.deadline is None else vn_date(item.deadline)


def subject_of(items: UnitDigest, today: date) -> str:
    return f"Nhắc việc CCHC ngày {vn_date(today)}: " + counted(
        (len(items.overdue), "quá hạn"), (len(items.due_soon), "sắp đến hạn"), (len(items.returned), "bị trả lại"),
        (len(items.periods_due), "kỳ báo cáo cần gửi"))


def body_of(user: User, items: UnitDigest, today: date, base_url: str, org_name: str) -> str:
    lines = [f"Kính gửi {user.full_name},", "",
             f"Hệ thống theo dõi cải cách hành chính (CCHC) của {org_name} nhắc các việc của "
             f"{user.unit.name} tính đến ngày {vn_date(today)}:", ""]
    if items.overdue:
        lines.append(f"NHIỆM VỤ QUÁ HẠN ({len(items.overdue)}):")
        for item in items.overdue:
            late = (today - item.deadline).days
            lines.append(f"- {_task_line(item)}. Thời hạn: {_deadline(item)} (quá hạn {late} ngày).")
        lines.append("")
    if items.due_soon:
        lines.append(f"NHIỆM VỤ SẮP ĐẾN HẠN ({len(items.due_soon)}):")
        for item in items.due_soon:
            left = (item.deadline - today).days
            when = "đến hạn hôm nay" if left == 0 else f"còn {left} ngày"
            lines.append(f"- {_task_line(item)}. Thời hạn: {_deadline(item)} ({when}).")
        lines.append("")
    if items.returned:
        lines.append(f"BÁO CÁO BỊ TRẢ LẠI ({len(items.returned)}), cần sửa và gửi lại:")
        for item in items.returned:
            lines.append(f"- {_task_line(item)} (kỳ {item.period.title}). Thời hạn: {_deadline(item)}. "
                         f"Lý do trả lại: {' '.join(item.reason.split()) or '(không ghi)'}")
        lines.append("")
    if items.periods_due:
        lines.append("HẠN GỬI BÁO CÁO:")
        for period, row in items.periods_due:
            days = (period.due_on - today).days
            when = ("hôm nay" if days == 0 else f"còn {days} ngày" if days > 0 else f"đã quá hạn {-days} ngày")
            lines.append(f"- Kỳ {period.title}: hạn gửi {vn_date(period.due_on)} ({when}); "
                         f"đơn vị còn {pending_text(row)}.")
        lines.append("")
    lines += [f"Xem và cập nhật tại: {base_url.rstrip('/')}{app_path('progress.checklist')}", "",
              "-- ", f"Thư gửi tự động từ hệ thống theo dõi CCHC của {org_name}. Vui lòng không trả lời thư này."]
    return "\n".join(lines) + "\n"


def compose(digest: Digest, today: date, settings: SmtpSettings, base_url: str, org_name: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject_of(digest.items, today)
    message["From"] = formataddr((f"CCHC {org_name}", settings.sender))
    message["To"] = formataddr((digest.user.full_name, digest.user.email.strip()))
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message.set_content(body_of(digest.user, digest.items, today, base_url, org_name), charset="utf-8")
    return message


def send_all(messages: list[EmailMessage], settings: SmtpSettings) -> tuple[int, list[tuple[str, str]]]:
    """Send over one SMTP connection. Returns (sent, [(recipient, error)]). A connection or login
    failure raises OSError / smtplib.SMTPException: nothing was sent."""
    sent, failed = 0, []
    if not messages:
        return 0, []
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
        smtp.ehlo()
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.user:
            smtp.login(settings.user, settings.password)
        for message in messages:
            try:
                smtp.send_message(message)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                failed.append((message["To"], str(exc)))
            else:
                sent += 1
    return sent, failed
