"""Where uploaded files live: one small interface, a local-folder implementation.

Evidence files are saved through ``storage()`` and referred to by the key it
returns; nothing else in the app knows paths. A shared implementation (a
network folder mounted on every app server, or an object store) only has to
provide the same methods, so several app servers can run side by side.

Keys are random (not the user's file name), so two uploads never collide and a
key can never name a path outside the store. A file is written to a temporary
file first, flushed to disk, then moved into place in one step (``os.replace``):
a crash never leaves half a file under a key.
"""
import hashlib
import os
import re
import secrets
import shutil
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app

from .errors import DomainError

CHUNK = 1024 * 1024
TEMP_SUFFIX = ".part"  # a file being written; renamed to its key once complete
_KEY_RE = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}(\.[a-z0-9]{1,10})?$")
_SUFFIX_RE = re.compile(r"^\.[a-z0-9]{1,10}$")


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str


class FileTooLarge(DomainError):
    def __init__(self, max_size: int):
        super().__init__(f"Tệp quá lớn: tối đa {max_size / (1024 * 1024):g} MB.")


class Storage(ABC):
    """Save a stream, open, hash, list and quarantine stored files."""

    @abstractmethod
    def save(self, stream: BinaryIO, *, suffix: str = "", max_size: int | None = None) -> StoredFile:
        """Store the stream under a new key; refuse (FileTooLarge, nothing kept) past ``max_size`` bytes."""

    @abstractmethod
    def open(self, key: str) -> BinaryIO:
        """The stored file, for reading (FileNotFoundError if there is none)."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the file; a missing file is not an error."""

    @abstractmethod
    def keys(self) -> Iterator[str]:
        """Every stored key (for backups and for checking files against the database)."""

    @abstractmethod
    def quarantine(self, key: str, reason: str) -> None:
        """Move a suspicious file out of reach of downloads, keeping it (and why) for an administrator."""

    @abstractmethod
    def put(self, key: str, stream: BinaryIO) -> StoredFile:
        """Store the stream under a given key (restoring a backup), atomically; replaces a file there."""

    @abstractmethod
    def modified_at(self, key: str) -> float:
        """When the file was written (a POSIX timestamp)."""

    def stray_temp_files(self) -> Iterator[tuple[str, float]]:
        """Temporary files left by uploads that never finished (a crash): (name, when written)."""
        return iter(())

    def quarantine_temp(self, name: str, reason: str) -> None:
        """Move a stray temporary file to quarantine."""

    def hash(self, key: str) -> str:
        """The SHA-256 of the stored file, read again from the store (to verify it)."""
        digest = hashlib.sha256()
        with self.open(key) as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
        return digest.hexdigest()


def check_key(key: str) -> str:
    if not isinstance(key, str) or not _KEY_RE.match(key):
        raise ValueError(f"not a storage key: {key!r}")
    return key


def new_key(suffix: str = "") -> str:
    suffix = suffix.lower()
    if suffix and not _SUFFIX_RE.match(suffix):
        suffix = ""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}{suffix}"


class LocalStorage(Storage):
    """Files under one folder: ``files/<2 hex>/<32 hex><.ext>``, with ``tmp/`` and ``quarantine/`` beside."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.files = self.root / "files"
        self.tmp = self.root / "tmp"
        self.quarantined = self.root / "quarantine"

    def _path(self, key: str) -> Path:
        return self.files / check_key(key)

    def save(self, stream, *, suffix="", max_size=None) -> StoredFile:
        return self._write(new_key(suffix), stream, max_size)

    def put(self, key, stream) -> StoredFile:
        return self._write(check_key(key), stream, None)

    def _write(self, key: str, stream: BinaryIO, max_size: int | None) -> StoredFile:
        target = self._path(key)
        self.tmp.mkdir(parents=True, exist_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = self.tmp / f"{secrets.token_hex(8)}{TEMP_SUFFIX}"
        digest, size = hashlib.sha256(), 0
        try:
            with open(temp, "xb") as out:
                for chunk in iter(lambda: stream.read(CHUNK), b""):
                    size += len(chunk)
                    if max_size is not None and size > max_size:
                        raise FileTooLarge(max_size)
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
            _fsync_dir(target.parent)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return StoredFile(key=key, size=size, sha256=digest.hexdigest())

    def open(self, key):
        return open(self._path(key), "rb")

    def exists(self, key):
        return self._path(key).is_file()

    def delete(self, key):
        self._path(key).unlink(missing_ok=True)

    def keys(self):
        if not self.files.is_dir():
            return
        for path in sorted(self.files.glob("*/*")):
            key = f"{path.parent.name}/{path.name}"
            if path.is_file() and _KEY_RE.match(key):
                yield key

    def quarantine(self, key, reason):
        self._move_to_quarantine(self._path(key), self.quarantined / key, reason)

    def modified_at(self, key):
        return self._path(key).stat().st_mtime

    def stray_temp_files(self):
        if not self.tmp.is_dir():
            return
        for path in sorted(self.tmp.glob(f"*{TEMP_SUFFIX}")):
            try:
                yield path.name, path.stat().st_mtime
            except FileNotFoundError:  # the upload finished (or failed) meanwhile
                continue

    def quarantine_temp(self, name, reason):
        if "/" in name or "\\" in name or not name.endswith(TEMP_SUFFIX):
            raise ValueError(f"not a temporary file: {name!r}")
        self._move_to_quarantine(self.tmp / name, self.quarantined / "tmp" / name, reason)

    @staticmethod
    def _move_to_quarantine(source: Path, target: Path, reason: str) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
        target.with_name(target.name + ".reason.txt").write_text(reason, encoding="utf-8")


def _fsync_dir(path: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def storage() -> Storage:
    """The app's file store: UPLOAD_FOLDER, or instance/uploads (made on first use)."""
    store = current_app.extensions.get("storage")
    if store is None:
        folder = current_app.config.get("UPLOAD_FOLDER") or os.path.join(current_app.instance_path, "uploads")
        store = current_app.extensions["storage"] = LocalStorage(folder)
    return store
