"""A handout for one patient: who it is for, which drills, their own dose, a note.

The prescription is applied to the model before rendering: the renderer gets an ordinary
article whose drills carry the prescribed dosage, plus the patient's details to print,
so a personalised handout is laid out by exactly the code that lays out every handout.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from ..diagnostics import did_you_mean
from ..load.fields import CONTROL
from ..load.loader import LoadResult
from ..model import DASHES, LIMITS, Article, Dosage, Drill, DrillCards, Patient, Range, Site

_NUMBER = rf"\d+\s*(?:[{DASHES}]\s*\d+)?"
_SPEC = re.compile(
    rf"^\s*({_NUMBER})\s*[x×]\s*({_NUMBER})\s*(s|sec|secs|seconds)?\s*$", re.IGNORECASE
)
MAX_NAME = 80
MAX_NOTES = 2000
SHEET_TITLE = "Your home exercise program"


class PrescriptionError(ValueError):
    """A prescription that cannot be printed; the message says what to fix."""


@dataclass(frozen=True)
class Prescription:
    article: str
    patient: Patient = field(default_factory=Patient)
    drills: tuple[str, ...] | None = None  # None: the article's own
    doses: tuple[tuple[str, str], ...] = ()  # (drill slug, SPEC)
    no_article: bool = False


def parse_dose(spec: str, base: Dosage) -> Dosage:
    """`SETSxREPS` or `SETSxHOLDs` ("3x12", "2-3x8-10", "4x30s") over a drill's own dosage;
    per-side, frequency and note keep the drill's values."""
    match = _SPEC.match(spec)
    if not match:
        raise PrescriptionError(
            f"dose '{spec}' is not SETSxREPS or SETSxHOLDs, e.g. 3x12, 2-3x8-10 or 4x30s"
        )
    sets = _range(match.group(1), "sets")
    if match.group(3):
        return dataclasses.replace(base, sets=sets, reps=None, hold=_range(match.group(2), "hold"))
    return dataclasses.replace(base, sets=sets, reps=_range(match.group(2), "reps"), hold=None)


def _range(text: str, field: str) -> Range:
    try:
        return Range.parse(text, field)
    except ValueError as exc:
        raise PrescriptionError(f"{LIMITS[field].unit} {exc}") from None


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise PrescriptionError(f"date '{text}' is not a date written YYYY-MM-DD") from None


def clean_text(value: str | None, what: str, limit: int) -> str | None:
    """Whitespace folded (notes keep their line breaks); control characters refused."""
    if value is None:
        return None
    lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines).strip()
    if CONTROL.search(text):
        raise PrescriptionError(f"{what} contains control characters")
    if len(text) > limit:
        raise PrescriptionError(f"{what} is longer than {limit} characters")
    return text or None


def prescribe(
    article: str,
    *,
    patient: str | None = None,
    therapist: str | None = None,
    date: dt.date | None = None,
    drills: tuple[str, ...] | None = None,
    doses: tuple[str, ...] = (),
    notes: str | None = None,
    no_article: bool = False,
) -> Prescription:
    """A prescription from what a person typed (options or CSV cells): text cleaned and
    bounded, doses given as `SLUG=SPEC`."""
    pairs = []
    for dose in doses:
        slug, sep, spec = dose.partition("=")
        if not sep:
            raise PrescriptionError(f"dose '{dose}' is not SLUG=SPEC, e.g. toe-yoga=3x12")
        pairs.append((slug.strip(), spec.strip()))
    return Prescription(
        article=article.strip(),
        patient=Patient(
            name=clean_text(patient, "patient", MAX_NAME),
            therapist=clean_text(therapist, "therapist", MAX_NAME),
            date=date,
            notes=clean_text(notes, "notes", MAX_NOTES),
        ),
        drills=drills or None,
        doses=tuple(pairs),
        no_article=no_article,
    )


def usable(loaded: LoadResult, prescription: Prescription) -> None:
    """Refuse a prescription that names content with errors, pointing to `check`."""
    broken = [prescription.article] if prescription.article in loaded.failed_articles else []
    broken += [slug for slug in prescription.drills or () if slug in loaded.failed_drills]
    if broken:
        names = ", ".join(f"'{slug}'" for slug in broken)
        raise PrescriptionError(f"{names} has content errors; run 'handouts check'")


def personalise(site: Site, prescription: Prescription) -> Article:
    """The article as this patient's handout: their drills, in their order, at their dose.

    With `no_article`, the body is just the drill cards: a home exercise sheet."""
    article = site.articles.get(prescription.article)
    if article is None:
        raise PrescriptionError(
            f"unknown article '{prescription.article}'"
            + did_you_mean(prescription.article, site.articles)
        )
    slugs = (
        prescription.drills if prescription.drills is not None else [d.slug for d in article.drills]
    )
    drills: list[Drill] = []
    for slug in slugs:
        if slug not in site.drills:
            raise PrescriptionError(f"unknown drill '{slug}'" + did_you_mean(slug, site.drills))
        if any(d.slug == slug for d in drills):
            raise PrescriptionError(f"drill '{slug}' is chosen twice")
        drills.append(site.drills[slug])
    doses = dict(prescription.doses)
    for slug in doses:
        if slug not in slugs:
            raise PrescriptionError(f"a dose is given for '{slug}', which is not among the drills")
    drills = [
        dataclasses.replace(d, dosage=parse_dose(doses[d.slug], d.dosage)) if d.slug in doses else d
        for d in drills
    ]
    if prescription.no_article:
        return dataclasses.replace(
            article,
            title=SHEET_TITLE,
            summary="",
            body=(DrillCards(),) if drills else (),
            drills=tuple(drills),
        )
    body = tuple(b for b in article.body if not isinstance(b, DrillCards) or drills)
    if drills and not any(isinstance(b, DrillCards) for b in body):
        body = (*body, DrillCards())
    return dataclasses.replace(article, body=body, drills=tuple(drills))
