"""A day's list of patients: one personalised handout per CSV row.

Every row is validated before anything is rendered, so a typo in row 900 is reported
before 899 PDFs are made; a row that fails costs only itself. Progress and messages
refer to rows by number: patient names and notes are printed on the page and nowhere
else.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..build.kinds import PATIENTS_FOLDER, out_folder
from ..build.workers import run_all
from ..build.write import write_atomic
from ..diagnostics import ContentError, Diagnostics, Location, plural
from ..load import load_site
from ..model import Site
from .handout import render_prescription
from .prescription import PrescriptionError
from .roster import Row, read_roster


@dataclass
class BatchReport:
    diagnostics: Diagnostics
    ready: int = 0  # valid rows
    skipped: int = 0  # rows refused as invalid
    written: list[int] = field(default_factory=list)  # row numbers
    failed: list[int] = field(default_factory=list)
    checked_only: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors() and not self.failed

    def summary(self) -> str:
        if self.checked_only:
            return f"{plural(self.ready, 'row')} ready, {self.diagnostics.summary()}"
        return (
            f"wrote {len(self.written)} handouts, {len(self.failed)} rows failed"
            f" in {self.seconds:.2f} s ({self.skipped} rows skipped as invalid)"
        )


def run_batch(
    root: Path,
    csv_file: Path,
    *,
    out: Path | None = None,
    paper: str | None = None,
    jobs: int = 0,
    check_only: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[Row], None] | None = None,
) -> BatchReport:
    """Validate every row of `csv_file`, then (unless `check_only`) write each valid
    row's handout under `out` (default: the site's out/patients/).

    ContentError when the site itself cannot be loaded."""
    loaded = load_site(root)
    if loaded.site is None:
        raise ContentError(loaded.diagnostics.errors)
    report = BatchReport(Diagnostics(), checked_only=check_only)
    rows = read_roster(csv_file, loaded, report.diagnostics)
    report.ready = len(rows)
    report.skipped = len(
        {d.location.line for d in report.diagnostics.errors if (d.location.line or 0) > 1}
    )
    if check_only:
        return report
    if on_start:
        on_start(len(rows))
    target = out if out is not None else out_folder(root) / PATIENTS_FOLDER
    write_rows(
        loaded.site,
        rows,
        target,
        report,
        source=str(csv_file),
        paper=paper,
        jobs=jobs,
        on_done=on_done,
    )
    return report


def write_rows(
    site: Site,
    rows: list[Row],
    out: Path,
    report: BatchReport,
    *,
    source: str,
    paper: str | None = None,
    jobs: int = 0,
    on_done: Callable[[Row], None] | None = None,
) -> None:
    """Render and write every row's handout; a row that fails costs only itself."""
    started = time.perf_counter()
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


def _import_renderer() -> None:
    from ..pdf import render  # noqa: F401 - imported once before the workers fork


def _render_row(site: Site, paper: str | None, row: Row) -> bytes | str:
    """The row's PDF, or what went wrong (never the patient's details)."""
    try:
        return render_prescription(site, row.prescription, paper)
    except PrescriptionError as exc:
        return str(exc)
    except Exception as exc:  # a renderer bug must not cost the other rows
        return f"could not render: {type(exc).__name__}"
