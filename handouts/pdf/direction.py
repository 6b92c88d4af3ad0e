"""Right-to-left documents: the same styles, aligned to the right and ordering each
line's words right to left (paragraph.py reads `rtl`). The layout mirrors where the eye
starts: lists carry their bullets on the right, a card's number and a handout's QR code
swap sides."""

from __future__ import annotations

from dataclasses import fields, replace
from functools import cache
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .style import Styles
from .tagging import InReadingOrder


@cache
def right_to_left(styles: Styles) -> Styles:
    """`styles` for a right-to-left language: left-aligned text aligns right."""
    changed = {}
    for field in fields(styles):
        style = getattr(styles, field.name)
        if isinstance(style, ParagraphStyle):
            alignment = TA_RIGHT if style.alignment == TA_LEFT else style.alignment
            mirrored = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=alignment)
            mirrored.rtl = True
            changed[field.name] = mirrored
    return replace(styles, **changed)


def is_rtl(styles: Styles) -> bool:
    return bool(getattr(styles.body, "rtl", False))


_SWAPPED = {
    "LEFTPADDING": "RIGHTPADDING",
    "RIGHTPADDING": "LEFTPADDING",
    "LINEBEFORE": "LINEAFTER",
    "LINEAFTER": "LINEBEFORE",
}


def mirrored_row(
    cells: list[Any], widths: list[float], commands: tuple[tuple, ...], rtl: bool
) -> tuple[list[Any], list[float], tuple[tuple, ...]]:
    """A one-row table's cells, column widths and style commands, right to left when
    `rtl`: the first column goes to the right, and so do its paddings and rules; the
    structure still reads the cells first to last."""
    if not rtl:
        return cells, widths, commands
    count = len(widths)

    def flip(column: int) -> int:
        return count - 1 - (column if column >= 0 else count + column)

    out = []
    for name, start, end, *rest in commands:
        first, last = sorted((flip(start[0]), flip(end[0])))
        out.append((_SWAPPED.get(name, name), (first, start[1]), (last, end[1]), *rest))
    return InReadingOrder.marks(cells[::-1]), widths[::-1], tuple(out)
