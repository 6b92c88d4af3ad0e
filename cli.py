"""The `handouts` command line: parse options, call one library function, report.

Each command imports its part of the library when it runs, so `check` and `--help`
start without loading the PDF and email renderers.
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from handouts import __version__
from handouts.diagnostics import Diagnostic, Diagnostics

SITE = click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The site folder (holding content/ and optionally templates/).",
)
PAPER = click.option(
    "--paper",
    type=click.Choice(["letter", "a4"]),
    default=None,
    help="Paper size for the PDFs (default: print.paper in clinic.yaml).",
)
JOBS = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per CPU, if there is enough work for them).",
)
QUIET = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
LARGE_PRINT = click.option(
    "--large-print",
    is_flag=True,
    help="Large print (18 pt text) for low vision; the default file name ends in -large.pdf.",
)


def one_shot() -> None:
    """For a command that reads a site, makes one thing and exits: the cyclic garbage
    collector would only cost it time (a fifth of a cold handout, walking the same
    modules and fonts again and again), and the little a cycle holds is given back when
    the process ends a moment later. At exit, everything is moved out of its reach, so
    the interpreter's last collection has nothing to walk either. The collector is back
    when the command ends, for a program that runs commands in its own process."""
    gc.disable()
    click.get_current_context().call_on_close(gc.enable)
    atexit.unregister(gc.freeze)  # registered once, however many commands run
    atexit.register(gc.freeze)


def out_option(help: str) -> Callable[[Any], Any]:
    return click.option(
        "--out", type=click.Path(file_okay=False, path_type=Path), default=None, help=help
    )


def build_options(func: Any) -> Any:
    """The options `build` and `watch` share."""
    options = [
        SITE,
        out_option("Where to write the outputs (default: SITE/out)."),
        PAPER,
        click.option(
            "--large-print",
            is_flag=True,
            help="Also write large-print (18 pt) handouts and cards, as SLUG-large.pdf"
            " (as print.large: true in clinic.yaml does).",
        ),
        click.option("--force", is_flag=True, help="Rebuild everything, changed or not."),
        click.option(
            "--only", multiple=True, metavar="SLUG", help="Build only this article or drill."
        ),
        JOBS,
        QUIET,
        click.option("--verbose", "-v", is_flag=True, help="List each output built and why."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def report(diagnostics: Diagnostics) -> None:
    """Every problem as `path:line:col: severity: message`, warnings first, errors last."""
    for diagnostic in sorted(diagnostics.items, key=lambda d: d.is_error):
        click.echo(str(diagnostic), err=True)


def content_failed(diagnostics: list[Diagnostic]) -> NoReturn:
    """A site that could not be loaded (its clinic.yaml is broken): its errors, exit 1."""
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)
    sys.exit(1)


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

    def advance(self, _item: object) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@contextmanager
def build_errors() -> Iterator[None]:
    """A mistake in the options is a usage error; a locked out folder, a plain one."""
    from handouts.build import BuildLocked, UnknownSlug

    try:
        yield
    except UnknownSlug as exc:
        raise click.UsageError(str(exc)) from None
    except BuildLocked as exc:
        raise click.ClickException(str(exc)) from None


def build_settings(
    paper: str | None, large_print: bool, force: bool, only: tuple[str, ...], jobs: int | None
) -> Any:
    from handouts.build import BuildOptions

    return BuildOptions(
        paper=paper, large_print=large_print, force=force, only=frozenset(only), jobs=jobs or 0
    )


def report_build(result: Any, verbose: bool) -> None:
    if verbose:
        if result.workers:
            click.echo(result.workers, err=True)
        for name in result.built:
            click.echo(f"built {name} ({result.reasons.get(name, 'new')})", err=True)
        for name in result.not_built:
            click.echo(f"not built {name} (interrupted)", err=True)
    report(result.diagnostics)
    click.echo(result.summary(), err=True)


def finish(result: Any) -> NoReturn:
    """Exit 0 when all went well, 1 when something failed, 130 after a Ctrl-C."""
    sys.exit(130 if result.interrupted else 0 if result.ok else 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handouts")
def main() -> None:
    """Printable PDF handouts and email newsletters from one clinic article."""


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
def new(folder: Path) -> None:
    """Create an example site in DIR (a new or empty folder): a clinic.yaml that explains
    every key, one article and one drill, ready to build."""
    from handouts.scaffold import FolderNotEmpty, new_site

    try:
        written = new_site(folder)
    except FolderNotEmpty as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"could not create the site: {exc}") from None
    for path in written:
        click.echo(f"created {folder / path}", err=True)
    site = shlex.quote(str(folder))
    click.echo(
        f"next: set your booking page in {folder / 'content' / 'clinic.yaml'},"
        f" then run: handouts build --site {site}",
        err=True,
    )


@main.command()
@SITE
def check(site: Path) -> None:
    """Validate the site's content; exit 1 if anything must be fixed."""
    one_shot()
    from handouts.check import check_site

    diagnostics = check_site(site)
    report(diagnostics)
    for line in diagnostics.grade_lines():
        click.echo(line, err=True)
    click.echo(diagnostics.summary(), err=True)
    sys.exit(1 if diagnostics.has_errors() else 0)


