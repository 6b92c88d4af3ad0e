"""The content model every renderer consumes: plain data, no I/O.

Markdown is parsed once into these blocks and inline runs; the PDF, email and text
renderers each walk the same tree and escape for their own output at their own edge.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import assert_never

from .i18n import Labels

# --- inline runs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Words as written: each renderer escapes them at its own edge."""

    text: str


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a paragraph."""


@dataclass(frozen=True)
class Strong:
    """Bold text."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
    """Italic text."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A link whose URL the loader has checked (a web page, or mailto/tel to contact someone)."""

    url: str
    children: tuple[Inline, ...]


Inline = Text | LineBreak | Strong | Emphasis | Link


# --- blocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A section heading of the body, level 1 to 6 as written."""

    level: int
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline runs."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class ListItem:
    """One item of a list: blocks, since an item may hold paragraphs and lists."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class BulletList:
    """A list without numbers."""

    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class OrderedList:
    """A numbered list, counting from `start`."""

    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True)
class DrillCards:
    """Where the article's drill cards go: the `<!-- drills -->` line, else after the body."""


class CalloutKind(StrEnum):
    """A GitHub-style alert (`> [!WARNING]`): its label word, printed in every output,
    carries the meaning, so a callout reads the same in black and white."""

    NOTE = "note"
    TIP = "tip"
    IMPORTANT = "important"
    WARNING = "warning"
    CAUTION = "caution"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class Callout:
    """A GitHub-style alert (`> [!WARNING]`): a labelled box of blocks."""

    kind: CalloutKind
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Quote:
    """A plain block quote: indented, with a rule beside it."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Table:
    """A pipe table: a header row and body rows of inline cells, all the same width."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]


@dataclass(frozen=True)
class Figure:
    """An image on a line of its own in an article. The parser leaves `picture` empty:
    the loader opens the file (so a parse cached by its text never holds a stale one)."""

    src: str  # as written, a path under content/
    alt: str
    caption: str | None = None
    line: int = 1  # in its file, for the loader's messages
    picture: Picture | None = None


Block = (
    Heading | Paragraph | BulletList | OrderedList | DrillCards | Callout | Quote | Table | Figure
)


def plain_text(runs: tuple[Inline, ...]) -> str:
    """The words of inline runs, for titles, metadata and search; markup dropped."""
    out: list[str] = []
    for run in runs:
        match run:
            case Text(text):
                out.append(text)
            case LineBreak():
                out.append("\n")
            case Strong(children) | Emphasis(children) | Link(_, children):
                out.append(plain_text(children))
            case _:
                assert_never(run)
    return "".join(out)


def iter_text(blocks: tuple[Block, ...]) -> Iterator[str]:
    """Every text that reaches paper or screen, in reading order: the text runs, and link
    targets (which print beside their words). `check` looks for missing glyphs in them."""
    for block in blocks:
        match block:
            case Heading(_, children) | Paragraph(children):
                yield from _inline_text(children)
            case BulletList(items) | OrderedList(items):
                for item in items:
                    yield from iter_text(item.blocks)
            case Callout(kind, blocks):
                yield kind.label
                yield from iter_text(blocks)
            case Quote(blocks):
                yield from iter_text(blocks)
            case Table(header, rows):
                for row in (header, *rows):
                    for cell in row:
                        yield from _inline_text(cell)
            case Figure(_, alt, caption):
                yield alt
                if caption:
                    yield caption
            case DrillCards():
                pass
            case _:
                assert_never(block)


def iter_pictures(blocks: tuple[Block, ...]) -> Iterator[Picture]:
    """The pictures of the figures in `blocks`, in reading order: what an article's
    outputs show and embed besides its drills' photos."""
    for block in blocks:
        match block:
            case Figure(picture=picture) if picture is not None:
                yield picture
            case Callout(_, inner) | Quote(inner):
                yield from iter_pictures(inner)
            case BulletList(items) | OrderedList(items):
                for item in items:
                    yield from iter_pictures(item.blocks)
            case _:
                pass


