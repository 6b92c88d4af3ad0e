"""Personalised handouts: one for the patient in the room, or a day's list from a CSV.

Patient names and notes are printed on the page and nowhere else: progress and
messages refer to CSV rows by number.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .diagnostics import Diagnostics, Location
from .model import Site
from .parallel import run_all
from .prescription import Prescription, PrescriptionError, personalise
from .roster import Row
from .write import write_atomic


def render_prescription(site: Site, prescription: Prescription, paper: str | None) -> bytes:
    from .pdf import render_handout

    article = personalise(site, prescription)
    return render_handout(site, article, paper=paper, patient=prescription.patient)


@dataclass
class BatchReport:
    diagnostics: Diagnostics
    written: list[int] = field(default_factory=list)  # row numbers
    failed: list[int] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"wrote {len(self.written)} handouts, {len(self.failed)} rows failed"
            f" in {self.seconds:.2f} s"
        )


def write_batch(
    site: Site,
    rows: list[Row],
    out: Path,
    *,
    source: str,
    paper: str | None = None,
    jobs: int = 0,
    on_done=None,  # type: ignore[no-untyped-def]
) -> BatchReport:
    """Render and write every row's handout; a row that fails costs only itself."""
    started = time.perf_counter()
    report = BatchReport(Diagnostics())
    render = partial(_render_row, site, paper)
    for row, result in run_all(render, rows, jobs, prepare=_import_renderer):
        if isinstance(result, bytes):
            try:
                write_atomic(out / row.file, result)
                report.written.append(row.number)
            except OSError as exc:  # the path holds the patient's name: not shown
                result = f"could not write the handout: {exc.strerror}"
        if isinstance(result, str):
            report.diagnostics.error(Location(source, row.number), result)
            report.failed.append(row.number)
        if on_done:
            on_done(row)
    report.written.sort()
    report.failed.sort()
    report.seconds = time.perf_counter() - started
    return report


def _import_renderer() -> None:
    from . import pdf  # noqa: F401 - imported once before the workers fork


def _render_row(site: Site, paper: str | None, row: Row) -> bytes | str:
    """The row's PDF, or what went wrong (never the patient's details)."""
    try:
        return render_prescription(site, row.prescription, paper)
    except PrescriptionError as exc:
        return str(exc)
    except Exception as exc:  # a renderer bug must not cost the other rows
        return f"could not render: {type(exc).__name__}"