@main.command()
@build_options
def build(site: Path, out: Path | None, quiet: bool, verbose: bool, **options: Any) -> None:
    """Build the handouts, drill cards and newsletters that changed since the last build."""
    from handouts.build import build_site
    from handouts.build.kinds import out_folder

    progress = Progress.unless(quiet)
    try:
        with build_errors():
            result = build_site(
                site,
                out_folder(site, out),
                build_settings(**options),
                on_start=progress.start,
                on_done=progress.advance,
            )
    finally:
        progress.finish()
    report_build(result, verbose)
    finish(result)


@main.command()
@build_options
def watch(site: Path, out: Path | None, quiet: bool, verbose: bool, **options: Any) -> None:
    """Build, then rebuild after every change under content/ and templates/ (Ctrl-C stops)."""
    from handouts.build import watch_site, watched_folders
    from handouts.build.kinds import out_folder

    def watching() -> None:
        names = ", ".join(f"{folder.name}/" for folder in watched_folders(site))
        click.echo(f"watching {names} for changes (Ctrl-C to stop)", err=True)

    with build_errors():
        watched = watch_site(
            site,
            out_folder(site, out),
            build_settings(**options),
            on_build=lambda result: report_build(result, verbose),
            on_error=lambda exc: click.echo(f"error: {exc}", err=True),
            on_watching=watching,
        )
    if not watched:
        sys.exit(1)  # no site here: the build said so
    click.echo("stopped", err=True)


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
    help="A dose, e.g. toe-yoga=3x12, plank=3x30s, walk=10min or "
    "toe-yoga='{sets: 3, reps: 10, frequency: twice a day}'.",
)
@click.option(
    "--drill-note",
    "drill_notes",
    multiple=True,
    metavar="SLUG=TEXT",
    help="The therapist's note for one drill, printed on its card.",
)
@click.option("--notes", help="A note from the therapist, printed in a box.")
@click.option("--no-article", is_flag=True, help="Only the drills: a home exercise sheet.")
@click.option(
    "--lang",
    metavar="TAG",
    help="The patient's language: the article's translation (ARTICLE.TAG.md) and its drills'.",
)
@PAPER
@LARGE_PRINT
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The PDF to write."
)
@click.option("--force", is_flag=True, help="Replace the PDF if it already exists.")
@SITE
def handout(
    article: str,
    patient: str | None,
    therapist: str | None,
    when: dt.datetime | None,
    drills: tuple[str, ...],
    doses: tuple[str, ...],
    drill_notes: tuple[str, ...],
    notes: str | None,
    no_article: bool,
    lang: str | None,
    paper: str | None,
    large_print: bool,
    output: Path | None,
    force: bool,
    site: Path,
) -> None:
    """Print ARTICLE's handout for one patient: their drills, their doses, a note."""
    one_shot()
    from handouts.diagnostics import ContentError
    from handouts.patients import HandoutExists, PrescriptionError, prescribe, write_handout

    try:
        prescription = prescribe(
            article,
            patient=patient,
            therapist=therapist,
            date=when.date() if when else dt.date.today(),
            drills=drills,
            doses=doses,
            drill_notes=drill_notes,
            notes=notes,
            no_article=no_article,
            lang=lang,
        )
        written = write_handout(
            site, prescription, output=output, paper=paper, large=large_print, force=force
        )
    except ContentError as exc:
        content_failed(exc.diagnostics)
    except PrescriptionError as exc:
        raise click.UsageError(str(exc)) from None
    except HandoutExists as exc:
        raise click.ClickException(f"{exc.path} exists; add --force to replace it") from None
    except OSError as exc:
        raise click.ClickException(f"could not write the handout: {exc.strerror}") from None
    report(Diagnostics(written.warnings))
    # The path names the patient only because the user asked for that patient's file.
    click.echo(f"wrote {written.path}", err=True)


