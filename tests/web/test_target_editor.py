"""The plan editor (htmx): targets.

Every mutation is checked for its answer (status, fragment, HX-Trigger), the
database (re-read after the request, which runs in its own session) and the
audit record it writes. Validation errors come back as the same fragment with
status 422, the Vietnamese message and what the user typed; nothing is saved.
"""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.plans.models import Target, Task
from tests.factories import HX, audits, count, fresh, make_target, make_task
from tests.web.editor import (
    CONFLICT,
    NUMBER_MESSAGE,
    VERSION_RE,
    changed,
    positions,
    target_form,
)

# -- targets --------------------------------------------------------------------------

def test_new_target_form_proposes_the_focal_unit(office, org, plan):
    area = plan.areas[0]
    office.post(f"/areas/{area.id}/edit", headers=HX, data={"name": area.name, "focal_unit_id": str(org.ttr.id)})
    response = office.get(f"/areas/{area.id}/targets/new", headers=HX)
    assert response.status_code == 200
    assert "Thêm chỉ tiêu vào “Cải cách thể chế”" in response.text
    assert f'<option value="{org.ttr.id}" selected>' in response.text


def test_add_target(office, org, plan):
    area = plan.areas[1]
    response = office.post(f"/areas/{area.id}/targets", headers=HX,
                           data=target_form(responsible_unit_id=str(org.ttr.id)))
    assert response.status_code == 200
    assert changed(response)
    assert f'hx-swap-oob="beforeend:#area-{area.id}-targets"' in response.text
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in response.text and "≥ 99,5%" in response.text
    assert "2.MT1" in response.text
    target = db.session.scalar(select(Target).where(Target.area_id == area.id))
    assert (target.metric_kind, target.comparator, target.target_value, target.baseline) == ("percent", ">=", 99.5, 95)
    assert target.responsible_unit_id == org.ttr.id and target.position == 1
    [entry] = audits("create", "target", target.id)
    assert entry.after["goal"] == "≥ 99,5%" and entry.plan_id == plan.id


def test_add_qualitative_target(office, plan):
    area = plan.areas[0]
    response = office.post(f"/areas/{area.id}/targets", headers=HX, data=target_form(
        text="Nâng cao chất lượng xây dựng văn bản", metric_kind="", comparator="", target_value="", baseline=""))
    assert response.status_code == 200
    assert "Mục tiêu định tính" in response.text
    target = db.session.scalar(select(Target).where(Target.area_id == area.id))
    assert target.metric_kind is None and target.target_value is None


def test_add_target_without_htmx_redirects(office, plan):
    response = office.post(f"/areas/{plan.areas[0].id}/targets", data=target_form())
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plans/{plan.id}/edit")
    assert count(Target) == 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"text": ""}, "Vui lòng nhập nội dung chỉ tiêu."),
    ({"target_value": "150"}, "Tỷ lệ phải từ 0 đến 100."),
    ({"target_value": "-1"}, "Tỷ lệ phải từ 0 đến 100."),
    ({"baseline": "120"}, "Tỷ lệ phải từ 0 đến 100."),
    ({"target_value": "chín chín"}, NUMBER_MESSAGE),
    ({"baseline": "9x"}, NUMBER_MESSAGE),
    ({"target_value": ""}, "Vui lòng nhập giá trị chỉ tiêu."),
    ({"comparator": ""}, "Hãy chọn phép so sánh (≥, ≤ hoặc =)."),
    ({"metric_kind": "rank", "target_value": "2,5"}, "Giá trị phải là một số nguyên; “2,5” có phần thập phân."),
    ({"metric_kind": "count", "target_value": "1,5"}, "Giá trị phải là một số nguyên; “1,5” có phần thập phân."),
    ({"metric_kind": "yes_no", "target_value": "2"}, "Hãy nhập Có hoặc Không."),
    ({"metric_kind": "count", "target_value": "-5"}, "Giá trị không được âm."),
    ({"metric_kind": ""}, "Hãy chọn loại chỉ số cho giá trị chỉ tiêu."),
    ({"text": "Tỷ lệ " * 400 + "x"}, "Tối đa 2.000 ký tự."),
])
def test_add_target_validation(office, plan, fields, message):
    area = plan.areas[0]
    data = target_form(unit_of_measure="hồ sơ", **fields)
    response = office.post(f"/areas/{area.id}/targets", headers=HX, data=data)
    assert response.status_code == 422
    assert message in response.text
    assert "Lưu chỉ tiêu" in response.text  # the same form comes back
    for name in ("text", "target_value", "baseline", "unit_of_measure"):
        if data[name]:
            assert data[name] in response.text  # what was typed is still there
    assert not changed(response)
    assert count(Target) == 0
    assert audits("create", "target") == []


def test_target_row_and_edit_form(office, plan):
    target = make_target(plan.areas[0])
    row = office.get(f"/targets/{target.id}", headers=HX)
    assert row.status_code == 200 and f'id="target-{target.id}"' in row.text and "≥ 99%" in row.text
    form = office.get(f"/targets/{target.id}/edit", headers=HX)
    assert form.status_code == 200 and "Sửa chỉ tiêu" in form.text
    assert 'value="99"' in form.text and VERSION_RE.search(form.text).group(1) == str(target.version)


