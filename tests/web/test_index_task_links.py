"""Tasks linked to the index's criteria through the pages: the "Nhiệm vụ liên quan" part of a criterion's
card (confirm / set aside a suggested task, tag one by its code or words, remove one) and the criteria on the
task's own page (the Office adds and removes codes, the units read them); every new POST refused to a unit's
user and to an appraiser, nothing changed; bad input answered in Vietnamese."""
from datetime import date

import lxml.html

from app.assessment.models import IndexLink
from app.org.models import APPRAISER
from tests.factories import HX, assert_unchanged, fingerprint, issue, make_plan, make_progress_entry, make_task, make_user
from tests.db.index_helpers import add_document
from tests.index_helpers import criterion, make_index_year


def _tasks(org):
    """An issued 2026 plan (TTHC) with a task that has an approved document, and one without."""
    plan = make_plan(org.office, areas=(2,))
    public = make_task(plan.areas[0], org.ttr, "Rà soát, công khai thủ tục hành chính trên Cổng DVC")
    training = make_task(plan.areas[0], org.ttr, "Tập huấn nghiệp vụ kiểm soát thủ tục")
    issue(plan, org.office)
    document = add_document(make_progress_entry(public, status="approved"), org.ttr, b"%PDF-1.4 cong bo",
                            "15/QĐ-SCT", date(2026, 2, 1), summary="Quyết định công bố danh mục TTHC")
    return public, training, document


def test_office_confirms_a_suggested_task_and_its_documents_are_listed(org, as_user):
    year = make_index_year()
    public, training, document = _tasks(org)
    leaf = criterion(year, "2.1")
    office = as_user("vanphong")
    page = office.get("/index/2026").text
    assert "Nhiệm vụ liên quan" in page and f"{public.code} {public.title}" in page
    assert "tên có: “công khai thủ tục hành”" in page
    url = f"/index/2026/criteria/{leaf.id}/tasks"
    card = office.post(url, data={"task_id": public.id, "status": "confirmed"}, headers=HX)
    assert card.status_code == 200
    assert f"(qua nhiệm vụ {public.code} {public.title})" in card.text and "15/QĐ-SCT, 01/02/2026" in card.text
    assert "1 tài liệu đã duyệt" in card.text and "Thiếu tài liệu" not in card.text
    link = IndexLink.query.one()
    assert (link.task_id, link.status, link.reason.startswith("nhiệm vụ thuộc lĩnh vực")) == (public.id, "confirmed", True)
    removed = office.post(f"{url}/{public.id}/remove", headers=HX)
    assert removed.status_code == 200 and IndexLink.query.count() == 0 and "Thiếu tài liệu" in removed.text


def test_office_tags_a_task_picked_from_the_years_tasks_and_bad_input_is_refused_in_vietnamese(org, as_user):
    year = make_index_year()
    public, training, _document = _tasks(org)
    office = as_user("vanphong")
    url = f"/index/2026/criteria/{criterion(year, '1.2').id}/tasks"
    before = fingerprint()
    for data, message in (({"task": ""}, "Hãy nhập mã hoặc tên nhiệm vụ."),
                          ({"task": "không có"}, "Không có nhiệm vụ nào khớp “không có”"),
                          ({"task": "thủ tục"}, "Có 2 nhiệm vụ khớp"),
                          ({"task_id": "abc", "status": "confirmed"}, "Không tìm thấy nhiệm vụ này"),
                          ({"task_id": public.id, "status": "xyz"}, "Hãy chọn xác nhận hoặc bỏ qua nhiệm vụ.")):
        refused = office.post(url, data=data, headers=HX)
        assert refused.status_code == 422 and message in refused.text, data
    assert office.post(f"{url}/{public.id}/remove", headers=HX).status_code == 422
    parent = office.post(f"/index/2026/criteria/{criterion(year, '1.1').id}/tasks", data={"task": "tập huấn"},
                         headers=HX)
    assert parent.status_code == 422 and "Chỉ gắn tài liệu cho tiêu chí được chấm điểm" in parent.text
    assert_unchanged(before)
    page = office.get("/index/2026").text  # the field offers the year's tasks as one types
    option = f"{training.code} {training.title}"
    assert f'<option value="{option}">' in page and 'list="index-year-tasks"' in page
    tagged = office.post(url, data={"task": option})
    assert tagged.status_code == 303
    assert [(link.task_id, link.reason) for link in IndexLink.query.all()] == [(training.id, "Văn phòng gắn mã")]


