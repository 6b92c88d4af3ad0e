"""The bundled DejaVu Sans family for PDFs, and what prints for characters it lacks.

PDFs embed a font shipped inside the package so a handout looks the same on every host.
A character no face of the family has would print as an empty box, so every text goes
through `printable()` first: a declared fallback replaces it (👉 → "→"), an emoji is left
out, anything else becomes U+FFFD. `glyph_warnings()` tells `check` where that happens.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from bidi import get_display
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .diagnostics import Diagnostic, Location, Severity
from .model import (
    Article,
    Block,
    BulletList,
    Drill,
    Emphasis,
    Heading,
    Inline,
    Link,
    OrderedList,
    Site,
    Strong,
)
from .model import Paragraph as ParagraphBlock
from .model import Text as TextRun


@dataclass(frozen=True)
class Faces:
    """ReportLab names of the registered family's four faces."""

    regular: str = "DejaVuSans"
    bold: str = "DejaVuSans-Bold"
    italic: str = "DejaVuSans-Oblique"
    bold_italic: str = "DejaVuSans-BoldOblique"


FACES = Faces()

# Characters the font lacks but that have an obvious printable stand-in.
FALLBACKS: dict[str, str] = {
    "👉": "→",
    "👈": "←",
    "👆": "↑",
    "👇": "↓",
    "✅": "✓",
    "❌": "✗",
    "❎": "✗",
    "⭐": "★",
    "❗": "!",
    "❓": "?",
}
# What prints for a character with no glyph, no declared fallback and no emoji nature.
REPLACEMENT = "\ufffd"

# Emoji blocks: a missing emoji is decoration, so it is left out rather than replaced.
_EMOJI_RANGES = (
    (0x1F000, 0x1FAFF),
    (0x2300, 0x23FF),
    (0x2600, 0x27BF),
    (0x2B00, 0x2BFF),
    (0xE0000, 0xE007F),  # tag sequences of flag emoji
)


@cache
def register_fonts() -> Faces:
    """Register the four faces once per process; parsing the TTFs is the costly part."""
    folder = files("handouts.fonts")
    for name in (FACES.regular, FACES.bold, FACES.italic, FACES.bold_italic):
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(
        FACES.regular,
        normal=FACES.regular,
        bold=FACES.bold,
        italic=FACES.italic,
        boldItalic=FACES.bold_italic,
    )
    for bold in (0, 1):
        for italic in (0, 1):
            face = (FACES.regular, FACES.italic, FACES.bold, FACES.bold_italic)[bold * 2 + italic]
            addMapping(FACES.regular, bold, italic, face)
    return FACES


@cache
def _covered() -> frozenset[str]:
    """Characters every face has, so bold or italic text can never hit a missing glyph.

    Characters beyond U+FFFF (the font's few emoji) count as missing: ReportLab writes
    their text mapping wrongly, so they could not be searched or copied from the PDF.
    """
    register_fonts()
    faces = (FACES.regular, FACES.bold, FACES.italic, FACES.bold_italic)
    sets = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in faces]
    return frozenset(chr(code) for code in set.intersection(*sets) if code <= 0xFFFF)


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _EMOJI_RANGES)


def _is_invisible(char: str) -> bool:
    """Joiners and variation selectors: no ink of their own, so dropping them loses nothing."""
    return unicodedata.category(char) == "Cf" or 0xFE00 <= ord(char) <= 0xFE0F


def fallback(char: str) -> str:
    """What prints for one character the font lacks ('' when it is left out)."""
    if char in FALLBACKS:
        return FALLBACKS[char]
    if _is_emoji(char) or _is_invisible(char):
        return ""
    if unicodedata.category(char) == "Zs":
        return " "
    return REPLACEMENT


def missing(text: str) -> list[str]:
    """The distinct characters of `text` the font lacks, in order of appearance."""
    covered = _covered()
    if covered.issuperset(text):
        return []
    return list(dict.fromkeys(ch for ch in text if ch not in covered))


def visual(text: str) -> str:
    """Right-to-left runs (Hebrew, Arabic) in the order they are drawn, since the PDF is
    laid out left to right; text without them is returned as it is."""
    if text.isascii() or not _RIGHT_TO_LEFT.search(text):
        return text
    return get_display(text)


