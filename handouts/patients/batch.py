"""A day's list of patients: one personalised handout per CSV row.

Every row is validated before anything is rendered, so a typo in row 900 is reported
before 899 PDFs are made; a row that fails costs only itself. Progress and messages
refer to rows by number: patient names and notes are printed on the page and nowhere
else. One batch at a time writes to a folder; it first removes the temporary files a
killed batch left there. Ctrl-C stops it at once, workers too, and the report says how
many handouts were written: each is whole, or not there at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..build.kinds import HANDOUT, LARGE_HANDOUT, PATIENTS_FOLDER, large_print_name, out_folder
from ..build.lock import exclusive
from ..build.workers import run_all, workers_for
from ..build.write import uninterrupted, write_atomic
from ..diagnostics import ContentError, Diagnostics, Location, plural
from ..load import load_site
from ..model import Site
from .handout import printed_warnings, render_prescription
from .prescription import PrescriptionError
from .roster import Row, read_roster

LOCK_TIMEOUT = 300.0
TEMP_SUFFIX = ".batch.tmp"  # what a batch's own temporary files end with


@dataclass
class BatchReport:
    diagnostics: Diagnostics
    ready: int = 0  # valid rows
    skipped: int = 0  # rows refused as invalid
    written: list[int] = field(default_factory=list)  # row numbers
    failed: list[int] = field(default_factory=list)
    checked_only: bool = False
    folder: Path | None = None  # where the handouts were written
    interrupted: bool = False  # by Ctrl-C, before every ready row was written
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors() and not self.failed and not self.interrupted

    def summary(self) -> str:
        rows = self.ready + self.skipped
        if self.interrupted and self.folder is None:
            return "interrupted before writing anything"
        if not rows:
            found = "no rows read" if self.diagnostics.has_errors() else "no rows"
            return f"{found}; {self.diagnostics.summary()}"
        if self.checked_only:
            counts = f"{self.ready} of {plural(rows, 'row')} ready"
            return counts + self._unwritten() + f"; {self.diagnostics.summary()}"
        written = len(self.written)
        where = f" to {self.folder}/" if self.folder is not None else ""
        line = (
            f"wrote {plural(written, 'handout')}{where} in {self.seconds:.2f} s:"
            f" {written} of {plural(rows, 'row')}{self._unwritten()}"
        )
        return f"interrupted: {line}" if self.interrupted else line

    def _unwritten(self) -> str:
        """Why the other rows were not written, e.g. " (1 invalid, 2 failed)"."""
        missing = self.ready - len(self.written) - len(self.failed)
        parts = [
            f"{count} {what}"
            for count, what in (
                (self.skipped, "invalid"),
                (len(self.failed), "failed"),
                (missing if not self.checked_only else 0, "not written"),
            )
            if count
        ]
        return f" ({', '.join(parts)})" if parts else ""


def run_batch(
    root: Path,
    csv_file: Path,
    *,
    out: Path | None = None,
    paper: str | None = None,
    large: bool = False,
    jobs: int = 0,
    check_only: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[Row], None] | None = None,
) -> BatchReport:
    """Validate every row of `csv_file`, then (unless `check_only`) write each valid
    row's handout under `out` (default: the site's out/patients/); in `large` print,
    each file's name ends in -large.pdf.

    ContentError when the site itself cannot be loaded; BuildLocked when another batch
    kept the folder for longer than `lock_timeout` seconds."""
    started = time.perf_counter()
    report = BatchReport(Diagnostics(), checked_only=check_only)
    try:
        _run(root, csv_file, out, paper, large, jobs, lock_timeout, report, on_start, on_done)
    except KeyboardInterrupt:
        report.interrupted = True
    except OSError as exc:  # the out folder cannot be made or locked: nothing was written
        where = Location(str(report.folder or csv_file))
        report.diagnostics.error(where, f"cannot write here: {exc.strerror}")
    report.written.sort()
    report.failed.sort()
    report.seconds = time.perf_counter() - started
    return report


def _run(
    root: Path,
    csv_file: Path,
    out: Path | None,
    paper: str | None,
    large: bool,
    jobs: int,
    lock_timeout: float,
    report: BatchReport,
    on_start: Callable[[int], None] | None,
    on_done: Callable[[Row], None] | None,
) -> None:
    loaded = load_site(root)
    if loaded.site is None:
        raise ContentError(loaded.diagnostics.errors)
    site = loaded.site
    roster = read_roster(csv_file, loaded, report.diagnostics)
    report.ready, report.skipped = roster.ready, roster.skipped
    if not roster.ready:
        return
    prescriptions = (row.prescription for row in roster.rows())
    report.diagnostics.extend(printed_warnings(loaded, prescriptions))
    if report.checked_only:
        return
    if on_start:
        on_start(roster.ready)
    report.folder = out if out is not None else out_folder(root) / PATIENTS_FOLDER
    with exclusive(report.folder, lock_timeout, holder="batch"):
        for stale in report.folder.glob(f".*{TEMP_SUFFIX}"):  # left by a killed batch
            stale.unlink(missing_ok=True)
        write_rows(
            site,
            roster.rows(),
            roster.ready,
            report.folder,
            report,
            source=str(csv_file),
            paper=paper,
            large=large,
            jobs=jobs,
            on_done=on_done,
        )


def write_rows(
    site: Site,
    rows: Iterable[Row],
    count: int,
    out: Path,
    report: BatchReport,
    *,
    source: str,
    paper: str | None = None,
    large: bool = False,
    jobs: int = 0,
    on_done: Callable[[Row], None] | None = None,
) -> None:
    """Render and write each of the `count` rows' handouts, in `large` print to
    `-large.pdf` files, each as soon as it is made; a row that fails costs only itself."""
    render = partial(_render_row, site, paper, large)
    kind = LARGE_HANDOUT if large else HANDOUT
    workers = workers_for(jobs, count, count * kind.seconds)
    for row, result in run_all(render, rows, workers, prepare=kind.prepare):
        if isinstance(result, bytes):
            try:
                with uninterrupted():
                    name = large_print_name(row.file) if large else row.file
                    write_atomic(out / name, result, temp_suffix=TEMP_SUFFIX)
                    report.written.append(row.number)
            except OSError as exc:  # the path holds the patient's name: not shown
                result = f"could not write the handout: {exc.strerror}"
        if isinstance(result, str):
            report.diagnostics.error(Location(source, row.number), result)
            report.failed.append(row.number)
        if on_done:
            on_done(row)


def _render_row(site: Site, paper: str | None, large: bool, row: Row) -> bytes | str:
    """The row's PDF, or what went wrong (never the patient's details)."""
    try:
        return render_prescription(site, row.prescription, paper, large)
    except PrescriptionError as exc:
        return str(exc)
    except Exception as exc:  # a renderer bug must not cost the other rows
        return f"could not render: {type(exc).__name__}"