@main.command()
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(dir_okay=False, path_type=Path))
@out_option("Where to write the PDFs (default: SITE/out/patients).")
@JOBS
@click.option("--check", "check_only", is_flag=True, help="Only validate the CSV; write nothing.")
@QUIET
@PAPER
@LARGE_PRINT
@SITE
def batch(
    csv_file: Path,
    out: Path | None,
    jobs: int | None,
    check_only: bool,
    quiet: bool,
    paper: str | None,
    large_print: bool,
    site: Path,
) -> None:
    """One personalised handout per row of FILE.csv (rows are validated before any is made).

    Columns: patient and article (required); therapist, date, drills, doses, notes,
    no_article and file (optional)."""
    from handouts.diagnostics import ContentError
    from handouts.patients import run_batch

    progress = Progress.unless(quiet)
    try:
        with build_errors():
            result = run_batch(
                site,
                csv_file,
                out=out,
                paper=paper,
                large=large_print,
                jobs=jobs or 0,
                check_only=check_only,
                on_start=progress.start,
                on_done=progress.advance,
            )
    except ContentError as exc:
        content_failed(exc.diagnostics)
    finally:
        progress.finish()
    report(result.diagnostics)
    click.echo(result.summary(), err=True)
    finish(result)


@main.command()
@click.argument("article")
@click.option(
    "--to", "recipients", multiple=True, required=True, metavar="ADDRESS", help="A recipient."
)
@click.option("--smtp", "address", metavar="HOST[:PORT]", help="The SMTP server.")
@click.option("--starttls", "security", flag_value="starttls", help="Upgrade with STARTTLS.")
@click.option("--ssl", "security", flag_value="ssl", help="Connect with TLS from the start.")
@click.option("--user", help="Log in as NAME (password: HANDOUTS_SMTP_PASSWORD).", metavar="NAME")
@SITE
def send(
    article: str,
    recipients: tuple[str, ...],
    address: str | None,
    security: str | None,
    user: str | None,
    site: Path,
) -> None:
    """Send ARTICLE's newsletter to a few addresses as a test copy, over SMTP.

    The server defaults to newsletter.smtp in clinic.yaml; the password is read from
    the HANDOUTS_SMTP_PASSWORD environment variable only."""
    from handouts.diagnostics import ContentError
    from handouts.newsletter.send import SendError, SendUsageError, send_test

    try:
        sent = send_test(
            site,
            article,
            recipients,
            address=address,
            security=security,
            user=user,
            environ=os.environ,
        )
    except ContentError as exc:
        content_failed(exc.diagnostics)
    except SendUsageError as exc:
        raise click.UsageError(str(exc)) from None
    except SendError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(sent.summary(), err=True)


@main.command()
@SITE
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to listen on (0: any free one).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on; anything but this computer's is shown loudly.",
)
def serve(site: Path, port: int, host: str) -> None:
    """Preview the site in a browser as you edit it, and make patients' handouts there
    (the handout desk). Pages update by themselves after every save; Ctrl-C stops."""
    from handouts.serve import bind_warning, serve_site

    if warning := bind_warning(host):
        click.secho(warning, err=True, fg="red", bold=True)
    try:
        serve_site(
            site, host=host, port=port, on_ready=lambda url: click.echo(f"serving {url}", err=True)
        )
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        ) from None
    click.echo("stopped", err=True)


if __name__ == "__main__":
    main()
