"""Benchmark: the server's memory while a 50 MB evidence file uploads through the real app.

Run on demand, not in the test suite:

    .venv/bin/python bench/upload.py            # a 50 MB PDF (the default per-file limit), then a 20 MB one
    .venv/bin/python bench/upload.py 10 45      # other sizes, in MB

It builds a migrated SQLite database in a temporary folder (a unit, its staff, an
issued plan with one task, an open period and the unit's entry), starts the app
under waitress in a subprocess (as in production), logs in over HTTP and posts
each file as the page does (multipart, htmx headers, CSRF token). The server's
resident memory is read from /proc/<pid>/status: its peak (VmHWM, reset through
/proc/<pid>/clear_refs before each upload, and sampled every 10 ms as well) is
compared with its resident size just before the upload, after a warm-up upload
has loaded every library. The file goes from the socket to waitress's spool
file, to Werkzeug's temporary file, to the store in 1 MB chunks: it is never
held in memory, so the growth must stay below 20 MB whatever the file's size.

The PDFs have a text layer: the header pre-fill (pypdf, first page only) runs on
each, so its memory is in the figures too.
"""
import http.client
import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import date

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

PASSWORD = "bench-password-1"
MB = 1024 * 1024
LIMIT_MB = 20


def app_config(folder: str) -> dict:
    return {"SECRET_KEY": "bench", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "UPLOAD_FOLDER": f"{folder}/uploads"}


def one_task_department(unit: dict, roles: list[str], plan_title: str, area_code: int, task_title: str,
                        entry_status: str = "draft"):
    """A unit (``unit``: name, short_name, kind) with the ``bench`` user holding ``roles``, an issued
    annual plan of 2026 with one area (standard ``area_code``) and one recurring task of the unit's,
    Quý I 2026 open and the unit's entry on the task in ``entry_status``: (unit, entry). Called inside
    a transaction; the upload and the index pack benchmarks start from it."""
    from app.extensions import db
    from app.org.services import create_unit, create_user
    from app.plans.services import PlanData, TaskData, add_task, create_plan, issue_plan
    from app.progress.models import ProgressEntry
    from app.progress.services import open_period

    unit = create_unit(None, **unit)
    create_user(None, username="bench", full_name="Người đo", unit=unit, roles=roles, password=PASSWORD,
                must_change_password=False)
    plan = create_plan(None, PlanData(kind="annual", title=plan_title, year=2026), standard_codes=[area_code])
    task = add_task(None, plan.areas[0], TaskData(title=task_title, lead_unit_id=unit.id, recurring=True))
    issue_plan(None, plan, "1/KH-BENCH", date(2026, 1, 23))
    period = open_period(None, "q1", 2026)
    entry = ProgressEntry(period_id=period.id, task_id=task.id, unit_id=unit.id, status=entry_status)
    db.session.add(entry)
    db.session.flush()
    return unit, entry


def build(folder: str) -> int:
    """The database; returns the entry's id."""
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.transactions import transaction

    app = create_app(app_config(folder))
    app.instance_path = folder
    with app.app_context():
        upgrade()
        with transaction():
            _unit, entry = one_task_department({"name": "Thanh tra Sở", "short_name": "TTr", "kind": "thanh_tra"},
                                               ["staff"], "Kế hoạch đo hiệu năng", 2, "Rà soát thủ tục hành chính")
        entry_id = entry.id
        db.engine.dispose()
    return entry_id


def serve(folder: str, port: int) -> None:
    """The subprocess: the app under waitress, as README's production command runs it."""
    from waitress import serve as waitress_serve

    from app import create_app

    app = create_app(app_config(folder))
    app.instance_path = folder
    waitress_serve(app, host="127.0.0.1", port=port, threads=4, _quiet=True)


def make_pdf(path: str, megabytes: float) -> None:
    """A real PDF with a Vietnamese header, grown to the size with random bytes in an attachment."""
    import io

    from pypdf import PdfReader, PdfWriter

    from app.demo.documents import make_demo_pdf

    head = make_demo_pdf("125/QĐ-SCT", date(2026, 3, 12), "Sở Công Thương", "QUYẾT ĐỊNH",
                         "Về việc ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2026")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(head)))
    writer.add_attachment("phu-luc.bin", os.urandom(max(0, int(megabytes * MB) - len(head) - 64 * 1024)))
    with open(path, "wb") as handle:
        writer.write(handle)


