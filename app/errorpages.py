"""The error pages (in Vietnamese, in the app's layout) and the handlers that answer with them."""
from flask import current_app, render_template
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from .extensions import db, login_manager
from .formatting import vn_number
from .htmx import is_htmx
from .sqlite_writes import ServerBusy, is_database_locked, refuse_write

ERROR_TEXT = {
    400: ("Yêu cầu không hợp lệ", "Yêu cầu gửi lên không đúng. Vui lòng tải lại trang và thử lại."),
    403: ("Không có quyền truy cập", "Bạn không có quyền thực hiện thao tác này hoặc xem trang này."),
    404: ("Không tìm thấy", "Trang hoặc dữ liệu bạn tìm không tồn tại hoặc đã bị xóa."),
    405: ("Thao tác không được hỗ trợ", "Trang này không hỗ trợ thao tác vừa gửi."),
    409: ("Dữ liệu vừa thay đổi", "Dữ liệu này vừa được người khác thay đổi cùng lúc nên thay đổi của bạn "
                                  "chưa được lưu. Vui lòng tải lại trang, xem bản mới nhất rồi làm lại."),
    413: ("Tệp quá lớn", "Tệp hoặc dữ liệu gửi lên vượt quá dung lượng cho phép."),
    503: ("Máy chủ đang bận", "Máy chủ đang xử lý nhiều yêu cầu nên thay đổi của bạn chưa được lưu. "
                              "Vui lòng thử lại sau ít phút."),
    500: ("Lỗi hệ thống", "Đã có lỗi xảy ra phía máy chủ. Dữ liệu trước đó không bị thay đổi. "
                          "Vui lòng thử lại; nếu lỗi còn xảy ra, hãy báo cho quản trị hệ thống."),
}


def render_error(code: int, message: str | None = None):
    title, text = ERROR_TEXT.get(code, ERROR_TEXT[500])
    text = message or text
    if is_htmx():
        return render_template("errors/_message.html", title=title, text=text), code
    return render_template("errors/error.html", code=code, title=title, text=text), code


def request_too_large_text() -> str:
    """What a request beyond MAX_CONTENT_LENGTH is told (a single evidence file gets its own message first)."""
    mb = 1024 * 1024
    limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) / mb
    per_file = current_app.config.get("EVIDENCE_MAX_MB")
    text = f"Dữ liệu gửi lên vượt quá {limit:.0f} MB cho một lần tải."
    if per_file:
        text += f" Mỗi tệp tối đa {vn_number(float(per_file))} MB; khi chọn nhiều tệp lớn, hãy tải lên từng tệp một."
    return text


def csrf_error(e):
    """A write without a valid CSRF token (the login page's own answer is auth's, in org/auth.py)."""
    if not current_user.is_authenticated:
        # The session ran out (its CSRF token with it): ask to log in again.
        return login_manager.unauthorized()
    return render_error(
        400, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang rồi thử lại."
    )


def init_app(app) -> None:
    for code in ERROR_TEXT:
        if code not in (413, 500):
            app.register_error_handler(code, lambda e, code=code: render_error(code))

    @app.errorhandler(413)
    def request_too_large(e):
        return render_error(413, request_too_large_text())

    @app.errorhandler(500)
    def server_error(e):
        # Flask has logged the exception; the failed transaction must not leak into the page.
        db.session.rollback()
        return render_error(500)

    @app.errorhandler(ServerBusy)
    def busy(e):
        db.session.rollback()
        return render_error(503)

    @app.errorhandler(OperationalError)
    def database_error(e):
        """SQLite's "database is locked" (a command held the write lock past the busy timeout) is the
        server being busy: 503, the transaction rolled back. Any other database error stays a 500."""
        if not is_database_locked(e):
            raise e
        db.session.rollback()
        refuse_write()
        return render_error(503)

    @app.errorhandler(StaleDataError)
    def changed_meanwhile(e):
        # The version column refused an update over someone else's (the services check the version
        # first; this is the database's own check, e.g. two requests at once on PostgreSQL).
        db.session.rollback()
        return render_error(409)

    app.register_error_handler(CSRFError, csrf_error)
