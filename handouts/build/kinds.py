"""Every kind of output a build makes: its folder, its files and its renderer, in one table.

A job names its kind by one of these objects, never by a string, so a kind that is not
in the table cannot exist. Renderers are imported on first use: a no-op rebuild never
loads one, and a build of newsletters alone never loads ReportLab.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Site

OUT_FOLDER = "out"  # a site's default out folder, beside content/
PATIENTS_FOLDER = "patients"  # personalised handouts, inside the out folder
LARGE_SUFFIX = "-large.pdf"  # a large-print PDF's own file, beside the regular one

Render = Callable[[Site, str, "str | None"], tuple[bytes, ...]]


@dataclass(frozen=True)
class Kind:
    name: str
    folder: str  # under the out folder
    suffixes: tuple[str, ...]  # one file per suffix; () when the slug is the file's own path
    module: str  # what `render` imports, loaded before workers fork
    render: Render  # (site, slug, paper) -> one bytes per output file
    seconds: float  # about how long one output takes to render, warm, on a quiet CPU

    def outputs(self, slug: str) -> tuple[str, ...]:
        """The files a job of this kind makes, relative to the out folder."""
        if not self.suffixes:
            return (f"{self.folder}/{slug}",)
        return tuple(f"{self.folder}/{slug}{suffix}" for suffix in self.suffixes)

    def prepare(self) -> None:
        """Import the renderer, and let it load what every render needs (its `preload`),
        so that forked workers inherit both."""
        preload = getattr(importlib.import_module(self.module), "preload", None)
        if preload is not None:
            preload()


def _handout(site: Site, slug: str, paper: str | None) -> tuple[bytes, ...]:
    from ..pdf.render import render_handout

    return (render_handout(site, site.articles[slug], paper=paper),)


def _card(site: Site, slug: str, paper: str | None) -> tuple[bytes, ...]:
    from ..pdf.render import render_card

    return (render_card(site, site.drills[slug], paper=paper),)


def _large_handout(site: Site, slug: str, paper: str | None) -> tuple[bytes, ...]:
    from ..pdf.render import render_handout

    return (render_handout(site, site.articles[slug], paper=paper, large=True),)


def _large_card(site: Site, slug: str, paper: str | None) -> tuple[bytes, ...]:
    from ..pdf.render import render_card

    return (render_card(site, site.drills[slug], paper=paper, large=True),)


def _newsletter(site: Site, slug: str, paper: str | None) -> tuple[bytes, ...]:
    from ..newsletter.render import render_newsletter

    files = render_newsletter(site, site.articles[slug])
    return (files.html, files.text, files.eml)


def _image(site: Site, slug: str, paper: str | None) -> tuple[bytes, ...]:
    """A newsletter image copied beside the HTML, for a preview (its slug is its path)."""
    return ((site.root / "content" / slug).read_bytes(),)


HANDOUT = Kind("handout", "handouts", (".pdf",), "handouts.pdf.render", _handout, 0.015)
NEWSLETTER = Kind(
    "newsletter",
    "newsletters",
    (".html", ".txt", ".eml"),
    "handouts.newsletter.render",
    _newsletter,
    0.003,
)
CARD = Kind("card", "cards", (".pdf",), "handouts.pdf.render", _card, 0.005)
LARGE_HANDOUT = Kind(
    "large-print handout",
    "handouts",
    (LARGE_SUFFIX,),
    "handouts.pdf.render",
    _large_handout,
    0.06,
)
LARGE_CARD = Kind(
    "large-print card", "cards", (LARGE_SUFFIX,), "handouts.pdf.render", _large_card, 0.008
)
IMAGE = Kind("image", "newsletters", (), "handouts.build.kinds", _image, 0.0002)

KINDS = (HANDOUT, NEWSLETTER, CARD, LARGE_HANDOUT, LARGE_CARD, IMAGE)
# The folders a build owns (it may remove its own old outputs there, nothing else).
FOLDERS = tuple(dict.fromkeys(kind.folder for kind in KINDS))


def out_folder(root: Path, out: Path | None = None) -> Path:
    """Where a site's outputs go: `out` when given, else `<site>/out`."""
    return out if out is not None else Path(root) / OUT_FOLDER


def large_print_name(name: str) -> str:
    """The large-print file of the PDF `name`: `x.pdf` gives `x-large.pdf`."""
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return stem + LARGE_SUFFIX
