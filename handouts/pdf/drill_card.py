"""A drill card: numbered, bordered, and never split across pages.

The card is one table, a row per part, kept together; only a card taller than a whole
page (pathological content) is allowed to break, between rows or inside a long row,
with the name and the Goal always first so they stay on one page, and the name row
repeated on the next page so that the rest says whose it is.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, KeepInFrame, KeepTogether, Table

from ..dosage import badge_text
from ..fonts import FACES, printable
from ..i18n import ENGLISH, Labels
from ..model import Dosage, Drill, Frequency
from .blocks import block_flowables
from .direction import is_rtl, mirrored_row
from .markup import escape, link, short_url
from .paragraph import Paragraph, draw_line, line_width
from .qr import CARD_QR_WIDTH, QrCode
from .style import INK, Palette, Styles, hex_colour, table_style
from .tagging import Node, marked, node_of, read_as, tagged

PAD = 10
DISC = 28  # the width of the card number's disc, in regular print
IMAGE_MAX_HEIGHT = 150
BESIDE_MAX_HEIGHT = 2 * IMAGE_MAX_HEIGHT  # the picture and its steps: well within a page
DAYS = 7


class Badge(Flowable):
    """Dosage in a rounded box, sized to its text: bold and bordered, so it reads in grey."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        fill: colors.Color,
        border: colors.Color,
        scale: float = 1.0,
        node: Node | None = None,
    ):
        super().__init__()
        self.pad = 8 * scale
        self.plain = printable(text)
        self.paragraph = tagged(Paragraph(escape(text), style), node)
        self.fill = fill
        self.border = border
        self.style = style
        self.hAlign = "LEFT"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        natural = stringWidth(self.plain, self.style.fontName, self.style.fontSize)
        inner = min(natural + 1, available_width - 2 * self.pad)
        _, height = self.paragraph.wrap(inner, available_height)
        self.width, self.height = inner + 2 * self.pad, height + self.pad
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.fill)
        canvas.setStrokeColor(self.border)
        canvas.setLineWidth(0.9)
        canvas.roundRect(0, 0, self.width, self.height, 5, stroke=1, fill=1)
        canvas.restoreState()
        self.paragraph.drawOn(canvas, self.pad, self.pad / 2)


@dataclass(frozen=True)
class LogPlan:
    """What the patient records for one drill, from its dose: a tick per session, one row
    per session of the day, or the minutes or distance done for a timed exercise."""

    label: str
    rows: tuple[str, ...] = ("",)  # a label per row; one unlabelled row for once a day
    unit: str | None = None  # written in each cell instead of a tick: "min", "km"

    @classmethod
    def for_dosage(cls, dosage: Dosage, labels: Labels = ENGLISH) -> LogPlan:
        frequency = dosage.frequency or Frequency()
        measured = dosage.distance or (dosage.duration if dosage.hold is None else None)
        unit = None if measured is None else measured.unit
        times = frequency.times_per_day
        sessions = SESSIONS.get(times)
        rows = (
            tuple(labels(key) if key else "" for key in sessions)
            if sessions
            else tuple(f"{n}." for n in range(1, times + 1))
        )
        if unit is not None:
            label = labels("write_time" if times > 1 else "write_day")
        else:
            label = labels("tick_time" if times > 1 else "tick_day")
        if frequency.every_other_day:
            label = labels.gettext("%(label)s (%(when)s)") % {
                "label": label,
                "when": labels.gettext("every other day"),
            }
        elif frequency.days_per_week < 7:
            days = labels.gettext("%(num)s of 7 days") % {"num": frequency.days_per_week}
            label = labels.gettext("%(label)s (%(when)s)") % {"label": label, "when": days}
        return cls(labels.colon(label), rows, unit)


# The rows of a day's sessions, by label key.
SESSIONS = {1: ("",), 2: ("morning", "evening"), 3: ("morning", "noon", "evening")}


