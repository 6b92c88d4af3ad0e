"""Paragraphs that share their markup parsing and line breaking within one process.

A batch of personalised handouts repeats the same article paragraphs for every patient.
ReportLab parses each paragraph's markup and breaks it into lines anew every time; here
both results are remembered, keyed by the markup, the style object and the line widths,
so the second patient's handout skips the work. The paragraph objects themselves stay
fresh for every document (ReportLab keeps layout state on them), and the output is
byte-identical to an uncached render (tests compare them).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import Paragraph as _Paragraph
from reportlab.platypus.paragraph import split as split_words

from ..fonts import printable
from ..i18n.scripts import first_strong_is_rtl, visual_order
from .markup import escape
from .tagging import Node, marked, read_as
from .typeface import breaks_anywhere, needs_shaping, shaping_font

# Bounded so that a long-lived process (watch, a huge batch) does not grow with the work:
# each personalised handout adds paragraphs of its own (the patient's name, notes) that
# are never met again, so the least recently used entries go first. A few thousand hold
# every paragraph of the articles a batch prints, at a few megabytes.
MAX_ENTRIES = 2_000
_parsed: dict[tuple[str, ParagraphStyle], tuple[Any, Any]] = {}
_broken: dict[tuple[Any, ...], Any] = {}


class Paragraph(_Paragraph):
    """ReportLab's Paragraph, remembering parse and line breaks of plain `(markup, style)`
    paragraphs; the pieces ReportLab makes when it splits one across pages are ordinary.

    Text with Arabic or Hebrew is shaped by HarfBuzz (through ReportLab) and each of its
    lines drawn in bidirectional order, right to left in a right-to-left style (`rtl`,
    see `direction.py`); Chinese breaks between characters. Those are never shared: the
    common case, Latin text, stays exactly as it was."""

    _key: tuple[str, ParagraphStyle] | None = None
    _source: list[str] | None = None  # a shaped paragraph's words as written
    tag_node: Node | None = None  # untagged: an artifact

    def __init__(self, text: str, style: ParagraphStyle, *args: Any, **kwargs: Any) -> None:
        if text and not text.isascii() and (needs_shaping(text) or breaks_anywhere(text)):
            style = _for_script(style, needs_shaping(text), breaks_anywhere(text))
        if args or kwargs or style.shaping or style.wordWrap:  # no sharing
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
        if self._no_room(availHeight):  # as ReportLab's split ends, without breaking lines
            self.__dict__.pop("blPara", None)
            return []
        # Splitting edits the line pieces in place (it appends spaces to words), so the
        # paragraph that is cut up gets line breaks of its own rather than remembered ones.
        if self._key is not None and hasattr(self, "blPara"):
            self.blPara = super().breakLines(self._wrapWidths)
        words = self._source_words() if self.style.shaping else []
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.tag_node = self.tag_node
        if len(parts) == 2 and words:  # each piece reads as its share of the words
            first = sum(_word_count(line) for line in parts[0].blPara.lines)
            parts[0]._source, parts[1]._source = words[:first], words[first:]
        return parts

    def _no_room(self, height: float) -> bool:
        """Whether ReportLab's split gives nothing for want of room: no line fits, or one
        would stand alone at the foot of a page. Found by ReportLab's own sum, for the
        fixed leading every style here has, before the lines are broken again for the
        split, the costly part (a heading asks this of what follows it at a page's foot)."""
        style = self.style
        if getattr(self, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off"):
            return False
        if not self.frags:
            return False
        fitting = int(height / float(style.leading))
        orphans = getattr(self, "allowOrphans", getattr(style, "allowOrphans", 0))
        return fitting == 0 or (fitting <= 1 and not orphans)

    def _source_words(self) -> list[str]:
        """The words of a shaped paragraph as written: letters in reading order."""
        if self._source is None:
            frags = self.__dict__.get("_logical_frags", self.frags)
            self._source = split_words("".join(map(_frag_text, frags)))
        return self._source

    def _actual_text(self) -> str | None:
        """What a shaped paragraph says, line by line, for text extraction and screen
        readers: its glyphs are presentation forms in drawing order, which read back
        as other characters, backwards (mirrored brackets and all). ReportLab breaks
        lines between words only, so each line holds the next few words as written."""
        if self.blPara.kind != 1:
            return None
        words, at, lines = self._source_words(), 0, []
        for line in self.blPara.lines:
            count = _word_count(line)
            lines.append(" ".join(words[at : at + count]))
            at += count
        return " ".join(lines) if at == len(words) else None

    def draw(self) -> None:
        actual = self._actual_text() if self.style.shaping else None
        with marked(self.canv, self, self.tag_node, actual):
            super().draw()

    def breakLines(self, width: Any) -> Any:
        if self.style.shaping:
            # ReportLab replaces the frags with the shaped words it breaks; a second
            # layout (a measure, then the page) must start again from the text.
            logical = self.__dict__.setdefault("_logical_frags", self.__dict__["frags"])
            self.frags = logical
            return super().breakLines(width)
        if self._key is None:
            return super().breakLines(width)
        key = (*self._key, tuple(width) if isinstance(width, list) else width)
        lines = _recall(_broken, key)
        if lines is None:
            lines = super().breakLines(width)
            _remember(_broken, key, lines)
        return lines

    def drawPara(self, debug: int = 0) -> Any:
        if not self.style.shaping or self.blPara.kind != 1:
            return super().drawPara(debug)
        logical = self.blPara
        self.blPara = logical.clone(
            lines=[
                _in_visual_order(line, getattr(self.style, "rtl", False)) for line in logical.lines
            ]
        )
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = logical


def _in_visual_order(line: Any, rtl: bool) -> Any:
    """One laid-out line with its words in drawing order. HarfBuzz has put each word's
    letters in drawing order; the words themselves are still in reading order."""
    words: list[Any] = []
    for frag in line.words:
        if hasattr(frag, "cbDefn"):
            words.append(frag)
            continue
        words += [frag.clone(text=word) for word in str(frag.text).split(" ") if word]
    texts = [str(getattr(word, "text", "")) for word in words]
    order = visual_order(texts, rtl)
    placed = []
    for position, index in enumerate(order):
        word = words[index]
        if position and hasattr(word, "text") and not hasattr(word, "cbDefn"):
            word = word.clone(text=" " + word.text)
        placed.append(word)
    return line.clone(words=placed)


def _word_count(line: Any) -> int:
    """How many words a laid-out line holds, split as ReportLab splits them."""
    return len(split_words("".join(map(_frag_text, line.words))))


def _frag_text(frag: Any) -> str:
    if hasattr(frag, "cbDefn"):
        return ""
    return " " if getattr(frag, "lineBreak", False) else str(frag.text)


@lru_cache(maxsize=256)
def _for_script(style: ParagraphStyle, shaped: bool, cjk: bool) -> ParagraphStyle:
    """`style` shaping its text, or breaking it between characters, as the text needs."""
    changes: dict[str, Any] = {}
    if shaped:
        changes["shaping"] = 1
        changes["fontName"] = shaping_font(style.fontName)
    if cjk:
        changes["wordWrap"] = "CJK"
    variant = ParagraphStyle(f"{style.name}-script", parent=style, **changes)
    if getattr(style, "rtl", False):
        variant.rtl = True
    return variant


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


def line_width(text: str, font: str, size: float) -> float:
    """How wide `draw_line` draws `text` in `font` at `size`: measured as drawn, in the
    fallback font and shaped where the text needs it."""
    shown = printable(text)
    if shown.isascii() or not (needs_shaping(shown) or breaks_anywhere(shown)):
        return stringWidth(shown, font, size)
    line = Paragraph(escape(shown), ParagraphStyle("line", fontName=font, fontSize=size))
    line.wrap(10_000, 1_000)
    return max(line.getActualLineWidths0() or [0])


def draw_line(canvas: Any, text: str, x: float, y: float, anchor: str = "start") -> None:
    """One line of text on `canvas`, its baseline at `y`, starting, ending or centred at
    `x` (`anchor`), in the canvas's current font and colour. Latin text goes straight to
    the canvas; text needing shaping or another font is laid out as a paragraph, so it
    is shaped and ordered exactly as body text is."""
    shown = printable(text)
    if shown.isascii() or not (needs_shaping(shown) or breaks_anywhere(shown)):
        draw = {"start": canvas.drawString, "end": canvas.drawRightString}
        draw.get(anchor, canvas.drawCentredString)(x, y, shown)
        return
    size = canvas._fontsize
    style = ParagraphStyle(
        "line",
        fontName=canvas._fontname,
        fontSize=size,
        leading=size * 1.2,
        textColor=canvas._fillColorObj,
    )
    if first_strong_is_rtl(shown):
        style.rtl = True
    line = Paragraph(escape(shown), style)
    line.wrap(10_000, 1_000)
    width = max(line.getActualLineWidths0() or [0])
    left = x - {"start": 0, "end": width}.get(anchor, width / 2)
    with read_as(canvas, shown if line.style.shaping else None):  # not its drawn glyphs
        line.drawOn(canvas, left, y - 0.2 * size)
