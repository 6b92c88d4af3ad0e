"""The `handouts` command line: parse options, call the library, report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from handouts import __version__
from handouts.check import check_site
from handouts.diagnostics import Diagnostics

SITE = click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The site folder (holding content/ and optionally templates/).",
)


def report(diagnostics: Diagnostics) -> None:
    """Every problem as `path:line:col: severity: message`, then one count line."""
    for diagnostic in diagnostics.items:
        click.echo(str(diagnostic), err=True)


@click.group()
@click.version_option(__version__, prog_name="handouts")
def main() -> None:
    """Printable PDF handouts and email newsletters from one clinic article."""


@main.command()
@SITE
def check(site: Path) -> None:
    """Validate the site's content; exit 1 if anything must be fixed."""
    diagnostics = check_site(site)
    report(diagnostics)
    click.echo(diagnostics.summary(), err=True)
    sys.exit(1 if diagnostics.has_errors() else 0)


if __name__ == "__main__":
    main()
