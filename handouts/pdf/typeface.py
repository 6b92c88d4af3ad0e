"""The bundled fonts registered with ReportLab, and right-to-left text in drawing order."""

from __future__ import annotations

import re
from functools import cache

from bidi import get_display
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from ..fonts import FACES, Faces, faces
from . import subsets


@cache
def register_fonts() -> Faces:
    """Register the four faces, and bold/italic as one family, once per process; every
    face embeds its subsets through the shared cache."""
    subsets.install()
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
