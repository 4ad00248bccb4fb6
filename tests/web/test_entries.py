"""The reporting loop through the pages: a unit reports on its tasks, the unit head submits,
a supervisor approves or returns, the Office reopens and locks. Each refused request is
checked to have changed nothing."""
import io
import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from app.extensions import db
from app.formatting import local_today
from app.transactions import transaction
from app.progress.models import EntryContribution, Evidence, ProgressEntry, ReportingPeriod, TargetResult
from tests.factories import (
    HX,
    assert_unchanged,
    audits,
    count,
    fingerprint,
    fresh,
    issue,
    make_period,
    make_plan,
    make_progress_entry,
    make_target,
    make_task,
)
from tests.filegen import pdf_bytes

VERSION_RE = re.compile(r'name="version" type="hidden" value="(\d*)"')




@pytest.fixture
def loop(org):
    """An issued plan: task A led by Thanh tra with KH-TC-TH cooperating, linked to a ≥ 99 % target;
    task B led by KH-TC-TH; the 6-month period of 2026 open."""
    plan = make_plan(org.office, areas=(2,))
    area = plan.areas[0]
    target = make_target(area, "Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 99%")
    a = make_task(area, org.ttr, "Rà soát thủ tục hành chính", deadline=date(2026, 6, 30), coop=[org.khtc],
                  target_ids=[target.id])
    b = make_task(area, org.khtc, "Công khai thủ tục hành chính", deadline=date(2026, 9, 30))
    issue(plan, org.office)
    period = make_period("h1", 2026)

    class Loop:
        pass

    Loop.plan, Loop.target, Loop.a, Loop.b, Loop.period = plan, target, a, b, period
    Loop.url_a = f"/periods/{period.id}/tasks/{a.id}/entry"
    Loop.url_b = f"/periods/{period.id}/tasks/{b.id}/entry"
    return Loop


def entry_form(**overrides):
    data = {"version": "", "task_status": "in_progress", "percent_done": "60", "completed_on": "",
            "result": "Đã rà soát 20 thủ tục hành chính", "difficulties": "", "proposals": "", "explanation": ""}
    data.update(overrides)
    return data


def entry_of(task):
    db.session.expire_all()
    return db.session.scalar(select(ProgressEntry).where(ProgressEntry.task_id == task.id))


def current_version(task) -> str:
    entry = entry_of(task)
    return str(entry.version) if entry else ""


def send(client, loop, **fields):
    """"Gửi duyệt" on task A's panel, its form holding ``fields`` (over the stored version)."""
    data = entry_form(**fields)
    data["version"] = data["version"] or current_version(loop.a)
    return client.post(f"{loop.url_a}/send", headers=HX, data=data)


@pytest.fixture
def other(as_user, org, loop):
    """A third task Thanh tra leads; its entry and task A's saved as drafts by the unit's staff."""
    task = make_task(loop.plan.areas[0], org.ttr, "Nhiệm vụ thứ ba", deadline=date(2026, 12, 31))
    staff = as_user("thanhtra")
    for url in (loop.url_a, f"/periods/{loop.period.id}/tasks/{task.id}/entry"):
        staff.post(url, headers=HX, data=entry_form())
    return task


def done_form(loop, **overrides):
    fields = {"task_status": "done", "percent_done": "100", "completed_on": "15/06/2026",
              f"target-{loop.target.id}": "99,5"}
    return entry_form(**{**fields, **overrides})


# -- the unit's entry ---------------------------------------------------------------------

def test_the_checklist_row_opens_the_entry_form_in_place(as_user, loop):
    client = as_user("thanhtra")
    page = client.get(f"/checklist?period={loop.period.id}")
    assert loop.url_a in page.text and "Báo cáo kỳ này" in page.text
    panel = client.get(loop.url_a, headers=HX)
    assert panel.status_code == 200
    assert 'name="task_status"' in panel.text and "Chưa thực hiện" in panel.text and "Hoàn thành" in panel.text
    assert f'name="target-{loop.target.id}"' in panel.text and "chỉ tiêu ≥ 99%" in panel.text
    assert entry_of(loop.a) is None  # opening the form saves nothing


def test_saving_a_draft_keeps_every_field_and_says_when(as_user, loop):
    client = as_user("thanhtra")
    response = client.post(loop.url_a, headers=HX, data=entry_form(
        difficulties="Thiếu nhân lực", proposals="Bổ sung biên chế", **{f"target-{loop.target.id}": "97,5"}))
    assert response.status_code == 200
    assert "Đã lưu lúc" in response.text and response.headers["HX-Trigger"] == "entry-changed"
    assert f'id="entry-badges-{loop.a.id}"' in response.text and 'hx-swap-oob="true"' in response.text
    entry = entry_of(loop.a)
    assert (entry.status, entry.task_status, entry.percent_done) == ("draft", "in_progress", 60)
    assert entry.unit_id == loop.a.lead_unit_id
    assert (entry.result, entry.difficulties, entry.proposals) == ("Đã rà soát 20 thủ tục hành chính",
                                                                  "Thiếu nhân lực", "Bổ sung biên chế")
    assert [(r.target_id, r.value) for r in entry.target_results] == [(loop.target.id, 97.5)]
    assert "Chưa đạt" in client.get(loop.url_a, headers=HX).text  # 97,5 < 99
    assert [a.action for a in audits(object_type="entry")] == ["create"]


