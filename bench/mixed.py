"""The mixed load of an office: many signed-in users of every role on their own pages, while other
staff save drafts at a fixed rate; with the page cache on and off, 1 and 2 server processes, on the
demo and on the large department of bench/large.py.

    .venv/bin/python bench/mixed.py                         # everything: demo and large, 1 and 2 processes
    .venv/bin/python bench/mixed.py --data large --workers 2 --seconds 10 --repeat 2

Each server is started as scripts/run.sh starts it on Linux (gunicorn, gthread, 8 threads per process),
on a fresh copy of the database. 54 browser sessions are signed in, each with its page: staff and unit
heads on /checklist, supervisors on /approvals and /dashboard, the Office on /dashboard and /periods.
wrk (Debian's package; written in C, so the generator takes little of the CPU the server needs) sends
them in rotation with a Lua script (each request the next session's cookie and page) at 1 and 50
connections. Meanwhile, in the runs "with writes", a writer thread signed in as other staff saves one
draft per second (open the entry, then save it, as a browser does), and reports each save's outcome
and time. A run reports requests/s, p50/p95/p99, errors (any answer but 200, socket errors) and the
load average of the machine (other work on it slows every figure).
"""
import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.durability.harness import CONFLICT_TEXT, VERSION_RE, Client, free_port, request  # noqa: E402
VENV = os.path.join(ROOT, ".venv", "bin")
LARGE_DB = os.environ.get("LOAD_DB", "/tmp/cchc-large.db")
DEMO_DB = os.environ.get("DEMO_DB", "/tmp/cchc-demo.db")
SESSIONS = 54
ENTRY_URL_RE = re.compile(r'"(/periods/\d+/tasks/\d+/entry)"')

# (username, page) of each reading session, and the staff who save drafts meanwhile.
DATA = {
    "demo": {
        "password": "cchc@2026",
        # seven people of the demo, each as several browser sessions (54 in all)
        "readers": [("thanhtra", "/checklist"), ("chanhthanhtra", "/checklist"), ("khtc", "/checklist"),
                    ("congnghiep", "/checklist"), ("giamdoc", "/approvals"), ("giamdoc", "/dashboard"),
                    ("lanhdao", "/approvals"), ("lanhdao", "/dashboard"), ("vanphong", "/dashboard"),
                    ("vanphong", "/periods")],
        "writers": ["thanhtra", "khtc", "vanphong"],  # in sessions of their own, apart from the readers
    },
    "large": {
        "password": "bench-password-1",
        "readers": [(f"head{i:02d}", "/checklist") for i in range(1, 13)]
        + [(f"staff{i:03d}", "/checklist") for i in range(1, 31)]
        + [(name, page) for name in ("director", "deputy1", "deputy2", "deputy3", "deputy4")
           for page in ("/approvals", "/dashboard")]
        + [("office", "/dashboard"), ("office", "/periods")],
        "writers": [f"staff{i:03d}" for i in range(31, 37)],  # other staff of six units
    },
}

LUA = r"""
local pairs_ = {
%s
}
local counter = 0
local non200 = 0
local threads = {}

setup = function(thread)
  thread:set("offset", #threads * 7)
  table.insert(threads, thread)
end

init = function(args)
  counter = offset or 0  -- set by setup: each thread starts elsewhere in the rotation
end

request = function()
  counter = counter + 1
  local pair = pairs_[(counter %% #pairs_) + 1]
  return wrk.format("GET", pair[1], {["Cookie"] = pair[2]})
end

response = function(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end

done = function(summary, latency, requests)
  local bad = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  for _, thread in ipairs(threads) do bad = bad + (tonumber(thread:get("non200")) or 0) end
  io.write(string.format("RESULT %%.1f %%.0f %%.0f %%.0f %%d %%d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, bad,
    summary.requests))
end
"""


# -- the databases ----------------------------------------------------------------------