def test_the_task_page_shows_codes_the_office_edits_and_units_read(org, as_user):
    year = make_index_year()
    public, _training, _document = _tasks(org)
    office = as_user("vanphong")
    page = office.get(f"/tasks/{public.id}").text
    assert "Tiêu chí Chỉ số CCHC năm 2026" in page and "Nhiệm vụ chưa được gắn với tiêu chí nào." in page
    before = fingerprint()
    refused = office.post(f"/index/tasks/{public.id}/criteria", data={"code": "1.1"})
    assert refused.status_code == 422 and "Tiêu chí 1.1 có tiêu chí thành phần" in refused.text
    assert_unchanged(before)
    assert office.post(f"/index/tasks/{public.id}/criteria", data={"code": "2.1"}).status_code == 303
    page = office.get(f"/tasks/{public.id}").text
    assert "Đã gắn nhiệm vụ 1.1 với tiêu chí 2.1." in page and "Công khai thủ tục hành chính đầy đủ" in page
    assert f'action="/index/tasks/{public.id}/criteria/{criterion(year, "2.1").id}/remove"' in page
    unit = as_user("thanhtra").get(f"/tasks/{public.id}").text  # the lead unit: reads the code, no form
    assert "Công khai thủ tục hành chính đầy đủ" in unit and "/index/tasks/" not in unit
    assert office.post(f"/index/tasks/{public.id}/criteria/{criterion(year, '2.1').id}/remove").status_code == 303
    assert IndexLink.query.count() == 0


def _task_history(client, task) -> list[tuple[str, str]]:
    """The task page's "Lịch sử thay đổi", newest first: (the action cell, the changes cell) of each row."""
    page = lxml.html.fromstring(client.get(f"/tasks/{task.id}").text)
    rows = page.xpath('//section[@aria-labelledby="history-title"]//tbody/tr')
    return [tuple(" ".join(" ".join(td.itertext()).split()) for td in row.xpath("./td")[2:4]) for row in rows]


def test_the_task_history_shows_each_criterion_tagged_confirmed_set_aside_or_removed(org, as_user):
    year = make_index_year()
    public, training, _document = _tasks(org)
    office = as_user("vanphong")
    own = _task_history(office, public)  # the task's own records (created, issued with its plan)
    suggested, other = criterion(year, "2.1"), criterion(year, "1.2")
    assert office.post(f"/index/tasks/{public.id}/criteria", data={"code": "1.1.2"}).status_code == 303
    assert office.post(f"/index/tasks/{public.id}/criteria/{criterion(year, '1.1.2').id}/remove").status_code == 303
    card = f"/index/2026/criteria/{suggested.id}/tasks"
    assert office.post(card, data={"task_id": public.id, "status": "rejected"}, headers=HX).status_code == 200
    assert office.post(card, data={"task_id": public.id, "status": "confirmed"}, headers=HX).status_code == 200
    assert office.post(f"/index/2026/criteria/{other.id}/tasks", data={"task": public.code},
                       headers=HX).status_code == 200
    assert office.post(f"/index/2026/criteria/{other.id}/tasks", data={"task": training.code},
                       headers=HX).status_code == 200  # another task: not in this one's history

    history = _task_history(office, public)
    assert history[len(history) - len(own):] == own
    assert history[:len(history) - len(own)] == [
        ("Gắn tài liệu kiểm chứng Tiêu chí Chỉ số CCHC 1.2. Báo cáo CCHC định kỳ",
         "Tài liệu của tiêu chí (trống) → Đã xác nhận"),
        ("Gắn tài liệu kiểm chứng Tiêu chí Chỉ số CCHC 2.1. Công khai thủ tục hành chính đầy đủ",
         "Tài liệu của tiêu chí Không dùng → Đã xác nhận"),
        ("Bỏ tài liệu kiểm chứng Tiêu chí Chỉ số CCHC 2.1. Công khai thủ tục hành chính đầy đủ",
         "Tài liệu của tiêu chí (trống) → Không dùng"),
        ("Bỏ tài liệu kiểm chứng Tiêu chí Chỉ số CCHC 1.1.2. Mức độ thực hiện kế hoạch CCHC",
         "Tài liệu của tiêu chí Đã xác nhận → (trống)"),
        ("Gắn tài liệu kiểm chứng Tiêu chí Chỉ số CCHC 1.1.2. Mức độ thực hiện kế hoạch CCHC",
         "Tài liệu của tiêu chí (trống) → Đã xác nhận"),
    ]
    tagged = [action for action, _changes in _task_history(office, training) if "Tiêu chí Chỉ số CCHC" in action]
    assert tagged == ["Gắn tài liệu kiểm chứng Tiêu chí Chỉ số CCHC 1.2. Báo cáo CCHC định kỳ"]
    plan = lxml.html.fromstring(office.get(f"/plans/{public.plan_id}/history").text)  # the plan's: which task
    objects = [" ".join(" ".join(td.itertext()).split()) for td in plan.xpath("//table//tbody/tr/td[4]")]
    assert objects[:2] == [f"Tiêu chí Chỉ số CCHC: 1.2. Báo cáo CCHC định kỳ Nhiệm vụ {training.code} {training.title}",
                           f"Tiêu chí Chỉ số CCHC: 1.2. Báo cáo CCHC định kỳ Nhiệm vụ {public.code} {public.title}"]


