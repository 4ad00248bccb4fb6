"""Configuration read from environment variables.

``instance/config.py`` (never committed) overrides these values; every setting is described in
docs/cai-dat.md (section 4), which lists exactly these.
"""
import os
from datetime import timedelta


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalize_database_url(url: str) -> str:
    """Accept the common ``postgres://`` spellings and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-not-secret")
    # None means: SQLite file instance/app.db (set in create_app).
    SQLALCHEMY_DATABASE_URI = (
        normalize_database_url(os.environ["DATABASE_URL"]) if os.environ.get("DATABASE_URL") else None
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "10000"))
    # How long a write request may queue for its turn to write (app/sqlite_writes.py) before the
    # answer "server busy"; they are served in the order they came.
    SQLITE_WRITE_QUEUE_SECONDS = float(os.environ.get("SQLITE_WRITE_QUEUE_SECONDS", "120"))
    # SQLite reads its file through a memory map of at most this size (shared by connections and processes).
    SQLITE_MMAP_MB = int(os.environ.get("SQLITE_MMAP_MB", "256"))
    SQLITE_SYNCHRONOUS = "FULL"  # the test suite sets OFF: its databases are throwaway

    # Evidence files: each at most EVIDENCE_MAX_MB (refused beyond with a message naming the file).
    # A request is capped a little above that (MAX_UPLOAD_MB, default EVIDENCE_MAX_MB + 10: the form
    # around the file), so the per-file message wins; several files sent at once share that cap.
    EVIDENCE_MAX_MB = float(os.environ.get("EVIDENCE_MAX_MB", "50"))
    MAX_CONTENT_LENGTH = int(float(os.environ.get("MAX_UPLOAD_MB", EVIDENCE_MAX_MB + 10)) * 1024 * 1024)
    # A zip-based upload (DOCX, XLSX, ODT, ODS) may not inflate beyond this, nor (past 10 MB)
    # beyond this many times its packed size: a zip bomb is refused without extracting it.
    EVIDENCE_MAX_UNZIPPED_MB = float(os.environ.get("EVIDENCE_MAX_UNZIPPED_MB", "300"))
    EVIDENCE_MAX_ZIP_RATIO = float(os.environ.get("EVIDENCE_MAX_ZIP_RATIO", "100"))
    # Where uploaded files are kept (app/storage.py); None means instance/uploads.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER") or None

    # Plan import: the largest document accepted, and LibreOffice for .doc/.odt (looked up on PATH;
    # set to "" to turn the conversion off).
    IMPORT_MAX_MB = int(os.environ.get("IMPORT_MAX_MB", "10"))
    IMPORT_SOFFICE = os.environ.get("IMPORT_SOFFICE")  # None: "soffice" or "libreoffice" on PATH

    # Reading an uploaded document (an evidence file's header, a plan document) happens in a worker
    # process, outside the write lock, killed past these limits (app/documents/worker.py); an XML part
    # of a DOCX/XLSX/ODT larger than DOCUMENT_MAX_XML_MB is not parsed at all. LibreOffice's conversion
    # of a .doc/.odt is killed past LIBREOFFICE_SECONDS, which the worker's limit has more
    # (app/documents/libreoffice.py: no network, links not followed).
    DOCUMENT_READ_SECONDS = float(os.environ.get("DOCUMENT_READ_SECONDS", "10"))
    DOCUMENT_READ_MEMORY_MB = float(os.environ.get("DOCUMENT_READ_MEMORY_MB", "1024"))
    DOCUMENT_MAX_XML_MB = float(os.environ.get("DOCUMENT_MAX_XML_MB", "20"))
    LIBREOFFICE_SECONDS = float(os.environ.get("LIBREOFFICE_SECONDS", "60"))

    # A page may stay open all day in an office: the CSRF token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_HEADERS = ["X-CSRFToken"]
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # "Ghi nhớ đăng nhập trên máy này" lasts this long (Flask-Login's default is a year).
    REMEMBER_COOKIE_DURATION = timedelta(days=int(os.environ.get("REMEMBER_DAYS", "14")))
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_HOURS", "12")))
    # A session unused this long ends (app/org/auth.py); a remembered login comes back through its cookie.
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "120"))

    # Throttling of password guessing (app/org/signin.py): after this many wrong passwords for one
    # user name, or from one client address, within LOGIN_LOCKOUT_MINUTES, sign-in is refused for
    # the rest of that window.
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))
    LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))

    # Number of reverse proxies in front of the app (X-Forwarded-* headers trusted).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    TIMEZONE = "Asia/Ho_Chi_Minh"
    # Names used in page headers (and later in the official report header).
    ORG_NAME = os.environ.get("ORG_NAME", "Sở Công Thương")
    GOVERNING_BODY = os.environ.get("GOVERNING_BODY", "UBND tỉnh Đồng Nai")
    # The official report (Nghị định 30/2020/NĐ-CP, Phụ lục I): the governing body as printed in
    # the header, the place before the date, the signer and the recipients ("Nơi nhận").
    PROVINCE = os.environ.get("PROVINCE", "UBND TỈNH ĐỒNG NAI")
    PLACE = os.environ.get("PLACE", "Đồng Nai")
    SIGNER_TITLE_PREFIX = os.environ.get("SIGNER_TITLE_PREFIX", "KT. GIÁM ĐỐC")
    SIGNER_TITLE = os.environ.get("SIGNER_TITLE", "PHÓ GIÁM ĐỐC")
    SIGNER_NAME = os.environ.get("SIGNER_NAME", "")
    # Nơi nhận by default (each report can change it), in the usual order: the province first.
    # One recipient per item; REPORT_RECIPIENTS in the environment separates them with "|".
    REPORT_RECIPIENTS = [r.strip() for r in os.environ.get(
        "REPORT_RECIPIENTS", "UBND tỉnh (b/c)|Sở Nội vụ|Giám đốc, các PGĐ Sở|Lưu: VT, VP").split("|")
        if r.strip()]
    REPORT_NUMBER_SUFFIX = os.environ.get("REPORT_NUMBER_SUFFIX", "/BC-SCT")
    # A task with a deadline within this many days is shown as "sắp đến hạn".
    DUE_SOON_DAYS = int(os.environ.get("DUE_SOON_DAYS", "7"))
    # Rows per page of the long lists (checklist, approval queue): pages stay fast whatever the data.
    CHECKLIST_PAGE_SIZE = int(os.environ.get("CHECKLIST_PAGE_SIZE", "50"))
    APPROVAL_PAGE_SIZE = int(os.environ.get("APPROVAL_PAGE_SIZE", "30"))
    # Memory per app process for the page cache (app/pagecache.py); 0 turns it off.
    PAGE_CACHE_MB = float(os.environ.get("PAGE_CACHE_MB", "32"))

    # E-mail reminders (`flask remind`): optional; without SMTP_HOST no mail is sent and the
    # in-app notifications still work. SMTP_PORT defaults to 587 with STARTTLS, 25 without.
    SMTP_HOST = os.environ.get("SMTP_HOST", "")
    SMTP_PORT = os.environ.get("SMTP_PORT", "")
    SMTP_USER = os.environ.get("SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_STARTTLS = _env_bool("SMTP_STARTTLS")
    MAIL_FROM = os.environ.get("MAIL_FROM", "")
    # The address people open the app at: the links in e-mails are built from it.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
