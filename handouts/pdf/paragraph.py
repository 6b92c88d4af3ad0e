"""Paragraphs that share their markup parsing and line breaking within one process.

A batch of personalised handouts repeats the same article paragraphs for every patient.
ReportLab parses each paragraph's markup and breaks it into lines anew every time; here
both results are remembered, keyed by the markup, the style object and the line widths,
so the second patient's handout skips the work. The paragraph objects themselves stay
fresh for every document (ReportLab keeps layout state on them), and the output is
byte-identical to an uncached render (tests compare them).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import Paragraph as _Paragraph

from .tagging import Node, marked

# Bounded so that a long-lived process (watch, a huge batch) does not grow with the work:
# each personalised handout adds paragraphs of its own (the patient's name, notes) that
# are never met again, so the least recently used entries go first. A few thousand hold
# every paragraph of the articles a batch prints, at a few megabytes.
MAX_ENTRIES = 2_000
_parsed: dict[tuple[str, ParagraphStyle], tuple[Any, Any]] = {}
_broken: dict[tuple[Any, ...], Any] = {}


class Paragraph(_Paragraph):
    """ReportLab's Paragraph, remembering parse and line breaks of plain `(markup, style)`
    paragraphs; the pieces ReportLab makes when it splits one across pages are ordinary."""

    _key: tuple[str, ParagraphStyle] | None = None
    tag_node: Node | None = None  # untagged: an artifact

    def __init__(self, text: str, style: ParagraphStyle, *args: Any, **kwargs: Any) -> None:
        if args or kwargs:  # a split-off piece, or a caller with options: no sharing
            super().__init__(text, style, *args, **kwargs)
            return
        key = (text, style)  # the style object itself: it stays alive, so no id is reused
        parsed = _recall(_parsed, key)
        if parsed is None:
            super().__init__(text, style)
            _remember(_parsed, key, (self.frags, self.bulletText))
        else:
            super().__init__(text, style, frags=parsed[0], bulletText=parsed[1])
        self._key = key

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        # Splitting edits the line pieces in place (it appends spaces to words), so the
        # paragraph that is cut up gets line breaks of its own rather than remembered ones.
        if self._key is not None and hasattr(self, "blPara"):
            self.blPara = super().breakLines(self._wrapWidths)
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.tag_node = self.tag_node
        return parts

    def draw(self) -> None:
        with marked(self.canv, self, self.tag_node):
            super().draw()

    def breakLines(self, width: Any) -> Any:
        if self._key is None:
            return super().breakLines(width)
        key = (*self._key, tuple(width) if isinstance(width, list) else width)
        lines = _recall(_broken, key)
        if lines is None:
            lines = super().breakLines(width)
            _remember(_broken, key, lines)
        return lines


def _recall(cache: dict[Any, Any], key: Any) -> Any:
    """The remembered value, now the most recently used (dicts keep insertion order)."""
    value = cache.pop(key, None)
    if value is not None:
        cache[key] = value
    return value


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    while len(cache) >= MAX_ENTRIES:
        del cache[next(iter(cache))]
    cache[key] = value


def forget() -> None:
    """Drop everything remembered (tests use it to compare with a cold render)."""
    _parsed.clear()
    _broken.clear()
