"""The article's block model as the HTML inside MJML's `<mj-text>`, escaped at this edge.

Email clients ignore or strip `<style>` unpredictably, so every element carries its
styles inline. Every piece of content (text and link targets) passes through
`markupsafe.escape` on its way in; the only markup is the fixed set of tags written
here, so text that looks like HTML, Jinja or MJML (`<script>`, `{{ 7*7 }}`, `<mj-raw>`)
reaches the reader as the characters typed. The result is `Markup`, which the
autoescaping templates insert as is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from markupsafe import Markup, escape

from ..model import (
    Block,
    BulletList,
    DrillCards,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Strong,
    Text,
)
from ..urls import Campaign

# Long words and URLs wrap instead of widening the message on a phone.
WRAP = "overflow-wrap:anywhere;word-break:break-word;"
HEADING_SIZES = {1: 24, 2: 21}  # px; h3 and deeper: 18


@dataclass(frozen=True)
class HtmlBlocks:
    """Renders blocks and inline runs for one newsletter (its colours and campaign)."""

    link_colour: str
    heading_colour: str
    campaign: Campaign
    link_place: str = "article-link"

    def blocks(self, blocks: tuple[Block, ...]) -> Markup:
        """Top-level blocks; the last has no bottom margin, so the section's padding rules."""
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
