"""Markdown (CommonMark, raw HTML off) into the block model, once, for every renderer.

Beyond CommonMark: GFM pipe tables; GitHub-style alerts (a block quote whose first line
is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]`) become callouts;
and in an article, an image on a line of its own becomes a figure (the loader opens
its file).

Anything the model has no place for is kept as text where it carries words (code,
the description of an image inside a sentence) and reported as a warning, so nothing a
clinician wrote disappears without a word. Raw HTML is never interpreted: it stays
literal text.

A body is refused with a located error, before anything is rendered, when it is longer
or deeper than any handout can be: more than `MAX_BLOCKS` paragraphs, headings and list
items; lists nested more than `MAX_LIST_DEPTH` deep (markdown-it would silently drop
what lies deeper, and the renderers recurse); emphasis nested more than
`MAX_INLINE_DEPTH` deep; or a word longer than `MAX_WORD` characters (line breaking
a long word in the PDF takes time that grows with the square of its length).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..diagnostics import Diagnostics, did_you_mean
from ..model import (
    Block,
    BulletList,
    Callout,
    CalloutKind,
    DrillCards,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListItem,
    OrderedList,
    Paragraph,
    Quote,
    Strong,
    Table,
    Text,
    plain_text,
)
from ..urls import check_link
from .yamlsource import Source

DRILLS_MARKER = "<!-- drills -->"

MAX_BLOCKS = 5_000
MAX_LIST_DEPTH = 8
MAX_INLINE_DEPTH = 20
MAX_WORD = 2_000
# Wider than this, a table's columns are too narrow to read on a card or a phone.
READABLE_COLUMNS = 6
# markdown-it stops reading (dropping the rest) at block nesting level 20; a list nested
# MAX_LIST_DEPTH deep holds its text at level 2 * MAX_LIST_DEPTH + 1, quotes one each.
_DEEPEST_LEVEL = 2 * MAX_LIST_DEPTH + 1
_TEXT_BLOCKS = ("inline", "code_block", "fence")  # a paragraph's, heading's or item's text

_ALERT = re.compile(r"\[!([A-Za-z]+)\]")
_KINDS = tuple(kind.name for kind in CalloutKind)
_RAW_HTML = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)

_md = MarkdownIt("commonmark", {"html": False})
_md.enable("table")
# Keep escaped characters (`&lt;`, `\<`) apart from plain text, so that a deliberately
# escaped tag is not mistaken for raw HTML.
_md.disable("text_join")
# Let every link through so that unsafe targets are reported with their line instead of
# silently turning into text.
_md.validateLink = lambda url: True  # type: ignore[method-assign]  # markdown-it's documented hook


def parse_markdown(
    text: str, source: Source, diagnostics: Diagnostics, *, allow_marker: bool
) -> tuple[Block, ...]:
    """Parse a body; `source.line_offset` maps its lines back to the file's."""
    lines = text.split("\n")
    # A marker line must stand alone even when no blank line separates it from the text
    # around it: a heading line interrupts a paragraph or list where a plain line would not.
    markers = {n + 1 for n, line in enumerate(lines) if line.strip() == DRILLS_MARKER}
    parsed = [
        f"###### {DRILLS_MARKER}" if n + 1 in markers else line for n, line in enumerate(lines)
    ]
    tokens = _md.parse("\n".join(parsed))
    problem = _too_large(lines, tokens)
    if problem is not None:
        line, message = problem
        diagnostics.error(source.at(line), message)
        return ()
    converter = _Converter(lines, source, diagnostics, allow_marker, markers)
    return tuple(converter.blocks(iter(tokens), closing=None))


def _too_large(lines: list[str], tokens: list[Token]) -> tuple[int, str] | None:
    """(line, message) for the first limit the body exceeds, or None."""
    for number, text in enumerate(lines, 1):
        if len(text) > MAX_WORD and any(len(w) > MAX_WORD for w in re.split(r"[ \t]+", text)):
            return number, f"a word or link is longer than {MAX_WORD:,} characters"
    blocks = sum(1 for token in tokens if token.type in _TEXT_BLOCKS)
    if blocks > MAX_BLOCKS:
        return 1, (
            f"the text has {blocks:,} paragraphs, headings and list items; the limit is"
            f" {MAX_BLOCKS:,}: split it up"
        )
    for token in tokens:
        line = token.map[0] + 1 if token.map else 1
        if token.level > _DEEPEST_LEVEL:
            return line, f"lists are nested too deeply here: at most {MAX_LIST_DEPTH} levels"
        if any(child.level >= MAX_INLINE_DEPTH for child in token.children or ()):
            return line, f"emphasis is nested too deeply here: at most {MAX_INLINE_DEPTH} levels"
    return None