def _inline_text(runs: tuple[Inline, ...]) -> Iterator[str]:
    for run in runs:
        match run:
            case Text(text):
                yield text
            case LineBreak():
                pass
            case Strong(children) | Emphasis(children):
                yield from _inline_text(children)
            case Link(url, children):
                yield from _inline_text(children)
                yield url
            case _:
                assert_never(run)


# --- dosage ------------------------------------------------------------------------------
# The shapes of a prescription; `handouts.dosage` parses them (one grammar for content
# files, `--dose` and CSV rows) and words them for patients.


@dataclass(frozen=True)
class Range:
    """A whole number or an inclusive range, as clinicians prescribe ("2–3 sets")."""

    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"

    @property
    def is_one(self) -> bool:
        return self.low == self.high == 1


@dataclass(frozen=True)
class Measure:
    """A time or a distance as prescribed, in the unit it was written in: "30–60 s",
    "1.5 km". Decimal keeps "0.5" printing as "0.5"."""

    low: Decimal
    high: Decimal
    unit: str  # "s", "min", "h" (time) or "m", "km", "mi", "yd" (distance)


@dataclass(frozen=True)
class AsManyAsYouCan:
    """`reps: max`: the patient stops when the next rep would lose good form."""


class Side(StrEnum):
    BOTH = "both"  # both sides at once, or a movement with no sides
    EACH = "each"  # the whole dose on one side, then on the other
    LEFT = "left"
    RIGHT = "right"
    ALTERNATING = "alternating"


@dataclass(frozen=True)
class Frequency:
    """How often: printed as the clinic wrote it (`text`), or worded from the numbers.
    The numbers, read from either, shape the patient's tick boxes."""

    text: str | None = None
    times_per_day: int = 1
    days_per_week: int = 7
    every_other_day: bool = False


@dataclass(frozen=True)
class Dosage:
    """One exercise's prescription; at least one of reps, hold, duration and distance."""

    sets: Range = Range(1, 1)
    reps: Range | AsManyAsYouCan | None = None
    hold: Measure | None = None
    duration: Measure | None = None
    distance: Measure | None = None
    rest: Measure | None = None
    load: str | None = None
    tempo: str | None = None
    side: Side = Side.BOTH
    frequency: Frequency | None = None
    note: str | None = None


# --- documents ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """An image file the loader opened, checked and measured: the renderers size it from
    here and never read the file to measure it again."""

    path: Path  # absolute, verified to be inside content/
    width: int  # pixels
    height: int
    format: str  # "png" or "jpeg"
    digest: str  # of the file's bytes as read: what a build fingerprints
    tones: tuple[float, ...] = ()  # luminance of its visible pixels, darkest tenth up
    opaque: bool = True  # no see-through parts: it brings its own background


@dataclass(frozen=True)
class Drill:
    """One exercise: what its file says, validated, in its language."""

    slug: str
    name: str
    goal: str
    dosage: Dosage
    instructions: tuple[Block, ...]
    source: str  # path relative to the site, for messages
    equipment: tuple[str, ...] = ()
    image: Picture | None = None
    therapist_note: str | None = None  # one patient's handout only: their therapist's word
    caution: str | None = None  # "Stop if …": boxed in the card, never apart from it
    video: str | None = None  # an http(s) URL: a QR code on paper, a link in the email
    easier: str | None = None  # "Too hard? …"
    harder: str | None = None  # "Too easy? …"
    lang: str = "en"  # BCP 47: its own `lang`, else the clinic's
    digest: str = ""  # of the file's bytes as read: what a build fingerprints


@dataclass(frozen=True)
class CallToAction:
    """How a handout or email ends: the booking box's words and link."""

    headline: str
    text: str
    label: str
    url: str


