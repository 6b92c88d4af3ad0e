"""One patient's handout, from what the therapist typed to the PDF on disk."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..build.kinds import PATIENTS_FOLDER, large_print_name, out_folder
from ..build.write import write_atomic
from ..check import glyph_warnings
from ..diagnostics import ContentError, Diagnostic, Location
from ..load import load_site
from ..load.loader import LoadResult
from ..model import Site
from .prescription import Prescription, personalise, prescription_warnings, usable
from .roster import default_file_name


class HandoutExists(Exception):
    """The handout's file is already there, and replacing it was not asked for."""

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


@dataclass(frozen=True)
class Handout:
    path: Path  # the file written
    warnings: list[Diagnostic]  # about what it prints


def render_prescription(
    site: Site, prescription: Prescription, paper: str | None, large: bool = False
) -> bytes:
    """The prescription's PDF: the article personalised, laid out like any handout."""
    from ..pdf.render import render_handout

    article = personalise(site, prescription)
    return render_handout(site, article, paper=paper, patient=prescription.patient, large=large)


def write_handout(
    root: Path,
    prescription: Prescription,
    *,
    output: Path | None = None,
    paper: str | None = None,
    large: bool = False,
    force: bool = False,
) -> Handout:
    """Render the handout and write it to `output` (default: the site's out/patients/,
    named date_patient_article.pdf, or date_patient_article-large.pdf in `large` print).

    ContentError when the site cannot be loaded; PrescriptionError when the prescription
    names something the site does not have (or has with errors); HandoutExists when the
    file is there and `force` is not given; OSError when writing fails. Nothing is
    written unless the whole handout rendered."""
    loaded = load_site(root)
    if loaded.site is None:
        raise ContentError(loaded.diagnostics.errors)
    usable(loaded, prescription)
    article = personalise(loaded.site, prescription)  # what is wrong with it comes first
    name = default_file_name(prescription, article.slug)
    target = output or out_folder(root) / PATIENTS_FOLDER / (
        large_print_name(name) if large else name
    )
    if target.exists() and not force:
        raise HandoutExists(target)
    warnings = printed_warnings(loaded, [prescription])
    try:
        data = render_prescription(loaded.site, prescription, paper, large)
    except Exception as exc:  # a renderer's failure is reported at the article, never raw
        where = Location(article.source)
        message = f"could not render the handout: {type(exc).__name__}: {exc}"
        raise ContentError.at(where, message) from None
    write_atomic(target, data)
    return Handout(target, warnings)


def printed_warnings(loaded: LoadResult, prescriptions: Iterable[Prescription]) -> list[Diagnostic]:
    """The content warnings about what these handouts print, as `check` words them:
    those of clinic.yaml and of the articles' and drills' own files, and where a
    handout would contradict itself (a dose in a drill's text beside the patient's own),
    each once."""
    assert loaded.site is not None
    site = loaded.site
    files = {site.clinic.source}
    found = [*loaded.diagnostics.warnings, *glyph_warnings(site)]
    own: dict[Diagnostic, None] = {}  # each once, as they come: a batch has many rows
    for prescription in prescriptions:
        article = personalise(site, prescription)
        files.add(article.source)
        files.update(drill.source for drill in article.drills)
        own.update(dict.fromkeys(prescription_warnings(site, prescription)))
    return list(dict.fromkeys([*(d for d in found if d.location.path in files), *own]))
