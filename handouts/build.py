"""`handouts build`: load the whole site, render every output, write each one atomically.

A broken article or drill fails only its own outputs (and those of the articles that
include it): their last good files stay in place, everything else is still built.
Outputs whose content was deleted are removed, so out/ mirrors content/.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import ContentError, Diagnostics, Location
from .loader import load_site
from .model import Site
from .newsletter import render_newsletter
from .pdf import render_card, render_handout
from .write import write_atomic

HANDOUTS, CARDS, NEWSLETTERS = "handouts", "cards", "newsletters"
NEWSLETTER_SUFFIXES = (".html", ".txt", ".eml")


@dataclass(frozen=True)
class Job:
    """One rendering: the item it comes from, and the files it produces (relative to out/)."""

    source: str
    outputs: tuple[str, ...]
    render: Callable[[], tuple[bytes, ...]]


@dataclass
class BuildReport:
    diagnostics: Diagnostics
    built: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors()

    def summary(self) -> str:
        return (
            f"built {len(self.built)}, removed {len(self.removed)}, failed {len(self.failed)}"
            f" in {self.seconds:.2f} s"
        )


def plan(site: Site, paper: str | None) -> list[Job]:
    jobs: list[Job] = []
    for slug, article in sorted(site.articles.items()):
        jobs.append(
            Job(
                article.source,
                (f"{HANDOUTS}/{slug}.pdf",),
                lambda a=article: (render_handout(site, a, paper=paper),),
            )
        )
        jobs.append(
            Job(
                article.source,
                tuple(f"{NEWSLETTERS}/{slug}{suffix}" for suffix in NEWSLETTER_SUFFIXES),
                lambda a=article: _newsletter_files(site, a),
            )
        )
    for slug, drill in sorted(site.drills.items()):
        jobs.append(
            Job(
                drill.source,
                (f"{CARDS}/{slug}.pdf",),
                lambda d=drill: (render_card(site, d, paper=paper),),
            )
        )
    return jobs


def _newsletter_files(site: Site, article) -> tuple[bytes, ...]:  # type: ignore[no-untyped-def]
    files = render_newsletter(site, article)
    return files.html, files.text, files.eml


def build_site(root: Path, out: Path, *, paper: str | None = None) -> BuildReport:
    started = time.perf_counter()
    loaded = load_site(root)
    report = BuildReport(loaded.diagnostics)
    if loaded.site is None:
        report.seconds = time.perf_counter() - started
        return report
    site = loaded.site
    for job in plan(site, paper):
        try:
            contents = job.render()
        except ContentError as exc:
            report.diagnostics.extend(exc.diagnostics)
            report.failed.extend(job.outputs)
            continue
        except Exception as exc:  # a renderer bug still must not cost the other outputs
            report.diagnostics.error(
                Location(job.source),
                f"could not render {job.outputs[0]}: {type(exc).__name__}: {exc}",
            )
            report.failed.extend(job.outputs)
            continue
        for name, data in zip(job.outputs, contents, strict=True):
            write_atomic(out / name, data)
            report.built.append(name)
    report.failed.extend(outputs_of(loaded.failed_articles, loaded.failed_drills))
    report.removed = _remove_deleted(
        out, keep=set(site.articles) | set(site.drills) | loaded.failed
    )
    report.seconds = time.perf_counter() - started
    return report


def outputs_of(articles: set[str], drills: set[str]) -> list[str]:
    names = [f"{HANDOUTS}/{slug}.pdf" for slug in sorted(articles)]
    names += [
        f"{NEWSLETTERS}/{slug}{sfx}" for slug in sorted(articles) for sfx in NEWSLETTER_SUFFIXES
    ]
    return names + [f"{CARDS}/{slug}.pdf" for slug in sorted(drills)]


def _remove_deleted(out: Path, keep: set[str]) -> list[str]:
    """Delete outputs whose article or drill no longer exists in content/."""
    removed: list[str] = []
    for folder, suffixes in (
        (HANDOUTS, (".pdf",)),
        (CARDS, (".pdf",)),
        (NEWSLETTERS, NEWSLETTER_SUFFIXES),
    ):
        directory = out / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix in suffixes and path.stem not in keep and not path.name.startswith("."):
                path.unlink()
                removed.append(f"{folder}/{path.name}")
    return removed
