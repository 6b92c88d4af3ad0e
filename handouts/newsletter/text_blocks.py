"""The article's block model as plain text, for the email's text/plain part.

Written from the model, not scraped from the HTML, so it reads like a letter: wrapped
at 72 columns, lists with hanging indents, links written out as `text (URL)`. Words
and URLs are never broken across lines, so a long URL stays clickable.
"""

from __future__ import annotations

from dataclasses import dataclass

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

WIDTH = 72


def wrap(text: str, indent: str = "", first: str | None = None, width: int = WIDTH) -> str:
    """`text` filled to `width`, hard line breaks kept, long words (URLs) left whole.

    A plain greedy fill, like `textwrap.fill` with long words and hyphens unbroken,
    at a fraction of its cost.
    """
    lines = []
    lead = indent if first is None else first
    for hard_line in text.split("\n"):
        line = lead
        empty = True
        for word in hard_line.split():
            if empty:
                line += word
                empty = False
            elif len(line) + 1 + len(word) <= width:
                line += " " + word
            else:
                lines.append(line)
                line = indent + word
        lines.append(line if not empty else lead.rstrip())
        lead = indent
    return "\n".join(lines)


@dataclass(frozen=True)
class TextBlocks:
    campaign: Campaign
    link_place: str = "text-article-link"

    def blocks(self, blocks: tuple[Block, ...], indent: str = "") -> str:
        """Blocks separated by blank lines, every line prefixed with `indent`."""
        shown = [block for block in blocks if not isinstance(block, DrillCards)]
        return "\n\n".join(self._block(block, indent) for block in shown)

    def inlines(self, runs: tuple[Inline, ...]) -> str:
        return "".join(self._inline(run) for run in runs)

    def _block(self, block: Block, indent: str) -> str:
        if isinstance(block, Paragraph):
            return wrap(self.inlines(block.children), indent)
        if isinstance(block, Heading):
            title = wrap(self.inlines(block.children), indent)
            longest = max((len(line) for line in title.splitlines()), default=0) - len(indent)
            return f"{title}\n{indent}{('=' if block.level == 1 else '-') * longest}"
        if isinstance(block, BulletList | OrderedList):
            return self._list(block, indent)
        return ""

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
        if isinstance(run, Text):
            return run.text
        if isinstance(run, LineBreak):
            return "\n"
        if isinstance(run, Strong | Emphasis):
            return self.inlines(run.children)
        if isinstance(run, Link):
            words = self.inlines(run.children)
            url = self.campaign.tag(run.url, self.link_place)
            return url if words in (run.url, url) else f"{words} ({url})"
        raise TypeError(f"unknown inline run {run!r}")
