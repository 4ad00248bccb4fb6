"""Diacritics-insensitive search: fold, search_terms and match_all (against a real table:
tests/db/test_search.py)."""
import pytest

from app.plans.models import Task
from app.search import fold, match_all, search_terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đồng Nai", "dong nai"),
        ("CẢI CÁCH", "cai cach"),
        ("đ", "d"),
        ("Đ", "d"),
        ("Thƣơng mại", "thuong mai"),  # the PDF-extraction glitch ƣ for ư
        ("ƢU TIÊN", "uu tien"),
        ("Sở Công Thương", "so cong thuong"),
        ("  Cải   cách \t thủ\ntục  ", "cai cach thu tuc"),
        ("Hải Phòng 2026–2030", "hai phong 2026–2030"),
        ("cải\x00 cách\x00", "cai cach"),
        (None, ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_handles_decomposed_input():
    # The same word typed on a keyboard that sends combining marks (NFD).
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Thủ tục hành chính")) == "thu tuc hanh chinh"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Cải cách  hành chính", ["cai", "cach", "hanh", "chinh"]),
        ("  ĐỒNG NAI ", ["dong", "nai"]),
        ("50%_x", ["50%_x"]),
        ("", []),
        (None, []),
        ("   ", []),
    ],
)
def test_search_terms(query, expected):
    assert search_terms(query) == expected


@pytest.mark.parametrize("query", ["", "   ", None, "\t\n"])
def test_query_without_words_gives_no_condition(query):
    assert match_all(Task.search_text, query) is None
