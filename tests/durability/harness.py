"""Writers against a real server: the load of the durability tests and of bench/durability.py.

``Server`` runs the app under waitress in a subprocess (tests/durability/server.py)
on an instance folder (``app.db`` + ``uploads/``). ``Writer`` threads sign in over
HTTP as the demo's users (CSRF token in the header, as htmx sends it) and, until
told to stop, open entry panels and save drafts, upload small evidence files,
submit entries (unit heads) or return submitted ones (the Director), each
request on a fresh connection. Every answer is sorted into accepted, conflict
(the optimistic lock's message), refused (the entry changed state meanwhile:
a 403 or a 422 saying so) or error (a 5xx, "database is locked", a dropped
connection). ``check`` then reads the database and the store after the fact:
every acknowledged save and upload must be there.
"""
import hashlib
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from tests.htmlforms import forms_of

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "cchc@2026"
EDITORS = ("vanphong", "thanhtra", "chanhthanhtra", "khtc")  # VP, Thanh tra (staff, head), KH-TC-TH (head)
UNIT_HEADS = ("chanhthanhtra", "khtc")
SUPERVISOR = "giamdoc"
CONFLICT_TEXT = "sau khi bạn mở biểu mẫu"  # EntryConflict's message
LOCKED_TEXT = "database is locked"

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
HEADER_TOKEN_RE = re.compile(r'"X-CSRFToken": "([^"]+)"')
VERSION_RE = re.compile(r'name="version" type="hidden" value="(\d*)"')
ENTRY_ID_RE = re.compile(r'/entries/(\d+)"')
UPLOAD_RE = re.compile(r'id="evidence-files-(\d+)"')
QUEUE_RE = re.compile(r'name="entry_ids" value="(\d+)"')


# -- the server -------------------------------------------------------------------------

def free_port() -> int:
    """A port free now (for a program that takes a port number: bench/mixed.py's gunicorn under wrk). Another
    process may take it before it is bound: ``Server`` hands its server a bound socket instead."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_socket() -> socket.socket:
    """A socket listening on a free port of 127.0.0.1, for a server process to inherit and serve.

    Not a port number to bind later: between a port found free and the server binding it, another process
    (another test's server, on a machine where several run at once) could take it; gunicorn then retries
    for five seconds before giving up, and meanwhile the other server answers this one's /healthz, so a
    test would talk to another test's app and database."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.set_inheritable(True)
    return listener


class Server:
    """The app in a subprocess, on ``folder``, under waitress or one gunicorn worker (``kind``); its
    output goes to ``folder/server.log``. It serves a socket this process bound (``listening_socket``),
    so what answers on ``port`` is this server."""

    def __init__(self, folder: str, kind: str = "waitress"):
        self.folder = str(folder)
        self.kind = kind
        self.port = 0
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "Server":
        listener = listening_socket()
        self.port = listener.getsockname()[1]
        log = open(os.path.join(self.folder, "server.log"), "ab")
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.durability.server", self.folder, f"fd:{listener.fileno()}",
                 self.kind], cwd=ROOT, stdout=log, stderr=log, pass_fds=(listener.fileno(),))
        finally:
            log.close()
            listener.close()  # the server's copy serves: once it exits, a connection is refused, not queued
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                status, _, _ = request(self.port, "GET", "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer within {timeout} s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed, as in a power cut of the process."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self, chars: int = 6000) -> str:
        """The end of the server's log, from its first error on (a traceback) if it logged one."""
        try:
            with open(os.path.join(self.folder, "server.log"), encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            return ""
        first = text.find("ERROR")
        return text[first:first + chars] if first >= 0 else text[-chars:]


# -- HTTP -------------------------------------------------------------------------------

def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            timeout: float = 60) -> tuple[int, str, http.client.HTTPResponse]:
    """One request on its own connection (no keep-alive: a POST is never retried on a stale one)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, text, response
    finally:
        connection.close()


class Client:
    """A signed-in browser: its cookies and CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.page_cache = ""  # the last answer's X-Page-Cache header: "hit" when served from the page cache

    def send(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None,
             htmx: bool = True) -> tuple[int, str]:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["X-CSRFToken"] = self.token
        if htmx:
            headers["HX-Request"] = "true"
        if content_type:
            headers["Content-Type"] = content_type
        status, text, response = request(self.port, method, path, body, headers)
        self.page_cache = response.headers.get("X-Page-Cache", "")
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return status, text

    def get(self, path: str, htmx: bool = True) -> tuple[int, str]:
        return self.send("GET", path, htmx=htmx)

    def post(self, path: str, fields: dict | list, htmx: bool = True) -> tuple[int, str]:
        return self.send("POST", path, urllib.parse.urlencode(fields).encode(),
                         "application/x-www-form-urlencoded", htmx)

    def upload(self, path: str, name: str, content: bytes) -> tuple[int, str]:
        boundary = "----durability" + secrets.token_hex(8)
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                "Content-Type: text/plain\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.send("POST", path, body, f"multipart/form-data; boundary={boundary}")

    def login(self, username: str, password: str = PASSWORD) -> None:
        status, page = self.get("/login", htmx=False)
        token = CSRF_RE.search(page).group(1)
        status, _ = self.post("/login", {"csrf_token": token, "username": username, "password": password},
                              htmx=False)
        if status != 302:
            raise RuntimeError(f"login of {username} answered {status}")
        status, page = self.get("/account/password", htmx=False)
        self.token = HEADER_TOKEN_RE.search(page).group(1)


