"""Benchmark: the import review page of a long plan (issue #26 point 7).

Run on demand, not in the test suite:

    .venv/bin/python bench/import_review.py          # 300 tasks, each followed by an attribute line
    .venv/bin/python bench/import_review.py 600      # another number of tasks

It builds a migrated SQLite database in a temporary folder (12 units, the Office's
user), pastes a generated plan (areas of 30 tasks, each task followed by a
"+ Báo cáo …" line, its own row) into the importer through the real routes (Flask's test
client, CSRF on), then requests the review page several times and prints its rows,
its server time (median and best of the runs) and its weight, and the time of one
row's editor (GET .../lines/<id>?edit=1).
"""
import os
import re
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

PASSWORD = "bench-password-1"
UNITS = [("Văn phòng Sở", "VP", "van_phong"), ("Thanh tra Sở", "TTr", "thanh_tra")] + [
    (f"Phòng Chuyên môn số {n}", f"P{n}", "phong") for n in range(1, 9)] + [
    ("Trung tâm Khuyến công", "TTKC", "su_nghiep"), ("Chi cục Quản lý thị trường", "CCQLTT", "su_nghiep")]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def plan_text(tasks: int) -> str:
    lines = ["KẾ HOẠCH", "Cải cách hành chính của Sở Công Thương năm 2027", "I. MỤC ĐÍCH, YÊU CẦU",
             "1. Mục đích", "Nâng cao chất lượng phục vụ người dân, doanh nghiệp.", "II. NHIỆM VỤ TRỌNG TÂM"]
    for n in range(tasks):
        if n % 30 == 0:
            lines.append(f"{n // 30 + 1}. Nội dung cải cách số {n // 30 + 1}")
        lines.append(f"- Rà soát, đánh giá thủ tục hành chính thuộc lĩnh vực số {n + 1} và đề xuất phương án "
                     f"đơn giản hóa. Thời gian thực hiện: 30/9/2027.")
        lines.append(f"+ Báo cáo kết quả rà soát lĩnh vực số {n + 1} gửi {UNITS[n % len(UNITS)][0]}.")
    lines += ["III. TỔ CHỨC THỰC HIỆN", "Văn phòng Sở chủ trì theo dõi, đôn đốc thực hiện Kế hoạch này."]
    return "\n".join(lines)


def main(tasks: int = 300, runs: int = 7) -> None:
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.org.services import create_unit, create_user
    from app.transactions import transaction

    folder = tempfile.mkdtemp(prefix="bench-import-")
    app = create_app({"SECRET_KEY": "bench", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                      "UPLOAD_FOLDER": f"{folder}/uploads"})
    app.instance_path = folder
    with app.app_context():
        upgrade()
        with transaction():
            units = [create_unit(None, name=name, short_name=short, kind=kind) for name, short, kind in UNITS]
            create_user(None, username="vanphong", full_name="Văn phòng", unit=units[0], roles=["office"],
                        password=PASSWORD, must_change_password=False)
        db.engine.dispose()

    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"csrf_token": token, "username": "vanphong", "password": PASSWORD})
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/plans/import").text).group(1)
    response = client.post("/plans/import", data={"csrf_token": token, "text": plan_text(tasks)})
    assert response.status_code == 303, response.status_code
    url = response.headers["Location"]

    times, page = [], None
    for _ in range(runs):
        started = time.perf_counter()
        page = client.get(url)
        times.append(time.perf_counter() - started)
        assert page.status_code == 200
    rows = page.text.count('class="import-line ')
    line_id = re.search(r'<li id="line-(\d+)" class="import-line kind-task', page.text).group(1)
    editor_times = []
    for _ in range(runs):
        started = time.perf_counter()
        editor = client.get(f"{url}/lines/{line_id}?edit=1")
        editor_times.append(time.perf_counter() - started)
    if os.environ.get("BENCH_DUMP"):
        open(os.environ["BENCH_DUMP"], "w").write(page.text)
    print(f"{tasks} tasks, {rows} rows, {len(UNITS)} units")
    print(f"review page: {len(page.data) / 1024:.0f} KB, server time median {statistics.median(times) * 1000:.0f} ms,"
          f" best {min(times) * 1000:.0f} ms ({runs} runs)")
    if editor.status_code == 200:
        print(f"one row's editor: {len(editor.data) / 1024:.1f} KB, median {statistics.median(editor_times) * 1000:.0f} ms")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