def multipart_file(path: str, name: str, folder: str) -> tuple[str, str, int]:
    """The request body, written to disk and streamed from there (the client holds none of it)."""
    boundary = "----bench" + secrets.token_hex(8)
    body = os.path.join(folder, "body.bin")
    with open(body, "wb") as out, open(path, "rb") as source:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                  f"Content-Type: application/pdf\r\n\r\n".encode())
        for chunk in iter(lambda: source.read(MB), b""):
            out.write(chunk)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    return body, boundary, os.path.getsize(body)


class Session:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.token = ""

    def login(self) -> None:
        page = self.opener.open(f"{self.base}/login").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, "username": "bench", "password": PASSWORD}).encode()
        self.opener.open(f"{self.base}/login", data)
        page = self.opener.open(f"{self.base}/account/password").read().decode()
        self.token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)

    def upload(self, entry_id: int, body: str, boundary: str, length: int) -> tuple[int, str]:
        host, port = urllib.parse.urlsplit(self.base).netloc.split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=300)
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.jar)
        with open(body, "rb") as stream:
            connection.request("POST", f"/entries/{entry_id}/evidence", body=stream, headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(length),
                "Cookie": cookies, "X-CSRFToken": self.token, "HX-Request": "true"})
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, text


def status_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def reset_peak(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as handle:
            handle.write("5")  # resets VmHWM to the current RSS (Linux ≥ 4.0)
        return True
    except OSError:
        return False


class Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, status_kb(self.pid, "VmRSS"))
            time.sleep(0.01)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(session: Session, pid: int, entry_id: int, folder: str, megabytes: float, label: str) -> dict:
    pdf = os.path.join(folder, f"{label}.pdf")
    make_pdf(pdf, megabytes)
    body, boundary, length = multipart_file(pdf, f"Quyết định {label}.pdf", folder)
    before = status_kb(pid, "VmRSS")
    exact = reset_peak(pid)
    sampler = Sampler(pid)
    sampler.start()
    started = time.perf_counter()
    status, text = session.upload(entry_id, body, boundary, length)
    elapsed = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    peak = max(sampler.peak, status_kb(pid, "VmHWM") if exact else 0)
    field = re.search(r'<input[^>]*name="number"[^>]*>', text)  # only the new item's form has one
    prefilled = bool(field and 'value="125/QĐ-SCT"' in field.group(0))
    os.remove(body)
    os.remove(pdf)
    return {"label": label, "status": status, "seconds": elapsed, "before": before, "peak": peak, "growth": peak - before,
            "prefilled": prefilled, "exact": exact}


def start_server(folder: str) -> tuple[subprocess.Popen, str]:
    """The app on ``folder`` under waitress in a subprocess (``serve``), answering: (process, base URL)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EVIDENCE_", "MAX_UPLOAD"))}
    server = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve", folder, str(port)],
                              cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/login", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    return server, base


def main(sizes: list[float]) -> int:
    if not sys.platform.startswith("linux"):
        print("Cần Linux (/proc) để đo bộ nhớ của tiến trình máy chủ.")
        return 2
    folder = tempfile.mkdtemp(prefix="cchc-bench-upload-")
    entry_id = build(folder)
    server, base = start_server(folder)
    try:
        session = Session(base)
        session.login()
        warm = measure(session, server.pid, entry_id, folder, 0.5, "warm-up")  # loads puremagic, pypdf...
        assert warm["status"] == 200, warm
        rows = [measure(session, server.pid, entry_id, folder, mb, f"{mb:g}MB") for mb in sizes]
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"Server: waitress, 4 threads, pid {server.pid}; memory from /proc/<pid>/status "
          f"(peak: VmHWM reset before each upload + 10 ms VmRSS samples).")
    print(f"{'file':>8} {'status':>6} {'seconds':>8} {'RSS before':>11} {'peak RSS':>9} {'growth':>8} {'pre-fill':>8}")
    failed = False
    for r in rows:
        print(f"{r['label']:>8} {r['status']:>6} {r['seconds']:>8.2f} {r['before'] / 1024:>9.1f}MB "
              f"{r['peak'] / 1024:>7.1f}MB {r['growth'] / 1024:>6.1f}MB {'yes' if r['prefilled'] else 'no':>8}")
        failed |= r["status"] != 200 or r["growth"] >= LIMIT_MB * 1024
    print(f"Growth must stay below {LIMIT_MB} MB: {'FAIL' if failed else 'ok'}.")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(main([float(a) for a in sys.argv[1:]] or [50, 20]))
