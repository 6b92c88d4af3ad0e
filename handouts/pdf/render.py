"""PDF handouts and drill cards: the model in, PDF bytes out, nothing written.

A handout is what a therapist hands a patient: the clinic's band, the article, its drill
cards where the article places them, and the booking call to action with a QR code that
tells the clinic a booking came from paper. A card is one drill on a half-letter (or A5)
page, for printing single exercises.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import inch
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer, Table
from reportlab.platypus.doctemplate import LayoutError

from ..colours import logo_backing
from ..fonts import FACES, printable
from ..i18n import ENGLISH, Labels
from ..i18n import LABELS as LABEL_TEXT
from ..model import Article, Drill, DrillCards, Heading, Patient, Picture, Site
from ..urls import Campaign
from .blocks import block_flowables
from .direction import is_rtl, mirrored_row, right_to_left
from .drill_card import drill_card
from .markup import escape, link, short_url
from .page import (
    FirstThatFits,
    Footer,
    Metadata,
    Misplaced,
    PageMark,
    build_pdf,
    frame_height,
    frame_width,
)
from .paragraph import Paragraph, line_width
from .qr import CARD_QR_WIDTH, QrCode
from .style import (
    CARD_PAGES,
    INK,
    PAGES,
    RULE,
    Palette,
    Styles,
    hex_colour,
    palette,
    styles,
    table_style,
)
from .tagging import Node, tagged
from .typeface import register_fonts

MARGIN = 0.6 * inch
CARD_MARGIN = 0.4 * inch
QR_WIDTH = 2.8 * cm  # the symbol alone; the quiet zone comes on top
LOGO_HEIGHT = 42
LABELS = ("prepared_for", "date", "therapist")  # keys of the blanks' labels
GAP = 16  # between one blank and the next label


@dataclass(frozen=True)
class _Look:
    """What every part of one site's PDFs needs: its styles, colours and text width."""

    site: Site
    styles: Styles
    colours: Palette
    width: float
    labels: Labels

    @property
    def link_colour(self) -> str:
        return hex_colour(self.colours.heading)


def _look(site: Site, width: float, large: bool, lang: str) -> _Look:
    brand = site.clinic.brand
    labels = site.labels(lang)
    sheet = styles(brand.primary, brand.accent, large)
    return _Look(
        site,
        right_to_left(sheet) if labels.rtl else sheet,
        palette(brand.primary, brand.accent),
        width,
        labels,
    )


