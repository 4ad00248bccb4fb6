"""The file store (app/storage.py) on a real folder."""
import hashlib
import io
import os

import pytest

from app.storage import FileTooLarge, LocalStorage, check_key, storage


@pytest.fixture
def store(tmp_path):
    return LocalStorage(tmp_path / "uploads")


def test_save_then_open_gives_the_same_bytes_with_size_and_hash(store):
    data = os.urandom(3 * 1024 * 1024 + 17)  # several chunks
    saved = store.save(io.BytesIO(data), suffix=".PDF")
    assert saved.size == len(data)
    assert saved.sha256 == hashlib.sha256(data).hexdigest() == store.hash(saved.key)
    assert saved.key.endswith(".pdf")
    with store.open(saved.key) as handle:
        assert handle.read() == data
    assert list(store.keys()) == [saved.key]
    assert not any(store.tmp.iterdir())  # no temporary file left behind


def test_two_saves_of_the_same_file_get_two_keys(store):
    first = store.save(io.BytesIO(b"bao cao"))
    second = store.save(io.BytesIO(b"bao cao"))
    assert first.key != second.key and first.sha256 == second.sha256
    assert sorted(store.keys()) == sorted([first.key, second.key])


def test_too_large_is_refused_and_nothing_is_kept(store):
    with pytest.raises(FileTooLarge) as exc:
        store.save(io.BytesIO(b"x" * 2_000_001), max_size=2_000_000)
    assert "Tệp quá lớn" in exc.value.message
    assert list(store.keys()) == [] and not any(store.tmp.iterdir())


def test_a_failing_stream_leaves_no_file(store):
    class Broken(io.RawIOBase):
        calls = 0

        def read(self, n=-1):
            self.calls += 1
            if self.calls > 2:
                raise OSError("connection reset")
            return b"a" * 1024

    with pytest.raises(OSError):
        store.save(Broken())
    assert list(store.keys()) == [] and not any(store.tmp.iterdir())


@pytest.mark.parametrize("key", ["../app.db", "ab/../../x", "/etc/passwd", "ab/" + "g" * 32, "ab/cd", "",
                                 "ab/" + "0" * 32 + ".tar.gz/../x"])
def test_keys_that_could_leave_the_store_are_refused(store, key):
    with pytest.raises(ValueError):
        store.open(key)
    with pytest.raises(ValueError):
        check_key(key)


@pytest.mark.parametrize("suffix", ["/../x", ".pdf/..", ". p d f", ".exe\x00.pdf"])
def test_a_strange_suffix_is_dropped(store, suffix):
    saved = store.save(io.BytesIO(b"x"), suffix=suffix)
    assert check_key(saved.key) == saved.key and "." not in saved.key


def test_quarantine_moves_the_file_out_of_reach_and_keeps_why(store):
    saved = store.save(io.BytesIO(b"<html><script>alert(1)</script>"), suffix=".pdf")
    store.quarantine(saved.key, "Nội dung là HTML, không phải PDF")
    assert not store.exists(saved.key) and list(store.keys()) == []
    kept = store.quarantined / saved.key
    assert kept.read_bytes().startswith(b"<html>")
    assert "không phải PDF" in kept.with_name(kept.name + ".reason.txt").read_text(encoding="utf-8")


def test_delete_removes_and_tolerates_a_missing_file(store):
    saved = store.save(io.BytesIO(b"x"))
    store.delete(saved.key)
    store.delete(saved.key)
    assert not store.exists(saved.key)
    with pytest.raises(FileNotFoundError):
        store.open(saved.key)


def test_the_app_stores_under_its_upload_folder(app, tmp_path):
    assert storage().root == tmp_path / "uploads"
    saved = storage().save(io.BytesIO(b"x"))
    assert (tmp_path / "uploads" / "files" / saved.key).is_file()
