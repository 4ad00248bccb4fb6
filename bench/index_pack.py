"""Benchmark: the server's memory while the index's evidence pack of 2,000 files streams to a browser.

Run on demand, not in the test suite:

    .venv/bin/python bench/index_pack.py            # 2,000 files of 20-200 KB (about 220 MB)
    .venv/bin/python bench/index_pack.py 500 1000   # other counts and the largest file, in KB

It builds a migrated SQLite database in a temporary folder (an Office user, an issued plan with an approved
entry, a 2026 index framework of 8 lĩnh vực × 4 tiêu chí × 3 tiêu chí thành phần, and the files: random
bytes, so deflate cannot shrink them, each a cited document confirmed for a leaf criterion), starts the app
under waitress in a subprocess as bench/upload.py does (its helpers are reused, the department's setup
included), signs in and downloads /index/2026/pack.zip, reading it in 1 MB chunks to a file. The
server's resident memory is read from /proc/<pid>/status: its peak (VmHWM, reset before the download,
and sampled every 10 ms) against its resident size just before, after a warm-up download of a small
pack has loaded every library (zipfile, openpyxl). The ZIP is written while it is sent
(app/assessment/pack.py), files read from the store in chunks: the growth must stay below 50 MB whatever
the pack's size. The ZIP is then checked: every file
against manifest.json's SHA-256.
"""
import hashlib
import http.client
import io
import json
import os
import random
import shutil
import sys
import tempfile
import time
import zipfile
from datetime import date, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.upload import Sampler, Session, app_config, one_task_department, reset_peak, start_server, status_kb  # noqa: E402

MB = 1024 * 1024
LIMIT_MB = 50


def build(folder: str, files: int, largest_kb: int) -> int:
    """The database and the store; returns the stored bytes."""
    from flask_migrate import upgrade

    from app import create_app
    from app.assessment.models import AREA, COMPONENT, CONFIRMED, CRITERION, IndexCriterion, IndexLink, IndexYear
    from app.extensions import db
    from app.progress.models import Evidence
    from app.storage import storage
    from app.transactions import transaction

    app = create_app({**app_config(folder), "SQLITE_SYNCHRONOUS": "OFF"})
    app.instance_path = folder
    rng = random.Random(27)
    total = 0
    with app.app_context():
        upgrade()
        with transaction():
            office, entry = one_task_department(
                {"name": "Văn phòng Sở", "short_name": "VP", "kind": "van_phong"}, ["office", "staff"],
                "Kế hoạch CCHC năm 2026", 1, "Chỉ đạo, điều hành CCHC", entry_status="approved")
            index_year = IndexYear(year=2026, title="Bộ Chỉ số CCHC năm 2026 (đo hiệu năng)")
            db.session.add(index_year)
            leaves, position = [], 0
            for a in range(1, 9):
                area = IndexCriterion(index_year=index_year, level=AREA, code=str(a), title=f"Lĩnh vực {a}",
                                      max_score=12, position=(position := position + 1))
                db.session.add(area)
                for c in range(1, 5):
                    criterion = IndexCriterion(index_year=index_year, parent=area, level=CRITERION,
                                               code=f"{a}.{c}", title=f"Tiêu chí {a}.{c}", max_score=3,
                                               position=(position := position + 1))
                    db.session.add(criterion)
                    for k in range(1, 4):
                        leaves.append(IndexCriterion(index_year=index_year, parent=criterion, level=COMPONENT,
                                                     code=f"{a}.{c}.{k}", title=f"Tiêu chí thành phần {a}.{c}.{k}",
                                                     max_score=1, position=(position := position + 1)))
                        db.session.add(leaves[-1])
            db.session.flush()
            store = storage()
            for i in range(files):
                size = rng.randint(20, largest_kb) * 1024
                stored = store.save(io.BytesIO(rng.randbytes(size)), suffix=".pdf")
                total += stored.size
                evidence = Evidence(entry_id=entry.id, unit_id=office.id, number=f"{i + 1}/QĐ-SCT",
                                    issued_on=date(2026, 1, 1) + timedelta(days=i % 330), issuer="Sở Công Thương",
                                    summary=f"Văn bản số {i + 1} về công tác cải cách hành chính",
                                    file_key=stored.key, original_name=f"van-ban-{i + 1}.pdf",
                                    content_type="application/pdf", size=stored.size, sha256=stored.sha256)
                db.session.add(evidence)
                db.session.flush()
                db.session.add(IndexLink(criterion_id=leaves[i % len(leaves)].id, evidence_id=evidence.id,
                                         status=CONFIRMED))
            warm = IndexYear(year=2025, title="Bộ nhỏ để khởi động")
            area = IndexCriterion(index_year=warm, level=AREA, code="1", title="Lĩnh vực 1", max_score=1)
            db.session.add_all([warm, area])
            db.session.flush()
            first = db.session.scalars(db.select(Evidence).limit(3)).all()
            db.session.add_all(IndexLink(criterion_id=area.id, evidence_id=e.id, status=CONFIRMED) for e in first)
        db.engine.dispose()
    return total


