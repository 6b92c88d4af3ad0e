"""`handouts build`: plan, then work, and redo only what an edit touched.

Loading validates the whole site first. Each output's inputs are fingerprinted and
compared with the manifest of the last good build; only stale outputs are rendered, in
worker processes when there are several. A broken article or drill fails only the
outputs that depend on it: their last good files stay in place and are not recorded as
fresh. Outputs of deleted content are removed. The manifest is written last.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..diagnostics import ContentError, Diagnostic, Diagnostics, Location, Severity, did_you_mean
from ..load.loader import load_site
from ..model import Site
from .kinds import CARD, FOLDERS, HANDOUT, NEWSLETTER
from .lock import exclusive
from .manifest import Manifest
from .parsecache import ParseCache
from .plan import Job, plan
from .workers import run_all
from .write import write_atomic

LOCK_TIMEOUT = 300.0


class UnknownSlug(Exception):
    """`--only` named something the site does not have."""


@dataclass
class BuildReport:
    diagnostics: Diagnostics
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # output -> why it was rebuilt
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors()

    def summary(self) -> str:
        return (
            f"built {len(self.built)}, unchanged {len(self.unchanged)},"
            f" removed {len(self.removed)}, failed {len(self.failed)} in {self.seconds:.2f} s"
        )


@dataclass(frozen=True)
class BuildOptions:
    paper: str | None = None
    force: bool = False
    only: frozenset[str] = frozenset()  # slugs; empty means everything
    jobs: int = 0  # worker processes; 0 means one per CPU
    lock_timeout: float = LOCK_TIMEOUT


def build_site(
    root: Path,
    out: Path,
    options: BuildOptions | None = None,
    *,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[Job], None] | None = None,
) -> BuildReport:
    """Build `root` into `out`; `on_start(n)` and `on_done(job)` drive a progress display."""
    options = options or BuildOptions()
    started = time.perf_counter()
    with exclusive(out, options.lock_timeout):
        report = _build(root, out, options, on_start, on_done)
    report.seconds = time.perf_counter() - started
    return report


def _build(
    root: Path,
    out: Path,
    options: BuildOptions,
    on_start: Callable[[int], None] | None,
    on_done: Callable[[Job], None] | None,
) -> BuildReport:
    cache = ParseCache.load(out)
    loaded = load_site(root, parse=cache.parse)
    report = BuildReport(loaded.diagnostics)
    failed_items = [(HANDOUT, s) for s in loaded.failed_articles]
    failed_items += [(NEWSLETTER, s) for s in loaded.failed_articles]
    failed_items += [(CARD, s) for s in loaded.failed_drills]
    report.failed += sorted(name for kind, slug in failed_items for name in kind.outputs(slug))
    if loaded.site is None:
        return report
    site = loaded.site
    known = site.articles.keys() | site.drills.keys() | loaded.failed
    unknown = sorted(options.only - known)
    if unknown:
        raise UnknownSlug(
            "; ".join(f"no article or drill named '{s}'{did_you_mean(s, known)}" for s in unknown)
        )

    manifest = Manifest.load(out)
    jobs = [
        j for j in plan(site, paper=options.paper) if not options.only or j.slug in options.only
    ]
    stale: list[Job] = []
    for job in jobs:
        reason = "forced" if options.force else _staleness(job, manifest)
        if reason is None:
            report.unchanged.extend(job.outputs)
        else:
            stale.append(job)
            report.reasons.update(dict.fromkeys(job.outputs, reason))

    if on_start:
        on_start(len(stale))
    for job, result in _render_all(site, stale, options):
        if isinstance(result, list):
            report.diagnostics.extend(result)
            report.failed.extend(job.outputs)
        else:
            for name, data in zip(job.outputs, result, strict=True):
                write_atomic(out / name, data)
                manifest.record(name, job.fingerprint, job.inputs, data)
                report.built.append(name)
        if on_done:
            on_done(job)

    if not options.only:
        keep = {name for job in jobs for name in job.outputs} | set(report.failed)
        report.removed = _remove_others(out, keep, manifest)
    manifest.save()
    cache.save()
    report.built.sort()
    report.failed.sort()
    return report


def _staleness(job: Job, manifest: Manifest) -> str | None:
    """Why `job` must run again, or None when all of its outputs are up to date."""
    for name in job.outputs:
        entry = manifest.entries.get(name)
        if entry is None:
            return "new"
        if entry.fingerprint != job.fingerprint:
            changed = sorted(
                key
                for key in entry.inputs.keys() | job.inputs.keys()
                if entry.inputs.get(key) != job.inputs.get(key)
            )
            return "changed: " + ", ".join(changed)
        if not manifest.intact_on_disk(name):
            return "missing or changed on disk"
    return None


RenderResult = tuple[bytes, ...] | list[Diagnostic]


def _render_all(
    site: Site, jobs: list[Job], options: BuildOptions
) -> Iterator[tuple[Job, RenderResult]]:
    kinds = {job.kind for job in jobs}

    def prepare() -> None:
        for kind in kinds:
            kind.prepare()

    return run_all(partial(render_job, site, options.paper), jobs, options.jobs, prepare=prepare)


def render_job(site: Site, paper: str | None, job: Job) -> RenderResult:
    """One job's bytes, or the problems that stopped it (never an exception)."""
    try:
        return job.kind.render(site, job.slug, paper)
    except ContentError as exc:
        return list(exc.diagnostics)
    except Exception as exc:  # a renderer bug must not cost the other outputs
        message = f"could not render {job.outputs[0]}: {type(exc).__name__}: {exc}"
        return [Diagnostic(Location(job.source), Severity.ERROR, message)]


def _remove_others(out: Path, keep: set[str], manifest: Manifest) -> list[str]:
    """Delete outputs whose article, drill or image no longer exists in content/, and the
    temporary files of a build that was killed before it could move them into place."""
    removed: list[str] = []
    for folder in FOLDERS:
        directory = out / folder
        if not directory.is_dir():
            continue
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            name = path.relative_to(out).as_posix()
            if path.name.startswith(".") and path.name.endswith(".tmp"):
                path.unlink(missing_ok=True)
            elif name not in keep and not path.name.startswith("."):
                path.unlink()
                removed.append(name)
    for name in list(manifest.entries):
        if name not in keep:
            del manifest.entries[name]
    return removed
