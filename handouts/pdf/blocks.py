"""The block model to ReportLab flowables: headings, paragraphs and nested lists.

The same function lays out an article body and a drill's instructions, so both read
alike. A heading keeps with what follows it; `DrillCards` is left to the caller, which
knows the drills.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import assert_never

from reportlab.platypus import Flowable, ListFlowable, ListItem

from ..fonts import FACES
from ..model import Block, BulletList, DrillCards, Heading, Inline, OrderedList, plain_text
from ..model import ListItem as ListItemBlock
from ..model import Paragraph as ParagraphBlock
from .markup import inline_markup
from .paragraph import Paragraph
from .style import Styles

BULLETS = ("•", "◦", "▪")
LIST_INDENT = 18


def block_flowables(
    blocks: tuple[Block, ...],
    styles: Styles,
    link_colour: str,
    *,
    drill_cards: Callable[[], list[Flowable]] | None = None,
    depth: int = 0,
) -> list[Flowable]:
    """Flowables for `blocks`; `drill_cards` supplies what stands at the drills marker."""
    out: list[Flowable] = []
    paragraph = styles.list_body if depth else styles.body
    for index, block in enumerate(blocks):
        match block:
            case Heading(level, children):
                markup = inline_markup(children, link_colour)
                out.append(Paragraph(markup, styles.heading(level)))
            case ParagraphBlock(children):
                out.append(Paragraph(inline_markup(children, link_colour), paragraph))
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if isinstance(following, BulletList | OrderedList) and _leads_in(children):
                    out[-1].keepWithNext = 1  # "Typical signs include:" stays with its list
            case BulletList() | OrderedList():
                out.append(_list(block, styles, link_colour, depth))
            case DrillCards():
                if drill_cards is not None:
                    out += drill_cards()
            case _:
                assert_never(block)
    return out


def _leads_in(runs: tuple[Inline, ...]) -> bool:
    return plain_text(runs).rstrip().endswith(":")


def _list(
    block: BulletList | OrderedList, styles: Styles, link_colour: str, depth: int
) -> ListFlowable:
    items = [ListItem(_item(item, styles, link_colour, depth)) for item in block.items]
    common = {
        "leftIndent": LIST_INDENT,
        "bulletFontName": FACES.regular,
        "bulletFontSize": styles.body.fontSize,
        "spaceAfter": 0 if depth else styles.body.spaceAfter,
    }
    if isinstance(block, OrderedList):
        return ListFlowable(
            items,
            bulletType="1",
            start=block.start,
            bulletFormat="%s.",
            leftIndent=LIST_INDENT + 6,
            **{k: v for k, v in common.items() if k != "leftIndent"},
        )
    return ListFlowable(items, bulletType="bullet", start=BULLETS[depth % len(BULLETS)], **common)


def _item(item: ListItemBlock, styles: Styles, link_colour: str, depth: int) -> list[Flowable]:
    return block_flowables(item.blocks, styles, link_colour, depth=depth + 1)