def download(session: Session, path: str, target: str) -> tuple[int, int, float]:
    """GET ``path``, 1 MB at a time, to ``target``: (status, bytes, seconds)."""
    host, port = session.base.rsplit("/", 1)[-1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=600)
    cookies = "; ".join(f"{c.name}={c.value}" for c in session.jar)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookies})
    response = connection.getresponse()
    size = 0
    with open(target, "wb") as out:
        for chunk in iter(lambda: response.read(MB), b""):
            size += len(chunk)
            out.write(chunk)
    connection.close()
    return response.status, size, time.perf_counter() - started


def check(target: str, files: int) -> str:
    """Every file of the ZIP against the manifest's SHA-256."""
    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        listed = {item["path"]: item["sha256"] for item in manifest["files"]}
        for name in archive.namelist():
            if name == "manifest.json":
                continue
            digest = hashlib.sha256()
            with archive.open(name) as member:
                for chunk in iter(lambda: member.read(MB), b""):
                    digest.update(chunk)
            if listed.get(name) != digest.hexdigest():
                return f"FAIL: {name} does not match the manifest"
        documents = len(archive.namelist()) - 2
    if documents != files or manifest["problems"]:
        return f"FAIL: {documents} documents, problems {manifest['problems'][:3]}"
    return f"ok ({documents} documents + index.xlsx, every hash recomputed)"


def main(files: int, largest_kb: int) -> int:
    if not sys.platform.startswith("linux"):
        print("Cần Linux (/proc) để đo bộ nhớ của tiến trình máy chủ.")
        return 2
    folder = tempfile.mkdtemp(prefix="cchc-bench-pack-")
    started = time.perf_counter()
    stored = build(folder, files, largest_kb)
    print(f"Built {files} files ({stored / MB:.0f} MB) in {time.perf_counter() - started:.0f} s, in {folder}.")
    server, base = start_server(folder)
    target = os.path.join(folder, "pack.zip")
    try:
        session = Session(base)
        session.login()
        status, _, _ = download(session, "/index/2025/pack.zip", target)  # loads zipfile, openpyxl...
        assert status == 200, status
        before = status_kb(server.pid, "VmRSS")
        exact = reset_peak(server.pid)
        sampler = Sampler(server.pid)
        sampler.start()
        status, size, seconds = download(session, "/index/2026/pack.zip", target)
        sampler.stop.set()
        sampler.join()
        peak = max(sampler.peak, status_kb(server.pid, "VmHWM") if exact else 0)
    finally:
        server.terminate()
        server.wait(timeout=10)
    growth = (peak - before) / 1024
    print(f"Server: waitress, 4 threads (bench/upload.py's), pid {server.pid}; memory from /proc/<pid>/status "
          f"(peak: VmHWM reset before the download{'' if exact else ' (not available)'} + 10 ms VmRSS samples).")
    print(f"Download: status {status}, {size / MB:.0f} MB in {seconds:.1f} s ({size / MB / seconds:.0f} MB/s); "
          f"RSS before {before / 1024:.1f} MB, peak {peak / 1024:.1f} MB, growth {growth:.1f} MB.")
    print(f"ZIP: {check(target, files)}.")
    shutil.rmtree(folder, ignore_errors=True)
    failed = status != 200 or growth >= LIMIT_MB
    print(f"Growth must stay below {LIMIT_MB} MB: {'FAIL' if failed else 'ok'}.")
    return 1 if failed else 0


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:3]]
    sys.exit(main(*(numbers + [2000, 200][len(numbers):])))