class CheckOffLog(Flowable):
    """Seven days to record, numbered below, a row per session of the day: progress a
    patient can see, readable in black and white. Every measure below is regular print's,
    times `scale`."""

    BOX = 18
    WRITE_WIDTHS = (46, 30)  # the widest and narrowest cells to write a number in
    WRITE_HEIGHT = 22
    GAP = 12
    MIN_GAP = 6
    ROW_GAP = 5

    def __init__(
        self,
        plan: LogPlan,
        label_style: ParagraphStyle,
        scale: float = 1.0,
        node: Node | None = None,
    ):
        super().__init__()
        self.plan = plan
        self.style = label_style
        self.scale = scale
        self.label_node = node  # the label's; the boxes and numbers are artifacts

    def _width_of(self, text: str, size: float | None = None) -> float:
        return line_width(text, self.style.fontName, size or self.style.fontSize)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        plan = self.plan
        self.label_width = self._width_of(plan.label)
        scale = self.scale
        self.row_label = max(self._width_of(row, 9 * scale) for row in plan.rows)
        self.row_label += 6 * scale if self.row_label else 0
        sizes = (self.BOX, self.BOX) if plan.unit is None else self.WRITE_WIDTHS
        widest, smallest = sizes[0] * scale, sizes[1] * scale
        self.cell_height = (self.BOX if plan.unit is None else self.WRITE_HEIGHT) * scale
        room = 0.0
        for self.inline in (True, False):  # the label beside the boxes, if they fit
            room = available_width - self.row_label
            room -= self.label_width + 12 if self.inline else 0
            self.cell_width = min(widest, (room - (DAYS - 1) * self.MIN_GAP) / DAYS)
            if self.cell_width >= smallest:
                break
        self.gap = min(self.GAP * scale, (room - DAYS * self.cell_width) / (DAYS - 1))
        rows = len(plan.rows)
        self.grid_height = rows * self.cell_height + (rows - 1) * self.ROW_GAP
        self.width = available_width
        self.height = 11 * scale + self.grid_height + (0 if self.inline else 17 * scale)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        plan = self.plan
        scale = self.scale
        rtl = bool(getattr(self.style, "rtl", False))  # mirrored: the label on the right

        def x_of(x: float, width: float = 0) -> float:
            return self.width - x - width if rtl else x

        lead = "end" if rtl else "start"
        start = self.label_width + 12 if self.inline else 0
        left = start + self.row_label
        top = 11 * scale + self.grid_height
        label_y = top - (self.cell_height + 8 * scale) / 2 if self.inline else top + 6 * scale
        canvas.saveState()
        canvas.setFont(self.style.fontName, self.style.fontSize)
        canvas.setFillColor(self.style.textColor)
        with marked(canvas, self, self.label_node):
            draw_line(canvas, plan.label, x_of(0), label_y, lead)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1)
        for index, row in enumerate(plan.rows):
            y = top - (index + 1) * self.cell_height - index * self.ROW_GAP
            canvas.setFont(FACES.bold, 9 * scale)
            draw_line(canvas, row, x_of(start), y + (self.cell_height - 7 * scale) / 2, lead)
            canvas.setFont(FACES.regular, 7 * scale)
            units = " ".join([plan.unit] * DAYS) if plan.unit else None
            with read_as(canvas, units):
                for day in range(DAYS):
                    x = x_of(left + day * (self.cell_width + self.gap), self.cell_width)
                    canvas.rect(x, y, self.cell_width, self.cell_height, stroke=1, fill=0)
                    if plan.unit:
                        canvas.drawRightString(x + self.cell_width - 2, y + 2, plan.unit)
        canvas.setFont(FACES.regular, 8 * scale)
        with read_as(canvas, " ".join(str(day + 1) for day in range(DAYS))):
            for day in range(DAYS):
                x = x_of(left + day * (self.cell_width + self.gap), self.cell_width)
                canvas.drawCentredString(x + self.cell_width / 2, 2 * scale, str(day + 1))
        canvas.restoreState()


