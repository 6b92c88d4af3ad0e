"""A handout for one patient: who it is for, which drills, their own dose, a note.

The prescription is applied to the model before rendering: the renderer gets an ordinary
article whose drills carry the prescribed dosage, plus the patient's details to print,
so a personalised handout is laid out by exactly the code that lays out every handout.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import freetext
from ..diagnostics import Diagnostic, Location, Severity, did_you_mean
from ..dosage import DoseError, prescribed
from ..i18n import parse_lang
from ..i18n.translations import speaks, translation
from ..load.loader import LoadResult
from ..model import Article, Dosage, Drill, DrillCards, Patient, Site, iter_text

MAX_NAME = 80
MAX_NOTES = 2000
MAX_DRILL_NOTE = 300
# How each per-drill value is written, for messages that cannot quote what was typed.
EXAMPLES = {"dose": "toe-yoga=3x12", "drill note": "toe-yoga=Go gently"}


class PrescriptionError(ValueError):
    """A prescription that cannot be printed; the message says what to fix."""


@dataclass(frozen=True)
class Prescription:
    article: str
    patient: Patient = field(default_factory=Patient)
    drills: tuple[str, ...] | None = None  # None: the article's own
    doses: tuple[tuple[str, str], ...] = ()  # (drill slug, SPEC)
    drill_notes: tuple[tuple[str, str], ...] = ()  # (drill slug, the therapist's note)
    no_article: bool = False
    lang: str | None = None  # the patient's language: the article's translation into it


def parse_dose(spec: str, base: Dosage) -> Dosage:
    """A drill's dosage as prescribed by `spec` (the short forms "3x12", "3x10/side",
    "4x30s", "10min", or "{sets: 3, reps: 10, side: each}"); what the spec leaves out
    keeps the drill's own value."""
    try:
        return prescribed(spec, base)
    except DoseError as exc:
        raise PrescriptionError(f"dose {exc}") from None


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise PrescriptionError(f"date '{text}' is not a date written YYYY-MM-DD") from None


def clean_text(value: str | None, what: str, limit: int) -> str | None:
    """What a therapist typed, as the content's own text is taken (notes keep their line
    breaks); None for nothing."""
    if value is None:
        return None
    try:
        return freetext.clean_text(value, limit, keep_lines=True) or None
    except freetext.TextProblem as problem:
        raise PrescriptionError(f"{what} {problem}") from None


def prescribe(
    article: str,
    *,
    patient: str | None = None,
    therapist: str | None = None,
    date: dt.date | None = None,
    drills: tuple[str, ...] | None = None,
    doses: tuple[str, ...] = (),
    drill_notes: tuple[str, ...] = (),
    notes: str | None = None,
    no_article: bool = False,
    lang: str | None = None,
) -> Prescription:
    """A prescription from what a person typed (options or CSV cells): text cleaned and
    bounded, doses given as `SLUG=SPEC` and drill notes as `SLUG=TEXT`."""
    return Prescription(
        article=article.strip(),
        patient=Patient(
            name=clean_text(patient, "patient", MAX_NAME),
            therapist=clean_text(therapist, "therapist", MAX_NAME),
            date=date,
            notes=clean_text(notes, "notes", MAX_NOTES),
        ),
        drills=drills or None,
        doses=_per_drill(doses, "dose"),
        drill_notes=tuple(
            (slug, clean_text(text, "a drill note", MAX_DRILL_NOTE) or "")
            for slug, text in _per_drill(drill_notes, "drill note")
        ),
        no_article=no_article,
        lang=_language(lang),
    )


