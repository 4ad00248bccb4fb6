"""Real documents for the import tests, built from the seed plans in tests/data/seeds/.

- ``build_docx``: a Word file made with python-docx, one paragraph per
  paragraph of the seed (its wrapped lines joined by a simple rule of this
  helper's own), headings in Word's Heading 1/2/3 styles;
- ``build_pdf``: a PDF printed by headless Chromium (the same one the browser
  tests drive), with a running header and page numbers on every page;
- ``image_pdf``: a PDF holding only a picture of text, as a scan without OCR.
"""
import html
import re
from concurrent.futures import ThreadPoolExecutor
from functools import wraps
from pathlib import Path

SEEDS = Path(__file__).parent / "data" / "seeds"
SEED_003 = "003_d958f12cb785401c.txt"
SEED_004 = "004_d4ab5904f090353d.txt"
CHROMIUM = "/usr/bin/chromium"

_HEADING = [(1, re.compile(r"^[IVX]+\.\s")), (3, re.compile(r"^\d+\.\d+\.?\s")), (2, re.compile(r"^\d+\.\s"))]
_NEW = re.compile(r"^(?:[IVX]+\.\s|\d+\.(?:\d+\.?)?\s|[a-zđ]\)\s|[-+•]\s|Căn cứ|Thực hiện Kế|Nơi nhận|Trên đây|Số:|"
                  r"KT\.|GIÁM ĐỐC|PHÓ GIÁM ĐỐC)")


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def seed_paragraphs(name: str) -> list[str]:
    """The seed's paragraphs: its wrapped lines joined (a new one at a marker, a caps line, a short line)."""
    paragraphs: list[str] = []
    previous = ""
    for raw in seed_text(name).splitlines():
        line = " ".join(raw.split())
        if not line or line.startswith("http") and " " not in line:
            continue
        new = (not paragraphs or _NEW.match(line) or _is_caps(line) != _is_caps(previous)
               or previous.endswith(":") or (len(previous) < 55 and line[:1].isupper()))
        if new:
            paragraphs.append(line)
        else:
            paragraphs[-1] += ("" if paragraphs[-1].endswith("-") and not paragraphs[-1].endswith(" -") else " ") + line
        previous = line
    return paragraphs


def build_docx(name: str, path: Path, numbered_headings: bool = True) -> Path:
    """The seed as a .docx; ``numbered_headings=False`` leaves the heading numbers to Word (not in the text)."""
    from docx import Document

    document = Document()
    for paragraph in seed_paragraphs(name):
        level = next((lvl for lvl, pattern in _HEADING if pattern.match(paragraph)), None)
        if level:
            text = paragraph if numbered_headings else re.sub(r"^[\dIVX.]+\s+", "", paragraph)
            document.add_heading(text, level=level)
        else:
            document.add_paragraph(paragraph)
    document.save(path)
    return path


def _own_thread(function):
    """Run Playwright in a thread of its own: the browser tests' session may already hold one in this process."""

    @wraps(function)
    def run(*args, **kwargs):
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return run


@_own_thread
def _print_pdf(page_html: str, path: Path, header: str = "") -> Path:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.set_content(page_html)
            options = {"path": str(path), "format": "A4",
                       "margin": {"top": "25mm", "bottom": "20mm", "left": "30mm", "right": "20mm"}}
            if header:
                options.update(display_header_footer=True,
                               header_template=f'<div style="font-size:9pt;width:100%;text-align:center">'
                                               f'{html.escape(header)}</div>',
                               footer_template='<div style="font-size:9pt;width:100%;text-align:center">'
                                               '<span class="pageNumber"></span></div>')
            page.pdf(**options)
        finally:
            browser.close()
    return path


def build_pdf(name: str, path: Path, header: str = "Sở Công Thương - Kế hoạch cải cách hành chính") -> Path:
    """The seed printed to PDF by Chromium: the text re-wrapped to the page, a header and page numbers."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in seed_paragraphs(name))
    page_html = ('<html><head><meta charset="utf-8"><style>body{font-family:"DejaVu Serif","DejaVu Sans";'
                 'font-size:13pt} p{margin:0 0 5pt}</style></head><body>' + body + "</body></html>")
    return _print_pdf(page_html, path, header)


def image_pdf(path: Path) -> Path:
    """A PDF whose only content is a picture of a plan's first lines (a scan without a text layer)."""
    import base64

    encoded = base64.b64encode(_picture_of_text()).decode()
    return _print_pdf(f'<html><body><img src="data:image/png;base64,{encoded}"></body></html>', path)


@_own_thread
def _picture_of_text() -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 700, "height": 300})
            page.set_content("<p style='font:20px DejaVu Sans'>KẾ HOẠCH Cải cách hành chính năm 2022<br>"
                             "I. MỤC TIÊU VÀ YÊU CẦU</p>")
            return page.screenshot()
        finally:
            browser.close()