def drill_card(
    drill: Drill,
    number: int | None,
    width: float,
    styles: Styles,
    colours: Palette,
    *,
    keep_together: bool = True,
    compact: bool = False,
    page_height: float,
    heading: str = "H3",
    labels: Labels = ENGLISH,
) -> Flowable:
    """The card for `drill`, `width` points wide; `number` None leaves the number out.

    On its own page (`keep_together` False) a card that does not fit below the band
    continues on the next page, between paragraphs, with its name marked "continued",
    rather than leaving the first one empty. `page_height` is a whole page's frame.
    `compact` packs cards: the same type sizes, less space around them. Tagged, the
    card is a Sect led by its name as a `heading` (H1 on a card of its own).
    """
    link_colour = hex_colour(colours.heading)
    inner = width - 2 * PAD
    text = styles.tight if compact else styles.body
    if compact:
        styles = replace(styles, body=text, list_body=styles.tight_list)
    sect = Node("Sect")

    def para(markup: str, style: ParagraphStyle) -> Paragraph:
        return tagged(Paragraph(markup, style), Node("P", sect))

    goal = f"<b>{escape(labels.colon(labels('goal')))}</b> {escape(drill.goal)}"
    details: list[Flowable] = [para(goal, text)]
    if drill.equipment:
        things = escape(labels.join(list(drill.equipment)))
        need = f"<b>{escape(labels.colon(labels('you_need')))}</b> {things}"
        if compact and not is_rtl(styles):  # one paragraph: the two share a line
            # Not right to left: the gap's non-breaking spaces are shaped into the goal's
            # last word and drawn in the middle of the sentence, widening the line.
            details = [para(f"{goal}&nbsp;&nbsp; {need}", text)]
        else:
            details.append(para(need, text))
    if drill.caution:  # with the name and goal: never on another page than its drill
        details.append(_caution(drill.caution, inner, styles, sect, labels))
    if drill.therapist_note:
        details.append(_therapist_note(drill.therapist_note, inner, styles, colours, sect, labels))
    picture = _picture(drill, inner * 0.4, sect)
    steps = block_flowables(drill.instructions, styles, link_colour, parent=sect, labels=labels)
    steps += _progressions(drill, inner, text, styles, link_colour, sect, labels)
    # A part taller than half a page is cut, so that even a card longer than a page
    # breaks between rows and never overflows one.
    details = [piece for part in details for piece in _pieces(part, inner, page_height / 2)]
    steps = [piece for step in steps for piece in _pieces(step, inner, page_height / 2)]
    name = Node(heading, sect)
    badge = Badge(
        badge_text(drill.dosage, labels),
        styles.badge,
        colours.accent_tint,
        INK,
        styles.scale,
        Node("P", sect),
    )
    if is_rtl(styles):
        badge.hAlign = "RIGHT"
    title = _title(
        drill, number, inner, styles, colours, name, marked=not keep_together, labels=labels
    )
    beside = compact and number is not None and _fits_beside(drill, badge, inner, styles)
    if beside:  # a packed card's dose goes beside its name when both fit on one line
        title = _title(drill, number, inner, styles, colours, name, badge=badge, labels=labels)
    rows: list[list[Flowable | list[Flowable]]] = [[title]]
    if not beside:
        rows.append([badge])
    rows += [[detail] for detail in details]
    # The name, dose, goal and equipment stay together, unless they would fill a page.
    together = _height(details, inner) < page_height / 2
    head = len(rows) - 1 if together else 1
    if picture is not None:
        beside, steps = _beside(steps, picture, inner)
        rows.append([beside])
    rows += [[step] for step in steps]
    log = CheckOffLog(
        LogPlan.for_dosage(drill.dosage, labels), styles.label, styles.scale, Node("P", sect)
    )
    rows.append([log])
    space = 4 if compact else 5
    look = table_style(
        ("BOX", (0, 0), (-1, -1), 1.4, colours.primary),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), space),
        ("TOPPADDING", (0, 0), (-1, 0), 4 if compact else 8),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 3 if compact else 7),
        ("BACKGROUND", (0, 0), (-1, 0), colours.primary_tint),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colours.primary),
        ("TOPPADDING", (0, 1), (-1, 1), 4 if compact else 7),
        ("BOTTOMPADDING", (0, 1), (-1, 1), 0 if beside else 4 if compact else 7),
        ("TOPPADDING", (0, -1), (-1, -1), 1 if compact else 3),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 6 if compact else 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("NOSPLIT", (0, 0), (-1, head)),
        *([("ALIGN", (0, 0), (-1, -1), "RIGHT")] if is_rtl(styles) else []),  # the badge
    )
    if _height([*steps[-1:], log], inner) < page_height / 3:
        look.add("NOSPLIT", (0, -2), (-1, -1))  # the last step stays with the tick boxes
    # A card taller than a page (long instructions, or large print) splits between rows,
    # and its name row is repeated, so the part on the next page says whose it is; on a
    # page of its own the repeated name is marked "continued".
    table = Table(rows, colWidths=[width], hAlign="LEFT", style=look, repeatRows=1)
    return KeepTogether([table]) if keep_together else table


