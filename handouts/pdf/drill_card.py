"""A drill card: numbered, bordered, and never split across pages.

The card is one table, a row per part, kept together; only a card taller than a whole
page (pathological content) is allowed to break, between rows or inside a long row,
with the name and the Goal always first so they stay on one page.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, KeepTogether, Table

from ..dosage import describe
from ..fonts import FACES, printable
from ..imagesize import read_image_size
from ..model import Drill
from .blocks import block_flowables
from .markup import escape
from .paragraph import Paragraph
from .style import INK, Palette, Styles, hex_colour, table_style

PAD = 10
IMAGE_MAX_HEIGHT = 150
DAYS = 7


class Badge(Flowable):
    """Dosage in a rounded box, sized to its text: bold and bordered, so it reads in grey."""

    def __init__(self, text: str, style: ParagraphStyle, fill: colors.Color, border: colors.Color):
        super().__init__()
        self.plain = printable(text)
        self.paragraph = Paragraph(escape(text), style)
        self.fill = fill
        self.border = border
        self.style = style
        self.hAlign = "LEFT"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        natural = stringWidth(self.plain, self.style.fontName, self.style.fontSize)
        inner = min(natural + 1, available_width - 2 * 8)
        _, height = self.paragraph.wrap(inner, available_height)
        self.width, self.height = inner + 16, height + 8
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.fill)
        canvas.setStrokeColor(self.border)
        canvas.setLineWidth(0.9)
        canvas.roundRect(0, 0, self.width, self.height, 5, stroke=1, fill=1)
        canvas.restoreState()
        self.paragraph.drawOn(canvas, 8, 4)


class CheckOffRow(Flowable):
    """Seven boxes to tick, one per day, numbered below: progress a patient can see."""

    LABEL = "Tick a box each day:"
    BOX = 18
    GAP = 12
    MIN_GAP = 7

    def __init__(self, label_style: ParagraphStyle):
        super().__init__()
        self.style = label_style

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.label_width = stringWidth(self.LABEL, self.style.fontName, self.style.fontSize)
        room = available_width - self.label_width - 12 - DAYS * self.BOX
        self.inline = room >= (DAYS - 1) * self.MIN_GAP
        self.gap = min(self.GAP, room / (DAYS - 1)) if self.inline else self.GAP
        self.width = available_width
        self.height = self.BOX + 11 + (0 if self.inline else 17)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        box_y = 11
        label_y = box_y + (self.BOX - 8) / 2 if self.inline else box_y + self.BOX + 6
        x = self.label_width + 12 if self.inline else 0
        canvas.saveState()
        canvas.setFont(self.style.fontName, self.style.fontSize)
        canvas.setFillColor(self.style.textColor)
        canvas.drawString(0, label_y, self.LABEL)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1)
        canvas.setFont(FACES.regular, 8)
        for day in range(DAYS):
            left = x + day * (self.BOX + self.gap)
            canvas.rect(left, box_y, self.BOX, self.BOX, stroke=1, fill=0)
            canvas.drawCentredString(left + self.BOX / 2, 2, str(day + 1))
        canvas.restoreState()


def drill_card(
    drill: Drill,
    number: int | None,
    width: float,
    styles: Styles,
    colours: Palette,
    *,
    keep_together: bool = True,
) -> Flowable:
    """The card for `drill`, `width` points wide; `number` None leaves the number out.

    On its own page (`keep_together` False) a card that does not fit below the band
    continues on the next page rather than leaving the first one empty.
    """
    link_colour = hex_colour(colours.heading)
    inner = width - 2 * PAD
    rows: list[list[Flowable | list[Flowable]]] = [
        [_title(drill, number, inner, styles, colours)],
        [Badge(describe(drill.dosage), styles.badge, colours.accent_tint, INK)],
        [Paragraph(f"<b>Goal:</b> {escape(drill.goal)}", styles.body)],
    ]
    if drill.equipment:
        things = ", ".join(escape(item) for item in drill.equipment)
        rows.append([Paragraph(f"<b>You need:</b> {things}", styles.body)])
    head = len(rows) - 1  # name to equipment: never split from each other
    steps = block_flowables(drill.instructions, styles, link_colour)
    picture = _picture(drill, inner * 0.4)
    if picture is not None:
        beside, steps = _beside(steps, picture, inner)
        rows.append([beside])
    rows += [[step] for step in steps]
    rows.append([CheckOffRow(styles.label)])
    table = Table(rows, colWidths=[width], splitInRow=1, hAlign="LEFT")
    table.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), 1.4, colours.primary),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, 0), 8),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 7),
            ("BACKGROUND", (0, 0), (-1, 0), colours.primary_tint),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colours.primary),
            ("TOPPADDING", (0, 1), (-1, 1), 7),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 7),
            ("TOPPADDING", (0, -1), (-1, -1), 3),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("NOSPLIT", (0, 0), (-1, head)),
        )
    )
    return KeepTogether([table]) if keep_together else table


def _title(
    drill: Drill, number: int | None, width: float, styles: Styles, colours: Palette
) -> Flowable:
    name = Paragraph(escape(drill.name), styles.card_name)
    if number is None:
        return name
    disc = Paragraph(str(number), styles.card_number)
    table = Table([[disc, name]], colWidths=[28, width - 28 - 10])
    table.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (0, 0), colours.primary),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 0),
            ("TOPPADDING", (0, 0), (0, 0), 4),
            ("BOTTOMPADDING", (0, 0), (0, 0), 5),
            ("LEFTPADDING", (1, 0), (1, 0), 10),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ("TOPPADDING", (1, 0), (1, 0), 0),
            ("BOTTOMPADDING", (1, 0), (1, 0), 0),
        )
    )
    return table


def _picture(drill: Drill, max_width: float) -> Image | None:
    if drill.image is None:
        return None
    pixels_wide, pixels_high = (
        read_image_size(drill.image) or ImageReader(str(drill.image)).getSize()
    )
    scale = min(max_width / pixels_wide, IMAGE_MAX_HEIGHT / pixels_high)
    return Image(str(drill.image), pixels_wide * scale, pixels_high * scale)


def _beside(steps: list[Flowable], picture: Image, width: float) -> tuple[Table, list[Flowable]]:
    """The drill's picture on the right of the first steps, as many as match its height.

    The steps after those go below as rows of their own, so that a very long drill can
    still break between them instead of forming one row taller than a page.
    """
    gap = 12
    left = width - picture.drawWidth - gap
    taken, height = 0, 0.0
    while taken < len(steps) and height < picture.drawHeight:
        height += steps[taken].wrap(left, 10_000)[1] + steps[taken].getSpaceAfter()
        taken += 1
    table = Table([[steps[:taken], picture]], colWidths=[left + gap, picture.drawWidth])
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), gap),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        )
    )
    return table, steps[taken:]