def render_handout(
    site: Site,
    article: Article,
    *,
    paper: str | None = None,
    patient: Patient | None = None,
    large: bool = False,
) -> bytes:
    """The article's handout: band, title, body with drill cards, call to action.

    For a `patient`, their name, the date and the therapist fill the blanks, the
    therapist's notes get a marked box, and the handout ends with how to reach the clinic
    rather than a pitch to new clients. A sheet of drills alone is packed tightly.

    The booking box never stands alone on a last page: it takes its compact form where
    only that fits below the content, and when neither form does, the handout is laid
    out again with the last content moved over beside it.
    `large` print sets every text one and a half times the size, body text 18 pt; only a
    booking box that would be taller than a page at that size is printed at the regular
    one."""
    pagesize = PAGES[paper or site.clinic.paper]
    look = _look(site, frame_width(pagesize, MARGIN), large, article.lang)
    sheet = all(isinstance(block, DrillCards) for block in article.body)
    page = frame_height(pagesize, MARGIN, look.styles.scale)
    keywords = ", ".join([site.clinic.name, *(drill.name for drill in article.drills)])
    metadata = Metadata(article.title, site.clinic.name, article.summary, keywords)
    # A card's name ranks below the article's own sections
    heading = "H3" if any(isinstance(block, Heading) for block in article.body) else "H2"

    def cards() -> list[Flowable]:
        out: list[Flowable] = []
        gap = 6 if sheet else 12
        for number, drill in enumerate(article.drills, 1):
            card = drill_card(
                drill,
                number,
                look.width,
                look.styles,
                look.colours,
                compact=True,
                page_height=page,
                heading=heading,
                labels=look.labels,
            )
            out += [Spacer(1, 2 if sheet else 6), card, Spacer(1, gap)]
        return out

    pdf = b""
    rungs = [(False, look), (True, look)]  # (glued, the box's look)
    if large:  # a box taller than a page at 18 pt (every field at its limit): regular size
        regular = _look(site, look.width, False, article.lang)
        rungs += [(False, regular), (True, regular)]
    for rung, (glued, box_look) in enumerate(rungs, 1):
        content_end = PageMark()
        body = [
            _band(look, [escape(site.clinic.tagline)] if site.clinic.tagline else []),
            Spacer(1, 10 if sheet else 14),
            tagged(
                Paragraph(
                    escape(article.title), look.styles.sheet_title if sheet else look.styles.title
                ),
                Node("H1"),
            ),
            *(
                [tagged(Paragraph(escape(article.summary), look.styles.subtitle), Node("P"))]
                if article.summary
                else []
            ),
            *_for_patient(look, patient),
            Spacer(1, 8 if sheet else 10),
            *block_flowables(
                article.body, look.styles, look.link_colour, drill_cards=cards, labels=look.labels
            ),
        ]
        while isinstance(body[-1], Spacer):
            body.pop()

        def form(compact: bool, box_look: _Look = box_look) -> Callable[[], Flowable]:
            return lambda: _call_to_action(box_look, article, patient is not None, compact=compact)

        if glued:  # the last content goes over with the box rather than leave it alone
            moved = [body.pop()]
            while len(body) > 1:  # its heading goes too, with the space after it
                at = len(body) - 1
                while at > 1 and isinstance(body[at], Spacer):
                    at -= 1
                if not body[at].getKeepWithNext():
                    break
                moved[:0] = body[at:]
                del body[at:]
            parts = [part for flowable in moved for part in _unkept(flowable)]
            box: Flowable = KeepTogether([*parts, Spacer(1, 8), form(True)()])
        else:  # the full box, or its compact form where only that fits; past it, retried
            forms = [form(True)] if sheet else [form(False), form(True)]
            box = FirstThatFits(forms, mark=PageMark(latest=content_end))
        try:
            pdf = build_pdf(
                [*body, content_end, Spacer(1, 8 if sheet else 10), box],
                pagesize,
                MARGIN,
                _footer(site, look),
                metadata,
                lang=article.lang,
            )
        except LayoutError:
            if rung == len(rungs):
                raise
            continue
        except Misplaced:  # the box alone on a last page
            continue
        return pdf
    return pdf


def _unkept(flowable: Flowable) -> list[Flowable]:
    """The parts of a KeepTogether, which cannot be measured inside another one."""
    return list(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]


def render_card(
    site: Site, drill: Drill, *, paper: str | None = None, large: bool = False
) -> bytes:
    """One drill on a half-letter (A5 for A4 sites) page, with the clinic and booking QR.

    A drill too long for that gets a whole page rather than a second small one; only a
    drill too long for a whole page runs on to another. In `large` print a card starts
    on a whole page: a half page holds too few words of that size to be worth it."""
    paper = paper or site.clinic.paper
    pdf = b""
    for pagesize in (PAGES[paper],) if large else (CARD_PAGES[paper], PAGES[paper]):
        whole = pagesize == PAGES[paper]  # the last try: a drill may run on from it
        end = PageMark(None if whole else 1)
        look = _look(site, frame_width(pagesize, CARD_MARGIN), large, drill.lang)
        target = _tracked(site, drill.slug)
        lines = _booking_lines(look, target, hex_colour(look.colours.on_primary), short=True)
        card = drill_card(
            drill,
            None,
            look.width,
            look.styles,
            look.colours,
            keep_together=False,
            compact=True,
            page_height=frame_height(pagesize, CARD_MARGIN, look.styles.scale),
            heading="H1",
            labels=look.labels,
        )
        qr = QrCode(target, CARD_QR_WIDTH) if site.clinic.card_qr else None
        metadata = Metadata(
            drill.name, site.clinic.name, drill.goal, f"{site.clinic.name}, exercise"
        )
        story = [_band(look, lines, qr), Spacer(1, 6), card, end]
        try:
            pdf = build_pdf(
                story, pagesize, CARD_MARGIN, _footer(site, look), metadata, lang=drill.lang
            )
        except (LayoutError, Misplaced):
            if whole:
                raise
            continue  # what a small page cannot hold, a whole one may
        break
    return pdf


