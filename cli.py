"""The `handouts` command line: parse options, call the library, report.

Each command imports its part of the library when it runs, so `check` and `--help`
start without loading the PDF and email renderers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from handouts import __version__
from handouts.diagnostics import Diagnostics

SITE = click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The site folder (holding content/ and optionally templates/).",
)
OUT = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the outputs (default: SITE/out).",
)
PAPER = click.option(
    "--paper",
    type=click.Choice(["letter", "a4"]),
    default=None,
    help="Paper size for the PDFs (default: print.paper in clinic.yaml).",
)
BUILD_OPTIONS = [
    SITE,
    OUT,
    PAPER,
    click.option("--force", is_flag=True, help="Rebuild everything, changed or not."),
    click.option("--only", multiple=True, metavar="SLUG", help="Build only this article or drill."),
    click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=None,
        help="Worker processes (default: one per CPU).",
    ),
    click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
    click.option("--verbose", "-v", is_flag=True, help="List each output built and why."),
]


def build_options(func: Any) -> Any:
    """The options `build` and `watch` share."""
    for option in reversed(BUILD_OPTIONS):
        func = option(func)
    return func


def report(diagnostics: Diagnostics) -> None:
    """Every problem as `path:line:col: severity: message`, warnings first, errors last."""
    for diagnostic in sorted(diagnostics.items, key=lambda d: d.is_error):
        click.echo(str(diagnostic), err=True)


def report_build(result: Any, verbose: bool) -> None:
    if verbose:
        for name in result.built:
            click.echo(f"built {name} ({result.reasons.get(name, 'new')})", err=True)
    report(result.diagnostics)
    click.echo(result.summary(), err=True)


class Progress:
    """A progress bar over the outputs being built, on a terminal only."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar: Any = None

    @classmethod
    def unless(cls, quiet: bool) -> Progress:
        """Shown on a terminal, never with --quiet or in CI."""
        return cls(not quiet and sys.stderr.isatty() and not os.environ.get("CI"))

    def start(self, total: int) -> None:
        if self.enabled and total:
            self.bar = click.progressbar(length=total, label="building", file=sys.stderr)
            self.bar.__enter__()

    def advance(self, _job: object) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def build_settings(paper: str | None, force: bool, only: tuple[str, ...], jobs: int | None) -> Any:
    from handouts.build import BuildOptions

    return BuildOptions(paper=paper, force=force, only=frozenset(only), jobs=jobs or 0)


@click.group()
@click.version_option(__version__, prog_name="handouts")
def main() -> None:
    """Printable PDF handouts and email newsletters from one clinic article."""


@main.command()
@SITE
def check(site: Path) -> None:
    """Validate the site's content; exit 1 if anything must be fixed."""
    from handouts.check import check_site

    diagnostics = check_site(site)
    report(diagnostics)
    click.echo(diagnostics.summary(), err=True)
    sys.exit(1 if diagnostics.has_errors() else 0)


@main.command()
@build_options
def build(site: Path, out: Path | None, quiet: bool, verbose: bool, **options: Any) -> None:
    """Build the handouts, drill cards and newsletters that changed since the last build."""
    from handouts.build import UnknownSlug, build_site
    from handouts.lock import BuildLocked

    progress = Progress.unless(quiet)
    try:
        result = build_site(
            site,
            out if out is not None else site / "out",
            build_settings(**options),
            on_start=progress.start,
            on_done=progress.advance,
        )
    except UnknownSlug as exc:
        raise click.UsageError(str(exc)) from None
    except BuildLocked as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        progress.finish()
    report_build(result, verbose)
    sys.exit(0 if result.ok else 1)


@main.command()
@build_options
def watch(site: Path, out: Path | None, quiet: bool, verbose: bool, **options: Any) -> None:
    """Build, then rebuild after every change under content/ and templates/ (Ctrl-C stops)."""
    from handouts.watch import watch_site, watched_folders

    def watching() -> None:
        names = ", ".join(f"{folder.name}/" for folder in watched_folders(site))
        click.echo(f"watching {names} for changes (Ctrl-C to stop)", err=True)

    from handouts.build import UnknownSlug
    from handouts.lock import BuildLocked

    try:
        watch_site(
            site,
            out if out is not None else site / "out",
            build_settings(**options),
            on_build=lambda result: report_build(result, verbose),
            on_error=lambda exc: click.echo(f"error: {exc}", err=True),
            on_watching=watching,
        )
    except UnknownSlug as exc:
        raise click.UsageError(str(exc)) from None
    except BuildLocked as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("stopped", err=True)


