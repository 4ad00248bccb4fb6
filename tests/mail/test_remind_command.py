"""`flask remind`: due-soon notices in the app, and each user's digest e-mail, received by a real
local SMTP server (aiosmtpd) on a free port."""
import email
import socket
from datetime import date
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.extensions import db
from app.org.models import User
from app.progress import notifications as notes
from app.progress.models import Notification
from app.transactions import transaction
from tests.factories import make_task
from tests.reminders_data import build_period

TODAY = "12/03/2026"


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages_to(self, address):
        return [email.message_from_bytes(e.content, policy=policy.default)
                for e in self.envelopes if address in e.rcpt_tos]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@pytest.fixture
def mail_config(app, smtp_server):
    _, port = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(port), SMTP_STARTTLS=False, SMTP_USER="",
                      MAIL_FROM="cchc@congthuong.gov.vn", BASE_URL="http://cchc.sct.local/")
    return app.config


def set_emails(**emails):
    with transaction():
        for username, address in emails.items():
            db.session.scalar(select(User).filter_by(username=username)).email = address


@pytest.fixture
def dataset(org):
    """Quý I 2026 due 15/03/2026; on 12/03/2026 Thanh tra has an overdue task, a task due in 4 days,
    a returned entry and entries to send; KH-TC-TH an overdue task (10/03) and nothing sent; Văn phòng
    has sent everything and has no deadline coming."""
    period, tasks = build_period(org, due_on=date(2026, 3, 15))
    area = tasks["none"].area
    tasks["overdue"] = make_task(area, org.ttr, title="Báo cáo kết quả kiểm soát TTHC quý IV",
                                 deadline=date(2026, 3, 1))
    tasks["due_soon"] = make_task(area, org.ttr, title="Niêm yết công khai TTHC tại Bộ phận Một cửa",
                                  deadline=date(2026, 3, 16))
    set_emails(thanhtra="thanhtra@congthuong.gov.vn", khtc="khtc@congthuong.gov.vn",
               vanphong="vanphong@congthuong.gov.vn", quantri="quantri@congthuong.gov.vn")
    return period, tasks


def test_each_user_receives_one_digest_with_the_right_items(runner, mail_config, smtp_server, dataset, org):
    inbox, _ = smtp_server
    period, tasks = dataset
    result = runner.invoke(args=["remind", "--date", TODAY])
    assert result.exit_code == 0, result.output
    assert "Đã gửi 2 thư nhắc việc." in result.output
    assert "Bỏ qua 1 người chưa có địa chỉ thư điện tử: chanhthanhtra." in result.output

    [message] = inbox.messages_to("thanhtra@congthuong.gov.vn")
    assert message["Subject"] == ("Nhắc việc CCHC ngày 12/03/2026: 1 quá hạn, 1 sắp đến hạn, 1 bị trả lại, "
                                  "1 kỳ báo cáo cần gửi")
    assert message["From"].addresses[0].addr_spec == "cchc@congthuong.gov.vn"
    assert message["To"].addresses[0].display_name == org.ttr_staff.full_name
    part = message.get_body(("plain",))
    assert part.get_content_type() == "text/plain" and part.get_content_charset() == "utf-8"
    body = part.get_content()
    overdue, due_soon, returned = tasks["overdue"], tasks["due_soon"], tasks["returned"]
    assert f"Kính gửi {org.ttr_staff.full_name}," in body
    assert (f"NHIỆM VỤ QUÁ HẠN (1):\n- {overdue.code} Báo cáo kết quả kiểm soát TTHC quý IV. "
            "Thời hạn: 01/03/2026 (quá hạn 11 ngày).") in body
    assert (f"NHIỆM VỤ SẮP ĐẾN HẠN (1):\n- {due_soon.code} Niêm yết công khai TTHC tại Bộ phận Một cửa. "
            "Thời hạn: 16/03/2026 (còn 4 ngày).") in body
    assert (f"- {returned.code} Đánh giá chất lượng giải quyết TTHC (kỳ Quý I năm 2026). Thời hạn: 30/06/2026. "
            "Lý do trả lại: Thiếu tài liệu kiểm chứng: bổ sung Quyết định công bố TTHC.") in body
    assert ("- Kỳ Quý I năm 2026: hạn gửi 15/03/2026 (còn 3 ngày); đơn vị còn 4 nhiệm vụ chưa báo cáo, "
            "1 báo cáo đang soạn chưa gửi, 1 báo cáo bị trả lại.") in body
    assert "Xem và cập nhật tại: http://cchc.sct.local/checklist" in body
    # tasks with nothing due are not listed
    assert tasks["approved"].title not in body and tasks["none"].title not in body

    [message] = inbox.messages_to("khtc@congthuong.gov.vn")
    body = message.get_body(("plain",)).get_content()
    assert f"- {tasks['k1'].code} Công khai ngân sách. Thời hạn: 10/03/2026 (quá hạn 2 ngày)." in body
    assert "BÁO CÁO BỊ TRẢ LẠI" not in body and "Đánh giá chất lượng" not in body

    # Văn phòng sent everything and has no deadline coming: no mail for its users
    assert inbox.messages_to("vanphong@congthuong.gov.vn") == []
    assert inbox.messages_to("quantri@congthuong.gov.vn") == []
    assert len(inbox.envelopes) == 2


