"""PDF handouts and drill cards: the model in, PDF bytes out, nothing written.

A handout is what a therapist hands a patient: the clinic's band, the article, its drill
cards where the article places them, and the booking call to action with a QR code that
tells the clinic a booking came from paper. A card is one drill on a half-letter (or A5)
page, for printing single exercises.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import inch
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer, Table

from ..imagesize import read_image_size
from ..model import Article, Drill, Patient, Site
from ..urls import Campaign
from .blocks import block_flowables
from .drill_card import drill_card
from .markup import escape, link
from .page import Footer, Metadata, build_pdf, frame_width
from .paragraph import Paragraph
from .qr import QrCode
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

MARGIN = 0.6 * inch
CARD_MARGIN = 0.5 * inch
QR_WIDTH = 2.8 * cm  # the symbol alone; the quiet zone comes on top
CARD_QR_WIDTH = 2.5 * cm
LOGO_HEIGHT = 42
LABELS = ("Prepared for", "Date", "Therapist")


@dataclass(frozen=True)
class _Look:
    """What every part of one site's PDFs needs: its styles, colours and text width."""

    site: Site
    styles: Styles
    colours: Palette
    width: float

    @property
    def link_colour(self) -> str:
        return hex_colour(self.colours.heading)


def _look(site: Site, width: float) -> _Look:
    brand = site.clinic.brand
    return _Look(
        site, styles(brand.primary, brand.accent), palette(brand.primary, brand.accent), width
    )


def render_handout(
    site: Site, article: Article, *, paper: str | None = None, patient: Patient | None = None
) -> bytes:
    """The article's handout: band, title, body with drill cards, call to action.

    For a `patient`, their name, the date and the therapist fill the blanks, and the
    therapist's notes get a marked box; everything else is laid out as for anyone."""
    pagesize = PAGES[paper or site.clinic.paper]
    look = _look(site, frame_width(pagesize, MARGIN))

    def cards() -> list[Flowable]:
        out: list[Flowable] = []
        for number, drill in enumerate(article.drills, 1):
            out += [Spacer(1, 6), drill_card(drill, number, look.width, look.styles, look.colours)]
            out.append(Spacer(1, 12))
        return out

    story: list[Flowable] = [
        _band(look, [escape(site.clinic.tagline)] if site.clinic.tagline else []),
        Spacer(1, 16),
        Paragraph(escape(article.title), look.styles.title),
        *([Paragraph(escape(article.summary), look.styles.subtitle)] if article.summary else []),
        *_for_patient(look, patient),
        Spacer(1, 14),
        *block_flowables(article.body, look.styles, look.link_colour, drill_cards=cards),
        Spacer(1, 10),
        _call_to_action(look, article.cta.headline, article.cta.text, article.slug, QR_WIDTH),
    ]
    keywords = ", ".join([site.clinic.name, *(drill.name for drill in article.drills)])
    metadata = Metadata(article.title, site.clinic.name, article.summary, keywords)
    return build_pdf(story, pagesize, MARGIN, _footer(site), metadata)


def render_card(site: Site, drill: Drill, *, paper: str | None = None) -> bytes:
    """One drill on a half-letter (A5 for A4 sites) page, with the clinic and booking QR."""
    pagesize = CARD_PAGES[paper or site.clinic.paper]
    look = _look(site, frame_width(pagesize, CARD_MARGIN))
    target = _tracked(site, drill.slug)
    lines = _booking_lines(site, target, hex_colour(look.colours.on_primary))
    story: list[Flowable] = [
        _band(look, lines, QrCode(target, CARD_QR_WIDTH)),
        Spacer(1, 8),
        drill_card(drill, None, look.width, look.styles, look.colours, keep_together=False),
    ]
    metadata = Metadata(drill.name, site.clinic.name, drill.goal, f"{site.clinic.name}, exercise")
    return build_pdf(story, pagesize, CARD_MARGIN, _footer(site), metadata)


def prepared_for(styles: Styles, width: float) -> Flowable:
    """ "Prepared for ____ Date ____ Therapist ____": blanks to write on by hand."""
    cells: list[Paragraph] = []
    for label in LABELS:
        cells.append(Paragraph(label, styles.label))
        cells.append(Paragraph("", styles.body))
    label_widths = [
        stringWidth(label, styles.label.fontName, styles.label.fontSize) + 8 for label in LABELS
    ]
    blank = (width - sum(label_widths) - 20) / 3
    widths = [label_widths[0], blank * 1.3, label_widths[1], blank * 0.7, label_widths[2], blank]
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            *(("LINEBELOW", (col, 0), (col, 0), 0.8, INK) for col in (1, 3, 5)),
        )
    )
    return table