@pytest.mark.parametrize(("fields", "stored", "shown"), [
    ({"metric_kind": "percent", "target_value": "99.5 %", "baseline": "97,25"}, (99.5, 97.25), ("99,5", "97,25")),
    ({"metric_kind": "count", "target_value": "1,250", "baseline": "1 000"}, (1250, 1000), ("1.250", "1.000")),
    ({"metric_kind": "yes_no", "target_value": "Có", "baseline": "không"}, (1, 0), ("Có", "Không")),
])
def test_a_target_value_is_read_as_typed_and_shown_as_understood(office, plan, fields, stored, shown):
    target = make_target(plan.areas[0])
    response = office.post(f"/targets/{target.id}/edit", headers=HX,
                           data=target_form(version=str(target.version), unit_of_measure="", **fields))
    assert response.status_code == 200
    saved = fresh(Target, target.id)
    assert (saved.target_value, saved.baseline) == stored
    form = office.get(f"/targets/{target.id}/edit", headers=HX).text
    assert f'value="{shown[0]}"' in form and f'value="{shown[1]}"' in form


def test_update_target(office, org, plan):
    target = make_target(plan.areas[0])
    response = office.post(f"/targets/{target.id}/edit", headers=HX, data=target_form(
        text="Thời gian chờ tối đa", metric_kind="duration", comparator="<=", target_value="30",
        unit_of_measure="phút", baseline="", version=str(target.version)))
    assert response.status_code == 200
    assert changed(response)
    assert "Thời gian chờ tối đa" in response.text and "≤ 30 phút" in response.text
    saved = fresh(Target, target.id)
    assert (saved.text, saved.metric_kind, saved.comparator, saved.target_value) == (
        "Thời gian chờ tối đa", "duration", "<=", 30)
    [entry] = audits("update", "target", target.id)
    assert entry.before["goal"] == "≥ 99%" and entry.after["goal"] == "≤ 30 phút"


@pytest.mark.parametrize(("fields", "message"), [
    ({"target_value": "101"}, "Tỷ lệ phải từ 0 đến 100."),
    ({"target_value": "99,5 phần trăm"}, NUMBER_MESSAGE),
    ({"text": ""}, "Vui lòng nhập nội dung chỉ tiêu."),
    ({"metric_kind": "rank", "target_value": "0"}, "Thứ hạng là số nguyên từ 1 trở lên."),
])
def test_update_target_validation_keeps_the_row_unchanged(office, plan, fields, message):
    target = make_target(plan.areas[0])
    data = target_form(version=str(target.version), **fields)
    response = office.post(f"/targets/{target.id}/edit", headers=HX, data=data)
    assert response.status_code == 422
    assert message in response.text and "Sửa chỉ tiêu" in response.text
    if data["text"]:
        assert data["text"] in response.text
    assert f'value="{data["target_value"]}"' in response.text
    saved = fresh(Target, target.id)
    assert (saved.text, saved.metric_kind, saved.target_value) == (
        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 99%", "percent", 99)
    assert audits("update", "target") == []


def test_update_target_with_stale_version_does_not_overwrite(office, plan):
    target = make_target(plan.areas[0])
    old = str(target.version)
    assert office.post(f"/targets/{target.id}/edit", headers=HX,
                       data=target_form(text="Bản thứ nhất", version=old)).status_code == 200
    response = office.post(f"/targets/{target.id}/edit", headers=HX, data=target_form(text="Bản thứ hai", version=old))
    assert response.status_code == 422
    assert "Chỉ tiêu này " + CONFLICT in response.text and "Bản thứ hai" in response.text
    assert fresh(Target, target.id).text == "Bản thứ nhất"


def test_move_target(office, plan):
    area = plan.areas[0]
    ids = [make_target(area, f"Chỉ tiêu {n}").id for n in (1, 2, 3)]
    response = office.post(f"/targets/{ids[1]}/move", headers=HX, data={"direction": "down"})
    assert response.status_code == 200 and changed(response)
    assert positions(Target, ids) == [1, 3, 2]
    assert response.text.index("Chỉ tiêu 3") < response.text.index("Chỉ tiêu 2")
    assert len(audits("move", "target", ids[1])) == 1
    # The first one "up": nothing moves, nothing is recorded.
    assert office.post(f"/targets/{ids[0]}/move", headers=HX, data={"direction": "up"}).status_code == 200
    assert positions(Target, ids) == [1, 3, 2]
    assert len(audits("move")) == 1


def test_delete_target(office, org, plan):
    area = plan.areas[0]
    t1, t2, t3 = (make_target(area, f"Chỉ tiêu {n}") for n in (1, 2, 3))
    task = make_task(area, org.ttr, target_ids=[t1.id, t2.id])
    ids = (t1.id, t2.id, t3.id)
    response = office.post(f"/targets/{ids[0]}/delete", headers=HX)
    assert response.status_code == 200 and changed(response)
    assert "Chỉ tiêu 1" not in response.text and "Chỉ tiêu 2" in response.text
    assert fresh(Target, ids[0]) is None
    assert positions(Target, ids[1:]) == [1, 2]
    assert [t.id for t in fresh(Task, task.id).targets] == [ids[1]]  # the link went with it
    [entry] = audits("delete", "target", ids[0])
    assert entry.before["text"] == "Chỉ tiêu 1"