def _language(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    try:
        return parse_lang(text)
    except ValueError as exc:
        raise PrescriptionError(f"lang {exc}") from None


def in_language(slug: str, lang: str | None, slugs: Iterable[str]) -> str:
    """The slug of the translation of `slug` a reader of `lang` gets ("toe-yoga" in
    Spanish: "toe-yoga.es"), when there is one; else `slug` itself."""
    if lang is None:
        return slug
    return translation(slug, lang, slugs) or slug


def _per_drill(items: tuple[str, ...], what: str) -> tuple[tuple[str, str], ...]:
    """`SLUG=VALUE` pairs, as given: `personalise` refuses two for one drill. The message
    never quotes the item: a cell may hold a patient's details."""
    form = "SLUG=SPEC" if what == "dose" else "SLUG=TEXT"
    pairs = []
    for item in items:
        slug, sep, value = item.partition("=")
        slug, value = slug.strip(), value.strip()
        if not sep or not slug or not value:
            raise PrescriptionError(f"a {what} is not {form}, e.g. {EXAMPLES[what]}")
        pairs.append((slug, value))
    return tuple(pairs)


def usable(loaded: LoadResult, prescription: Prescription) -> None:
    """Refuse a prescription that names content with errors, pointing to `check`: the
    article and drills in the patient's language, as `personalise` would choose them, so
    a broken translation is reported as broken, not as missing."""
    assert loaded.site is not None
    site = loaded.site
    articles = site.articles.keys() | loaded.failed_articles
    drills = site.drills.keys() | loaded.failed_drills
    lang = prescription.lang
    article = in_language(prescription.article, lang, articles)
    broken = [article] if article in loaded.failed_articles else []
    chosen = (in_language(slug, lang, drills) for slug in prescription.drills or ())
    broken += [slug for slug in chosen if slug in loaded.failed_drills]
    if broken:
        names = ", ".join(f"'{slug}'" for slug in broken)
        raise PrescriptionError(f"{names} has content errors; run 'handouts check'")


def personalise(site: Site, prescription: Prescription) -> Article:
    """The article as this patient's handout: their drills, in their order, at their dose.

    With `no_article`, the body is just the drill cards: a home exercise sheet."""
    wanted = in_language(prescription.article, prescription.lang, site.articles)
    article = site.articles.get(wanted)
    if prescription.lang:
        translated = article is not None and speaks(article.lang, prescription.lang)
        others = any(slug.startswith(f"{prescription.article}.") for slug in site.articles)
        missing = not translated and (article is not None or others)
    else:
        missing = False
    if missing:
        raise PrescriptionError(
            f"article '{prescription.article}' has no '{prescription.lang}' version"
            f" (content/articles/{prescription.article}.{prescription.lang}.md)"
        )
    if article is None:
        raise PrescriptionError(
            f"unknown article '{prescription.article}'"
            + did_you_mean(prescription.article, site.articles)
        )
    slugs = (
        [in_language(slug, prescription.lang, site.drills) for slug in prescription.drills]
        if prescription.drills is not None
        else [d.slug for d in article.drills]
    )
    drills: list[Drill] = []
    for slug in slugs:
        if slug not in site.drills:
            raise PrescriptionError(f"unknown drill '{slug}'" + did_you_mean(slug, site.drills))
        if any(d.slug == slug for d in drills):
            raise PrescriptionError(f"drill '{slug}' is chosen twice")
        drills.append(site.drills[slug])
    doses = _per_chosen(site, prescription, prescription.doses, slugs, "dose")
    notes = _per_chosen(site, prescription, prescription.drill_notes, slugs, "drill note")
    drills = [
        dataclasses.replace(
            d,
            dosage=parse_dose(doses[d.slug], d.dosage) if d.slug in doses else d.dosage,
            therapist_note=notes.get(d.slug),
        )
        for d in drills
    ]
    if prescription.no_article:
        return dataclasses.replace(
            article,
            title=site.labels(article.lang)("sheet_title"),
            summary="",
            body=(DrillCards(),) if drills else (),
            drills=tuple(drills),
        )
    body = tuple(b for b in article.body if not isinstance(b, DrillCards) or drills)
    if drills and not any(isinstance(b, DrillCards) for b in body):
        body = (*body, DrillCards())
    return dataclasses.replace(article, body=body, drills=tuple(drills))


def _per_chosen(
    site: Site,
    prescription: Prescription,
    pairs: tuple[tuple[str, str], ...],
    chosen: list[str],
    what: str,
) -> dict[str, str]:
    """Each value by the drill it is for, in the patient's language; a second value for
    one drill would silently win. A message names a drill only by a slug the site has:
    what else a cell holds may be a patient's details."""
    given: dict[str, str] = {}
    for key, value in pairs:
        slug = in_language(key, prescription.lang, site.drills)
        if slug not in site.drills:
            raise PrescriptionError(
                f"a {what} is given for a drill the site does not have;"
                f" it starts with the drill's slug, e.g. {EXAMPLES[what]}"
            )
        if slug not in chosen:
            raise PrescriptionError(
                f"a {what} is given for '{slug}', which is not among the drills"
            )
        if slug in given:
            raise PrescriptionError(f"two {what}s are given for '{slug}'; keep one")
        given[slug] = value
    return given


def prescription_warnings(site: Site, prescription: Prescription) -> list[Diagnostic]:
    """What a patient's handout would say that contradicts itself, located in the content
    to fix; names drills and files, never the patient."""
    from ..check import dose_phrase_lines

    printed = personalise(site, prescription)  # in the patient's language: what prints
    dosed = {in_language(slug, prescription.lang, site.drills) for slug, _ in prescription.doses}
    found = []
    for drill in printed.drills:
        if drill.slug not in dosed:
            continue
        for line, phrase in dose_phrase_lines(site.root, site.drills[drill.slug]):
            found.append(
                Diagnostic(
                    Location(drill.source, line),
                    Severity.WARNING,
                    f"drill '{drill.slug}' gets a dose of its own on this handout, but its"
                    f" instructions say '{phrase}': the patient would read both",
                )
            )
    article = site.articles[printed.slug]  # as written: the drills its text counts
    chosen = prescription.drills
    if prescription.no_article or chosen is None:
        return found
    if len(chosen) != len(article.drills):
        for text in (article.summary, *_texts_before_the_cards(article)):
            if match := _COUNT.search(text):
                found.append(
                    Diagnostic(
                        Location(article.source),
                        Severity.WARNING,
                        f"the article says '{match.group()}', but this handout has"
                        f" {len(chosen)}: the patient may look for the missing ones",
                    )
                )
                break
    return found


_COUNT = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:\w+\s+)?"
    r"(?:drills|exercises|stretches|moves)\b",
    re.IGNORECASE,
)


def _texts_before_the_cards(article: Article) -> list[str]:
    texts = []
    for block in article.body:
        if isinstance(block, DrillCards):
            break
        texts.append(" ".join(iter_text((block,))))
    return texts
