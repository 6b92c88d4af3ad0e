"""The bundled fonts (see the LICENSE files), and which characters they can print.

PDFs embed fonts shipped inside the package so a handout looks the same on every host.
DejaVu Sans prints most text; a script it lacks in some face gets a fallback family
(`FALLBACKS`): Arabic from DejaVu's upright faces (its oblique ones have no Arabic),
Chinese from Droid Sans Fallback. A fallback's file is parsed only when a text needs
it, so an English build never opens one. A character no bundled font has would print as
an empty box, so every text goes through `printable()` first: a declared stand-in
replaces it (👉 → "→"), an emoji is left out, anything else becomes U+FFFD. `check`
uses `missing()` to say where that happens, without loading the PDF renderer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

from .metrics import load_font


@dataclass(frozen=True)
class Faces:
    """ReportLab names of the family's four faces (also their file names, without .ttf)."""

    regular: str = "DejaVuSans"
    bold: str = "DejaVuSans-Bold"
    italic: str = "DejaVuSans-Oblique"
    bold_italic: str = "DejaVuSans-BoldOblique"

    def all(self) -> tuple[str, str, str, str]:
        return (self.regular, self.bold, self.italic, self.bold_italic)


FACES = Faces()


@dataclass(frozen=True)
class Fallback:
    """A family for one script the main faces lack: ReportLab names of its regular and
    bold faces (italics print upright), their files, and the characters it is for."""

    name: str
    files: tuple[str, str]  # regular, bold
    ranges: tuple[tuple[int, int], ...]

    def covers(self, char: str) -> bool:
        code = ord(char)
        return any(low <= code <= high for low, high in self.ranges)

    @property
    def bold(self) -> str:
        return f"{self.name}-Bold"


FALLBACKS_BY_SCRIPT = (
    Fallback(
        "HandoutsArabic",
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ((0x0600, 0x06FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    Fallback(
        "HandoutsCJK",
        ("DroidSansFallback-GB2312.ttf", "DroidSansFallback-GB2312.ttf"),
        ((0x3000, 0x303F), (0x3400, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF)),
    ),
)

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
def faces() -> dict[str, TTFont]:
    """The four faces, loaded once per process: parsing the TTFs is the costly part, so
    what it gives is kept between runs too (`metrics`). (ReportLab reads a font from a
    file name, so the package's own folder is where they are, and `importlib.resources`
    would only add its import time.)"""
    folder = Path(__file__).parent
    return {name: load_font(name, folder / f"{name}.ttf") for name in FACES.all()}


@cache
def fallback_faces(family: Fallback) -> tuple[TTFont, TTFont]:
    """A fallback family's regular and bold faces, parsed on first use."""
    folder = Path(__file__).parent
    regular, bold = family.files
    return (load_font(family.name, folder / regular), load_font(family.bold, folder / bold))


def fallback_for(char: str) -> Fallback | None:
    """The fallback family that prints `char`, when the main faces do not and one does."""
    if char in _covered():
        return None
    for family in FALLBACKS_BY_SCRIPT:
        if family.covers(char) and char in _fallback_covered(family):
            return family
    return None


@cache
def _fallback_covered(family: Fallback) -> frozenset[str]:
    sets = [set(font.face.charToGlyph) for font in fallback_faces(family)]
    return frozenset(
        chr(code)
        for code in set.intersection(*sets)
        if any(low <= code <= high for low, high in family.ranges)
    )


def in_main_faces(text: str) -> bool:
    """Whether every character of `text` is in all four main faces: no fallback needed."""
    return _covered().issuperset(text)


def _printable_somewhere(char: str) -> bool:
    return char in _covered() or fallback_for(char) is not None


@cache
def _covered() -> frozenset[str]:
    """Characters every face has, so bold or italic text can never hit a missing glyph.

    Characters beyond U+FFFF (the font's few emoji) count as missing: ReportLab writes
    their text mapping wrongly, so they could not be searched or copied from the PDF.
    """
    sets = [set(font.face.charToGlyph) for font in faces().values()]
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
    return list(dict.fromkeys(ch for ch in text if not _printable_somewhere(ch)))


def printable(text: str) -> str:
    """`text` with every character the font lacks replaced by its fallback; where one is
    left out, the space before it goes too when punctuation follows ("done 🎉." prints
    "done.", not "done .")."""
    covered = _covered()
    if covered.issuperset(text):
        return text
    marked = "".join(
        ch if ch in covered or _printable_somewhere(ch) else fallback(ch) or _LEFT_OUT
        for ch in text
    )
    return _SPACE_LEFT_OUT.sub("", marked).replace(_LEFT_OUT, "")


_LEFT_OUT = "\0"  # marks where a character was left out, for the step that follows
_SPACE_LEFT_OUT = re.compile(rf"\s+{_LEFT_OUT}+(?=[.,;:!?)\]}}»”’]|$)")