def test_a_second_save_updates_and_records_the_change(as_user, loop):
    client = as_user("thanhtra")
    client.post(loop.url_a, headers=HX, data=entry_form())
    version = fresh(ProgressEntry, entry_of(loop.a).id).version
    response = client.post(loop.url_a, headers=HX, data=done_form(loop, version=str(version)))
    assert response.status_code == 200
    entry = entry_of(loop.a)
    assert (entry.task_status, entry.percent_done, entry.completed_on) == ("done", 100, date(2026, 6, 15))
    change = audits(action="save", object_type="entry")[-1]
    assert change.before["task_status"] == "Đang thực hiện" and change.after["task_status"] == "Hoàn thành"
    assert "Đạt" in client.get(loop.url_a, headers=HX).text


@pytest.mark.parametrize(("fields", "message"), [
    ({"task_status": "done", "percent_done": "100", "completed_on": ""}, "Vui lòng nhập ngày hoàn thành."),
    ({"task_status": "done", "percent_done": "80", "completed_on": "01/06/2026"},
     "Nhiệm vụ đã hoàn thành thì tỷ lệ là 100%."),
    ({"percent_done": "150"}, "Tỷ lệ hoàn thành phải từ 0 đến 100."),
    ({"percent_done": "sáu mươi"}, "Giá trị phải là một số nguyên."),
    ({"task_status": "finished"}, "Lựa chọn không hợp lệ."),
    ({"task_status": "cannot", "difficulties": ""}, "Vui lòng nêu lý do không thực hiện được"),
    ({"completed_on": "31/02/2026", "task_status": "done", "percent_done": "100"}, "Ngày không hợp lệ"),
    ({"target-TARGET": "nhiều"}, "Giá trị phải là một số (ví dụ 99 hoặc 99,5)."),
    ({"result": "x" * 20_001}, "Tối đa 20.000 ký tự."),
])
def test_bad_input_is_refused_in_vietnamese_and_saves_nothing(as_user, loop, fields, message):
    client = as_user("thanhtra")
    fields = {k.replace("TARGET", str(loop.target.id)): v for k, v in fields.items()}
    before = fingerprint()
    response = client.post(loop.url_a, headers=HX, data=entry_form(**fields))
    assert response.status_code == 422
    assert message in response.text
    assert_unchanged(before)


def test_numbers_are_read_as_typed_and_the_panel_shows_them_as_understood(as_user, org, loop):
    """"98.5" and "98,5" are the same percent; the saved panel shows the value the app understood."""
    count_target = make_target(loop.a.area, "Số thủ tục hành chính được rà soát tối thiểu 1.000 thủ tục",
                                metric_kind="count", target_value=1000)
    yes_no = make_target(loop.a.area, "Hoàn thành việc công khai thủ tục hành chính", metric_kind="yes_no",
                         comparator="=", target_value=1)
    with transaction():
        loop.a.targets = [loop.target, count_target, yes_no]
    client = as_user("thanhtra")
    response = client.post(loop.url_a, headers=HX, data=entry_form(
        percent_done="60 %", **{f"target-{loop.target.id}": "98.5", f"target-{count_target.id}": "1.250",
                                f"target-{yes_no.id}": "có"}))
    assert response.status_code == 200
    entry = entry_of(loop.a)
    assert entry.percent_done == 60
    assert {r.target_id: r.value for r in entry.target_results} == {loop.target.id: 98.5, count_target.id: 1250,
                                                                   yes_no.id: 1}
    assert 'value="98,5"' in response.text and 'value="1.250"' in response.text and 'value="Có"' in response.text
    assert 'value="60"' in response.text


@pytest.mark.parametrize(("fields", "message"), [
    ({"percent_done": "98,5"}, "Giá trị phải là một số nguyên; “98,5” có phần thập phân."),
    ({"target-TARGET": "100,5"}, "tỷ lệ phải từ 0 đến 100."),
])
def test_a_number_out_of_its_kind_is_refused_and_kept_as_typed(as_user, loop, fields, message):
    fields = {k.replace("TARGET", str(loop.target.id)): v for k, v in fields.items()}
    before = fingerprint()
    response = as_user("thanhtra").post(loop.url_a, headers=HX, data=entry_form(**fields))
    assert response.status_code == 422 and message in response.text
    assert f'value="{next(iter(fields.values()))}"' in response.text
    assert_unchanged(before)


