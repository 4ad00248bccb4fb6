"""Paragraphs rebuilt from extracted lines, each with its numbering.

A PDF (or text copied from one) breaks every paragraph into lines of the page
width; a heading may be split over two lines, and a line may even begin with
what looks like a marker ("kinh tế - xã hội" wrapped before the dash).
``build_paragraphs`` joins lines back with the rules a reader uses: a new
paragraph starts at a numbering marker, at a known opening word ("Căn cứ",
"Nơi nhận"), where capitals start or stop, after a sentence's end followed by
a capital, or after a short line; a line starting in lower case continues
the one before. A .docx gives true paragraphs: only a paragraph that visibly
breaks a sentence is joined to the next.

Numbering styles: I. II. (roman) / 1. 2. (arabic) / 1.1. 2.2 (decimal) /
a) b) (letter) / - – (dash) / + (plus) / • ● ▪ (bullet).
"""
import re
from dataclasses import dataclass, field

from ...documents.ocr import roman_marker

@dataclass
class RawLine:
    """One line as extracted, before paragraphs are rebuilt."""

    no: int  # 1-based, as the review page shows it beside the result
    text: str  # cleaned (see text.clean_line)
    raw: str = ""
    style_level: int | None = None  # .docx heading style: Heading 1 → 1, ...
    paragraph_start: bool = False  # the format says a new paragraph starts here (.docx)
    warning: str | None = None



ROMAN, ARABIC, DECIMAL, LETTER, DASH, PLUS, BULLET, PLAIN = (
    "roman", "arabic", "decimal", "letter", "dash", "plus", "bullet", "plain")

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_MARKERS = [
    (ROMAN, re.compile(r"^(?P<m>[IVXL]{1,6})\s*[.)/:-]\s*(?P<t>\S.*)$")),
    (DECIMAL, re.compile(r"^(?P<m>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\)?\s+(?P<t>\S.*)$")),
    (ARABIC, re.compile(r"^(?P<m>\d{1,2})\s*[.)/]\s+(?P<t>\S.*)$")),
    (LETTER, re.compile(r"^(?P<m>[a-zđ])\)\s*(?P<t>\S.*)$")),
    (LETTER, re.compile(r"^(?P<m>[a-zđ])\.\s+(?P<t>[A-ZĐÀ-Ỹ].*)$")),
    (DASH, re.compile(r"^(?P<m>[-–—])\s*(?P<t>\S.*)$")),
    (PLUS, re.compile(r"^(?P<m>\+)\s*(?P<t>\S.*)$")),
    (BULLET, re.compile(r"^(?P<m>[•●▪■◆♦·*◦○])\s*(?P<t>\S.*)$")),
]
# Lines opening with these always start a new paragraph ...
_HARD_STARTERS = re.compile(r"^(?:Nơi nhận|Trên đây|Kính gửi|Số\s*:|KT\.|TM\.|Q\.|TL\.|\((?:Ban hành )?[Kk]èm theo)")
# ... and these too, except inside a list item, where they may just begin a wrapped sentence.
_SOFT_STARTERS = re.compile(r"^(?:Căn cứ|Thực hiện|Xét)\b")
_TERMINAL = re.compile(r"[.:;!?][\"”’)\]]*$")


def roman_value(text: str) -> int | None:
    """"IV" → 4; None when ``text`` is not a well-formed roman numeral up to 50."""
    total, prev = 0, 0
    for ch in reversed(text):
        value = _ROMAN_VALUES.get(ch)
        if value is None:
            return None
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    canonical = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X"}
    if total <= 10 and canonical.get(total) != text:
        return None
    return total if 0 < total <= 50 else None


def parse_marker(text: str) -> tuple[str, str, str]:
    """(style, marker, text after it); style PLAIN and marker "" when the line has none."""
    text = roman_marker(text)  # "Il. MỤC ĐÍCH" as OCR reads "II."
    for style, pattern in _MARKERS:
        match = pattern.match(text)
        if not match:
            continue
        marker, rest = match.group("m"), match.group("t").strip()
        if style == ROMAN and roman_value(marker) is None:
            continue
        if style in (ROMAN, ARABIC, DECIMAL) and not (rest[:1].isupper() or rest[:1].isdigit()):
            continue  # "2. được …" is a wrapped sentence, not a heading
        return style, marker, rest
    return PLAIN, "", text