# The Unicode blocks of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, …,
# their presentation forms, and the historic scripts of the supplementary planes).
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def printable(text: str) -> str:
    """`text` with every character the font lacks replaced by its fallback."""
    covered = _covered()
    if covered.issuperset(text):
        return text
    return "".join(ch if ch in covered else fallback(ch) for ch in text)


# --- check warnings ----------------------------------------------------------------------


def glyph_warnings(site: Site) -> list[Diagnostic]:
    """A warning for each content text with characters the PDF font cannot print."""
    found: list[Diagnostic] = []
    clinic = site.clinic
    booking = clinic.booking
    clinic_texts = [clinic.name, clinic.tagline, clinic.website, clinic.phone, clinic.email]
    clinic_texts += [clinic.address, booking.label, booking.headline, booking.text]
    found += _warn(site.root, clinic.source, clinic_texts)
    for article in site.articles.values():
        found += _warn(site.root, article.source, _article_texts(article))
    for drill in site.drills.values():
        found += _warn(site.root, drill.source, drill_texts(drill))
    return found


def _article_texts(article: Article) -> list[str | None]:
    texts: list[str | None] = [article.title, article.summary]
    texts += block_texts(article.body)
    return [*texts, article.cta.headline, article.cta.text]


def drill_texts(drill: Drill) -> list[str | None]:
    """Every text of a drill that reaches paper, in reading order."""
    dosage = drill.dosage
    texts: list[str | None] = [drill.name, dosage.note, dosage.frequency, drill.goal]
    return [*texts, *drill.equipment, *block_texts(drill.instructions)]


def block_texts(blocks: tuple[Block, ...]) -> list[str]:
    """The text runs (and link targets, which print too) of a block tree."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading | ParagraphBlock):
            out += _inline_texts(block.children)
        elif isinstance(block, BulletList | OrderedList):
            for item in block.items:
                out += block_texts(item.blocks)
    return out


def _inline_texts(runs: tuple[Inline, ...]) -> list[str]:
    out: list[str] = []
    for run in runs:
        if isinstance(run, TextRun):
            out.append(run.text)
        elif isinstance(run, Link):
            out += [*_inline_texts(run.children), run.url]
        elif isinstance(run, Strong | Emphasis):
            out += _inline_texts(run.children)
    return out


def _warn(root: Path, source: str, texts: list[str | None]) -> list[Diagnostic]:
    """One warning per file line holding characters the font lacks, or right-to-left text."""
    chars: list[str] = []
    rtl: list[str] = []
    for text in texts:
        if not text:
            continue
        chars += missing(text)
        rtl += [ch for ch in printable(text) if unicodedata.bidirectional(ch) in ("R", "AL")]
    if not chars and not rtl:
        return []
    lines = _lines(root / source)
    by_line: dict[int, list[str]] = {}
    for char in dict.fromkeys(chars):
        by_line.setdefault(_line_of(lines, char), []).append(char)
    found = [
        Diagnostic(
            Location(source, line),
            Severity.WARNING,
            "the PDF font has no glyph for " + _list(group),
        )
        for line, group in sorted(by_line.items())
    ]
    if rtl:
        found.append(
            Diagnostic(
                Location(source, _line_of(lines, rtl[0])),
                Severity.WARNING,
                "right-to-left text is reordered for print run by run; a right-to-left"
                " paragraph longer than a line may wrap in the wrong order",
            )
        )
    return found


def _list(chars: list[str], shown: int = 5) -> str:
    """The first few characters described; a whole foreign sentence needs no more."""
    text = ", ".join(_describe(ch) for ch in chars[:shown])
    return text + (f" and {len(chars) - shown} more" if len(chars) > shown else "")


def _describe(char: str) -> str:
    shown = fallback(char)
    what = f"prints as '{shown}'" if shown else "left out"
    return f"'{char}' (U+{ord(char):04X}, {what})"


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _line_of(lines: list[str], char: str) -> int:
    """The first file line holding `char` (1 when it is not found as written)."""
    return next((number for number, line in enumerate(lines, 1) if char in line), 1)