def _for_patient(look: _Look, patient: Patient | None) -> list[Flowable]:
    """The "Prepared for" line, filled in for a patient, and their therapist's notes."""
    if patient is None:
        return [prepared_for(look.styles, look.width)]
    parts = [f"Prepared for <b>{escape(patient.name)}</b>" if patient.name else ""]
    if patient.date:
        parts.append(f"{patient.date.day} {patient.date:%B %Y}")
    if patient.therapist:
        parts.append(f"by <b>{escape(patient.therapist)}</b>")
    line = Paragraph(" · ".join(part for part in parts if part), look.styles.body)
    if not patient.notes:
        return [line]
    notes = [Paragraph("<b>Notes from your therapist</b>", look.styles.body)]
    notes += [
        Paragraph(escape(text) or "&nbsp;", look.styles.body) for text in patient.notes.split("\n")
    ]
    box = Table([[notes]], colWidths=[look.width])
    box.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), 1.4, INK),
            ("BACKGROUND", (0, 0), (-1, -1), look.colours.accent_tint),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        )
    )
    return [line, Spacer(1, 12), KeepTogether([box])]


def _tracked(site: Site, campaign: str) -> str:
    """The booking URL tagged so the clinic can count bookings that came from paper."""
    return Campaign.for_print(site.clinic, campaign).tag(site.clinic.booking.url)


def _footer(site: Site) -> Footer:
    clinic = site.clinic
    return Footer(clinic.name, clinic.phone or clinic.website)


def _band(look: _Look, lines: list[str], qr: QrCode | None = None) -> Flowable:
    """The clinic's name (and logo) on the brand colour, across the top of the first page.

    `lines` (markup) go under the name; a card's band also carries the booking QR code,
    which leaves the page below for the card itself.
    """
    clinic = look.site.clinic
    styles = look.styles
    text: list[Flowable] = [Paragraph(escape(clinic.name), styles.band_name)]
    text += [Paragraph(line, styles.band_tagline) for line in lines]
    cells: list[object] = [text]
    widths: list[float] = [look.width]
    logo = _logo(clinic.logo, LOGO_HEIGHT, look.width / 5) if clinic.logo else None
    if logo is not None:
        cells.insert(0, logo)
        widths = [logo.drawWidth + 14, widths[0] - logo.drawWidth - 14]
    if qr is not None:
        cells.append(qr)
        widths = [*widths[:-1], widths[-1] - qr.width - 14, qr.width + 14]
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


def image_size(path: Path) -> tuple[int, int]:
    """Pixel size of an image, read once per process (every PDF of a site has the logo)."""
    return read_image_size(path) or ImageReader(str(path)).getSize()


def _logo(path: Path, height: float, width: float) -> Image:
    wide, high = image_size(path)
    scale = min(height / high, width / wide)
    return Image(str(path), wide * scale, high * scale)


def _booking_lines(site: Site, target: str, colour: str) -> list[str]:
    """The booking URL printed in full (linked to its tracked form) and the phone number."""
    booking = site.clinic.booking
    lines = [f"<b>{escape(booking.label)}:</b> {link(target, escape(booking.url), colour)}"]
    if site.clinic.phone:
        lines.append(f"<b>Call:</b> {escape(site.clinic.phone)}")
    return lines


def _call_to_action(
    look: _Look, headline: str, text: str, campaign: str, qr_width: float
) -> Flowable:
    """Headline, text, the booking URL in full and a QR code that counts paper bookings."""
    clinic = look.site.clinic
    styles = look.styles
    target = _tracked(look.site, campaign)
    lines = _booking_lines(look.site, target, look.link_colour)
    if clinic.website:
        lines.append(
            f"<b>Web:</b> {link(clinic.website, escape(clinic.website), look.link_colour)}"
        )
    words: list[Flowable] = [Paragraph(escape(headline), styles.cta_headline)]
    if text:
        words.append(Paragraph(escape(text), styles.body))
    words += [Paragraph(line, styles.list_body) for line in lines]
    code = QrCode(target, qr_width)
    scan = [code, Paragraph("Scan to book", styles.small)]
    table = Table([[words, scan]], colWidths=[look.width - code.width - 10, code.width + 10])
    table.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), 1.4, look.colours.primary),
            ("LINEBEFORE", (1, 0), (1, 0), 0.6, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ("LEFTPADDING", (0, 0), (0, 0), 12),
            ("RIGHTPADDING", (0, 0), (0, 0), 12),
            ("LEFTPADDING", (1, 0), (1, 0), 5),
            ("RIGHTPADDING", (1, 0), (1, 0), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 10),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        )
    )
    return KeepTogether([table])
