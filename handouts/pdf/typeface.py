"""The bundled fonts registered with ReportLab, fallback families when a text needs one,
and text in scripts that need shaping (Arabic) or other line breaking (Chinese)."""

from __future__ import annotations

import re
from functools import cache
from itertools import groupby

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph as reportlab_paragraph

from ..fonts import (
    FACES,
    FALLBACKS_BY_SCRIPT,
    Faces,
    Fallback,
    faces,
    fallback_faces,
    fallback_for,
    in_main_faces,
)
from ..i18n.scripts import has_rtl

# The OpenType features HarfBuzz applies to shaped text, beside the forms and ligatures
# a script requires (Arabic's joining forms and lam-alef, always on). ReportLab also asks
# for standard and discretionary ligatures, which draw DejaVu's "st" with an arc and "fi"
# as one glyph: a URL in an Arabic paragraph then copies out of the PDF as "corequeﬆ".
SHAPING_FEATURES = {"kern": True, "liga": False, "dlig": False}


def _shape(word: object, features: dict[str, bool] | None = None, force: bool = False) -> object:
    return REPORTLAB_SHAPE(word, SHAPING_FEATURES if features is None else features, force)


REPORTLAB_SHAPE = ttfonts.shapeFragWord


@cache
def register_fonts() -> Faces:
    """Register the four faces, and bold/italic as one family, once per process;
    paragraphs are shaped with SHAPING_FEATURES."""
    reportlab_paragraph.shapeFragWord = _shape
    for font in faces().values():
        pdfmetrics.registerFont(font)
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
def register_fallback(family: Fallback) -> str:
    """Register a fallback family on first use (italics map to its upright faces)."""
    regular, bold = fallback_faces(family)
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    for is_bold in (0, 1):
        for italic in (0, 1):
            addMapping(family.name, is_bold, italic, family.bold if is_bold else family.name)
    return family.name


def font_runs(text: str) -> list[tuple[str | None, str]]:
    """`text` (already printable) as runs, each with the fallback family that prints it
    (None: the paragraph's own font). Arabic needs none here: a paragraph holding it is
    set in the Arabic family as a whole (`shaping_font`), so that it is shaped in one
    piece and keeps its bold."""
    if text.isascii() or in_main_faces(text):
        return [(None, text)]
    runs: list[tuple[str | None, str]] = []
    for family, chars in groupby(text, key=_run_family):
        name = register_fallback(family) if family is not None else None
        runs.append((name, "".join(chars)))
    return runs


def _run_family(char: str) -> Fallback | None:
    family = fallback_for(char)
    return None if family is None or family.name == ARABIC.name else family


ARABIC = FALLBACKS_BY_SCRIPT[0]


def shaping_font(font: str) -> str:
    """The face of the Arabic family standing in for `font` (bold for bold)."""
    register_fallback(ARABIC)
    return ARABIC.bold if font in (FACES.bold, FACES.bold_italic) else ARABIC.name


CJK = re.compile("[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def needs_shaping(text: str) -> bool:
    """Letters that join or reorder (Arabic, Hebrew): HarfBuzz shapes them."""
    return has_rtl(text)


def breaks_anywhere(text: str) -> bool:
    """Chinese (and Japanese) text: lines break between characters, not at spaces."""
    return not text.isascii() and CJK.search(text) is not None
