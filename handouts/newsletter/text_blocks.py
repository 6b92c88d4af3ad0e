"""The article's block model as plain text, for the email's text/plain part.

Written from the model, not scraped from the HTML, so it reads like a letter: wrapped
at 72 columns, lists with hanging indents, links written out as `text (URL)`. Words
and URLs are never broken across lines, so a long URL stays clickable.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import assert_never

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

WIDTH = 72


def wrap(text: str, indent: str = "", first: str | None = None, width: int = WIDTH) -> str:
    """`text` filled to `width`, hard line breaks kept, long words (URLs) left whole.

    A greedy fill, like `textwrap.fill` with long words and hyphens unbroken, at a
    fraction of its cost: a line that fits is joined as it is, and a longer one is cut by
    a regular expression that takes as many whole words as fit on each line.
    """
    lines = []
    lead = indent if first is None else first
    for hard_line in text.split("\n"):
        joined = " ".join(hard_line.split())
        if not joined:
            lines.append(lead.rstrip())
        elif len(lead) + len(joined) <= width:
            lines.append(lead + joined)
        else:
            head = _line_of(width - len(lead)).match(joined)
            assert head is not None  # a line holds at least its first word
            lines.append(lead + head.group(1))
            rest = joined[head.end() :]
            if rest:
                lines.extend(indent + line for line in _line_of(width - len(indent)).findall(rest))
        lead = indent
    return "\n".join(lines)


@functools.lru_cache(maxsize=32)
def _line_of(room: int) -> re.Pattern[str]:
    """One line's words out of single-spaced text: as many whole words as fit in `room`
    characters, or one word alone when even that is longer; the space after it is eaten."""
    fits = rf"\S.{{0,{room - 1}}}(?= |$)|" if room > 0 else ""
    return re.compile(rf"({fits}\S+) ?")


@dataclass(frozen=True)
class TextBlocks:
    campaign: Campaign
    labels: Labels = ENGLISH  # the words of callouts
    link_place: str = "text-article-link"

    def blocks(self, blocks: tuple[Block, ...], indent: str = "") -> str:
        """Blocks separated by blank lines, every line prefixed with `indent`.

        Kept by content (this renderer, the blocks, the indent): a drill's instructions
        read the same in every newsletter that shows it, and a rebuild after a template
        or clinic.yaml edit renders the same articles again."""
        return _blocks_text(self, blocks, indent)

    def _blocks(self, blocks: tuple[Block, ...], indent: str) -> str:
        shown = [block for block in blocks if not isinstance(block, DrillCards)]
        return "\n\n".join(self._block(block, indent) for block in shown)

    def inlines(self, runs: tuple[Inline, ...]) -> str:
        return "".join(self._inline(run) for run in runs)

    def _block(self, block: Block, indent: str) -> str:
        match block:
            case Paragraph(children):
                return wrap(self.inlines(children), indent)
            case Heading(level, children):
                title = wrap(self.inlines(children), indent)
                longest = max((len(line) for line in title.splitlines()), default=0) - len(indent)
                return f"{title}\n{indent}{('=' if level == 1 else '-') * longest}"
            case BulletList() | OrderedList():
                return self._list(block, indent)
            case Callout(kind, blocks):
                label = self.labels.colon(self.labels(kind.value).upper())
                return f"{indent}{label}\n{self.blocks(blocks, indent + '  ')}"
            case Quote(blocks):
                quoted = self.blocks(blocks, indent + "> ")
                return "\n".join(
                    line if line.strip() else indent + ">" for line in quoted.split("\n")
                )
            case Table(header, rows):
                return self._table(header, rows, indent)
            case Figure(alt=alt, caption=caption):
                return wrap(f"[Image: {alt}]" + (f"\n{caption}" if caption else ""), indent)
            case DrillCards():  # the template places the drills
                return ""
            case _:
                assert_never(block)

    def _table(
        self,
        header: tuple[tuple[Inline, ...], ...],
        rows: tuple[tuple[tuple[Inline, ...], ...], ...],
        indent: str,
    ) -> str:
        """Aligned columns when they fit the line; else each row as "header: value" lines."""
        heads = [" ".join(self.inlines(cell).split()) for cell in header]
        cells = [[" ".join(self.inlines(cell).split()) for cell in row] for row in rows]
        widths = [max(len(row[n]) for row in (heads, *cells)) for n in range(len(heads))]
        if len(indent) + sum(widths) + 2 * (len(widths) - 1) <= WIDTH:
            lines = [
                "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True))
                for row in (heads, ["-" * width for width in widths], *cells)
            ]
            return "\n".join((indent + line).rstrip() for line in lines)
        records = [
            "\n".join(
                wrap(f"{head}: {value}" if head else value, indent + "  ", indent)
                for head, value in zip(heads, row, strict=True)
                if value
            )
            for row in cells
        ]
        return "\n\n".join(record for record in records if record)

    def _list(self, block: BulletList | OrderedList, indent: str) -> str:
        items = []
        for number, item in enumerate(block.items, start=getattr(block, "start", 1)):
            marker = f"{number}. " if isinstance(block, OrderedList) else "- "
            hanging = indent + " " * len(marker)
            parts = []
            for index, child in enumerate(item.blocks):
                if index == 0 and isinstance(child, Paragraph):
                    parts.append(wrap(self.inlines(child.children), hanging, indent + marker))
                else:
                    parts.append(self._block(child, hanging))
            if not item.blocks or not isinstance(item.blocks[0], Paragraph):
                parts.insert(0, indent + marker.rstrip())
            items.append("\n".join(parts))
        return "\n".join(items)

    def _inline(self, run: Inline) -> str:
        match run:
            case Text(text):
                return text
            case LineBreak():
                return "\n"
            case Strong(children) | Emphasis(children):
                return self.inlines(children)
            case Link(url, children):
                words = self.inlines(children)
                tagged = self.campaign.tag(url, self.link_place)
                return tagged if words in (url, tagged) else f"{words} ({tagged})"
            case _:
                assert_never(run)


@functools.lru_cache(maxsize=256)
def _blocks_text(renderer: TextBlocks, blocks: tuple[Block, ...], indent: str) -> str:
    return renderer._blocks(blocks, indent)


def forget() -> None:
    """Drop what is kept between renders (see `render.forget`)."""
    _blocks_text.cache_clear()
