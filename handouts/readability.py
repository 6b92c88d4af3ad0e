"""Reading grades: how many years of school a text asks of its reader.

Patient material should read at grade 8 or below (many patients read at a 6th-grade
level), so `check` grades every article and drill by the Flesch–Kincaid grade, worked out
by textstat from the words that print: the parsed block model, never the raw Markdown,
whose link targets and markup are not read by anyone. Each heading, paragraph, list item,
table cell and caption is a sentence or more of its own, so a heading without a full stop
is not run into the paragraph under it. The formula is calibrated on English; a language
textstat has no grade formula for is not graded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import assert_never

from .model import (
    Article,
    BulletList,
    Callout,
    Drill,
    DrillCards,
    Figure,
    Heading,
    OrderedList,
    Paragraph,
    Quote,
    Table,
    plain_text,
)
from .model import Block as ModelBlock

# Languages with a Flesch–Kincaid grade in textstat (its syllable counts for English use
# the CMU pronouncing dictionary; the formula's weights are English ones).
GRADED_LANGUAGES = ("en",)
LANGUAGE = "en"  # the default; `check` passes each article's and drill's own `lang`
# A sentence ends at . ! or ? (and a closing quote or bracket) before a space; "e.g. this"
# splits too, which only makes a grade a little lower.
MEANINGFUL_WORDS = 4  # the fewest words a sentence needs to be named as a hard one
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+")


@dataclass(frozen=True)
class Sentence:
    text: str
    grade: float


@dataclass(frozen=True)
class Reading:
    """One article's or drill's grade, with its sentences hardest first."""

    source: str  # the content file
    kind: str  # "article" or "drill"
    grade: float
    sentences: tuple[Sentence, ...]


def article_reading(article: Article, language: str = LANGUAGE) -> Reading | None:
    """The article's grade (title, summary, body and call to action; its drills are
    graded on their own), or None for a language without a grade formula or no words."""
    texts = [article.title, article.summary, *_block_texts(article.body)]
    texts += [article.cta.headline, article.cta.text]
    return _reading(article.source, "article", texts, language)


def drill_reading(drill: Drill, language: str = LANGUAGE) -> Reading | None:
    """The drill's grade: its name, goal, caution, instructions and progressions."""
    texts = [drill.name, drill.goal, drill.caution, *_block_texts(drill.instructions)]
    texts += [drill.easier, drill.harder]
    return _reading(drill.source, "drill", texts, language)


def _reading(source: str, kind: str, texts: Sequence[str | None], language: str) -> Reading | None:
    if language.split("-")[0].lower() not in GRADED_LANGUAGES:
        return None
    sentences = [s for text in texts if text for s in split_sentences(text)]
    if not any(re.search(r"\w", s) for s in sentences):
        return None
    import textstat

    from .pronunciations import install

    install()
    # textstat reads "en" but not "en-AU": a regional tag would fall back to other rules.
    textstat.set_lang(language.split("-")[0].lower())
    graded = [Sentence(s, _grade(textstat.flesch_kincaid_grade(s))) for s in sentences]
    whole = _grade(textstat.flesch_kincaid_grade(" ".join(sentences)))
    # A sentence of a few words grades wildly ("Self-referrals welcome." is grade 20):
    # the hardest are looked for among those long enough to mean something.
    long = [s for s in graded if len(s.text.split()) >= MEANINGFUL_WORDS] or graded
    hardest = sorted(long, key=lambda s: -s.grade)
    return Reading(source, kind, whole, tuple(hardest))


def _grade(value: float) -> float:
    """A grade as people read it: one decimal, never below zero (a list of short words
    scores below the first grade)."""
    return max(round(value, 1), 0.0)


def split_sentences(text: str) -> list[str]:
    """`text`'s sentences, each ending in a full stop, question or exclamation mark (one
    is added to a heading or list item that has none)."""
    out = []
    for part in SENTENCE_END.split(" ".join(text.split())):
        part = part.strip()
        if part:
            out.append(part if re.search(r"[.!?][\"”’)\]]*$", part) else part + ".")
    return out


def _block_texts(blocks: tuple[ModelBlock, ...]) -> Iterator[str]:
    """The words of each printed block, one text per heading, paragraph, cell, caption."""
    for block in blocks:
        match block:
            case Heading(_, children) | Paragraph(children):
                yield plain_text(children)
            case BulletList(items) | OrderedList(items):
                for item in items:
                    yield from _block_texts(item.blocks)
            case Callout(_, inner) | Quote(inner):
                yield from _block_texts(inner)
            case Table(header, rows):
                for row in (header, *rows):
                    yield from (plain_text(cell) for cell in row)
            case Figure(caption=caption):
                if caption:
                    yield caption
            case DrillCards():
                pass
            case _:
                assert_never(block)
