"""EditConflict.check: the one version check every service uses before changing an object."""
from types import SimpleNamespace

import pytest

from app.errors import DomainError, EditConflict


def test_edit_conflict_check_passes_on_same_version_or_no_version():
    obj = SimpleNamespace(version=3)
    EditConflict.check(obj, 3, "Nhiệm vụ này")
    EditConflict.check(obj, None, "Nhiệm vụ này")  # the CLI and services called without a form


def test_edit_conflict_check_refuses_a_stale_version_naming_the_object():
    with pytest.raises(EditConflict) as refused:
        EditConflict.check(SimpleNamespace(version=4), 3, "Nhiệm vụ này")
    assert refused.value.message.startswith("Nhiệm vụ này vừa được người khác thay đổi")


def test_edit_conflict_check_raises_the_callers_richer_conflict():
    class Detailed(EditConflict):
        def __init__(self):
            DomainError.__init__(self, "Bà A đã lưu lúc 10:00.")

    with pytest.raises(Detailed, match="Bà A"):
        EditConflict.check(SimpleNamespace(version=2), 1, conflict=Detailed)