# -- what happened --------------------------------------------------------------------

@dataclass
class Save:
    task_id: int
    entry_id: int
    base_version: int | None  # None: the form was opened before the entry existed
    new_version: int
    result: str


@dataclass
class Upload:
    entry_id: int
    sha256: str
    size: int


@dataclass
class Tally:
    """Everything the writers saw, shared between their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: Counter = field(default_factory=Counter)  # (operation, outcome) -> n
    saves: list[Save] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: int = 0

    def count(self, operation: str, outcome: str, detail: str = "") -> None:
        with self.lock:
            self.counts[(operation, outcome)] += 1
            if outcome == "error":
                self.errors.append(f"{operation}: {detail}"[:600])

    def total(self, outcome: str) -> int:
        return sum(n for (_, o), n in self.counts.items() if o == outcome)

    def summary(self, writers: int, seconds: float) -> str:
        ops = sorted({op for op, _ in self.counts})
        lines = [f"writers: {writers}, duration: {seconds:.1f} s, HTTP requests: {self.requests} "
                 f"({self.requests / max(seconds, 0.001):.1f}/s)",
                 f"accepted writes: {self.total('accepted')}, conflicts reported: {self.total('conflict')}, "
                 f"refused (entry no longer editable): {self.total('refused')}, errors: {self.total('error')}, "
                 f"interrupted: {self.total('interrupted')}"]
        for op in ops:
            parts = ", ".join(f"{o} {n}" for (p, o), n in sorted(self.counts.items()) if p == op)
            lines.append(f"  {op}: {parts}")
        return "\n".join(lines)


# -- the writers ---------------------------------------------------------------------

def scenario(db_path: str) -> dict:
    """The open period and, for each editor, the tasks its unit leads there (read from the database)."""
    connection = sqlite3.connect(db_path)
    try:
        period_id = connection.execute(
            "SELECT id FROM reporting_periods WHERE status = 'open' ORDER BY id DESC LIMIT 1").fetchone()[0]
        tasks = {}
        for username in EDITORS:
            tasks[username] = [row[0] for row in connection.execute(
                "SELECT t.id FROM tasks t JOIN plans p ON p.id = t.plan_id JOIN users u ON u.unit_id = t.lead_unit_id "
                "WHERE u.username = ? AND p.status = 'issued' AND t.archived_at IS NULL ORDER BY t.id", (username,))]
    finally:
        connection.close()
    return {"period_id": period_id, "tasks": tasks}


class Writer(threading.Thread):
    """One user in a browser, writing as fast as the server lets it until ``stop`` is set."""

    def __init__(self, number: int, username: str, port: int, plan: dict, tally: Tally, stop: threading.Event):
        super().__init__(name=f"writer-{number}", daemon=True)
        self.number, self.username, self.plan, self.tally, self.stop = number, username, plan, tally, stop
        self.client = Client(port)
        self.rng = random.Random(number)
        self.done = 0

    def run(self) -> None:
        try:
            self.client.login(self.username)
        except Exception as exc:  # noqa: BLE001  (a failed login is one of the errors counted)
            self.tally.count("login", "interrupted" if self.stop.is_set() else "error", repr(exc))
            return
        while not self.stop.is_set():
            self.done += 1
            operation = self._choose()
            try:
                operation()
            except (OSError, http.client.HTTPException) as exc:
                # the connection failed: an error, unless the test is stopping (or killed) the server
                self.tally.count(operation.__name__, "interrupted" if self.stop.is_set() else "error", repr(exc))
            if self.username == SUPERVISOR:
                self.stop.wait(0.3)

    def _choose(self):
        if self.username == SUPERVISOR:
            return self.return_some
        roll = self.rng.random()
        if roll < 0.25:
            return self.upload
        if roll < 0.33 and self.username in UNIT_HEADS:
            return self.submit
        return self.save

    def _send(self, method, *args, **kwargs) -> tuple[int, str]:
        status, text = method(*args, **kwargs)
        with self.tally.lock:
            self.tally.requests += 1
        return status, text

    def _sort(self, operation: str, status: int, text: str) -> str:
        if status >= 500 or LOCKED_TEXT in text:
            outcome = "error"
        elif status == 422 and CONFLICT_TEXT in text:
            outcome = "conflict"
        elif status in (403, 422):
            outcome = "refused"  # the entry was submitted (or returned) by someone else meanwhile
        elif status in (200, 302):
            outcome = "accepted"
        else:
            outcome = "error"
        self.tally.count(operation, outcome, f"{status} {text[:300]}")
        return outcome

    def _panel(self) -> tuple[int, str]:
        task_id = self.rng.choice(self.plan["tasks"][self.username])
        status, text = self._send(self.client.get, f"/periods/{self.plan['period_id']}/tasks/{task_id}/entry")
        if status != 200:
            self._sort("open", status, text)
        return task_id, (text if status == 200 else "")

    def save(self) -> None:
        task_id, panel = self._panel()
        version = VERSION_RE.search(panel)
        if not version:
            return  # not editable now (submitted): nothing to save
        base = int(version.group(1)) if version.group(1) else None
        self.stop.wait(self.rng.random() * 0.05)  # a person types
        result = f"[w{self.number}-{self.done}-{secrets.token_hex(4)}] Đã rà soát {self.rng.randint(1, 99)} thủ tục"
        status, text = self._send(self.client.post, f"/periods/{self.plan['period_id']}/tasks/{task_id}/entry", {
            "version": version.group(1), "task_status": "in_progress", "percent_done": str(self.rng.randint(1, 99)),
            "completed_on": "", "result": result, "difficulties": "", "proposals": "", "explanation": ""})
        if self._sort("save", status, text) == "accepted":
            saved = VERSION_RE.search(text)
            entry = ENTRY_ID_RE.search(text)
            if not (saved and saved.group(1) and entry):
                self.tally.count("save", "error", f"accepted without a version: {text[:300]}")
                return
            with self.tally.lock:
                self.tally.saves.append(Save(task_id, int(entry.group(1)), base, int(saved.group(1)), result))

    def upload(self) -> None:
        _, panel = self._panel()
        entry = UPLOAD_RE.search(panel)
        if not entry:
            return  # no evidence can be added now
        content = (f"Biên bản kiểm tra số {secrets.token_hex(8)} của người viết {self.number}\n"
                   * self.rng.randint(1, 40)).encode()
        status, text = self._send(self.client.upload, f"/entries/{entry.group(1)}/evidence",
                                  f"Biên bản {self.number}-{self.done}.txt", content)
        if self._sort("upload", status, text) == "accepted":
            with self.tally.lock:
                self.tally.uploads.append(Upload(int(entry.group(1)), hashlib.sha256(content).hexdigest(),
                                                 len(content)))

    def submit(self) -> None:
        """"Gửi duyệt" on the panel's form as it is shown (nothing typed: nothing saved, only sent)."""
        _, panel = self._panel()
        if not UPLOAD_RE.search(panel):
            return  # only a saved draft is sent (a new entry sent at once would leave the uploads nothing to join)
        send = next(((url, fields) for url, fields in forms_of(panel) if url.endswith("/entry/send")), None)
        if send:
            status, text = self._send(self.client.post, *send)
            self._sort("submit", status, text)

    def return_some(self) -> None:
        status, page = self._send(self.client.get, f"/approvals?period={self.plan['period_id']}", htmx=False)
        if status != 200:
            self._sort("approvals", status, page)
            return
        waiting = sorted(set(QUEUE_RE.findall(page)))
        if not waiting:
            return
        chosen = self.rng.sample(waiting, min(3, len(waiting)))
        status, text = self._send(self.client.post, "/approvals", [
            *[("entry_ids", i) for i in chosen], ("decision", "return"),
            ("reason", "Bổ sung số liệu cho đầy đủ."), ("period", str(self.plan["period_id"]))], htmx=False)
        self._sort("return", status, text)


