"""Every whole number read from a query string goes through one parser (issue #23 point 4):
``app.numbers.parse_id``, read by ``forms.arg_int`` / ``forms.arg_ids``. What is not a whole number in
ASCII digits ("²", "١٢", "-1", "1e3") is ignored as if absent; a number beyond any id (thousands of
digits, 2**31) names nothing: 404. Never a 500."""
import re
from pathlib import Path

import pytest

from app.numbers import MAX_ID, BeyondIds, parse_id
from tests.web.routes import DemoObjects
from tests.signin import sign_in

APP = Path(__file__).resolve().parents[2] / "app"
NOT_WHOLE = ["²", "١٢", "-1", "1e3", "abc"]
BEYOND = ["9" * 4300, str(MAX_ID + 1)]

# (who, URL with {v} where the value goes): every query-string number of the app, each at least once.
URLS = [
    ("thanhtra", "/checklist?page={v}"), ("thanhtra", "/checklist?plan={v}"),
    ("thanhtra", "/checklist?period={v}"), ("vanphong", "/checklist?unit={v}"),
    ("lanhdao", "/approvals?page={v}"), ("lanhdao", "/approvals?period={v}"),
    ("vanphong", "/dashboard?period={v}"), ("vanphong", "/dashboard/tasks?period={period}&page={v}"),
    ("vanphong", "/dashboard/tasks?period={period}&unit={v}"), ("thanhtra", "/notifications?page={v}"),
    ("thanhtra", "/entries/{entry}/evidence?edit={evidence},{v}"), ("vanphong", "/plans/{plan}/history?page={v}"),
    ("quantri", "/users?unit={v}"), ("vanphong", "/reports/periods/{period}/figures?plan={v}"),
    ("vanphong", "/index/2026?area={v}"), ("vanphong", "/index/trend?year={v}"),
]


def test_parse_id_reads_ascii_digits_only():
    assert [parse_id(v) for v in ("0", " 7 ", "0042", str(MAX_ID))] == [0, 7, 42, MAX_ID]
    for value in [*NOT_WHOLE, "", " ", "+1", "1 2", "１２"]:
        with pytest.raises(ValueError) as refused:
            parse_id(value)
        assert not isinstance(refused.value, BeyondIds), value
    for value in BEYOND:
        with pytest.raises(BeyondIds):
            parse_id(value)


def test_every_query_string_number_is_read_by_the_one_parser():
    source = {path: path.read_text(encoding="utf-8") for path in APP.rglob("*.py")}
    everywhere = "\n".join(source.values())
    assert not re.search(r"request\.args\.get\([^)]*type=", everywhere)
    assert not re.search(r"int\(\s*request\.args", everywhere)
    names = set(re.findall(r"\barg_(?:int|ids)\(\"(\w+)\"", everywhere))
    tested = {name for _, url in URLS for name in re.findall(r"[?&](\w+)=[^&]*\{v\}", url)}
    assert names and names <= tested, names - tested


@pytest.mark.parametrize("user", sorted({user for user, _ in URLS}))
def test_a_bad_number_in_a_query_string_is_ignored_or_404_never_500(demo_app, user):
    objects = DemoObjects()
    names = {"period": objects["period"], "entry": objects["entry"], "evidence": objects["evidence"],
             "plan": objects["plan"]}
    client = sign_in(demo_app, user)
    for who, url in URLS:
        if who != user:
            continue
        assert client.get(url.format(v="1", **names)).status_code == 200, url
        for value in NOT_WHOLE:
            response = client.get(url.format(v=value, **names))
            assert response.status_code == 200, (url, value, response.status_code)
        for value in BEYOND:
            response = client.get(url.format(v=value, **names))
            assert response.status_code == (200 if "edit=" in url else 404), (url, value[:12], response.status_code)
