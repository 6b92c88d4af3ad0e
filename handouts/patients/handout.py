"""One patient's handout, from what the therapist typed to the PDF on disk."""

from __future__ import annotations

from pathlib import Path

from ..build.kinds import PATIENTS_FOLDER, out_folder
from ..build.write import write_atomic
from ..diagnostics import ContentError
from ..load import load_site
from ..model import Site
from .prescription import Prescription, personalise, usable
from .roster import default_file_name


def render_prescription(site: Site, prescription: Prescription, paper: str | None) -> bytes:
    """The prescription's PDF: the article personalised, laid out like any handout."""
    from ..pdf.render import render_handout

    article = personalise(site, prescription)
    return render_handout(site, article, paper=paper, patient=prescription.patient)


def write_handout(
    root: Path, prescription: Prescription, *, output: Path | None = None, paper: str | None = None
) -> Path:
    """Render the handout and write it to `output` (default: the site's out/patients/,
    named date_patient_article.pdf); the path written.

    ContentError when the site cannot be loaded; PrescriptionError when the prescription
    names something the site does not have (or has with errors); OSError when writing
    fails. Nothing is written unless the whole handout rendered."""
    loaded = load_site(root)
    if loaded.site is None:
        raise ContentError(loaded.diagnostics.errors)
    usable(loaded, prescription)
    data = render_prescription(loaded.site, prescription, paper)
    target = output or out_folder(root) / PATIENTS_FOLDER / default_file_name(prescription)
    write_atomic(target, data)
    return target