class _Converter:
    def __init__(
        self,
        lines: list[str],
        source: Source,
        diagnostics: Diagnostics,
        allow_marker: bool,
        markers: set[int],
    ):
        self.lines = lines
        self.markers = markers
        self.source = source
        self.diagnostics = diagnostics
        self.allow_marker = allow_marker
        self.marker_seen = False

    def blocks(self, tokens: Iterator[Token], closing: str | None) -> Iterator[Block]:
        for token in tokens:
            if token.type == closing:
                return
            line = token.map[0] + 1 if token.map else 1
            if token.type == "heading_open":
                inline = next(tokens)
                next(tokens)  # heading_close
                if line in self.markers:
                    yield from self.marker(line)
                elif plain_text(runs := self.inlines(inline)).strip():
                    yield Heading(int(token.tag[1]), runs)
                else:
                    self.warn(line, "an empty heading is left out")
            elif token.type == "paragraph_open":
                inline = next(tokens)
                next(tokens)  # paragraph_close
                figure = self.figure(inline, line)
                yield figure if figure is not None else Paragraph(self.inlines(inline))
            elif token.type == "bullet_list_open":
                if items := tuple(self.items(tokens, "bullet_list_close", line)):
                    yield BulletList(items)
            elif token.type == "ordered_list_open":
                start = int(token.attrGet("start") or 1)
                if items := tuple(self.items(tokens, "ordered_list_close", line)):
                    yield OrderedList(items, start)
            elif token.type == "blockquote_open":
                yield from self.quote(tokens, line)
            elif token.type == "table_open":
                yield self.table(tokens, line)
            elif token.type in ("code_block", "fence"):
                self.warn(
                    line,
                    "code blocks are printed as ordinary paragraphs"
                    " (a line indented by 4 spaces starts one)",
                )
                self.raw_html(token.content, line, line + token.content.count("\n"))
                yield Paragraph(_lines_as_runs(token.content.rstrip("\n")))
            elif token.type == "hr":
                self.warn(line, "horizontal rules are not printed")
            else:  # pragma: no cover - the commonmark preset with html off yields no others
                self.warn(line, f"unsupported Markdown ({token.type}) left out")

    def marker(self, line: int) -> Iterator[Block]:
        if not self.allow_marker:
            self.error(line, f"'{DRILLS_MARKER}' can only be used in an article")
        elif self.marker_seen:
            self.error(line, f"'{DRILLS_MARKER}' appears more than once")
        else:
            self.marker_seen = True
            yield DrillCards()

    def quote(self, tokens: Iterator[Token], line: int) -> Iterator[Block]:
        """A block quote, or a callout when its first line is an alert like `[!NOTE]`."""
        kind = None
        first = [next(tokens)]  # the quote's first token, and its text if a paragraph
        if first[0].type == "paragraph_open":
            inline = next(tokens)
            first.append(inline)
            kind = self.alert(inline, line)
            children = inline.children or []
            rest = next((n for n, c in enumerate(children) if c.type == "softbreak"), None)
            if kind is not None and rest is not None:  # the text after the alert's line
                inline.children = children[rest + 1 :]
            elif kind is not None:  # the alert alone: its paragraph is empty
                next(tokens)  # paragraph_close
                first = []
        # itertools' chain, not a generator: closing that would close `tokens` too
        blocks = tuple(self.blocks(chain(first, tokens), "blockquote_close"))
        if not blocks:
            self.warn(line, "an empty " + ("callout" if kind else "quote") + " is left out")
        elif kind is None:
            yield Quote(blocks)
        else:
            yield Callout(kind, blocks)

    def alert(self, inline: Token, line: int) -> CalloutKind | None:
        """The callout a quote's first line names (`[!WARNING]`), if it names one."""
        children = inline.children or []
        match = _ALERT.fullmatch(children[0].content) if children else None
        if match is None or children[0].type != "text":
            return None
        name = match.group(1).upper()
        if name in _KINDS:
            return CalloutKind[name]
        self.error(
            line,
            f"unknown callout '[!{match.group(1)}]'"
            + (did_you_mean(name, _KINDS) or f" (use one of: {', '.join(_KINDS)})"),
        )
        return CalloutKind.NOTE  # read on, so one run reports what else is wrong

    def table(self, tokens: Iterator[Token], line: int) -> Table:
        """A pipe table; markdown-it fills or cuts every row to the header's width."""
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        cells: list[tuple[Inline, ...]] = []
        for token in tokens:
            if token.type == "table_close":
                break
            if token.type == "inline":
                cells.append(self.inlines(token))
            elif token.type == "tr_close":
                rows.append(tuple(cells))
                cells = []
        if len(rows[0]) > READABLE_COLUMNS:
            self.warn(
                line,
                f"the table has {len(rows[0])} columns; more than {READABLE_COLUMNS} are too"
                " narrow to read on a card or a phone: split it, or turn it into a list",
            )
        return Table(rows[0], tuple(rows[1:]))

    def figure(self, inline: Token, line: int) -> Figure | None:
        """An article's paragraph holding one image and nothing else, as a figure."""
        children = [
            c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())
        ]
        if not self.allow_marker or len(children) != 1 or children[0].type != "image":
            return None
        image = children[0]
        src = str(image.attrGet("src") or "")
        where = self.line_of(src, line, inline.map[1] if inline.map else line)
        described = _merge(self._runs(iter(image.children or []), None, line, line))
        alt = " ".join(plain_text(described).split())
        if not alt:
            self.error(
                where,
                f"the image '{_clip(src)}' needs a description of what it shows, for"
                " readers who cannot see it: ![a person doing a calf stretch](…)",
            )
        caption = " ".join(str(image.attrGet("title") or "").split()) or None
        return Figure(src, alt, caption, where + self.source.line_offset)

    def items(self, tokens: Iterator[Token], closing: str, line: int) -> Iterator[ListItem]:
        """The list's items; an empty one (a lone `-` or `1.`) has nothing to print."""
        for token in tokens:
            if token.type == closing:
                return
            if token.type == "list_item_open":
                item_line = token.map[0] + 1 if token.map else line
                if blocks := tuple(self.blocks(tokens, "list_item_close")):
                    yield ListItem(blocks)
                else:
                    self.warn(item_line, "an empty list item is left out")

    def inlines(self, token: Token) -> tuple[Inline, ...]:
        first, last = (token.map[0] + 1, token.map[1]) if token.map else (1, 1)
        self.raw_html_in(token.children or [], first, last)
        return _merge(self._runs(iter(token.children or []), None, first, last))

    def _runs(
        self, children: Iterator[Token], closing: str | None, first: int, last: int
    ) -> Iterator[Inline]:
        for child in children:
            kind = child.type
            if kind == closing:
                return
            if kind in ("text", "text_special"):
                yield Text(child.content)
            elif kind == "softbreak":
                yield Text(" ")
            elif kind == "hardbreak":
                yield LineBreak()
            elif kind == "code_inline":
                yield Text(child.content)
            elif kind == "strong_open":
                yield Strong(_merge(self._runs(children, "strong_close", first, last)))
            elif kind == "em_open":
                yield Emphasis(_merge(self._runs(children, "em_close", first, last)))
            elif kind == "link_open":
                url = str(child.attrGet("href") or "")
                inner = _merge(self._runs(children, "link_close", first, last))
                line = self.line_of(url, first, last)
                problem = check_link(url)
                if problem:
                    self.error(line, problem)
                    yield from inner
                else:
                    yield Link(url, inner)
            elif kind == "image":
                line = self.line_of(str(child.attrGet("src") or ""), first, last)
                self.warn(
                    line,
                    (
                        "an image inside a sentence is not shown: put it on a line of its own"
                        if self.allow_marker
                        else "images in a drill's steps are not shown (use the drill's 'image')"
                    )
                    + "; its description is printed instead",
                )
                yield Text(child.content)
            else:  # pragma: no cover - html_inline is off; entities arrive as text
                yield Text(child.content)

    def raw_html_in(self, children: list[Token], first: int, last: int) -> None:
        for child in children:
            if child.type == "text":
                line = self.line_of(child.content, first, last)
                self.raw_html(child.content, line, line)

    def raw_html(self, text: str, first: int, last: int) -> None:
        """One warning per line that holds tags, naming them, so the fix is easy to find."""
        by_line: dict[int, list[str]] = {}
        for match in _RAW_HTML.finditer(text):
            tag = match.group(0)
            if tag.strip() != DRILLS_MARKER:
                by_line.setdefault(self.line_of(tag, first, last), []).append(_clip(tag))
        for line, tags in by_line.items():
            shown = ", ".join(f"'{tag}'" for tag in dict.fromkeys(tags))
            self.warn(line, f"raw HTML is not interpreted: {shown} prints as text")

    def line_of(self, needle: str, first: int, last: int) -> int:
        """The first line in [first, last] holding `needle`; the block's line otherwise."""
        for number in range(first, min(last, len(self.lines)) + 1):
            if needle and needle in self.lines[number - 1]:
                return number
        return first

    def warn(self, line: int, message: str) -> None:
        self.diagnostics.warning(self.source.at(line), message)

    def error(self, line: int, message: str) -> None:
        self.diagnostics.error(self.source.at(line), message)


