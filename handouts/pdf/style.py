"""Page sizes, colours and paragraph styles shared by the handout and the card.

Patients read these at home, often printed in black and white: body text is 12 pt or
more, text is near-black on white, and the brand colour only decorates (bands, borders),
with the text on it in whichever of black or white contrasts more.

Large print, for low vision, follows the patient-education print guidance (16 pt or more,
high contrast, left-aligned, no hyphenation): every size here is one and a half times
the regular one, body text 18 pt, and greyed text is printed in ink.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5, LETTER, inch
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from .. import colours as brand_colours
from ..fonts import FACES
from .typeface import register_fonts

PAGES = {"letter": LETTER, "a4": A4}
CARD_PAGES = {"letter": (5.5 * inch, 8.5 * inch), "a4": A5}

INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#3A3A3A")
RULE = colors.HexColor("#8A8A8A")
WHITE = colors.white
BODY_SIZE = 12
LARGE_SCALE = 1.5  # large print: 18 pt body text


def hex_colour(colour: colors.Color) -> str:
    """`#rrggbb`, the form Paragraph markup takes in a `color` attribute."""
    return "#" + colour.hexval()[2:]


@dataclass(frozen=True)
class Palette:
    primary: colors.Color
    accent: colors.Color
    on_primary: colors.Color
    heading: colors.Color  # brand colour when dark enough to read, else ink
    primary_tint: colors.Color
    accent_tint: colors.Color


def palette(primary: str, accent: str) -> Palette:
    """The brand palette (colours.py) as ReportLab colours; print's ink is a deeper black
    than the screen's, since toner greys out what a screen shows crisp."""
    shared = brand_colours.Palette.from_brand(primary, accent)
    on_primary = WHITE if shared.on_primary == brand_colours.WHITE else INK
    return Palette(
        primary=colors.HexColor(shared.primary),
        accent=colors.HexColor(shared.accent),
        on_primary=on_primary,
        heading=colors.HexColor(shared.heading),
        primary_tint=colors.HexColor(shared.print_tint),
        accent_tint=colors.HexColor(shared.print_badge),
    )


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    list_body: ParagraphStyle
    title: ParagraphStyle
    sheet_title: ParagraphStyle  # a sheet of drills: a smaller title leaves room for them
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    band_name: ParagraphStyle
    band_tagline: ParagraphStyle
    label: ParagraphStyle
    card_name: ParagraphStyle
    card_number: ParagraphStyle
    badge: ParagraphStyle
    cta_headline: ParagraphStyle
    cta_compact: ParagraphStyle
    tight: ParagraphStyle  # body text of a packed sheet: the same size, less space
    tight_list: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle  # a table's cells: body size, tighter
    cell_head: ParagraphStyle
    caption: ParagraphStyle  # under a figure
    scale: float = 1.0  # LARGE_SCALE in large print: what drawn parts grow by too

    def size(self, points: float) -> float:
        """`points` of the regular print, in this print's size."""
        return points * self.scale

    def heading(self, level: int) -> ParagraphStyle:
        return (self.h1, self.h2, self.h3)[min(level, 3) - 1]


@cache
def styles(primary: str, accent: str, large: bool = False) -> Styles:
    """Every paragraph style for one brand, in regular or `large` print; memoised since a
    build renders many PDFs."""
    register_fonts()
    colours = palette(primary, accent)
    scale = LARGE_SCALE if large else 1.0
    muted = INK if large else MUTED
    body = ParagraphStyle(
        "body",
        fontName=FACES.regular,
        fontSize=BODY_SIZE * scale,
        leading=16.5 * scale,
        textColor=INK,
        spaceAfter=8 * scale,
        allowWidows=0,
        allowOrphans=0,
        # Only this splits an over-long word or URL at the line end; ReportLab's URL and
        # hyphen splitting leave the rest of such a word running past the margin.
        splitLongWords=1,
        uriWasteReduce=0,
        embeddedHyphenation=0,
    )

    def derive(name: str, **changes: Any) -> ParagraphStyle:
        for key in ("fontSize", "leading", "spaceBefore", "spaceAfter"):
            if key in changes:
                changes[key] *= scale
        return ParagraphStyle(name, parent=body, **changes)

    def heading(name: str, size: float, before: float) -> ParagraphStyle:
        return derive(
            name,
            fontName=FACES.bold,
            fontSize=size,
            leading=size * 1.25,
            textColor=colours.heading,
            spaceBefore=before,
            spaceAfter=6,
            keepWithNext=1,
        )

    cta = derive(
        "cta_headline",
        fontName=FACES.bold,
        fontSize=18,
        leading=23,
        spaceAfter=6,
        textColor=colours.heading,
    )
    return Styles(
        body=body,
        list_body=derive("list_body", spaceAfter=3),
        title=derive("title", fontName=FACES.bold, fontSize=26, leading=31, spaceAfter=8),
        sheet_title=derive(
            "sheet_title", fontName=FACES.bold, fontSize=20, leading=24, spaceAfter=4
        ),
        subtitle=derive("subtitle", fontSize=14, leading=19.5, textColor=muted, spaceAfter=14),
        h1=heading("h1", 19, 16),
        h2=heading("h2", 16, 14),
        h3=heading("h3", 13.5, 10),
        band_name=derive(
            "band_name",
            fontName=FACES.bold,
            fontSize=17,
            leading=21,
            spaceAfter=0,
            textColor=colours.on_primary,
        ),
        band_tagline=derive(
            "band_tagline", fontSize=10.5, leading=13, spaceAfter=0, textColor=colours.on_primary
        ),
        label=derive("label", fontSize=10.5, leading=13, spaceAfter=0, textColor=muted),
        card_name=derive("card_name", fontName=FACES.bold, fontSize=15, leading=19, spaceAfter=0),
        card_number=derive(
            "card_number",
            fontName=FACES.bold,
            fontSize=15,
            leading=19,
            spaceAfter=0,
            alignment=1,
            textColor=colours.on_primary,
        ),
        badge=derive("badge", fontName=FACES.bold, fontSize=BODY_SIZE, leading=15, spaceAfter=0),
        cta_headline=cta,
        cta_compact=ParagraphStyle(
            "cta_compact", parent=cta, fontSize=14 * scale, leading=17.5 * scale, spaceAfter=3
        ),
        tight=derive("tight", leading=15, spaceAfter=4),
        tight_list=derive("tight_list", leading=15, spaceAfter=2),
        small=derive("small", fontSize=9, leading=11.5, spaceAfter=0, textColor=muted),
        cell=derive("cell", leading=15, spaceAfter=0),
        cell_head=derive("cell_head", fontName=FACES.bold, leading=15, spaceAfter=0),
        caption=derive("caption", fontName=FACES.italic, fontSize=10.5, leading=13.5, spaceAfter=0),
        scale=scale,
    )


def table_style(*commands: tuple) -> TableStyle:
    """A TableStyle in the bundled font: a table's cell font is otherwise Helvetica,
    which is not embedded, even in cells that hold only paragraphs."""
    register_fonts()
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FACES.regular), *commands])