def ensure_database(data: str) -> str:
    env = {**os.environ, "FLASK_APP": "wsgi", "SECRET_KEY": "bench"}
    if data == "large":
        if not os.path.exists(LARGE_DB):
            subprocess.run([os.path.join(VENV, "python"), "bench/large.py", LARGE_DB], cwd=ROOT, check=True)
        path = LARGE_DB
    else:
        path = DEMO_DB
        if not os.path.exists(path):
            env["DATABASE_URL"] = f"sqlite:///{path}"
            subprocess.run([os.path.join(VENV, "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            subprocess.run([os.path.join(VENV, "flask"), "demo"], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)
    env["DATABASE_URL"] = f"sqlite:///{path}"
    subprocess.run([os.path.join(VENV, "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path


def entries_of(client: Client, wanted: int = 8) -> list[str]:
    """Entry panels (/periods/<p>/tasks/<t>/entry) of the user's checklist that the user may save:
    tasks its unit leads in the period the checklist opens on, not yet sent or approved."""
    _, page = client.get("/checklist?role=lead", htmx=False)
    editable = []
    for url in sorted(set(ENTRY_URL_RE.findall(page))):
        if VERSION_RE.search(client.get(url)[1]):
            editable.append(url)
            if len(editable) == wanted:
                break
    return editable


# -- the server -------------------------------------------------------------------------

class Server:
    """gunicorn as scripts/run.sh runs it, on a copy of ``database`` in a folder of its own."""

    def __init__(self, database: str, workers: int, cache: bool):
        self.folder = tempfile.mkdtemp(prefix="cchc-mixed-")
        self.database = os.path.join(self.folder, "app.db")
        shutil.copy(database, self.database)
        self.port = free_port()
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{self.database}", "SECRET_KEY": "bench",
               "UPLOAD_FOLDER": os.path.join(self.folder, "uploads"), "PAGE_CACHE_MB": "32" if cache else "0"}
        self.log = open(os.path.join(self.folder, "server.log"), "wb")
        self.process = subprocess.Popen(
            [os.path.join(VENV, "gunicorn"), "--workers", str(workers), "--worker-class", "gthread",
             "--threads", "8", "--bind", f"127.0.0.1:{self.port}", "--graceful-timeout", "10",
             "--no-control-socket", "wsgi:app"], cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        for _ in range(300):
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start: " + open(os.path.join(self.folder, "server.log")).read())

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def session(port: int, username: str, password: str) -> Client:
    """A signed-in browser (tests/durability/harness.py) and its cookie header."""
    client = Client(port)
    client.login(username, password)
    return client


def cookie_of(client: Client) -> str:
    return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


class DraftWriter(threading.Thread):
    """Other staff saving one draft per ``interval`` seconds, in turn, until stopped."""

    def __init__(self, sessions, interval=1.0):
        super().__init__(daemon=True)
        self.sessions, self.interval = sessions, interval  # [(client, entry panel URLs)]
        self.stop = threading.Event()
        self.outcomes: dict[str, int] = {}
        self.seconds: list[float] = []

    def run(self):
        n, next_at = 0, time.monotonic()
        while not self.stop.is_set():
            session, urls = self.sessions[n % len(self.sessions)]
            url = urls[(n // len(self.sessions)) % len(urls)]
            try:
                _, panel = session.get(url)
                version = VERSION_RE.search(panel)
                started = time.monotonic()
                status, text = session.post(url, {
                    "version": version.group(1) if version else "", "task_status": "in_progress",
                    "percent_done": str(10 + n % 80), "completed_on": "",
                    # never what the entry holds: a save of the same values writes nothing (no refresh)
                    "result": f"Đã rà soát {n} thủ tục ({time.time_ns()})",
                    "difficulties": "", "proposals": "", "explanation": ""})
                self.seconds.append(time.monotonic() - started)
                outcome = ("accepted" if status == 200 else "conflict" if CONFLICT_TEXT in text
                           else "refused" if status in (403, 422) else f"error {status}")
            except (OSError, http.client.HTTPException) as exc:
                outcome = f"error {exc.__class__.__name__}"
            self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
            n += 1
            next_at += self.interval
            self.stop.wait(max(0.0, next_at - time.monotonic()))

    def summary(self) -> str:
        if not self.seconds:
            return "-"
        times = sorted(self.seconds)
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        return f"{outcomes}; save p50 {statistics.median(times) * 1000:.0f} ms, max {p99 * 1000:.0f} ms" \
            if len(times) < 100 else f"{outcomes}; save p50 {statistics.median(times) * 1000:.0f} ms, " \
            f"p99 {p99 * 1000:.0f} ms"


def warm(port: int, pairs: list[tuple[str, str]], cache: bool) -> None:
    """Every session's page in every process's cache: passes over the pairs until one is all hits
    (the processes take connections in no fixed order; 10 passes at most)."""
    if not cache:
        return  # nothing to fill
    for _ in range(10):
        misses = 0
        for page, cookie in pairs:
            _, _, response = request(port, "GET", page, headers={"Cookie": cookie})
            misses += page != "/periods" and response.getheader("X-Page-Cache") != "hit"
        if not misses:
            return


def wrk(port: int, script: str, connections: int, seconds: int) -> list[str]:
    threads = 1 if connections < 2 else 2
    output = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                             "-s", script, f"http://127.0.0.1:{port}/"],
                            capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return line.split()[1:]


def measure(data: str, workers: int, cache: bool, seconds: int, repeat: int, connections: list[int],
            writes_runs=(False, True)):
    spec = DATA[data]
    database = ensure_database(data)
    server = Server(database, workers, cache)
    rows = []
    try:
        readers = [spec["readers"][i % len(spec["readers"])] for i in range(SESSIONS)]
        pairs = []
        for username, page in readers:
            reader = session(server.port, username, spec["password"])
            reader.get(page, htmx=False)  # as a browser opens it (and the cache is filled, when on)
            pairs.append((page, cookie_of(reader)))
        writers = [(client, entries_of(client)) for client in
                   (session(server.port, name, spec["password"]) for name in spec["writers"])]
        writers = [(client, urls) for client, urls in writers if urls]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(LUA % ",\n".join(f'  {{"{page}", "{cookie}"}}' for page, cookie in pairs))
            script = handle.name
        try:
            for writes in writes_runs:
                for users in connections:
                    for _ in range(repeat):
                        warm(server.port, pairs, cache)
                        writer = DraftWriter(writers) if writes else None
                        if writer:
                            writer.start()
                        rps, p50, p95, p99, errors, total = wrk(server.port, script, users, seconds)
                        load = open("/proc/loadavg").read().split()[0]
                        if writer:
                            writer.stop.set()
                            writer.join()
                        row = (data, workers, "on" if cache else "off", "1/s" if writes else "none", users,
                               rps, p50, p95, p99, f"{errors}/{total}", load, writer.summary() if writer else "")
                        print("| " + " | ".join(str(x) for x in row) + " |", flush=True)
                        rows.append(row)
        finally:
            os.unlink(script)
    finally:
        server.stop()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=["demo", "large", "both"], default="both")
    parser.add_argument("--workers", default="1,2", help="server processes, comma-separated (default 1,2)")
    parser.add_argument("--cache", choices=["on", "off", "both"], default="both")
    parser.add_argument("--connections", default="1,50")
    parser.add_argument("--writes", choices=["on", "off", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    print(f"{os.cpu_count()} cores; {args.seconds} s per run; load average at start "
          f"{open('/proc/loadavg').read().split()[0]}")
    print("| data | processes | cache | drafts saved | connections | req/s | p50 ms | p95 ms | p99 ms "
          "| errors/requests | load avg | the drafts' outcomes |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for data in (["demo", "large"] if args.data == "both" else [args.data]):
        for workers in (int(w) for w in args.workers.split(",")):
            for cache in ([True, False] if args.cache == "both" else [args.cache == "on"]):
                measure(data, workers, cache, args.seconds, args.repeat,
                        [int(c) for c in args.connections.split(",")],
                        (False, True) if args.writes == "both" else (args.writes == "on",))


if __name__ == "__main__":
    main()
