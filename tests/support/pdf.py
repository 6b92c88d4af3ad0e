"""Reading rendered PDFs back the way a person (or a phone) would: text, fonts, pixels."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path

from pypdf import PdfReader

from handouts.dosage import describe
from handouts.fonts import printable
from handouts.i18n import ENGLISH, Labels
from handouts.model import (
    Article,
    Block,
    Booking,
    BulletList,
    Drill,
    DrillCards,
    Heading,
    Inline,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Text,
    plain_text,
)
from handouts.pdf.markup import shown_url
from tests.support.processes import program


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def squash(text: str) -> str:
    """Text with all whitespace removed, so line breaks (even inside words) do not matter."""
    return re.sub(r"\s+", "", text)


def page_texts(pdf: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in reader(pdf).pages]


def words(text: str, rtl: bool = False) -> list[str]:
    """Words as they must print: after the declared glyph fallbacks.

    Right-to-left words are left out unless the document is right to left (`rtl`):
    drawn in drawing order, their letters read back in reading order only where the
    tags say what they are (/ActualText), which right-to-left paragraphs carry.
    """
    return [word for word in printable(text).split() if rtl or not _right_to_left(word)]


def _right_to_left(word: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in word)


def in_order(expected: list[str], text: str) -> list[str]:
    """The expected words that are missing from `text` or out of order (empty: all fine)."""
    position, missing = 0, []
    for word in expected:
        found = text.find(word, position)
        if found < 0:
            missing.append(word)
        else:
            position = found + len(word)
    return missing


def block_words(
    blocks: tuple[Block, ...], drills: tuple[Drill, ...] = (), labels: Labels = ENGLISH
) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            out += words(_printed(block.children), labels.rtl)
        elif isinstance(block, BulletList | OrderedList):
            for item in block.items:
                out += block_words(item.blocks, labels=labels)
        elif isinstance(block, DrillCards):
            for drill in drills:
                out += drill_words(drill, labels)
    return out


def _printed(runs: tuple[Inline, ...]) -> str:
    """The text of inline runs as printed: a link's target follows its text if they differ."""
    out: list[str] = []
    for run in runs:
        if isinstance(run, Text):
            out.append(run.text)
        elif isinstance(run, LineBreak):
            out.append(" ")
        elif isinstance(run, Link):
            out.append(_printed(run.children))
            if plain_text(run.children).strip() != shown_url(run.url):
                out.append(f" ({shown_url(run.url)})")
        else:
            out.append(_printed(run.children))
    return "".join(out)


def drill_words(drill: Drill, labels: Labels = ENGLISH) -> list[str]:
    rtl = labels.rtl
    out = words(drill.name, rtl) + words(describe(drill.dosage, labels), rtl)
    out += words(drill.goal, rtl)
    for item in drill.equipment:
        out += words(item, rtl)
    return out + block_words(drill.instructions, labels=labels)


def article_words(
    article: Article, booking: Booking | None = None, labels: Labels = ENGLISH
) -> list[str]:
    """Every word of the article, its drills and its call to action, in reading order;
    with the clinic's `booking`, a patient's handout: it ends with the patient box.
    `labels` are the article's language's (English by default)."""
    rtl = labels.rtl
    out = words(article.title, rtl) + words(article.summary, rtl)
    out += block_words(article.body, article.drills, labels)
    if booking is not None:
        headline, text = booking.for_patients(labels)
        return out + words(headline, rtl) + words(text, rtl)
    return out + words(article.cta.headline, rtl) + words(article.cta.text, rtl)


def pdftoppm() -> str:
    return program("pdftoppm", "poppler-utils")


def rasterize(pdf: bytes, folder: Path, dpi: int = 150) -> list[Path]:
    """Every page as a PNG, as `pdftoppm -r DPI -png` makes them."""
    source = folder / "in.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [pdftoppm(), "-r", str(dpi), "-png", str(source), str(folder / "page")], check=True
    )
    return sorted(folder.glob("page-*.png"))
