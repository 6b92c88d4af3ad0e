"""The article's block model as the HTML inside MJML's `<mj-text>`, escaped at this edge.

Email clients ignore or strip `<style>` unpredictably, so every element carries its
styles inline. Every piece of content (text and link targets) passes through
`markupsafe.escape` on its way in; the only markup is the fixed set of tags written
here, so text that looks like HTML, Jinja or MJML (`<script>`, `{{ 7*7 }}`, `<mj-raw>`)
reaches the reader as the characters typed. The result is `Markup`, which the
autoescaping templates insert as is.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import assert_never

from markupsafe import Markup, escape

from ..i18n import ENGLISH, Labels
from ..model import (
    Block,
    BulletList,
    Callout,
    DrillCards,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Quote,
    Strong,
    Table,
    Text,
)
from ..urls import Campaign

# Long words and URLs wrap instead of widening the message on a phone.
WRAP = "overflow-wrap:anywhere;word-break:break-word;"
HEADING_SIZES = {1: 24, 2: 21}  # px; h3 and deeper: 18
RULE = "#8A8A8A"  # a quote's rule and a table's lines: grey on white and on dark
# A cell never breaks inside a word ("anywhere" would let a narrow column break every
# word); a table whose words cannot fit the screen scrolls sideways in its own box
# (`max-width:0` keeps it from widening the message, `min-width` fills the column).
CELL = (
    f"padding:5px;border:1px solid {RULE};text-align:left;vertical-align:top;"
    "overflow-wrap:normal;word-break:normal;"
)
SCROLLER = "display:block;width:100%;max-width:0;min-width:100%;overflow-x:auto;"


@dataclass(frozen=True)
class HtmlBlocks:
    """Renders blocks and inline runs for one newsletter (its colours and campaign)."""

    link_colour: str
    heading_colour: str
    campaign: Campaign
    link_place: str = "article-link"
    # Each figure's picture (by its file) as the HTML shows it: (src, width in px).
    # (Compared, but left out of the hash, which a mapping cannot have.)
    figures: Mapping[Path, tuple[str, int]] = field(default_factory=dict, hash=False)
    labels: Labels = ENGLISH  # the words of callouts

    def blocks(self, blocks: tuple[Block, ...]) -> Markup:
        """Top-level blocks; the last has no bottom margin, so the section's padding rules.

        Kept by content (this renderer and the blocks), like the text part's."""
        return _blocks_html(self, blocks)

    def _blocks(self, blocks: tuple[Block, ...]) -> Markup:
        shown = [block for block in blocks if not isinstance(block, DrillCards)]
        last = len(shown) - 1
        return Markup("".join(self._block(b, i == 0, i == last) for i, b in enumerate(shown)))

    def inlines(self, runs: tuple[Inline, ...]) -> Markup:
        return Markup(self._inlines(runs))

    def _block(self, block: Block, first: bool = False, last: bool = False) -> str:
        bottom = "0" if last else "16px"
        match block:
            case Paragraph(children):
                return f'<p style="margin:0 0 {bottom};{WRAP}">{self._inlines(children)}</p>'
            case Heading(level, children):
                tag = f"h{min(level + 1, 4)}"  # the article's title is the message's h1
                size = HEADING_SIZES.get(level, 18)
                style = (
                    f"margin:{'0' if first else '32px'} 0 {'0' if last else '12px'};"
                    f"font-size:{size}px;line-height:1.3;font-weight:bold;"
                    f"color:{self.heading_colour};{WRAP}"
                )
                return f'<{tag} style="{style}">{self._inlines(children)}</{tag}>'
            case BulletList() | OrderedList():
                return self._list(block, "0", bottom)
            case Callout(kind, blocks):
                # The label word says what it is; the border only underlines it.
                style = (
                    f"margin:0 0 {bottom};padding:12px 16px;border:1px solid {RULE};"
                    f"border-left:6px solid {self.heading_colour};"
                )
                word = escape(self.labels(kind.value))
                label = f'<p style="margin:0 0 6px;font-weight:bold;">{word}</p>'
                return f'<div style="{style}">{label}{self.blocks(blocks)}</div>'
            case Quote(blocks):
                style = f"margin:0 0 {bottom};padding:0 0 0 16px;border-left:3px solid {RULE};"
                return f'<blockquote style="{style}">{self.blocks(blocks)}</blockquote>'
            case Table(header, rows):
                return self._table(header, rows, bottom)
            case Figure(picture=picture, alt=alt, caption=caption) if picture is not None:
                src, width = self.figures[picture.path]
                fit = f"display:block;width:100%;max-width:{width}px;height:auto;border:0;"
                image = (
                    f'<img src="{escape(src)}" alt="{escape(alt)}" width="{width}" style="{fit}" />'
                )
                words = (
                    f'<p style="margin:6px 0 0;font-size:14px;line-height:1.4;{WRAP}">'
                    f"{escape(caption)}</p>"
                    if caption
                    else ""
                )
                return f'<div style="margin:0 0 {bottom};">{image}{words}</div>'
            case Figure():  # a figure whose file did not load: its article is not built
                return ""
            case DrillCards():  # the template places the cards
                return ""
            case _:
                assert_never(block)

    def _list(self, block: BulletList | OrderedList, top: str, bottom: str) -> str:
        items = "".join(
            f'<li style="margin:0 0 6px;{WRAP}">{self._item(item.blocks)}</li>'
            for item in block.items
        )
        style = f"margin:{top} 0 {bottom};padding:0 0 0 24px;"
        if isinstance(block, OrderedList):
            start = f' start="{block.start}"' if block.start != 1 else ""
            return f'<ol{start} style="{style}">{items}</ol>'
        return f'<ul style="{style}">{items}</ul>'

    def _table(
        self,
        header: tuple[tuple[Inline, ...], ...],
        rows: tuple[tuple[tuple[Inline, ...], ...], ...],
        bottom: str,
    ) -> str:
        """A table as wide as the text, its cells wrapping between words; one whose words
        cannot fit a phone's screen scrolls sideways in its own box."""
        head = "".join(f'<th scope="col" style="{CELL}">{self._inlines(c)}</th>' for c in header)
        body = "".join(
            "<tr>" + "".join(f'<td style="{CELL}">{self._inlines(c)}</td>' for c in row) + "</tr>"
            for row in rows
        )
        style = "width:100%;border-collapse:collapse;font-size:13px;line-height:1.4;"
        return (
            f'<div style="{SCROLLER}margin:0 0 {bottom};">'
            f'<table role="table" style="{style}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>"
        )

    def _item(self, blocks: tuple[Block, ...]) -> str:
        """A list item's content: the first paragraph bare (no margins), the rest spaced."""
        parts = []
        for index, block in enumerate(blocks):
            match block:
                case Paragraph(children) if index == 0:
                    parts.append(self._inlines(children))
                case Paragraph(children):
                    parts.append(f'<p style="margin:6px 0 0;">{self._inlines(children)}</p>')
                case BulletList() | OrderedList():
                    parts.append(self._list(block, "6px", "0"))
                case _:
                    parts.append(self._block(block))
        return "".join(parts)

    def _inlines(self, runs: tuple[Inline, ...]) -> str:
        return "".join(self._inline(run) for run in runs)

    def _inline(self, run: Inline) -> str:
        match run:
            case Text(text):
                return escape(text)
            case LineBreak():
                return "<br />"
            case Strong(children):
                return f"<strong>{self._inlines(children)}</strong>"
            case Emphasis(children):
                return f"<em>{self._inlines(children)}</em>"
            case Link(url, children):
                href = escape(self.campaign.tag(url, self.link_place))
                style = f"color:{self.link_colour};text-decoration:underline;{WRAP}"
                return f'<a href="{href}" style="{style}">{self._inlines(children)}</a>'
            case _:
                assert_never(run)


@functools.lru_cache(maxsize=256)
def _blocks_html(renderer: HtmlBlocks, blocks: tuple[Block, ...]) -> Markup:
    return renderer._blocks(blocks)


def forget() -> None:
    """Drop what is kept between renders (see `render.forget`)."""
    _blocks_html.cache_clear()
