"""The forms of an HTML page as a browser would send them (standard library only: the durability
harness, which drives a real server, uses it too)."""
import json
from html.parser import HTMLParser


class _FormParser(HTMLParser):
    """Each <form> (or element with hx-post) of a page: its target URL and its fields' values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._stack: list[list[tuple[str, str]]] = []
        self._textarea: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._select_multiple = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            fields: list[tuple[str, str]] = []
            self.forms.append((a.get("hx-post") or a.get("action") or "", fields))
            self._stack.append(fields)
            return
        if not self._stack:
            if a.get("hx-post"):  # a lone button posting on its own (move, delete, …)
                self.forms.append((a["hx-post"], [(k, v) for k, v in _hx_vals(a.get("hx-vals"))]))
            return
        fields = self._stack[-1]
        if tag == "button" and a.get("hx-post"):  # a button posting its form elsewhere ("Gửi duyệt")
            self.forms.append((a["hx-post"], fields))
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file", "reset"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append((name, a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = (name, [])
        elif tag == "select" and name:
            self._select, self._options, self._select_multiple = name, [], "multiple" in a
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "button" and name and a.get("value") is not None:
            fields.append((name, a["value"]))

    def handle_endtag(self, tag):
        if tag == "form" and self._stack:
            self._stack.pop()
        elif tag == "textarea" and self._textarea and self._stack:
            text = "".join(self._textarea[1])  # a browser drops the newline that opens a textarea
            self._stack[-1].append((self._textarea[0], text[2:] if text.startswith("\r\n") else text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select and self._stack:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options and not self._select_multiple:
                chosen = [self._options[0][0]]  # the browser sends the first option when none is selected
            self._stack[-1].extend((self._select, value) for value in chosen)
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1].append(data)


def forms_of(page: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(the URL it posts to, its fields as a browser sends them) of each form of ``page``; a button
    that posts its form to its own URL (hx-post) counts as a form of its own."""
    parser = _FormParser()
    parser.feed(page)
    return parser.forms


def _hx_vals(raw):
    try:
        return json.loads(raw).items() if raw else []
    except ValueError:
        return []