def test_units_and_appraisers_are_refused_every_new_post(org, as_user):
    year = make_index_year(unit=org.ttr)
    public, _training, _document = _tasks(org)
    make_user(org.vp, [APPRAISER], "thamdinh")
    leaf = criterion(year, "1.1.1")  # assigned to Thanh tra Sở: its staff sees and drafts it
    with_link = as_user("vanphong").post(f"/index/tasks/{public.id}/criteria", data={"code": "1.1.1"})
    assert with_link.status_code == 303
    posts = [(f"/index/2026/criteria/{leaf.id}/tasks", {"task_id": public.id, "status": "rejected"}),
             (f"/index/2026/criteria/{leaf.id}/tasks", {"task": "công khai"}),
             (f"/index/2026/criteria/{leaf.id}/tasks/{public.id}/remove", {}),
             (f"/index/tasks/{public.id}/criteria", {"code": "1.2"}),
             (f"/index/tasks/{public.id}/criteria/{leaf.id}/remove", {})]
    before = fingerprint()
    for username in ("thanhtra", "chanhthanhtra", "khtc", "thamdinh", "lanhdao"):
        client = as_user(username)
        for url, data in posts:
            assert client.post(url, data=data, headers=HX).status_code == 403, (username, url)
    assert_unchanged(before)


def test_an_appraiser_downloads_a_document_a_confirmed_task_brings(org, as_user):
    make_index_year()
    public, _training, document = _tasks(org)
    make_user(org.vp, [APPRAISER], "thamdinh")
    appraiser = as_user("thamdinh")
    assert appraiser.get(f"/evidence/{document.id}/download").status_code == 403
    assert as_user("vanphong").post(f"/index/tasks/{public.id}/criteria", data={"code": "2.1"}).status_code == 303
    download = appraiser.get(f"/evidence/{document.id}/download")
    assert (download.status_code, download.data) == (200, b"%PDF-1.4 cong bo")


def test_a_draft_plans_task_offers_no_tagging(org, as_user):
    make_index_year()
    plan = make_plan(org.office, areas=(2,))  # not issued
    task = make_task(plan.areas[0], org.ttr, "Rà soát, công khai thủ tục hành chính")
    office = as_user("vanphong")
    page = office.get(f"/tasks/{task.id}").text
    assert "Tiêu chí Chỉ số CCHC năm 2026" in page and "Gắn mã tiêu chí" not in page
    before = fingerprint()
    refused = office.post(f"/index/tasks/{task.id}/criteria", data={"code": "2.1"})
    assert refused.status_code == 422 and "không thuộc kế hoạch đã ban hành của năm 2026" in refused.text
    assert_unchanged(before)