def test_the_command_also_creates_the_due_soon_notices(runner, mail_config, smtp_server, dataset, org):
    assert runner.invoke(args=["remind", "--date", TODAY]).exit_code == 0
    assert runner.invoke(args=["remind", "--date", "13/03/2026"]).exit_code == 0
    db.session.expire_all()
    due = list(db.session.scalars(select(Notification).where(Notification.kind == notes.DUE_SOON)))
    assert sorted(n.user_id for n in due) == sorted([org.ttr_staff.id, org.ttr_head.id, org.khtc_staff.id])


def test_a_user_with_nothing_due_receives_nothing(runner, mail_config, smtp_server, org):
    inbox, _ = smtp_server
    set_emails(thanhtra="thanhtra@congthuong.gov.vn")
    result = runner.invoke(args=["remind", "--date", TODAY])
    assert result.exit_code == 0, result.output
    assert "Đã gửi 0 thư nhắc việc." in result.output
    assert inbox.envelopes == []


def test_without_smtp_the_command_says_so_and_still_notifies_in_the_app(runner, app, dataset, org):
    app.config["SMTP_HOST"] = ""
    result = runner.invoke(args=["remind", "--date", TODAY])
    assert result.exit_code == 0, result.output
    assert "Chưa cấu hình máy chủ thư (SMTP_HOST) nên không gửi thư điện tử" in result.output
    assert "Đã tạo 3 thông báo sắp đến hạn trong ứng dụng." in result.output
    assert notes.unread_count(org.ttr_staff) >= 1


def test_an_unreachable_smtp_server_fails_clearly_after_the_in_app_notices(runner, app, dataset, org):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(free_port()))  # nobody listens there
    result = runner.invoke(args=["remind", "--date", TODAY])
    assert result.exit_code == 1
    assert "Không gửi được thư qua máy chủ 127.0.0.1" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(Notification).where(Notification.kind == notes.DUE_SOON)) is not None


@pytest.mark.parametrize("port", ["abc", "0", "70000"])
def test_a_bad_smtp_port_is_a_clear_message(runner, app, org, port):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    result = runner.invoke(args=["remind", "--date", TODAY])
    assert result.exit_code == 1 and f"SMTP_PORT “{port}” không hợp lệ" in result.output


@pytest.mark.parametrize("value", ["32/01/2026", "hôm nay", "2026/13/01"])
def test_a_bad_date_is_refused_in_vietnamese(runner, app, org, value):
    result = runner.invoke(args=["remind", "--date", value])
    assert result.exit_code == 2 and "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy" in result.output