def prepared_for(styles: Styles, width: float, labels: Labels = ENGLISH) -> Flowable:
    """ "Prepared for ____ Date ____ Therapist ____": blanks to write on by hand."""
    cells: list[Paragraph] = []
    words = Node("P")  # one line to a reader: "Prepared for Date Therapist"
    texts = [labels(key) for key in LABELS]
    for label in texts:
        cells.append(tagged(Paragraph(escape(label), styles.label), words))
        cells.append(Paragraph("", styles.body))
    label_widths = [
        line_width(label, styles.label.fontName, styles.label.fontSize) + 8 for label in texts
    ]
    label_widths[1:] = [w + GAP for w in label_widths[1:]]  # a gap after each blank
    blank = (width - sum(label_widths)) / 3
    widths = [label_widths[0], blank * 1.3, label_widths[1], blank * 0.7, label_widths[2], blank]
    commands = (
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        *(("LEFTPADDING", (col, 0), (col, 0), GAP) for col in (2, 4)),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *(("LINEBELOW", (col, 0), (col, 0), 0.8, INK) for col in (1, 3, 5)),
    )
    cells, widths, commands = mirrored_row(cells, widths, commands, is_rtl(styles))
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    table.setStyle(table_style(*commands))
    return table


def _for_patient(look: _Look, patient: Patient | None) -> list[Flowable]:
    """The "Prepared for" line, filled in for a patient, and their therapist's notes."""
    labels = look.labels
    if patient is None:
        return [prepared_for(look.styles, look.width, labels)]
    parts = []
    if patient.name:
        parts.append(f"{escape(labels('prepared_for'))} <b>{escape(patient.name)}</b>")
    if patient.date:
        parts.append(escape(labels.date(patient.date)))
    if patient.therapist:  # the name in bold, inside the language's own word order
        by = escape(labels.gettext(LABEL_TEXT["by"]))
        parts.append(by % {"therapist": f"<b>{escape(patient.therapist)}</b>"})
    line = tagged(Paragraph(" · ".join(parts), look.styles.body), Node("P"))
    if not patient.notes:
        return [line]
    box = Node("Div")
    notes = [
        tagged(Paragraph(f"<b>{escape(labels('notes'))}</b>", look.styles.body), Node("P", box))
    ]
    notes += [
        tagged(Paragraph(escape(text) or "&nbsp;", look.styles.body), Node("P", box))
        for text in patient.notes.split("\n")
    ]
    table = Table([[notes]], colWidths=[look.width], splitInRow=1)
    table.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), 1.4, INK),
            ("BACKGROUND", (0, 0), (-1, -1), look.colours.accent_tint),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        )
    )
    return [line, Spacer(1, 12), KeepTogether([table])]


def _qr_alt(look: _Look) -> str:
    """What the booking QR code says to a reader: where it leads, as a person types it."""
    return look.labels("qr_book", address=short_url(look.site.clinic.booking.url))


def _tracked(site: Site, campaign: str) -> str:
    """The booking URL tagged so the clinic can count bookings that came from paper."""
    return Campaign.for_print(site.clinic, campaign).tag(site.clinic.booking.url)


