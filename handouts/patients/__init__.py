"""Patients: a prescription in, a personalised handout out.

In: what a therapist typed (command-line options, or one CSV row per patient): the
patient, an article, the chosen drills in order, their doses and notes. Out: one PDF
per patient, laid out by the same PDF renderer as every handout, written atomically
under the site's `out/patients/` (or where asked). Every CSV row is validated before any
is rendered; messages name rows by number, never the patient.
"""

from typing import TYPE_CHECKING

from .. import lazy_exports

if TYPE_CHECKING:
    from .batch import BatchReport, run_batch
    from .handout import Handout, HandoutExists, render_prescription, write_handout
    from .prescription import Prescription, PrescriptionError, prescribe

__all__ = [
    "BatchReport",
    "Handout",
    "HandoutExists",
    "Prescription",
    "PrescriptionError",
    "prescribe",
    "render_prescription",
    "run_batch",
    "write_handout",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "BatchReport": "batch",
        "run_batch": "batch",
        "Handout": "handout",
        "HandoutExists": "handout",
        "render_prescription": "handout",
        "write_handout": "handout",
        "Prescription": "prescription",
        "PrescriptionError": "prescription",
        "prescribe": "prescription",
    },
)
