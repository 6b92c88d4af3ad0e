"""The seed article reaches the content faithfully: every sentence, in the seed's order."""

from __future__ import annotations

import re

from handouts.dosage import describe
from handouts.model import (
    Article,
    Block,
    BulletList,
    DrillCards,
    Heading,
    OrderedList,
    Paragraph,
    plain_text,
)
from tests.support.sites import REPO

# The seed as it was handed over (shared/seed/), kept beside the tests so that they do not
# depend on where the checkout sits.
SEED_TEXT = REPO / "tests" / "fixtures" / "seed.txt"

# The blog's navigation to the next post is not part of the article.
NAVIGATION = {"Next", "Why Do My Knees Hurt When I Squat?"}


def seed_lines() -> list[str]:
    text = SEED_TEXT.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if line and line not in NAVIGATION]


def block_text(block: Block) -> list[str]:
    if isinstance(block, Heading | Paragraph):
        return [plain_text(block.children)]
    if isinstance(block, BulletList | OrderedList):
        return [text for item in block.items for b in item.blocks for text in block_text(b)]
    return []


def model_text(article: Article) -> list[str]:
    """The article as a reader meets it: title, body with each drill where its cards go, CTA."""
    out = [article.title]
    for block in article.body:
        if isinstance(block, DrillCards):
            for number, drill in enumerate(article.drills, 1):
                out.append(f"{number}. {drill.name}")
                for b in drill.instructions:
                    out.extend(block_text(b))
                out.append(f"Goal: {drill.goal}")
                out.append(f"Do: {describe(drill.dosage)}")
        else:
            out.extend(block_text(block))
    out += [article.cta.headline, article.cta.text, article.cta.label]
    return out


def words(text: str) -> list[str]:
    return re.findall(r"[\w’'–-]+", text)


def normalised(line: str) -> str:
    """A line's words; a Do line's words sorted, since the dosage wording orders them itself
    ("8–10 slow reps" in the seed reads "8–10 reps, slow" on every card) and says "per
    side" as "on each side"."""
    found = words(line.removeprefix("👉").strip().replace("on each side", "per side"))
    if found[:1] == ["Do"]:
        return "Do " + " ".join(sorted(found[1:]))
    return " ".join(found)


def test_every_seed_sentence_is_in_the_model_in_order(seed) -> None:
    article = seed.site.articles["ankle-foot-mobility"]
    haystack = " ".join(normalised(t) for t in model_text(article))
    position = 0
    for line in seed_lines():
        sentences = [line] if line.startswith("Do:") else re.split(r"(?<=[.?!])\s+", line)
        for sentence in sentences:
            needle = normalised(sentence)
            index = haystack.find(needle, position)
            assert index >= 0, f"missing or out of order: {sentence!r}"
            position = index + len(needle)


def test_the_seed_drills_carry_their_dosage_as_structured_fields(seed) -> None:
    drills = seed.site.articles["ankle-foot-mobility"].drills
    assert [describe(d.dosage) for d in drills] == [
        "2–3 sets of 8–10 reps, slow",
        "2–3 sets of 6–8 reps on each side",
        "2–3 sets of 10 reps, alternating toe lifts",
    ]
