"""Small real PDF documents with a proper Vietnamese administrative header, for the demo data
(evidence files) and the tests.

The layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I: on the left the governing
and issuing bodies and the number, on the right the national motto and the place
and date, then the kind of document and its title, centred. The text is real
text (an embedded TrueType font with Vietnamese: DejaVu Serif, vendored in
``fonts/`` so nothing depends on the machine's fonts), so the app's header
reader (app/documents/header.py) can read it back.
"""
import io
import os
from datetime import date

FONT_DIR = os.path.join(os.path.dirname(__file__), "fonts")
FONTS = {"regular": ("DemoSerif", "DejaVuSerif.ttf"), "bold": ("DemoSerif-Bold", "DejaVuSerif-Bold.ttf"),
         "italic": ("DemoSerif-Italic", "DejaVuSerif-Italic.ttf")}
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"


def _register_fonts() -> dict[str, str]:
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415  (reportlab: the demo's PDFs only)
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415  (reportlab)

    names = {}
    for style, (name, filename) in FONTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, os.path.join(FONT_DIR, filename)))
        names[style] = name
    return names


def place_and_date(place: str, issued_on: date | None) -> str:
    """"Đồng Nai, ngày 05 tháng 02 năm 2026": a day below 10 and the months 1 and 2 padded (NĐ 30/2020)."""
    if issued_on is None:
        return f"{place}, ngày      tháng      năm"
    month = f"{issued_on.month:02d}" if issued_on.month <= 2 else str(issued_on.month)
    return f"{place}, ngày {issued_on.day:02d} tháng {month} năm {issued_on.year}"


def make_demo_pdf(number: str, issued_on: date | None, issuer: str, kind_title: str, summary: str,
                  body: str | list[str] = "", *, governing_body: str = "UBND tỉnh Đồng Nai",
                  place: str = "Đồng Nai") -> bytes:
    """A one-page (or longer) A4 PDF: header, "QUYẾT ĐỊNH"/"KẾ HOẠCH"/... with its title, the body.

    ``number`` is the full số ký hiệu ("125/QĐ-SCT"), ``issuer`` the issuing body as written in a
    sentence ("Sở Công Thương"), ``kind_title`` the kind in capitals, ``summary`` the trích yếu,
    ``body`` paragraphs (a string with one paragraph per line, or a list)."""
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415  (reportlab: the demo's PDFs only)
    from reportlab.lib.units import mm  # noqa: PLC0415  (reportlab)
    from reportlab.lib.utils import simpleSplit  # noqa: PLC0415  (reportlab)
    from reportlab.pdfgen import canvas  # noqa: PLC0415  (reportlab)

    fonts = _register_fonts()
    out = io.BytesIO()
    page_w, page_h = A4
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{kind_title.capitalize()} {number}".strip())
    pdf.setAuthor(issuer)
    # Centres of the header columns (left 30-95 mm, right 95-195 mm). DejaVu is wider than the
    # Times New Roman offices use, so the header runs a point smaller than NĐ 30/2020 asks.
    left_x, right_x = 62 * mm, 145 * mm
    y = page_h - 22 * mm

    def centred(text, x, size, style="regular"):
        pdf.setFont(fonts[style], size)
        pdf.drawCentredString(x, y, text)
        return pdf.stringWidth(text, fonts[style], size)

    def rule(x, width):
        pdf.setLineWidth(0.6)
        pdf.line(x - width / 2, y - 2.2 * mm, x + width / 2, y - 2.2 * mm)

    # Row by row, left column then right, as a header table is read.
    centred(governing_body.upper(), left_x, 12)
    centred(MOTTO, right_x, 10.5, "bold")
    y -= 5.5 * mm
    issuer_width = centred(issuer.upper(), left_x, 12, "bold")
    rule(left_x, min(issuer_width, 30 * mm))
    slogan_width = centred(SLOGAN, right_x, 12, "bold")
    rule(right_x, slogan_width)
    y -= 10 * mm
    centred(f"Số: {number}" if number else "Số:       /", left_x, 13)
    centred(place_and_date(place, issued_on), right_x, 12, "italic")
    y -= 14 * mm
    centred(kind_title.upper(), page_w / 2, 14, "bold")
    y -= 6.5 * mm
    width = 0
    for line in simpleSplit(summary, fonts["bold"], 14, 150 * mm):
        width = max(width, centred(line, page_w / 2, 14, "bold"))
        y -= 6.5 * mm
    y += 5 * mm
    rule(page_w / 2, min(width * 0.4, 40 * mm))
    y -= 12 * mm

    paragraphs = body if isinstance(body, list) else [p for p in (body or "").split("\n") if p.strip()]
    pdf.setFont(fonts["regular"], 13)
    left_margin, text_width = 30 * mm, page_w - 30 * mm - 20 * mm
    for paragraph in paragraphs:
        for i, line in enumerate(simpleSplit(paragraph, fonts["regular"], 13, text_width - 10 * mm)):
            if y < 25 * mm:
                pdf.showPage()
                pdf.setFont(fonts["regular"], 13)
                y = page_h - 25 * mm
            pdf.drawString(left_margin + (10 * mm if i == 0 else 0), y, line)
            y -= 6.5 * mm
        y -= 2 * mm
    pdf.showPage()
    pdf.save()
    return out.getvalue()
