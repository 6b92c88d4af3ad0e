"""The `handouts` command line: parse options, call the library, report.

Each command imports its part of the library when it runs, so `check` and `--help`
start without loading the PDF and email renderers.
"""

from __future__ import annotations

import sys
from pathlib import Path

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


PAPER = click.option(
    "--paper",
    type=click.Choice(["letter", "a4"]),
    default=None,
    help="Paper size for the PDFs (default: print.paper in clinic.yaml).",
)


def report(diagnostics: Diagnostics) -> None:
    """Every problem as `path:line:col: severity: message`, warnings first, errors last."""
    for diagnostic in sorted(diagnostics.items, key=lambda d: d.is_error):
        click.echo(str(diagnostic), err=True)


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
@SITE
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the outputs (default: SITE/out).",
)
@PAPER
def build(site: Path, out: Path | None, paper: str | None) -> None:
    """Build every handout, drill card and newsletter into OUT."""
    from handouts.build import build_site

    result = build_site(site, out if out is not None else site / "out", paper=paper)
    report(result.diagnostics)
    click.echo(result.summary(), err=True)
    sys.exit(0 if result.ok else 1)


if __name__ == "__main__":
    main()
