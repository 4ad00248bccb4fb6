"""Domain errors raised by services, and how a form shows them. The error pages are in app/errorpages.py."""
from collections.abc import Callable


class DomainError(Exception):
    """A rule of the domain refused the change; ``messages`` say why, in Vietnamese."""

    def __init__(self, *messages: str, fields: dict[str, str] | None = None):
        self.fields = dict(fields or {})  # form field name -> message
        self.messages = list(messages) or list(self.fields.values())
        super().__init__(*self.messages)

    @property
    def message(self) -> str:
        return " ".join(self.messages)


def attach_errors(form, exc: DomainError) -> list[str]:
    """Put a DomainError's field messages on the form; return the messages left for the top."""
    rest = [m for m in exc.messages if m not in exc.fields.values()]
    for name, message in exc.fields.items():
        field = getattr(form, name, None)
        if field is None:
            rest.append(message)
        else:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
    return rest


class EditConflict(DomainError):
    """Someone else saved the object after this form was opened."""

    def __init__(self, what: str = "Nội dung này"):
        super().__init__(
            f"{what} vừa được người khác thay đổi sau khi bạn mở biểu mẫu. "
            "Nội dung bạn nhập vẫn còn dưới đây; hãy bấm “Hủy” để xem bản mới nhất rồi sửa lại."
        )

    @staticmethod
    def check(obj, expected_version: int | None, what: str = "Nội dung này", *,
              conflict: Callable[[], DomainError] | None = None) -> None:
        """Refuse the change when ``obj`` was saved since the form read its version.

        ``expected_version`` is the version the form was opened on (None: a caller that read no form,
        such as the CLI, checks nothing). ``conflict()`` builds a richer refusal than ``what`` alone
        (who saved it, and what they wrote)."""
        if expected_version is not None and expected_version != obj.version:
            raise conflict() if conflict is not None else EditConflict(what)