def _therapist_note(
    note: str, width: float, styles: Styles, colours: Palette, sect: Node, labels: Labels
) -> Table:
    """The patient's own instruction for this drill, boxed like the handout's notes box."""
    return _labelled_box(
        labels("therapist_note"),
        note,
        width,
        styles,
        sect,
        labels,
        border=1.2,
        fill=colours.accent_tint,
    )


def _caution(text: str, width: float, styles: Styles, sect: Node, labels: Labels) -> Table:
    """The drill's "stop if…" in a box of its own, labelled in words so that it reads in
    black and white."""
    return _labelled_box(labels("caution"), text, width, styles, sect, labels, border=1.6)


def _labelled_box(
    label: str,
    text: str,
    width: float,
    styles: Styles,
    sect: Node,
    labels: Labels,
    *,
    border: float,
    fill: colors.Color | None = None,
) -> Table:
    said = f"<b>{escape(labels.colon(label))}</b> {escape(text)}"
    box = Table([[tagged(Paragraph(said, styles.body), Node("P", sect))]], colWidths=[width])
    box.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), border, INK),
            *([("BACKGROUND", (0, 0), (-1, -1), fill)] if fill is not None else []),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        )
    )
    return box


def _progressions(
    drill: Drill,
    width: float,
    text: ParagraphStyle,
    styles: Styles,
    link_colour: str,
    sect: Node,
    labels: Labels,
) -> list[Flowable]:
    """ "Too hard? …" and "Too easy? …", the easier and harder versions, after the steps;
    then the drill's video: its address as a person types it, and a QR code to scan."""
    lines = [(labels("too_hard"), drill.easier), (labels("too_easy"), drill.harder)]
    out: list[Flowable] = [
        tagged(Paragraph(f"<b>{escape(label)}</b> {escape(said)}", text), Node("P", sect))
        for label, said in lines
        if said
    ]
    if drill.video:
        shown = short_url(drill.video)
        code = tagged(
            QrCode(drill.video, CARD_QR_WIDTH),
            Node("Figure", sect, alt=labels("qr_video", address=shown)),
        )
        address = link(drill.video, escape(shown), link_colour)
        said = f"<b>{escape(labels.colon(labels('video')))}</b> {address}"
        words = tagged(Paragraph(said, text), Node("P", sect))
        scan = [
            code,
            tagged(Paragraph(escape(labels("watch_video")), styles.small), Node("P", sect)),
        ]
        row = Table([[words, scan]], colWidths=[width - code.width - 8, code.width + 8])
        row.setStyle(
            table_style(
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                *(
                    (side, (0, 0), (-1, -1), 0)
                    for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
                ),
            )
        )
        out.append(row)
    return out


def _height(parts: list[Flowable], width: float) -> float:
    return sum(part.wrapOn(_MEASURE, width, 10_000)[1] for part in parts)


def _pieces(step: Flowable, width: float, most: float) -> list[Flowable]:
    """`step` as parts no taller than `most`: a paragraph longer than a page (hundreds
    of words, a pasted link) is cut between its lines, and what cannot be cut (one
    enormous list item) is shrunk, since a card that cannot be printed helps nobody.
    Anything shorter stays whole."""
    height = step.wrapOn(_MEASURE, width, most)[1]
    if height <= most:
        return [step]
    # A split may give more than two parts (a list gives one per item), each smaller.
    parts = step.splitOn(_MEASURE, width, most)
    if len(parts) < 2 or any(part.wrapOn(_MEASURE, width, most)[1] >= height for part in parts):
        return [KeepInFrame(width, most, [step], mode="shrink")]
    return [piece for part in parts for piece in _pieces(part, width, most)]


class _ContinuedMark(Flowable):
    """Nothing on a card's first page; "continued" where its name row is repeated."""

    def __init__(self, style: ParagraphStyle, size: float, text: str):
        super().__init__()
        self.style = style
        self.size = size
        self.text = text
        self.drawn = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        if self.drawn:
            self.canv.saveState()
            size = self.size
            self.canv.setFont(FACES.italic, size)
            self.canv.setFillColor(self.style.textColor)
            draw_line(self.canv, self.text, self.width, (self.height - size) / 2 + 2, "end")
            self.canv.restoreState()
        self.drawn += 1


