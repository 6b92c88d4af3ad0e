"""The block model to ReportLab flowables: headings, paragraphs, nested lists, quotes,
callouts, tables and figures.

The same function lays out an article body and a drill's instructions, so both read
alike. A heading keeps with what follows it; `DrillCards` is left to the caller, which
knows the drills. Boxes and rules are in ink and greys, and a callout starts with its
label word: all of it reads on a black-and-white printout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, assert_never

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, ListFlowable, ListItem, Table
from reportlab.platypus.flowables import BulletDrawer

from ..fonts import FACES, printable
from ..i18n import ENGLISH, Labels
from ..model import (
    Block,
    BulletList,
    Callout,
    DrillCards,
    Figure,
    Heading,
    Inline,
    OrderedList,
    Picture,
    Quote,
    plain_text,
)
from ..model import ListItem as ListItemBlock
from ..model import Paragraph as ParagraphBlock
from ..model import Table as TableBlock
from .markup import escape, inline_markup
from .paragraph import Paragraph
from .style import INK, RULE, Styles, table_style
from .tagging import Node, ancestor, marked, node_of, tagged

BULLETS = ("•", "◦", "▪")
LIST_INDENT = 18
FIGURE_MAX_HEIGHT = 220  # points: a figure leaves room for the text around it
CALLOUT_FILL = colors.HexColor("#F1F1F1")  # a light grey: toner prints it as a tint
HEADER_FILL = colors.HexColor("#E4E4E4")
CELL_PAD = 5
COLUMN_FLOOR = 48.0  # points a squeezed column keeps in regular print: a short word's


def block_flowables(
    blocks: tuple[Block, ...],
    styles: Styles,
    link_colour: str,
    *,
    drill_cards: Callable[[], list[Flowable]] | None = None,
    depth: int = 0,
    parent: Node | None = None,
    labels: Labels = ENGLISH,
) -> list[Flowable]:
    """Flowables for `blocks`, tagged as children of `parent` (None: the document);
    `drill_cards` supplies what stands at the drills marker."""
    out: list[Flowable] = []
    paragraph = styles.list_body if depth else styles.body
    for index, block in enumerate(blocks):
        match block:
            case Heading(level, children):
                markup = inline_markup(children, link_colour)
                heading = Paragraph(markup, styles.heading(level))
                out.append(tagged(heading, Node(f"H{min(level, 6)}", parent)))
            case ParagraphBlock(children):
                text = Paragraph(inline_markup(children, link_colour), paragraph)
                out.append(tagged(text, Node("P", parent)))
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if isinstance(following, BulletList | OrderedList) and _leads_in(children):
                    out[-1].keepWithNext = 1  # "Typical signs include:" stays with its list
            case BulletList() | OrderedList():
                out.append(_list(block, styles, link_colour, depth, Node("L", parent), labels))
            case Callout(kind, inner):
                box = Node("Div", parent)
                label = tagged(
                    Paragraph(f"<b>{escape(labels(kind.value))}</b>", styles.body), Node("P", box)
                )
                parts = block_flowables(
                    inner, styles, link_colour, depth=depth, parent=box, labels=labels
                )
                out.append(_boxed([label, *parts], styles, callout=True))
            case Quote(inner):
                quote = Node("BlockQuote", parent)
                parts = block_flowables(
                    inner, styles, link_colour, depth=depth, parent=quote, labels=labels
                )
                out.append(_boxed(parts, styles))
            case TableBlock():
                out.append(_Grid(block, styles, link_colour, Node("Table", parent)))
            case Figure(picture=picture, alt=alt, caption=caption) if picture is not None:
                words = None
                if caption:
                    words = tagged(Paragraph(escape(caption), styles.caption), Node("P", parent))
                figure = _Figure(picture, words, styles.body.spaceAfter)
                out.append(tagged(figure, Node("Figure", parent, alt=alt)))
            case Figure():  # a figure whose file did not load: its article is not built
                pass
            case DrillCards():
                if drill_cards is not None:
                    out += drill_cards()
            case _:
                assert_never(block)
    return out


def _boxed(parts: list[Flowable], styles: Styles, *, callout: bool = False) -> Table:
    """A callout's bordered box, or a quote's indent and rule: a row per part, so a long
    one can still break between paragraphs (the label stays with the first)."""
    last = parts[-1]
    if isinstance(last, Paragraph):  # the box's padding, not the paragraph's, ends it
        parts[-1] = tagged(Paragraph(last.text, styles.list_body), node_of(last))
    box = Table([[part] for part in parts], hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("LEFTPADDING", (0, 0), (-1, -1), 14),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10 if callout else 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("LINEBEFORE", (0, 0), (0, -1), 4 if callout else 2.5, INK if callout else RULE),
    ]
    if callout:
        commands += [
            ("BOX", (0, 0), (-1, -1), 1, INK),
            ("BACKGROUND", (0, 0), (-1, -1), CALLOUT_FILL),
            ("TOPPADDING", (0, 0), (-1, 0), 6),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ("NOSPLIT", (0, 0), (-1, min(1, len(parts) - 1))),
        ]
    box.setStyle(table_style(*commands))
    box.spaceAfter = styles.body.spaceAfter
    return box


class _Grid(Flowable):
    """A pipe table, its columns sized to the width it is given (a list item's is less
    than the page's); on a page break the header row is repeated."""

    def __init__(self, block: TableBlock, styles: Styles, link_colour: str, node: Node):
        super().__init__()
        self.block = block
        cell = styles.cell

        def row(cells: tuple[tuple[Inline, ...], ...], style: ParagraphStyle) -> list[Paragraph]:
            tr = Node("TR", node)
            head = style is styles.cell_head
            return [
                tagged(
                    Paragraph(inline_markup(c, link_colour), style),
                    Node("TH", tr, scope="Column") if head else Node("TD", tr),
                )
                for c in cells
            ]

        self.rows = [row(block.header, styles.cell_head), *(row(r, cell) for r in block.rows)]
        self.natural = [
            max(
                stringWidth(printable(plain_text(row[col])), FACES.bold, cell.fontSize)
                for row in (block.header, *block.rows)
            )
            + 2 * CELL_PAD
            + 2
            for col in range(len(block.header))
        ]
        self.spaceAfter = styles.body.spaceAfter
        self.floor = styles.size(COLUMN_FLOOR)
        self.table: Table | None = None

    def _table(self, width: float) -> Table:
        natural = sum(self.natural)
        if natural <= width:
            widths = self.natural
        else:  # a wide column gives up room first; none is squeezed below a short word
            floor = min(width / len(self.natural), self.floor)
            spare = width - floor * len(self.natural)
            extra = [max(n - floor, 0) for n in self.natural]
            widths = [floor + spare * e / (sum(extra) or 1) for e in extra]
        return Table(
            self.rows,
            colWidths=widths,
            hAlign="LEFT",
            repeatRows=1,
            style=table_style(
                ("GRID", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, INK),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ),
        )

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.table = self._table(available_width)
        self.width, self.height = self.table.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self._table(available_width).split(available_width, available_height)
        for part in parts:
            part.spaceAfter = self.spaceAfter
        return parts

    def draw(self) -> None:
        assert self.table is not None
        self.table.drawOn(self.canv, 0, 0)


class _Figure(Flowable):
    """A picture with its caption below, as wide as the text (up to a point per pixel)
    and a few lines tall. At the foot of a page it shrinks, to no less than `SHRINK` of
    its size, rather than leave the rest of the page empty; the caption stays with it."""

    GAP = 4  # between the picture and its caption
    SHRINK = 0.6

    def __init__(
        self, picture: Picture, caption: Paragraph | None, space_after: float, most: float = 1.0
    ):
        super().__init__()
        self.picture = picture
        self.caption = caption
        self.spaceAfter = space_after
        self.most = most  # the largest scale allowed: below 1 once shrunk to fit a page
        self.image_size = (0.0, 0.0)
        self.caption_height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self.picture.width, self.picture.height
        scale = min(self.most, 1.0, available_width / width, FIGURE_MAX_HEIGHT / height)
        self.image_size = (width * scale, height * scale)
        self.caption_height = 0.0
        if self.caption is not None:
            self.caption_height = self.caption.wrap(available_width, available_height)[1]
            self.caption_height += self.GAP
        self.width = available_width
        self.height = self.image_size[1] + self.caption_height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        room = available_height - self.caption_height
        if self.image_size[1] <= 0 or room < self.SHRINK * self.image_size[1]:
            return []  # the next page
        scale = self.image_size[0] / self.picture.width * room / self.image_size[1]
        return [tagged(_Figure(self.picture, self.caption, self.spaceAfter, scale), node_of(self))]

    def draw(self) -> None:
        width, height = self.image_size
        # A reader, not the file name: the PDF then names the image by its pixels, so
        # the same site gives the same bytes wherever it is.
        image = ImageReader(str(self.picture.path))
        with marked(self.canv, self, node_of(self)):
            self.canv.drawImage(image, 0, self.caption_height, width, height, mask="auto")
        if self.caption is not None:
            self.caption.drawOn(self.canv, 0, 0)


def _leads_in(runs: tuple[Inline, ...]) -> bool:
    return plain_text(runs).rstrip().endswith(":")


class _Bullet(BulletDrawer):
    """A list item's bullet or number: its Lbl, before the item's body."""

    def drawOn(self, indenter: Any, canv: Any, x: float, y: float, _sW: float = 0) -> None:
        item = ancestor(node_of(indenter._flowable), "LI")
        tagger = getattr(canv, "tagger", None)
        label = tagger.label(item) if tagger is not None and item is not None else None
        with marked(canv, self, label):
            super().drawOn(indenter, canv, x, y, _sW)


class _List(ListFlowable):
    def _makeBullet(self, value: Any, params: Any = None) -> BulletDrawer:
        bullet = super()._makeBullet(value, params)
        bullet.__class__ = _Bullet
        return bullet


def _list(
    block: BulletList | OrderedList,
    styles: Styles,
    link_colour: str,
    depth: int,
    node: Node,
    labels: Labels,
) -> ListFlowable:
    items = [
        ListItem(_item(item, styles, link_colour, depth, Node("LBody", Node("LI", node)), labels))
        for item in block.items
    ]
    indent = styles.size(LIST_INDENT + (6 if isinstance(block, OrderedList) else 0))
    # Right to left, the bullets and numbers stand on the right of the text.
    side: dict[str, object] = (
        {"leftIndent": 0, "rightIndent": indent, "bulletDir": "rtl"}
        if getattr(styles.body, "rtl", False)
        else {"leftIndent": indent}
    )
    common = {
        **side,
        "bulletFontName": FACES.regular,
        "bulletFontSize": styles.body.fontSize,
        "spaceAfter": 0 if depth else styles.body.spaceAfter,
    }
    if isinstance(block, OrderedList):
        return tagged(
            _List(items, bulletType="1", start=block.start, bulletFormat="%s.", **common), node
        )
    bullet = BULLETS[depth % len(BULLETS)]
    return tagged(_List(items, bulletType="bullet", start=bullet, **common), node)


def _item(
    item: ListItemBlock, styles: Styles, link_colour: str, depth: int, body: Node, labels: Labels
) -> list[Flowable]:
    return block_flowables(
        item.blocks, styles, link_colour, depth=depth + 1, parent=body, labels=labels
    )