def writers_for(count: int) -> list[str]:
    """Two Directors returning submitted entries, the rest spread over the editors of three units."""
    supervisors = min(2, max(0, count - len(EDITORS)))
    return [SUPERVISOR] * supervisors + [EDITORS[i % len(EDITORS)] for i in range(count - supervisors)]


def start_writers(count: int, port: int, plan: dict, tally: Tally, stop: threading.Event) -> list[Writer]:
    writers = [Writer(n, username, port, plan, tally, stop) for n, username in enumerate(writers_for(count))]
    for writer in writers:
        writer.start()
    return writers


def run_load(port: int, plan: dict, writers: int, seconds: float, tally: Tally | None = None) -> Tally:
    tally = tally or Tally()
    stop = threading.Event()
    threads = start_writers(writers, port, plan, tally, stop)
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    return tally


# -- after the fact ---------------------------------------------------------------------

def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check(folder: str, tally: Tally, every_answer_known: bool = True) -> list[str]:
    """What is wrong in the database and the store, given what the server acknowledged.

    Every acknowledged save is in the entry's history (the audit record written in its
    transaction) and no two saves were accepted on the same version of an entry (that
    would be a silently lost update). When every request got its answer
    (``every_answer_known``: no crash), each entry holds the text of the last save
    acknowledged for it. Every acknowledged upload has its row, and the row's file,
    with the uploaded SHA-256 and size."""
    problems = []
    connection = sqlite3.connect(os.path.join(folder, "app.db"))
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        history: dict[int, set[str]] = {}
        for object_id, after in connection.execute(
                "SELECT object_id, after FROM audit_log WHERE object_type = 'entry' AND action IN ('save', 'create')"):
            history.setdefault(object_id, set()).add((json.loads(after) or {}).get("result", ""))
        entries = {row[0]: (row[1], row[2]) for row in connection.execute(
            "SELECT id, result, version FROM progress_entries")}
        evidence = {}
        for entry_id, sha, size, key in connection.execute(
                "SELECT entry_id, sha256, size, file_key FROM evidence"):
            evidence[(entry_id, sha)] = (size, key)
    finally:
        connection.close()

    by_entry: dict[int, list[Save]] = {}
    for save in tally.saves:
        by_entry.setdefault(save.entry_id, []).append(save)
        if save.result not in history.get(save.entry_id, set()):
            problems.append(f"acknowledged save of entry {save.entry_id} missing from its history: {save.result}")
    for entry_id, saves in by_entry.items():
        bases = Counter(s.base_version for s in saves)
        twice = [b for b, n in bases.items() if n > 1]
        if twice:
            problems.append(f"entry {entry_id}: two saves accepted on the same version {twice} (a lost update)")
        if entry_id not in entries:
            problems.append(f"entry {entry_id} acknowledged but not in the database")
            continue
        last = max(saves, key=lambda s: s.new_version)
        result, version = entries[entry_id]
        if version < last.new_version:
            problems.append(f"entry {entry_id}: version {version} older than acknowledged {last.new_version}")
        if every_answer_known and result != last.result:
            problems.append(f"entry {entry_id}: holds {result!r}, the last acknowledged save wrote {last.result!r}")
    for upload in tally.uploads:
        row = evidence.get((upload.entry_id, upload.sha256))
        if row is None:
            problems.append(f"acknowledged upload to entry {upload.entry_id} has no row ({upload.sha256})")
            continue
        size, key = row
        path = os.path.join(folder, "uploads", "files", key)
        if size != upload.size or not os.path.isfile(path) or file_sha256(path) != upload.sha256:
            problems.append(f"acknowledged upload to entry {upload.entry_id}: file {key} missing or different")
    return problems