def test_a_completion_date_in_the_future_is_refused(as_user, loop):
    client = as_user("thanhtra")
    tomorrow = (local_today() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(loop.url_a, headers=HX, data=entry_form(task_status="done", percent_done="100",
                                                                   completed_on=tomorrow))
    assert response.status_code == 422 and "Ngày hoàn thành không thể sau hôm nay." in response.text
    assert entry_of(loop.a) is None


def test_completed_after_the_deadline_is_shown_as_done_late(as_user, loop):
    client = as_user("thanhtra")
    client.post(loop.url_a, headers=HX, data=done_form(loop, completed_on="10/07/2026"))  # deadline 30/06
    panel = as_user("khtc").get(loop.url_a, headers=HX)  # read-only view for the cooperating unit
    assert "Hoàn thành quá hạn" in panel.text


# -- who may write -----------------------------------------------------------------------

def test_another_unit_cannot_report_on_a_task_it_does_not_lead(as_user, loop):
    before = fingerprint()
    client = as_user("khtc")  # cooperates on A: may read, not change the lead's figures
    assert client.post(loop.url_a, headers=HX, data=entry_form()).status_code == 403
    assert_unchanged(before)
    outsider = as_user("thanhtra")
    assert outsider.post(loop.url_b, headers=HX, data=entry_form()).status_code == 403  # B: not Thanh tra's
    assert outsider.get(loop.url_b, headers=HX).status_code == 403
    assert_unchanged(before)


def test_a_cooperating_unit_adds_its_part_attributed_without_touching_the_lead(as_user, loop):
    lead = as_user("thanhtra")
    lead.post(loop.url_a, headers=HX, data=entry_form(percent_done="40"))
    coop = as_user("khtc")
    response = coop.post(f"/periods/{loop.period.id}/tasks/{loop.a.id}/contribution", headers=HX,
                         data={"version": "", "text": "Phòng KH-TC-TH đã bố trí kinh phí rà soát"})
    assert response.status_code == 200
    entry = entry_of(loop.a)
    assert entry.percent_done == 40 and entry.task_status == "in_progress"
    contributions = db.session.scalars(select(EntryContribution)).all()
    assert [(c.unit_id, c.text) for c in contributions] == [(loop.b.lead_unit_id,
                                                             "Phòng KH-TC-TH đã bố trí kinh phí rà soát")]
    shown = lead.get(loop.url_a, headers=HX).text
    assert "Phòng KH-TC-TH đã bố trí kinh phí rà soát" in shown and "Phòng Kế hoạch - Tài chính - Tổng hợp" in shown
    # the lead unit may not write the cooperating unit's part
    assert lead.post(f"/periods/{loop.period.id}/tasks/{loop.a.id}/contribution", headers=HX,
                     data={"text": "Ghi đè"}).status_code == 403


def test_two_people_saving_the_same_entry_the_second_sees_the_first_change(as_user, loop):
    first, second = as_user("thanhtra"), as_user("chanhthanhtra")
    first.post(loop.url_a, headers=HX, data=entry_form())
    form_1 = VERSION_RE.search(first.get(loop.url_a, headers=HX).text).group(1)
    form_2 = VERSION_RE.search(second.get(loop.url_a, headers=HX).text).group(1)
    assert form_1 == form_2
    assert first.post(loop.url_a, headers=HX, data=entry_form(
        version=form_1, result="Bản của người thứ nhất")).status_code == 200
    response = second.post(loop.url_a, headers=HX, data=entry_form(version=form_2, result="Bản của người thứ hai"))
    assert response.status_code == 422
    assert "đã lưu báo cáo này lúc" in response.text
    assert "Bản của người thứ nhất" in response.text  # the other person's change, shown
    assert "Bản của người thứ hai" in response.text  # and what I typed is still there
    assert entry_of(loop.a).result == "Bản của người thứ nhất"


def test_two_people_starting_the_same_entry_do_not_overwrite(as_user, loop):
    first, second = as_user("thanhtra"), as_user("chanhthanhtra")
    second.get(loop.url_a, headers=HX)
    first.post(loop.url_a, headers=HX, data=entry_form(result="Người thứ nhất"))
    response = second.post(loop.url_a, headers=HX, data=entry_form(result="Người thứ hai"))
    assert response.status_code == 422 and "Người thứ nhất" in response.text
    assert entry_of(loop.a).result == "Người thứ nhất" and count(ProgressEntry) == 1


def test_a_new_entry_starts_from_the_last_approved_one(as_user, org, loop):
    q1 = make_period("q1", 2026)
    earlier = make_progress_entry(loop.a, org.ttr, q1, status="approved", task_status="in_progress",
                                  percent_done=30, result="Kết quả quý I đã duyệt", difficulties="Khó khăn quý I")
    with transaction():
        db.session.add(TargetResult(entry_id=earlier.id, target_id=loop.target.id, value=98.5, text=""))
    panel = as_user("thanhtra").get(loop.url_a, headers=HX).text
    assert "Kết quả quý I đã duyệt" in panel and 'value="30"' in panel and "Khó khăn quý I" in panel
    assert f'name="target-{loop.target.id}" value="98,5"' in panel


# -- evidence before the first "Lưu nháp" ------------------------------------------------

def first_upload(client, loop, name="bien-ban.pdf", **fields):
    """The panel's evidence box on task A with no entry yet: the files, and the entry form sent along."""
    data = {**(entry_form(**fields) if fields else {}), "files": [(io.BytesIO(pdf_bytes()), name)]}
    return client.post(f"{loop.url_a}/evidence", headers=HX, data=data, content_type="multipart/form-data")


def started(response) -> dict:
    return json.loads(response.headers["HX-Trigger"])["entry-started"]


def test_the_first_upload_stores_the_entry_with_what_the_form_holds_then_attaches_the_file(as_user, loop):
    staff = as_user("thanhtra")
    panel = staff.get(loop.url_a, headers=HX).text
    assert (f'hx-post="{loop.url_a}/evidence" hx-encoding="multipart/form-data"' in panel
            and f'hx-include="#entry-{loop.a.id}-form"' in panel and f'<form id="entry-{loop.a.id}-form"' in panel)
    answer = first_upload(staff, loop, result="Đã rà soát 12 thủ tục", percent_done="40")
    assert answer.status_code == 200
    entry = entry_of(loop.a)
    assert (entry.status, entry.percent_done, entry.result) == ("draft", 40, "Đã rà soát 12 thủ tục")
    assert [ev.original_name for ev in entry.live_evidence] == ["bien-ban.pdf"]
    assert [a.action for a in audits(object_type="entry")] == ["create", "add_evidence"]
    assert started(answer) == {"form": f"entry-{loop.a.id}-form", "version": entry.version, "saved": True}
    assert f'<section id="evidence-{entry.id}"' in answer.text and "Lịch sử báo cáo" in answer.text
    assert f'id="entry-{loop.a.id}-head" hx-swap-oob="true"' in answer.text and "Đã lưu lúc" in answer.text
    # the form goes on with the version it was told: its "Lưu nháp" is no conflict
    saved = staff.post(loop.url_a, headers=HX, data=entry_form(result="Đã rà soát 15 thủ tục",
                                                                version=str(started(answer)["version"])))
    assert saved.status_code == 200 and entry_of(loop.a).result == "Đã rà soát 15 thủ tục"
    assert len(entry_of(loop.a).live_evidence) == 1
    # a second tab still showing the box of a new entry: the file joins the entry, its form is not saved
    again = first_upload(staff, loop, name="lan-2.pdf", result="Bản của tab cũ")
    assert again.status_code == 200 and again.headers["HX-Trigger"] == "evidence-changed"
    assert entry_of(loop.a).result == "Đã rà soát 15 thủ tục" and len(entry_of(loop.a).live_evidence) == 2


def test_a_first_upload_with_a_refused_form_stores_the_entry_as_shown_and_keeps_the_file(as_user, loop):
    staff = as_user("thanhtra")
    answer = first_upload(staff, loop, result="Chưa xong", percent_done="bốn mươi")
    assert answer.status_code == 200 and started(answer)["saved"] is False
    assert "nội dung đang nhập chưa lưu được" in answer.text
    entry = entry_of(loop.a)
    assert (entry.task_status, entry.percent_done, entry.result) == ("not_started", None, "")
    assert len(entry.live_evidence) == 1
    refused = staff.post(loop.url_a, headers=HX, data=entry_form(result="Chưa xong", percent_done="bốn mươi",
                                                                  version=str(entry.version)))
    assert refused.status_code == 422 and "Chưa xong" in refused.text and "đã lưu báo cáo này" not in refused.text


def test_a_refused_first_file_stores_nothing(as_user, loop):
    before, files = fingerprint(), count(Evidence)
    answer = first_upload(as_user("thanhtra"), loop, name="chay-thu.exe", result="Đã rà soát")
    assert answer.status_code == 422 and f'<section id="evidence-task-{loop.a.id}"' in answer.text
    assert_unchanged(before)
    assert count(Evidence) == files and entry_of(loop.a) is None


@pytest.mark.parametrize("username", ["vanphong", "lanhdao"])
def test_the_first_upload_is_refused_to_another_unit_and_to_readers(as_user, loop, username):
    client = as_user(username)  # staff of Văn phòng (no part in task A), who reads every entry; a supervisor
    assert f"{loop.url_a}/evidence" not in client.get(loop.url_a, headers=HX).text
    before = fingerprint()
    assert first_upload(client, loop, result="Không phải việc của tôi").status_code == 403
    assert_unchanged(before)
    assert count(Evidence) == 0


# -- submit, approve, return -------------------------------------------------------------

def test_only_the_unit_head_submits_and_then_the_unit_cannot_edit(as_user, loop):
    staff = as_user("thanhtra")
    staff.post(loop.url_a, headers=HX, data=entry_form())
    before = fingerprint()
    assert send(staff, loop).status_code == 403  # staff save, the head sends
    assert send(as_user("khtc"), loop).status_code == 403  # the head of another unit
    assert_unchanged(before)
    head = as_user("chanhthanhtra")
    assert "Gửi duyệt" not in staff.get(loop.url_a, headers=HX).text
    assert "Gửi duyệt" in head.get(loop.url_a, headers=HX).text
    response = send(head, loop)
    assert response.status_code == 200 and "Chờ duyệt" in response.text and "Đã gửi duyệt lúc" in response.text
    entry = entry_of(loop.a)
    assert entry.status == "submitted" and entry.submitted_by_id is not None
    before = fingerprint()
    assert staff.post(loop.url_a, headers=HX, data=entry_form(result="Sửa sau khi gửi")).status_code == 403
    assert 'name="task_status"' not in staff.get(loop.url_a, headers=HX).text  # read-only now
    assert_unchanged(before)


def test_done_without_evidence_needs_an_explanation_to_be_submitted(as_user, loop):
    staff, head = as_user("thanhtra"), as_user("chanhthanhtra")
    staff.post(loop.url_a, headers=HX, data=done_form(loop))
    response = send(head, loop, **done_form(loop))
    assert response.status_code == 422 and "chưa có tài liệu kiểm chứng" in response.text
    assert entry_of(loop.a).status == "draft"
    staff.post(loop.url_a, headers=HX, data=done_form(loop, version=current_version(loop.a),
                                                      explanation="Kết quả thể hiện trên Cổng dịch vụ công"))
    assert send(head, loop, **done_form(loop, explanation="Kết quả thể hiện trên Cổng dịch vụ công")).status_code == 200
    assert entry_of(loop.a).status == "submitted"


# -- "Gửi duyệt" sends the form as it is: nothing typed is lost ----------------------------

def test_sending_saves_the_edits_typed_in_the_form_then_sends(as_user, loop):
    """Regression: the head edited the result and pressed "Gửi duyệt" without "Lưu nháp"; the old text
    was sent (and then locked) and the edit thrown away."""
    as_user("thanhtra").post(loop.url_a, headers=HX, data=entry_form(result="Bản nháp cũ"))
    response = send(as_user("chanhthanhtra"), loop, result="Đã rà soát 25 thủ tục, công khai đủ 25",
                    percent_done="80")
    assert response.status_code == 200 and "Đã gửi duyệt lúc" in response.text
    entry = entry_of(loop.a)
    assert (entry.status, entry.result, entry.percent_done) == ("submitted", "Đã rà soát 25 thủ tục, công khai đủ 25",
                                                                80)
    assert [a.action for a in audits(object_type="entry")] == ["create", "save", "submit"]
    assert audits(action="save", object_type="entry")[-1].before["result"] == "Bản nháp cũ"
    assert "Đã rà soát 25 thủ tục, công khai đủ 25" in as_user("lanhdao").get(
        f"/approvals?period={loop.period.id}").text


def test_a_new_entry_is_saved_and_sent_in_one_request(as_user, loop):
    response = send(as_user("chanhthanhtra"), loop, result="Báo cáo lần đầu")
    assert response.status_code == 200
    entry = entry_of(loop.a)
    assert (entry.status, entry.result) == ("submitted", "Báo cáo lần đầu")
    assert [a.action for a in audits(object_type="entry")] == ["create", "submit"]


REFUSED_SENDS = [
    # "hoàn thành" without evidence and without giải trình: every other field typed comes back
    ({"task_status": "done", "percent_done": "100", "completed_on": "15/06/2026", "result": "Đã công khai 40 thủ tục",
      "difficulties": "Thiếu nhân lực", "proposals": "Bổ sung biên chế", "target": "99,5"},
     "chưa có tài liệu kiểm chứng"),
    # a field refused (no completion date): the giải trình just typed comes back
    ({"task_status": "done", "percent_done": "100", "completed_on": "", "result": "Đã công khai 40 thủ tục",
      "explanation": "Kết quả đăng trên Cổng dịch vụ công của tỉnh", "target": "98.5"},
     "Vui lòng nhập ngày hoàn thành."),
]


def _typed(loop, fields: dict) -> dict:
    return entry_form(**{(f"target-{loop.target.id}" if k == "target" else k): v for k, v in fields.items()})


def _form_shown(response) -> list[tuple[str, str]]:
    from tests.htmlforms import forms_of

    return sorted(next(f for url, f in forms_of(response.text) if url.endswith("/entry")))


@pytest.mark.parametrize(("fields", "message"), REFUSED_SENDS)
def test_a_refused_send_gives_back_every_field_as_typed_and_changes_nothing(as_user, loop, fields, message):
    """Regression: a refused send threw away what was typed (the panel came back as stored)."""
    as_user("thanhtra").post(loop.url_a, headers=HX, data=entry_form(result="Bản nháp cũ"))
    typed = {**_typed(loop, fields), "version": current_version(loop.a)}
    before = fingerprint()
    response = as_user("chanhthanhtra").post(f"{loop.url_a}/send", headers=HX, data=typed)
    assert response.status_code == 422 and message in response.text
    assert _form_shown(response) == sorted(typed.items())  # every field, exactly as typed
    assert "data-typed" in response.text  # the page asks before it is left unsaved
    assert_unchanged(before)


@pytest.mark.parametrize(("fields", "message"), REFUSED_SENDS)
def test_a_refused_send_of_a_new_entry_creates_nothing(as_user, loop, fields, message):
    typed = {**_typed(loop, fields), "version": ""}
    before = fingerprint()
    response = as_user("chanhthanhtra").post(f"{loop.url_a}/send", headers=HX, data=typed)
    assert response.status_code == 422 and message in response.text
    assert _form_shown(response) == sorted(typed.items())
    assert "Lịch sử báo cáo" not in response.text and "Chưa báo cáo" in response.text  # nothing was stored
    assert_unchanged(before)
    assert count(ProgressEntry) == 0


def test_a_send_over_a_later_save_is_refused_and_keeps_what_was_typed(as_user, loop):
    staff, head = as_user("thanhtra"), as_user("chanhthanhtra")
    staff.post(loop.url_a, headers=HX, data=entry_form(result="Bản thứ nhất"))
    opened = current_version(loop.a)  # the head opens the form here…
    staff.post(loop.url_a, headers=HX, data=entry_form(result="Bản chuyên viên sửa sau", version=opened))
    before = fingerprint()
    response = head.post(f"{loop.url_a}/send", headers=HX, data=entry_form(version=opened,
                                                                          result="Bản trưởng phòng gửi"))
    assert response.status_code == 422 and "đã lưu báo cáo này lúc" in response.text
    assert "Bản chuyên viên sửa sau" in response.text and "Bản trưởng phòng gửi" in response.text
    assert_unchanged(before)
    assert entry_of(loop.a).status == "draft"


def test_the_unit_head_submits_all_drafts_at_once(as_user, loop, other):
    staff, head = as_user("thanhtra"), as_user("chanhthanhtra")
    assert "Gửi duyệt tất cả" not in staff.get(f"/checklist?period={loop.period.id}").text
    before = fingerprint()
    assert staff.post(f"/periods/{loop.period.id}/submit").status_code == 403
    assert_unchanged(before)
    page = head.get(f"/checklist?period={loop.period.id}").text
    assert "Gửi duyệt tất cả báo cáo của đơn vị" in page
    response = head.post(f"/periods/{loop.period.id}/submit")
    assert response.status_code == 302
    assert {entry_of(loop.a).status, entry_of(other).status} == {"submitted"}


def test_the_unit_head_sends_the_entries_chosen_in_the_checklist_in_one_post(as_user, loop, other):
    staff, head = as_user("thanhtra"), as_user("chanhthanhtra")
    a, third = entry_of(loop.a), entry_of(other)
    assert 'form="submit-selected"' not in staff.get(f"/checklist?period={loop.period.id}").text  # heads only
    page = head.get(f"/checklist?period={loop.period.id}").text
    assert '<input type="checkbox" data-select-all="submit-selected"> Chọn tất cả' in page
    assert f'name="entry_ids" value="{a.id}" form="submit-selected"> Chọn {loop.a.code} để gửi duyệt' in page
    url = f"/periods/{loop.period.id}/submit"
    before = fingerprint()
    answer = head.post(url, data={"selection": "1"}, follow_redirects=True)
    assert "Hãy chọn ít nhất một báo cáo để gửi duyệt." in answer.text
    assert_unchanged(before)
    assert head.post(url, data={"selection": "1", "entry_ids": [str(a.id)]}).status_code == 302
    assert (entry_of(loop.a).status, entry_of(other).status) == ("submitted", "draft")  # only the one chosen
    assert third.status == "draft"


def test_a_chosen_entry_the_head_may_not_send_is_named_and_nothing_is_sent(as_user, org, loop):
    as_user("thanhtra").post(loop.url_a, headers=HX, data=entry_form())
    as_user("khtc").post(loop.url_b, headers=HX, data=entry_form())  # another unit's draft
    a, b = entry_of(loop.a), entry_of(loop.b)
    url, head = f"/periods/{loop.period.id}/submit", as_user("chanhthanhtra")
    before = fingerprint()
    answer = head.post(url, data={"selection": "1", "entry_ids": [str(a.id), str(b.id)]}, follow_redirects=True)
    assert f"Không gửi được báo cáo nào: đồng chí không có quyền gửi các báo cáo {loop.b.code}" in answer.text
    assert_unchanged(before)  # not even the head's own entry
    staff = as_user("thanhtra")  # not the head: refused for the unit's own entry too
    answer = staff.post(url, data={"selection": "1", "entry_ids": [str(a.id)]}, follow_redirects=True)
    assert f"không có quyền gửi các báo cáo {loop.a.code}" in answer.text
    assert_unchanged(before)
    # one not ready (done, without evidence or explanation) is named with why, and nothing is sent
    as_user("thanhtra").post(loop.url_a, headers=HX, data=entry_form(
        task_status="done", percent_done="100", completed_on="20/06/2026", version=str(a.version)))
    before = fingerprint()
    answer = head.post(url, data={"selection": "1", "entry_ids": [str(a.id)]}, follow_redirects=True)
    assert f"{loop.a.code}: nhiệm vụ báo cáo hoàn thành nhưng chưa có tài liệu kiểm chứng" in answer.text
    assert_unchanged(before)


def submit_a(as_user, loop, **fields):
    as_user("thanhtra").post(loop.url_a, headers=HX, data=entry_form(**fields))
    assert send(as_user("chanhthanhtra"), loop, **fields).status_code == 200
    return entry_of(loop.a)


def test_the_supervisor_approves_and_the_entry_is_locked(as_user, loop):
    entry = submit_a(as_user, loop)
    boss = as_user("lanhdao")
    queue = boss.get(f"/approvals?period={loop.period.id}")
    assert queue.status_code == 200 and "Rà soát thủ tục hành chính" in queue.text and "Thanh tra Sở" in queue.text
    response = boss.post("/approvals", data={"entry_ids": [str(entry.id)], "decision": "approve",
                                             "period": str(loop.period.id)})
    assert response.status_code == 302
    entry = entry_of(loop.a)
    assert entry.status == "approved" and entry.decided_by_id is not None
    assert as_user("thanhtra").post(loop.url_a, headers=HX, data=entry_form()).status_code == 403
    assert [a.action for a in audits(object_type="entry")] == ["create", "submit", "approve"]


def test_return_needs_a_reason_which_the_unit_then_sees(as_user, loop):
    entry = submit_a(as_user, loop)
    boss = as_user("lanhdao")
    before = fingerprint()
    boss.post("/approvals", data={"entry_ids": [str(entry.id)], "decision": "return", "reason": "  "})
    assert_unchanged(before)  # no reason: nothing changed
    boss.post("/approvals", data={"entry_ids": [str(entry.id)], "decision": "return",
                                  "reason": "Bổ sung số liệu tháng 6"})
    assert entry_of(loop.a).status == "returned"
    staff = as_user("thanhtra")
    panel = staff.get(loop.url_a, headers=HX).text
    assert "Lãnh đạo trả lại:" in panel and "Bổ sung số liệu tháng 6" in panel and 'name="task_status"' in panel
    staff.post(loop.url_a, headers=HX, data=entry_form(result="Đã bổ sung", version=str(entry_of(loop.a).version)))
    assert send(as_user("chanhthanhtra"), loop, result="Đã bổ sung").status_code == 200
    assert entry_of(loop.a).status == "submitted"
    history = staff.get(f"/entries/{entry.id}").text
    assert "Trả lại" in history and "Bổ sung số liệu tháng 6" in history
    # the supervisor's card of the resubmitted entry says why it came back
    card = boss.get(f"/approvals?period={loop.period.id}").text
    assert "Gửi lại sau khi bị trả lại.</strong> Lý do lần trước: Bổ sung số liệu tháng 6" in card
    # and what the unit changed since, field by field, from the audit history: only the result was rewritten
    assert "Đơn vị đã sửa 1 mục kể từ lần trả lại" in card
    assert ('<tr><th scope="row">Kết quả thực hiện</th><td class="prose">Đã rà soát 20 thủ tục hành chính</td>'
            '<td class="prose">Đã bổ sung</td></tr>') in card


def test_a_decision_from_a_card_answers_with_that_card_and_the_count_out_of_band(as_user, loop, other):
    as_user("chanhthanhtra").post(f"/periods/{loop.period.id}/submit")
    entry = entry_of(loop.a)
    boss = as_user("lanhdao")
    form = {"entry_ids": str(entry.id), "period": str(loop.period.id)}
    before = fingerprint()
    refused = boss.post("/approvals", headers=HX, data={**form, "decision": "return", "reason": " "})
    assert refused.status_code == 422
    assert_unchanged(before)
    assert f'id="approval-{entry.id}"' in refused.text and "Vui lòng nêu lý do trả lại" in refused.text
    assert 'id="approval-count"' not in refused.text  # only the card, redrawn with the reason asked for
    done = boss.post("/approvals", headers=HX, data={**form, "decision": "approve"})
    assert done.status_code == 200 and entry_of(loop.a).status == "approved"
    assert f'<li class="task-card approval-card decided" id="approval-{entry.id}" data-decided>' in done.text
    assert "Đã duyệt: " in done.text and "Rà soát thủ tục hành chính" in done.text
    assert '<p id="approval-count" tabindex="-1" hx-swap-oob="true"><strong>1</strong> báo cáo chờ duyệt' in done.text
    assert "Nhiệm vụ thứ ba" not in done.text and "flash" not in done.text


def test_each_approval_card_links_its_evidence_to_open_in_the_browser(as_user, loop):
    from tests.web.routes import evidence_of

    submit_a(as_user, loop)
    evidence = evidence_of(entry_of(loop.a))
    card = as_user("lanhdao").get(f"/approvals?period={loop.period.id}").text
    assert f'<a href="/evidence/{evidence.id}/view" target="_blank" rel="noopener" data-viewer="pdf">' in card
    assert "Gửi lại sau khi bị trả lại" not in card
    shown = as_user("lanhdao").get(f"/evidence/{evidence.id}/view")
    assert shown.status_code == 200 and shown.mimetype == "application/pdf"
    assert "attachment" not in shown.headers.get("Content-Disposition", "")
    # the queue's viewer frames it: only the app's own pages may
    assert "frame-ancestors 'self'" in shown.headers["Content-Security-Policy"]
    assert shown.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_a_supervisor_cannot_decide_for_a_unit_they_do_not_supervise(as_user, org, loop):
    as_user("khtc").post(loop.url_b, headers=HX, data=entry_form())
    entry = entry_of(loop.b)
    db.session.execute(text("UPDATE progress_entries SET status='submitted' WHERE id=:i"), {"i": entry.id})
    db.session.commit()
    boss = as_user("lanhdao")  # supervises Thanh tra only
    before = fingerprint()
    assert boss.post("/approvals", data={"entry_ids": [str(entry.id)], "decision": "approve"}).status_code == 403
    assert "Công khai thủ tục hành chính" not in boss.get(f"/approvals?period={loop.period.id}").text
    assert_unchanged(before)


@pytest.mark.parametrize("username", ["thanhtra", "chanhthanhtra", "vanphong", "khtc"])
def test_only_supervisors_open_the_queue_or_decide(as_user, loop, username):
    entry = submit_a(as_user, loop)
    client = as_user(username)
    before = fingerprint()
    assert client.get("/approvals").status_code == 403
    assert client.post("/approvals", data={"entry_ids": [str(entry.id)], "decision": "approve"}).status_code == 403
    assert_unchanged(before)


def test_approving_a_draft_is_refused(as_user, loop):
    as_user("thanhtra").post(loop.url_a, headers=HX, data=entry_form())
    before = fingerprint()
    response = as_user("lanhdao").post("/approvals", data={"entry_ids": [str(entry_of(loop.a).id)],
                                                           "decision": "approve"})
    assert response.status_code == 403
    assert_unchanged(before)


def test_approving_many_at_once(as_user, loop, other):
    as_user("chanhthanhtra").post(f"/periods/{loop.period.id}/submit")
    ids = [str(entry_of(loop.a).id), str(entry_of(other).id)]
    as_user("lanhdao").post("/approvals", data={"entry_ids": ids, "decision": "approve"})
    assert {entry_of(loop.a).status, entry_of(other).status} == {"approved"}


def test_the_office_reopens_an_approved_entry_with_a_reason(as_user, loop):
    entry = submit_a(as_user, loop)
    as_user("lanhdao").post("/approvals", data={"entry_ids": [str(entry.id)], "decision": "approve"})
    before = fingerprint()
    assert as_user("thanhtra").post(f"/entries/{entry.id}/reopen", data={"reason": "x"}).status_code == 403
    office = as_user("vanphong")
    assert office.post(f"/entries/{entry.id}/reopen", data={"reason": ""}).status_code == 422
    assert_unchanged(before)
    assert office.post(f"/entries/{entry.id}/reopen", data={"reason": "Sai số liệu"}).status_code == 302
    assert entry_of(loop.a).status == "returned" and entry_of(loop.a).return_reason == "Sai số liệu"


# -- the checklist counts from entries -------------------------------------------------------

def test_a_task_approved_as_done_is_no_longer_open_or_overdue(as_user, loop):
    staff = as_user("thanhtra")
    nav = re.compile(r'<span class="count"[^>]*>(\d+)</span>')
    assert nav.search(staff.get("/checklist").text).group(1) == "1"
    staff.post(loop.url_a, headers=HX, data=done_form(loop, explanation="Đã công khai trên Cổng"))
    entry = entry_of(loop.a)
    send(as_user("chanhthanhtra"), loop, **done_form(loop, explanation="Đã công khai trên Cổng"))
    as_user("lanhdao").post("/approvals", data={"entry_ids": [str(entry.id)], "decision": "approve"})
    page = staff.get("/checklist").text
    assert nav.search(page) is None  # no open task left
    assert "Hoàn thành" in page and "Quá hạn" not in page
    assert "Rà soát thủ tục hành chính" not in staff.get("/checklist?overdue=1").text


# -- periods ----------------------------------------------------------------------------------

def test_the_office_opens_a_period_with_the_regime_windows(as_user, org):
    office = as_user("vanphong")
    response = office.post("/periods", data={"kind": "q3", "year": "2026", "title": "", "window_start": "",
                                             "window_end": "", "due_on": ""})
    assert response.status_code == 302
    period = db.session.scalar(select(ReportingPeriod).where(ReportingPeriod.kind == "q3"))
    assert (period.title, period.window_start, period.window_end) == ("Quý III năm 2026", date(2026, 6, 15),
                                                                      date(2026, 9, 14))
    assert period.due_on == date(2026, 9, 15)
    again = office.post("/periods", data={"kind": "q3", "year": "2026"})
    assert again.status_code == 422 and "Kỳ báo cáo Quý III năm 2026 đã có." in again.text
    adhoc = office.post("/periods", data={"kind": "adhoc", "year": "2026", "title": ""})
    assert adhoc.status_code == 422 and "Kỳ báo cáo đột xuất cần có tên." in adhoc.text


@pytest.mark.parametrize("blank", [" ", "\t ", "\u3000"])
def test_a_required_date_holding_only_spaces_is_refused_and_the_period_kept(as_user, org, blank):
    office = as_user("vanphong")
    office.post("/periods", data={"kind": "q3", "year": "2026"})
    period = db.session.scalar(select(ReportingPeriod).where(ReportingPeriod.kind == "q3"))
    before = fingerprint()
    response = office.post(f"/periods/{period.id}/edit", data={
        "version": str(period.version), "title": "Quý III", "window_start": "15/06/2026",
        "window_end": blank, "due_on": ""})
    assert response.status_code == 422 and "Vui lòng nhập ngày." in response.text
    assert_unchanged(before)


@pytest.mark.parametrize("username", ["thanhtra", "chanhthanhtra", "lanhdao"])
def test_only_the_office_manages_periods(as_user, loop, username):
    client = as_user(username)
    before = fingerprint()
    assert client.post("/periods", data={"kind": "q3", "year": "2026"}).status_code == 403
    assert client.post(f"/periods/{loop.period.id}/lock").status_code == 403
    assert client.post(f"/periods/{loop.period.id}/edit", data={"title": "x"}).status_code == 403
    assert_unchanged(before)


def test_locking_marks_unsubmitted_entries_and_stops_edits_reopening_needs_a_reason(as_user, loop):
    as_user("thanhtra").post(loop.url_a, headers=HX, data=entry_form())
    office = as_user("vanphong")
    assert office.post(f"/periods/{loop.period.id}/lock").status_code == 302
    assert entry_of(loop.a).status == "not_reported"
    assert fresh(ReportingPeriod, loop.period.id).status == "locked"
    before = fingerprint()
    assert as_user("thanhtra").post(loop.url_a, headers=HX, data=entry_form()).status_code == 403
    assert office.post(f"/periods/{loop.period.id}/reopen", data={"reason": ""}).status_code == 422
    assert_unchanged(before)
    assert office.post(f"/periods/{loop.period.id}/reopen", data={"reason": "Gia hạn theo chỉ đạo"}).status_code == 302
    assert fresh(ReportingPeriod, loop.period.id).status == "open" and entry_of(loop.a).status == "draft"
    assert "Gia hạn theo chỉ đạo" in office.get(f"/periods/{loop.period.id}").text
