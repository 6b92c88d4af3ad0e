"""The handout desk: a therapist's form in, one patient's handout PDF out, in memory.

The form's fields are the `handout` command's options, read by the same `prescribe`
(so a dose is written as `--dose` takes it: "3x12", "4x30s", "10min"…). Nothing the
form carries is written to disk or to a log: the PDF goes back in the response only,
and its file name names the article and the date, not the patient.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..build.kinds import large_print_name
from ..diagnostics import ContentError, Location
from ..load.loader import LoadResult
from ..patients.handout import render_prescription
from ..patients.prescription import (
    Prescription,
    PrescriptionError,
    parse_date,
    prescribe,
    usable,
)


@dataclass(frozen=True)
class DeskForm:
    """What the therapist typed, kept to fill the form again when it must be corrected."""

    patient: str = ""
    therapist: str = ""
    date: str = ""
    article: str = ""
    drills: tuple[str, ...] = ()  # chosen, in the chosen order
    doses: dict[str, str] = field(default_factory=dict)
    drill_notes: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    no_article: bool = False  # a home exercise sheet: the drills without the article
    large: bool = False  # large print, for a patient with low vision

    @classmethod
    def from_fields(cls, fields: dict[str, list[str]]) -> DeskForm:
        def one(name: str) -> str:
            values = fields.get(name) or [""]
            return values[0]

        drills = tuple(dict.fromkeys(fields.get("drill", [])))
        every = {name[5:] for name in fields if name.startswith("dose-")}
        every |= {name[5:] for name in fields if name.startswith("note-")}
        return cls(
            patient=one("patient"),
            therapist=one("therapist"),
            date=one("date"),
            article=one("article"),
            drills=drills,
            doses={slug: one(f"dose-{slug}").strip() for slug in every},
            drill_notes={slug: one(f"note-{slug}").strip() for slug in every},
            notes=one("notes"),
            no_article=bool(one("no_article")),
            large=bool(one("large")),
        )

    def prescription(self) -> Prescription:
        """The prescription this form asks for (PrescriptionError says what to correct)."""
        return prescribe(
            self.article,
            patient=self.patient or None,
            therapist=self.therapist or None,
            date=parse_date(self.date) if self.date.strip() else dt.date.today(),
            drills=self.drills or None,
            doses=tuple(f"{s}={self.doses[s]}" for s in self.drills if self.doses.get(s)),
            drill_notes=tuple(
                f"{s}={self.drill_notes[s]}" for s in self.drills if self.drill_notes.get(s)
            ),
            notes=self.notes or None,
            no_article=self.no_article,
        )


def handout_pdf(loaded: LoadResult, prescription: Prescription, large: bool = False) -> bytes:
    """The personalised handout's bytes: the PDF renderer's, never a file."""
    if loaded.site is None:
        raise ContentError(loaded.diagnostics.errors)
    usable(loaded, prescription)
    try:
        return render_prescription(loaded.site, prescription, None, large)
    except (ContentError, PrescriptionError):
        raise
    except Exception as exc:  # shown on the page, never logged: it may quote the patient
        where = Location(f"content/articles/{prescription.article}.md")
        message = f"could not render the handout: {type(exc).__name__}: {exc}"
        raise ContentError.at(where, message) from None


def file_name(prescription: Prescription, large: bool = False) -> str:
    when = (prescription.patient.date or dt.date.today()).isoformat()
    what = "exercises" if prescription.no_article else prescription.article
    name = f"handout-{what}-{when}.pdf"
    return large_print_name(name) if large else name