def load_or_exit(site: Path) -> Any:
    """The loaded site, or its errors reported and exit 1 when clinic.yaml is broken."""
    from handouts.loader import load_site

    loaded = load_site(site)
    if loaded.site is None:
        report(loaded.diagnostics)
        sys.exit(1)
    return loaded


@main.command()
@click.argument("article")
@click.option("--patient", help="The patient's name.")
@click.option("--therapist", help="The therapist's name.")
@click.option(
    "--date",
    "when",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date printed (YYYY-MM-DD; default: today).",
)
@click.option(
    "--drill",
    "drills",
    multiple=True,
    metavar="SLUG",
    help="A drill, in order (default: the article's).",
)
@click.option(
    "--dose",
    "doses",
    multiple=True,
    metavar="SLUG=SPEC",
    help="A dose, e.g. toe-yoga=3x12 or plank=4x30s.",
)
@click.option("--notes", help="A note from the therapist, printed in a box.")
@click.option("--no-article", is_flag=True, help="Only the drills: a home exercise sheet.")
@PAPER
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The PDF to write."
)
@SITE
def handout(
    article: str,
    patient: str | None,
    therapist: str | None,
    when: Any,
    drills: tuple[str, ...],
    doses: tuple[str, ...],
    notes: str | None,
    no_article: bool,
    paper: str | None,
    output: Path | None,
    site: Path,
) -> None:
    """Print ARTICLE's handout for one patient: their drills, their doses, a note."""
    import datetime as dt

    from handouts.patients import render_prescription
    from handouts.prescription import PrescriptionError, prescribe, usable
    from handouts.roster import default_file_name
    from handouts.write import write_atomic

    loaded = load_or_exit(site)
    try:
        prescription = prescribe(
            article,
            patient=patient,
            therapist=therapist,
            date=when.date() if when else dt.date.today(),
            drills=drills,
            doses=doses,
            notes=notes,
            no_article=no_article,
        )
        usable(loaded, prescription)
        data = render_prescription(loaded.site, prescription, paper)
    except PrescriptionError as exc:
        raise click.UsageError(str(exc)) from None
    target = output or site / "out" / "patients" / default_file_name(prescription)
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise click.ClickException(f"could not write the handout: {exc.strerror}") from None
    # A default file name holds the patient's name, which stays out of terminal logs.
    click.echo(f"wrote {output if output else f'a handout to {target.parent}/'}", err=True)


@main.command()
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the PDFs (default: SITE/out/patients).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per CPU).",
)
@click.option("--check", "check_only", is_flag=True, help="Only validate the CSV; write nothing.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@PAPER
@SITE
def batch(
    csv_file: Path,
    out: Path | None,
    jobs: int | None,
    check_only: bool,
    quiet: bool,
    paper: str | None,
    site: Path,
) -> None:
    """One personalised handout per row of FILE.csv (rows are validated before any is made).

    Columns: patient and article (required); therapist, date, drills, doses, notes,
    no_article and file (optional)."""
    from handouts.patients import write_batch
    from handouts.roster import read_roster

    loaded = load_or_exit(site)
    diagnostics = Diagnostics()
    rows = read_roster(csv_file, loaded, diagnostics)
    report(diagnostics)
    if check_only:
        click.echo(f"{len(rows)} rows ready, {diagnostics.summary()}", err=True)
        sys.exit(1 if diagnostics.has_errors() else 0)
    progress = Progress.unless(quiet)
    progress.start(len(rows))
    try:
        result = write_batch(
            loaded.site,
            rows,
            out if out is not None else site / "out" / "patients",
            source=str(csv_file),
            paper=paper,
            jobs=jobs or 0,
            on_done=progress.advance,
        )
    finally:
        progress.finish()
    report(result.diagnostics)
    invalid = {d.location.line for d in diagnostics.errors if (d.location.line or 0) > 1}
    click.echo(f"{result.summary()} ({len(invalid)} rows skipped as invalid)", err=True)
    sys.exit(1 if diagnostics.has_errors() or result.failed else 0)


if __name__ == "__main__":
    main()