def _footer(site: Site, look: _Look) -> Footer:
    clinic, labels = site.clinic, look.labels
    return Footer(
        clinic.name,
        clinic.phone or clinic.website,
        safety=labels("safety"),
        pages=labels("page"),
        scale=look.styles.scale,
        rtl=labels.rtl,
    )


def _band(look: _Look, lines: list[str], qr: QrCode | None = None) -> Flowable:
    """The clinic's name (and logo) on the brand colour, across the top of the first page.

    `lines` (markup) go under the name; a card's band also carries the booking QR code,
    which leaves the page below for the card itself. The name and tagline are page
    furniture (artifacts); a card's booking lines and code are content, read after the
    card. The name keeps to one line, in a
    smaller size if need be; beside a logo, which names the clinic too, it may be left
    out rather than wrap. A logo that does not stand out on the band sits on a white
    plate.
    """
    clinic = look.site.clinic
    styles = look.styles
    cells: list[object] = []
    widths: list[float] = []
    if clinic.logo is not None:
        logo = clinic.logo
        image: Flowable = _logo(logo, LOGO_HEIGHT, look.width / 4)
        if logo_backing(logo.tones, logo.opaque, clinic.brand.primary) != "band":
            image = _Plate(image)
        cells.append(image)
        widths.append(image.wrap(look.width, LOGO_HEIGHT * 2)[0] + 12)
    if qr is not None:
        widths.append(qr.width + 14)
    room = look.width - sum(widths) - 14 - (0 if qr is not None else 14)
    text: list[Flowable] = []
    name = _one_line(escape(clinic.name), styles.band_name, room, smallest=11)
    if name is not None or clinic.logo is None:
        text.append(name or Paragraph(escape(clinic.name), styles.band_name))
    booking = Node("Div", late=True) if qr is not None else None
    for line in lines:  # a booking address is never broken: smaller, if need be
        fitted = _one_line(line, styles.band_tagline, room, smallest=6)
        text.append(
            tagged(fitted or Paragraph(line, styles.band_tagline), booking and Node("P", booking))
        )
    cells.append(text)
    widths.insert(len(cells) - 1, room + 14 + (0 if qr is not None else 14))
    if qr is not None:
        cells.append(tagged(qr, Node("Figure", booking, alt=_qr_alt(look))))
    table = Table([cells], colWidths=widths)
    table.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (-1, -1), look.colours.primary),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 14),
            ("RIGHTPADDING", (0, 0), (-1, -1), 14),
            ("TOPPADDING", (0, 0), (-1, -1), 6 if qr is not None else 10),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6 if qr is not None else 11),
            ("RIGHTPADDING", (0, 0), (-2, 0), 0),
            ("RIGHTPADDING", (-1, 0), (-1, 0), 10 if qr is not None else 14),
        )
    )
    return table


def _one_line(
    markup: str, style: ParagraphStyle, width: float, smallest: float
) -> Paragraph | None:
    """`markup` on one line of `width` in `style`, made smaller (not below `smallest`) if
    it must; None when even that is too wide. Measured in bold, so bold words fit too."""
    plain = printable(html.unescape(re.sub(r"<[^>]*>", "", markup)))
    size = style.fontSize
    while stringWidth(plain, FACES.bold, size) > width:
        size -= 0.5
        if size < smallest:
            return None
    return Paragraph(markup, style if size == style.fontSize else _sized(style, size))


@functools.lru_cache(maxsize=64)
def _sized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    """One smaller style per size, reused, so the paragraph cache (keyed on the style)
    serves band lines too."""
    return ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size, leading=size * 1.25)


class _Plate(Flowable):
    """A logo on a white rounded plate: a transparent or dark logo stays visible on the
    brand colour, and a white-background logo looks deliberate instead of a hole."""

    PAD = 4

    def __init__(self, image: Image):
        super().__init__()
        self.image = image
        self.width = image.drawWidth + 2 * self.PAD
        self.height = image.drawHeight + 2 * self.PAD

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFillColor(colors.white)
        self.canv.roundRect(0, 0, self.width, self.height, 4, stroke=0, fill=1)
        self.canv.restoreState()
        self.image.drawOn(self.canv, self.PAD, self.PAD)


