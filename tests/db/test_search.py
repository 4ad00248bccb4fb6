"""Diacritics-insensitive search against a real table: match_all on the tasks' folded text."""
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.plans.models import Task
from app.search import fold, match_all
from tests.factories import make_plan, make_task


@pytest.fixture
def tasks(org):
    plan = make_plan(org.office)
    area = plan.areas[0]
    titles = {
        "tthc": "Cải cách thủ tục hành chính tại Bộ phận Một cửa",
        "dongnai": "Sở Công Thương Đồng Nai công khai TTHC",
        "wild": "Giảm 50%_x thời gian xử lý hồ sơ",
        "space": "Giảm 50 x lần số giấy tờ",
        "pdf": "Tuyên truyền về cải cách hành chính trên báo Đồng Nai",
    }
    made = {key: make_task(area, org.ttr, title=title, deadline=date(2026, 6, 30)) for key, title in titles.items()}
    return {key: task.id for key, task in made.items()}


def _search(query):
    condition = match_all(Task.search_text, query)
    assert condition is not None
    return set(db.session.scalars(select(Task.id).where(condition)))


def test_task_search_text_is_folded(tasks):
    task = db.session.get(Task, tasks["dongnai"])
    assert "so cong thuong dong nai" in task.search_text
    assert task.search_text == fold(task.search_text)


def test_query_without_diacritics_finds_text_with_them(tasks):
    assert _search("cai cach thu tuc") == {tasks["tthc"]}
    assert _search("dong nai") == {tasks["dongnai"], tasks["pdf"]}


def test_query_with_diacritics_and_capitals_finds_the_same(tasks):
    assert _search("CẢI CÁCH Thủ Tục") == {tasks["tthc"]}
    assert _search("Đồng Nai") == {tasks["dongnai"], tasks["pdf"]}


def test_every_word_must_match(tasks):
    assert _search("cai cach") == {tasks["tthc"], tasks["pdf"]}
    assert _search("cai cach dong nai") == {tasks["pdf"]}
    assert _search("nai cai") == {tasks["pdf"]}  # word order does not matter
    assert _search("cai cach hai phong") == set()


def test_percent_in_query_is_literal(tasks):
    assert _search("%") == {tasks["wild"]}
    assert _search("50%") == {tasks["wild"]}


def test_underscore_in_query_is_literal(tasks):
    assert _search("_") == {tasks["wild"]}
    # unescaped, "50_x" would also match "50 x" of the other task
    assert _search("50_x") == set()
    assert _search("%_x") == {tasks["wild"]}


def test_backslash_in_query_is_literal(tasks):
    assert _search("\\") == set()