@dataclass(frozen=True)
class Article:
    """One article: its text as blocks and the drills it prints, in its language."""

    slug: str
    title: str
    summary: str
    body: tuple[Block, ...]  # holds exactly one DrillCards when drills is not empty
    drills: tuple[Drill, ...]
    cta: CallToAction
    source: str
    date: dt.date | None = None
    lang: str = "en"  # BCP 47: its own `lang`, else the clinic's
    digest: str = ""  # of the file's bytes as read: what a build fingerprints


@dataclass(frozen=True)
class Patient:
    """Who a personalised handout is for: printed on the "Prepared for" line and in the
    therapist's notes box."""

    name: str | None = None
    therapist: str | None = None
    date: dt.date | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Brand:
    """The clinic's colours, as hex; the renderers darken one that lacks contrast."""

    primary: str = "#1F5F8B"
    accent: str = "#F28C28"


@dataclass(frozen=True)
class Booking:
    """Where patients book, and the call to action's default words."""

    url: str
    label: str
    headline: str | None = None  # None: the "headline" label, in the reader's language
    text: str = ""
    # A patient's own handout ends with these instead of the pitch to new clients;
    # None: the "patient_headline" and "patient_text" labels.
    patient_headline: str | None = None
    patient_text: str | None = None

    def for_patients(self, labels: Labels) -> tuple[str, str]:
        """The headline and text that end a patient's own handout, in its language."""
        return (
            self.patient_headline or labels("patient_headline"),
            self.patient_text or labels("patient_text"),
        )


@dataclass(frozen=True)
class Mailbox:
    """An email address and the name shown with it, as the loader parsed them."""

    name: str  # may be empty
    address: str  # local@domain, ASCII


SMTP_SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class Smtp:
    """Where `handouts send` delivers a test copy. The password is never part of the
    content: it comes from the environment only."""

    host: str = "localhost"
    port: int | None = None  # None: the usual port for `security` (587, 465 or 25)
    security: str = "starttls"  # one of SMTP_SECURITY
    user: str | None = None


@dataclass(frozen=True)
class Newsletter:
    """How the email is sent and tracked; all of it optional."""

    sender: Mailbox | None = None  # the From header; none leaves it to the sending tool
    unsubscribe_url: str | None = None  # a literal: an URL or an ESP merge tag
    utm_source: str = "newsletter"
    utm_medium: str = "email"
    asset_base_url: str | None = None
    smtp: Smtp = Smtp()


@dataclass(frozen=True)
class Clinic:
    """Everything clinic.yaml says, validated."""

    name: str
    booking: Booking
    source: str
    tagline: str | None = None
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    logo: Picture | None = None
    brand: Brand = field(default_factory=Brand)
    paper: str = "letter"
    card_qr: bool = True  # the booking QR code in each drill card's band
    large_print: bool = False  # build makes large-print handouts and cards too
    max_grade: float = 8.0  # `check` warns about an article harder to read than this
    newsletter: Newsletter = field(default_factory=Newsletter)
    lang: str = "en"  # BCP 47; the default of every article and drill
    labels: tuple[tuple[str, str], ...] = ()  # (key, text): replaces a label everywhere
    date_format: str = "long"  # short | medium | long, as Babel words them
    digest: str = ""  # of the file's bytes as read: what a build fingerprints


@dataclass(frozen=True)
class Site:
    """A whole site as loaded: the pivot every renderer reads."""

    root: Path
    clinic: Clinic
    articles: dict[str, Article]
    drills: dict[str, Drill]

    @functools.cached_property
    def templates(self) -> str:
        """The digest of the email templates as the site sees them (its overrides, else
        the built-in ones), taken once, when first asked for: by a build's plan, just
        after loading. The build plans and renders with it, so a newsletter never reads
        the template files again to learn whether they changed (`watch` loads the site
        again after every save). A `handout` never asks, and never reads them."""
        from .build.fingerprint import templates_fingerprint

        return templates_fingerprint(self.root)

    def labels(self, lang: str) -> Labels:
        """The words the tool prints in `lang`, with the clinic's own labels and dates."""
        clinic = self.clinic
        return Labels(lang, clinic.labels, clinic.date_format)