def is_caps(text: str) -> bool:
    """A line in capitals with at least two words ("KẾ HOẠCH", "II. NỘI DUNG …")."""
    letters = [ch for ch in text if ch.isalpha()]
    words = [w for w in re.split(r"\W+", text) if len(w) >= 2 and any(c.isalpha() for c in w)]
    return len(letters) >= 4 and len(words) >= 2 and all(ch.isupper() for ch in letters)


@dataclass
class Paragraph:
    style: str
    marker: str
    text: str
    lines: list[RawLine] = field(default_factory=list)
    style_level: int | None = None

    @property
    def numbered(self) -> bool:
        return self.style in (ROMAN, ARABIC, DECIMAL, LETTER)

    @property
    def source(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def first_no(self) -> int:
        return self.lines[0].no if self.lines else 0

    @property
    def warnings(self) -> list[str]:
        return list(dict.fromkeys(line.warning for line in self.lines if line.warning))

    def append(self, line: RawLine) -> None:
        if self.text.endswith("-") and len(self.text) > 1 and not self.text[-2].isspace():
            self.text += line.text  # "45-" + "NQ/TW" → "45-NQ/TW"
        else:
            self.text = f"{self.text} {line.text}" if self.text else line.text
        self.lines.append(line)


def typical_width(lines: list[RawLine]) -> int:
    """The length of a full line in this document (80th percentile), for the short-line rule."""
    lengths = sorted(len(line.text) for line in lines)
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.8))]


def _starts_lower(text: str) -> bool:
    first = next((ch for ch in text if ch.isalnum()), "")
    return first.isalpha() and first.islower()


def _continues(par: Paragraph, line: RawLine, style: str, rest: str, width: int) -> bool:
    """Does ``line`` continue paragraph ``par`` (in a format that wraps paragraphs into lines)?"""
    last = par.lines[-1].text
    ends_sentence = bool(_TERMINAL.search(last))
    short = len(last) < 0.6 * width
    if style != PLAIN:
        # "kinh tế\n- xã hội": a dash before a lower-case word inside an unfinished sentence
        return style == DASH and _starts_lower(rest) and not ends_sentence
    if _HARD_STARTERS.match(line.text):
        return False
    if is_caps(line.text) != is_caps(par.text) and (is_caps(line.text) or is_caps(last)):
        return False
    if _starts_lower(line.text):
        return True
    if par.style in (DASH, PLUS, BULLET, LETTER):
        # A list item runs on until the next marker: its sentences may end at a line's end.
        return not (short and (ends_sentence or par.style == LETTER))
    if _SOFT_STARTERS.match(line.text) or ends_sentence:
        return False
    return not short


def build_paragraphs(lines: list[RawLine], paragraphs_given: bool = False) -> list[Paragraph]:
    """Join extracted lines into paragraphs and read each one's numbering."""
    width = typical_width(lines)
    paragraphs: list[Paragraph] = []
    for line in lines:
        style, marker, rest = parse_marker(line.text)
        if paragraphs:
            par = paragraphs[-1]
            if paragraphs_given:
                join = (style == PLAIN and line.style_level is None and par.style_level is None
                        and _starts_lower(line.text) and not _TERMINAL.search(par.lines[-1].text))
            else:
                join = _continues(par, line, style, rest, width)
            if join:
                par.append(line)
                continue
        text = rest if style != PLAIN else line.text
        paragraphs.append(Paragraph(style=style, marker=marker, text="", style_level=line.style_level))
        paragraphs[-1].append(RawLine(no=line.no, text=text, raw=line.raw, style_level=line.style_level,
                                      warning=line.warning))
        paragraphs[-1].lines[-1] = line
    return paragraphs