def _logo(logo: Picture, height: float, width: float) -> Image:
    scale = min(height / logo.height, width / logo.width)
    return Image(str(logo.path), logo.width * scale, logo.height * scale)


def _booking_lines(look: _Look, target: str, colour: str, *, short: bool = False) -> list[str]:
    """The booking URL (linked to its tracked form) and the phone number; `short` prints
    the address as a person types it (host and path), the QR code beside it carrying
    the rest. A line never breaks inside the address."""
    clinic, labels = look.site.clinic, look.labels
    shown = short_url(clinic.booking.url) if short else clinic.booking.url
    label = f"<b>{escape(labels.colon(clinic.booking.label))}</b>"
    lines = [f"{label} {link(target, escape(shown), colour)}"]
    if clinic.phone:
        lines.append(f"<b>{escape(labels.colon(labels('call')))}</b> {escape(clinic.phone)}")
    return lines


def _call_to_action(look: _Look, article: Article, for_patient: bool, *, compact: bool) -> Table:
    """Headline, text, the booking URL in full and a QR code that counts paper bookings.

    A patient's own handout asks for their next appointment instead of pitching an
    assessment; the compact form says the same in less height, to share a last page."""
    clinic = look.site.clinic
    styles = look.styles
    target = _tracked(look.site, article.slug)
    labels = look.labels
    lines = _booking_lines(look, target, look.link_colour)
    if clinic.website:
        web = link(clinic.website, escape(clinic.website), look.link_colour)
        lines.append(f"<b>{escape(labels.colon(labels('web')))}</b> {web}")
    if for_patient:
        headline, text = clinic.booking.for_patients(labels)
        if clinic.email:
            mailto = link(f"mailto:{clinic.email}", escape(clinic.email), look.link_colour)
            lines.append(f"<b>{escape(labels.colon(labels('email')))}</b> {mailto}")
    else:
        headline, text = article.cta.headline, article.cta.text
    sect = Node("Sect")
    headline_style = styles.cta_compact if compact else styles.cta_headline
    words: list[Flowable] = [tagged(Paragraph(escape(headline), headline_style), Node("H2", sect))]
    if text:
        body = Paragraph(escape(text), styles.list_body if compact else styles.body)
        words.append(tagged(body, Node("P", sect)))
    words += [tagged(Paragraph(line, styles.list_body), Node("P", sect)) for line in lines]
    code = QrCode(target, CARD_QR_WIDTH if compact else QR_WIDTH)
    scan = [
        tagged(code, Node("Figure", sect, alt=_qr_alt(look))),
        tagged(Paragraph(escape(labels("scan_to_book")), styles.small), Node("P", sect)),
    ]
    pad = 4 if compact else 10
    cells, widths, commands = mirrored_row(
        [words, scan],
        [look.width - code.width - 10, code.width + 10],
        (
            ("BOX", (0, 0), (-1, -1), 1.4, look.colours.primary),
            ("LINEBEFORE", (1, 0), (1, 0), 0.6, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ("LEFTPADDING", (0, 0), (0, 0), 12),
            ("RIGHTPADDING", (0, 0), (0, 0), 12),
            ("LEFTPADDING", (1, 0), (1, 0), 5),
            ("RIGHTPADDING", (1, 0), (1, 0), 5),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ),
        labels.rtl,  # right to left, the QR code goes to the left
    )
    table = Table([cells], colWidths=widths)
    table.setStyle(table_style(*commands))
    return table


def preload() -> None:
    """Parse and register the fonts before workers fork, so that they share them rather
    than each parsing the TTF files again (a build calls this through its kinds)."""
    register_fonts()