def _lines_as_runs(text: str) -> tuple[Inline, ...]:
    runs: list[Inline] = []
    for index, line in enumerate(text.split("\n")):
        if index:
            runs.append(LineBreak())
        if line:
            runs.append(Text(line))
    return tuple(runs)


def _merge(runs: Iterator[Inline]) -> tuple[Inline, ...]:
    """Join neighbouring text runs, which markdown-it splits at every special character."""
    merged: list[Inline] = []
    for run in runs:
        if isinstance(run, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + run.text)
        else:
            merged.append(run)
    return tuple(merged)


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def well_formed(blocks: object, *, allow_marker: bool) -> bool:
    """Whether `blocks` is a body that `parse_markdown` could have given: the model's
    classes where it puts them, with values of their types, within the limits above
    (except the word length), and every link one that `check_link` lets through.

    Bodies parsed by an earlier build are kept in the out folder, which anyone who can
    write there can change; they are used only when they pass this, so such a file can
    put nothing into an output that the source text could not.
    """
    shape = _Shape(allow_marker)
    try:
        return shape.blocks(blocks, 1) and shape.count <= MAX_BLOCKS
    except (AttributeError, RecursionError):  # an object missing a field; absurd nesting
        return False


class _Shape:
    def __init__(self, allow_marker: bool):
        self.markers_left = 1 if allow_marker else 0
        self.figures = allow_marker  # only an article's text holds figures
        self.count = 0  # paragraphs and headings: never more than `_too_large` counts
        self.quoted = 0  # quotes and callouts around the block being looked at

    def blocks(self, blocks: object, depth: int) -> bool:
        return isinstance(blocks, tuple) and all(self.block(b, depth) for b in blocks)

    def block(self, block: object, depth: int) -> bool:
        match block:
            case Heading(level, children):
                self.count += 1
                return _whole(level, 1, 6) and self.inlines(children, 1)
            case Paragraph(children):
                self.count += 1
                return self.inlines(children, 1)
            case BulletList(items) | OrderedList(items):
                start = block.start if isinstance(block, OrderedList) else 1
                return (
                    depth <= MAX_LIST_DEPTH
                    and _whole(start, 0, 999_999_999)
                    and isinstance(items, tuple)
                    and bool(items)
                    and all(self.item(item, depth) for item in items)
                )
            case DrillCards():
                self.markers_left -= 1
                return depth == 1 and not self.quoted and self.markers_left >= 0
            case Quote(blocks) | Callout(_, blocks):
                kind = block.kind if isinstance(block, Callout) else CalloutKind.NOTE
                self.quoted += 1
                shaped = (
                    isinstance(kind, CalloutKind)
                    and self.quoted <= _DEEPEST_LEVEL
                    and bool(blocks)
                    and self.blocks(blocks, depth)
                )
                self.quoted -= 1
                return shaped
            case Table(header, rows):
                cells = [header, *rows] if isinstance(rows, tuple) else []
                self.count += sum(len(row) for row in cells if isinstance(row, tuple))
                return (
                    bool(cells)
                    and isinstance(header, tuple)
                    and bool(header)
                    and all(
                        isinstance(row, tuple)
                        and len(row) == len(header)
                        and all(self.inlines(cell, 1) for cell in row)
                        for row in cells
                    )
                )
            case Figure(src, alt, caption, line, picture):
                self.count += 1
                return (
                    self.figures
                    and all(isinstance(text, str) for text in (src, alt))
                    and (caption is None or isinstance(caption, str))
                    and _whole(line, 1, 10_000_000)
                    and picture is None
                )
            case _:
                return False

    def item(self, item: object, depth: int) -> bool:
        blocks = item.blocks if isinstance(item, ListItem) else None
        return bool(blocks) and self.blocks(blocks, depth + 1)

    def inlines(self, runs: object, depth: int) -> bool:
        return (
            isinstance(runs, tuple)
            and depth <= MAX_INLINE_DEPTH
            and all(self.inline(run, depth) for run in runs)
        )

    def inline(self, run: object, depth: int) -> bool:
        match run:
            case Text(text):
                # No word limit here: the parser's applies to source words, and a parsed
                # run may join several (a code span between two words).
                return isinstance(text, str)
            case LineBreak():
                return True
            case Strong(children) | Emphasis(children):
                return self.inlines(children, depth + 1)
            case Link(url, children):
                return (
                    isinstance(url, str)
                    and check_link(url) is None
                    and self.inlines(children, depth + 1)
                )
            case _:
                return False


def _whole(value: object, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high