def _title(
    drill: Drill,
    number: int | None,
    width: float,
    styles: Styles,
    colours: Palette,
    heading: Node,
    *,
    marked: bool = False,
    badge: Badge | None = None,
    labels: Labels = ENGLISH,
) -> Flowable:
    """The card's name, after its number (both the `heading`); `marked` leaves room to
    say "continued", and a `badge` goes at the right end."""
    name = tagged(Paragraph(escape(drill.name), styles.card_name), heading)
    if number is None and marked:
        size = styles.size(9)
        continued = labels("continued")
        room = line_width(continued, FACES.italic, size) + 10
        table = Table(
            [[name, _ContinuedMark(styles.label, size, continued)]],
            colWidths=[width - room, room],
            style=table_style(
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *(
                    (side, (0, 0), (-1, -1), 0)
                    for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
                ),
            ),
        )
        return table
    if number is None:
        return name
    # The number is a paragraph of its own before the name: a heading is one run of text
    number_node = Node("P", heading.parent)
    disc = tagged(Paragraph(str(number), styles.card_number), number_node)
    end = badge.wrap(width, 1000)[0] + 10 if badge is not None else 0
    cells: list[Flowable] = [disc, name, *([badge] if badge is not None else [])]
    disc_width = styles.size(DISC)
    widths = [disc_width, width - disc_width - 10 - end, *([end] if end else [])]
    commands = (
        ("BACKGROUND", (0, 0), (0, 0), colours.primary),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
        ("RIGHTPADDING", (0, 0), (0, 0), 0),
        ("TOPPADDING", (0, 0), (0, 0), 4),
        ("BOTTOMPADDING", (0, 0), (0, 0), 5),
        ("LEFTPADDING", (1, 0), (1, 0), 10),
        ("RIGHTPADDING", (1, 0), (1, 0), 0),
        ("TOPPADDING", (1, 0), (-1, 0), 0),
        ("BOTTOMPADDING", (1, 0), (-1, 0), 0),
        ("LEFTPADDING", (2, 0), (2, 0), 10),
        ("RIGHTPADDING", (2, 0), (2, 0), 0),
    )[: 12 if end else 10]
    # Right to left, the number leads on the right.
    cells, widths, commands = mirrored_row(cells, widths, commands, is_rtl(styles))
    table = Table([cells], colWidths=widths)
    table.setStyle(table_style(*commands))
    return table


def _fits_beside(drill: Drill, badge: Badge, width: float, styles: Styles) -> bool:
    name = stringWidth(printable(drill.name), styles.card_name.fontName, styles.card_name.fontSize)
    return styles.size(DISC) + 10 + name + 12 + badge.wrap(width, 1000)[0] + 10 <= width


class _Photo(Image):
    """The drill's picture: a Figure, described by the drill's name."""

    def draw(self) -> None:
        with marked(self.canv, self, node_of(self)):
            super().draw()


def _picture(drill: Drill, max_width: float, sect: Node) -> Image | None:
    picture = drill.image
    if picture is None:
        return None
    scale = min(max_width / picture.width, IMAGE_MAX_HEIGHT / picture.height)
    photo = _Photo(str(picture.path), picture.width * scale, picture.height * scale)
    return tagged(photo, Node("Figure", sect, alt=f"Picture of the exercise: {drill.name}"))


# A canvas that is never saved, for measuring before the page exists.
_MEASURE = Canvas(io.BytesIO())


def _beside(steps: list[Flowable], picture: Image, width: float) -> tuple[Table, list[Flowable]]:
    """The drill's picture on the right of the first steps, as many as match its height.

    The steps after those go below as rows of their own, so that a very long drill can
    still break between them instead of forming one row taller than a page.
    """
    gap = 12
    left = width - picture.drawWidth - gap
    taken, height = 0, 0.0
    while taken < len(steps) and height < picture.drawHeight:
        # wrapOn, not wrap: a list measures its bullets on a canvas
        step = steps[taken].wrapOn(_MEASURE, left, 10_000)[1] + steps[taken].getSpaceAfter()
        if height + step > BESIDE_MAX_HEIGHT:  # a row cannot break: a long step goes below
            break
        height += step
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
