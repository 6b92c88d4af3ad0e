"""The content model every renderer consumes: plain data, no I/O.

Markdown is parsed once into these blocks and inline runs; the PDF, email and text
renderers each walk the same tree and escape for their own output at their own edge.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import assert_never

# --- inline runs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple[Inline, ...]


Inline = Text | LineBreak | Strong | Emphasis | Link


# --- blocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class OrderedList:
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True)
class DrillCards:
    """Where the article's drill cards go: the `<!-- drills -->` line, else after the body."""


Block = Heading | Paragraph | BulletList | OrderedList | DrillCards


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
            case DrillCards():
                pass
            case _:
                assert_never(block)


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


DASHES = "-–—"  # "2-3", "2–3" and "2—3" all mean 2 to 3
# Digits are bounded before int() sees them: Python refuses to convert a number of more
# than 4,300 digits, and no dose needs more than a few.
_RANGE = re.compile(rf"^\s*(\d{{1,9}})\s*(?:[{DASHES}]\s*(\d{{1,9}}))?\s*$")


@dataclass(frozen=True)
class Limit:
    """The plausible values of one dose field: a bigger one is almost surely a typo."""

    maximum: int
    unit: str


# One table for content files, `--dose` and CSV rows alike.
LIMITS: dict[str, Limit] = {
    "sets": Limit(20, "sets"),
    "reps": Limit(500, "reps"),
    "hold": Limit(600, "seconds"),
}


@dataclass(frozen=True)
class Range:
    """A whole number or an inclusive range, as clinicians prescribe ("2–3 sets")."""

    low: int
    high: int

    @classmethod
    def parse(cls, value: object, field: str) -> Range:
        """`value` (a number, or text like "2-3" or "2–3") as a range of dose `field`;
        ValueError says what is wrong, in words for the person who wrote it."""
        limit = LIMITS[field]
        if isinstance(value, int) and not isinstance(value, bool):
            low = high = value
        elif isinstance(value, str) and (match := _RANGE.match(value)):
            low, high = int(match.group(1)), int(match.group(2) or match.group(1))
        else:
            raise ValueError('must be a whole number or a range like "2-3"')
        if low < 1:
            raise ValueError("must be at least 1")
        if high < low:
            raise ValueError(f"range {low}-{high} runs backwards; write {high}-{low}")
        if high > limit.maximum:
            raise ValueError(f"of {high} is more than {limit.maximum} {limit.unit}; is it a typo?")
        return cls(low, high)

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"

    @property
    def is_one(self) -> bool:
        return self.low == self.high == 1


@dataclass(frozen=True)
class Dosage:
    sets: Range
    reps: Range | None = None
    hold: Range | None = None  # seconds
    per_side: bool = False
    frequency: str | None = None
    note: str | None = None

    def format(self) -> str:
        """How a patient reads it: "2–3 sets of 8–10 reps per side, slow"."""
        sets = f"{self.sets} {'set' if self.sets.is_one else 'sets'}"
        if self.reps is not None:
            what = f"{self.reps} {'rep' if self.reps.is_one else 'reps'}"
            if self.hold is not None:
                what += f", {self.hold}-second hold"
        else:
            assert self.hold is not None
            what = f"{self.hold}-second {'hold' if self.sets.is_one else 'holds'}"
        text = f"{sets} of {what}"
        if self.per_side:
            text += " per side"
        return ", ".join(part for part in (text, self.note, self.frequency) if part)


# --- documents ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Drill:
    slug: str
    name: str
    goal: str
    dosage: Dosage
    instructions: tuple[Block, ...]
    source: str  # path relative to the site, for messages
    equipment: tuple[str, ...] = ()
    image: Path | None = None  # absolute, verified to be inside content/


@dataclass(frozen=True)
class CallToAction:
    headline: str
    text: str
    label: str
    url: str


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    summary: str
    body: tuple[Block, ...]  # holds exactly one DrillCards when drills is not empty
    drills: tuple[Drill, ...]
    cta: CallToAction
    source: str
    date: dt.date | None = None


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
    primary: str = "#1F5F8B"
    accent: str = "#F28C28"


@dataclass(frozen=True)
class Booking:
    url: str
    label: str
    headline: str = "Ready to move better?"
    text: str = ""


@dataclass(frozen=True)
class Newsletter:
    sender: str | None = None  # the From header
    unsubscribe_url: str | None = None  # a literal: an URL or an ESP merge tag
    utm_source: str = "newsletter"
    utm_medium: str = "email"
    asset_base_url: str | None = None


@dataclass(frozen=True)
class Clinic:
    name: str
    booking: Booking
    source: str
    tagline: str | None = None
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    logo: Path | None = None
    brand: Brand = field(default_factory=Brand)
    paper: str = "letter"
    newsletter: Newsletter = field(default_factory=Newsletter)


@dataclass(frozen=True)
class Site:
    root: Path
    clinic: Clinic
    articles: dict[str, Article]
    drills: dict[str, Drill]
