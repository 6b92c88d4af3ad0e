"""`handouts build`: plan, then work, and redo only what an edit touched.

Loading validates the whole site first. Each output's inputs are fingerprinted and
compared with the manifest of the last good build; only stale outputs are rendered, in
worker processes when there are several. A broken article or drill fails only the
outputs that depend on it: their last good files stay in place and are not recorded as
fresh. Outputs of deleted content are removed, but only files the manifest says a build
wrote: anything else in the out folder is left alone. The manifest is written last, and
after a Ctrl-C too, so the next build redoes only what this one did not write.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..diagnostics import (
    ContentError,
    Diagnostic,
    Diagnostics,
    Location,
    Severity,
    did_you_mean,
    plural,
)
from ..load.loader import load_site
from ..model import Article, Clinic, Drill, Site
from .fingerprint import digest, tool_fingerprint
from .kinds import CARD, FOLDERS, HANDOUT, LARGE_CARD, LARGE_HANDOUT, NEWSLETTER
from .lock import exclusive
from .manifest import Manifest
from .parsecache import ParseCache
from .plan import Job, plan
from .workers import cpu_count, run_all, workers_for
from .write import uninterrupted, write_atomic

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
    left: list[str] = field(default_factory=list)  # files in our folders we did not make
    interrupted: bool = False  # by Ctrl-C: some stale outputs were not built
    workers: str = ""  # why fewer worker processes were used than asked for, if they were
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors() and not self.interrupted

    @property
    def not_built(self) -> list[str]:
        """Stale outputs neither built nor failed: what an interruption left undone."""
        done = {*self.built, *self.failed}
        return sorted(name for name in self.reasons if name not in done)

    def summary(self) -> str:
        seconds = f"in {self.seconds:.2f} s"
        if self.interrupted and not self.reasons:
            return f"interrupted before building anything, {seconds}"
        if self.interrupted:
            return (
                f"interrupted: built {len(self.built)}, not built {len(self.not_built)}"
                f" (the next build makes them), failed {len(self.failed)} {seconds}"
            )
        line = (
            f"built {len(self.built)}, unchanged {len(self.unchanged)},"
            f" removed {len(self.removed)}, failed {len(self.failed)} {seconds}"
        )
        if self.left:
            line += f"; left {plural(len(self.left), 'file')} not made by handouts"
        return line


@dataclass(frozen=True)
class BuildOptions:
    paper: str | None = None
    large_print: bool = False  # large-print PDFs too, as `print.large: true` asks
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
    """Build `root` into `out`; `on_start(n)` and `on_done(job)` drive a progress display.

    A Ctrl-C stops it early with a report of what was and was not built (`interrupted`)."""
    options = options or BuildOptions()
    started = time.perf_counter()
    report = BuildReport(Diagnostics())
    if not (Path(root) / "content").is_dir():  # no site here: no out folder either
        report.diagnostics.extend(load_site(root).diagnostics.items)
        return report
    try:
        with exclusive(out, options.lock_timeout):
            _build(root, out, options, report, on_start, on_done)
    except KeyboardInterrupt:
        report.interrupted = True
    except OSError as exc:  # a read-only or full out folder: every write is atomic, so
        # what it held is intact and the next build makes what this one could not
        report.diagnostics.error(Location(str(out)), f"cannot write here: {exc.strerror}")
    report.diagnostics.items = list(dict.fromkeys(report.diagnostics.items))  # each once
    for names in (report.built, report.failed, report.left):
        names.sort()
    report.seconds = time.perf_counter() - started
    return report


def _build(
    root: Path,
    out: Path,
    options: BuildOptions,
    report: BuildReport,
    on_start: Callable[[int], None] | None,
    on_done: Callable[[Job], None] | None,
) -> None:
    cache = ParseCache.load(out)
    loaded = load_site(root, parse=cache.parse)
    report.diagnostics.extend(loaded.diagnostics.items)
    failed_items = [(HANDOUT, s) for s in loaded.failed_articles]
    failed_items += [(NEWSLETTER, s) for s in loaded.failed_articles]
    failed_items += [(CARD, s) for s in loaded.failed_drills]
    if options.large_print or (loaded.site and loaded.site.clinic.large_print):
        failed_items += [(LARGE_HANDOUT, s) for s in loaded.failed_articles]
        failed_items += [(LARGE_CARD, s) for s in loaded.failed_drills]
    report.failed += sorted(name for kind, slug in failed_items for name in kind.outputs(slug))
    if loaded.site is None:
        return
    site = loaded.site
    known = site.articles.keys() | site.drills.keys() | loaded.failed
    unknown = sorted(options.only - known)
    if unknown:
        raise UnknownSlug(
            "; ".join(f"no article or drill named '{s}'{did_you_mean(s, known)}" for s in unknown)
        )

    manifest = Manifest.load(out)
    report.diagnostics.extend(_output_warnings(site, manifest))  # what `check` says, once
    jobs = [
        j
        for j in plan(site, paper=options.paper, large_print=options.large_print)
        if not options.only or j.slug in options.only
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
    try:
        for job, result in _render_all(site, stale, options, report):
            if isinstance(result, list):
                report.diagnostics.extend(result)
                report.failed.extend(job.outputs)
            else:
                with uninterrupted():
                    for name, data in zip(job.outputs, result, strict=True):
                        write_atomic(out / name, data)
                        manifest.record(name, job.fingerprint, job.inputs, data)
                        report.built.append(name)
            if on_done:
                on_done(job)
        if not options.only:
            keep = {name for job in jobs for name in job.outputs} | set(report.failed)
            _tidy(out, keep, manifest, report)
    finally:  # after a Ctrl-C too: what was written is recorded
        with uninterrupted():
            manifest.save()
            cache.save()


def _output_warnings(site: Site, manifest: Manifest) -> list[Diagnostic]:
    """The warnings `check` gives about the outputs, as the last build found them when the
    tool and every content file are the same (working them out means reading the fonts)."""
    items: list[Clinic | Article | Drill] = [site.clinic, *site.articles.values()]
    items += site.drills.values()
    pictures = [site.clinic.logo, *(drill.image for drill in site.drills.values())]
    key = digest(
        [
            tool_fingerprint(),
            *sorted(f"{i.source}={i.digest}" for i in items),
            *sorted(p.digest for p in pictures if p is not None),  # a logo's contrast
        ]
    )
    if manifest.warnings is None or manifest.warnings[0] != key:
        from ..check import output_warnings

        manifest.warnings = (key, output_warnings(site))
    return manifest.warnings[1]


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
    site: Site, jobs: list[Job], options: BuildOptions, report: BuildReport
) -> Iterator[tuple[Job, RenderResult]]:
    kinds = {job.kind for job in jobs}

    def prepare() -> None:
        for kind in kinds:
            kind.prepare()

    workers = workers_for(options.jobs, len(jobs), sum(job.kind.seconds for job in jobs))
    if options.jobs > workers:
        report.workers = (
            f"{options.jobs} worker processes asked for, {workers} used"
            f" ({plural(cpu_count(), 'CPU')}, {plural(len(jobs), 'item')} to render)"
        )
    return run_all(partial(render_job, site, options.paper), jobs, workers, prepare=prepare)


def render_job(site: Site, paper: str | None, job: Job) -> RenderResult:
    """One job's bytes, or the problems that stopped it (never an exception)."""
    try:
        return job.kind.render(site, job.slug, paper)
    except ContentError as exc:
        return list(exc.diagnostics)
    except Exception as exc:  # a renderer bug must not cost the other outputs
        message = f"could not render {job.outputs[0]}: {type(exc).__name__}: {exc}"
        return [Diagnostic(Location(job.source), Severity.ERROR, message)]


def _tidy(out: Path, keep: set[str], manifest: Manifest, report: BuildReport) -> None:
    """Delete what a build made for content that no longer exists (when it is still as
    written), and the temporary files of a build killed before it could move them into
    place; leave every other file in our folders where it is, and count it."""
    for name in sorted(set(manifest.entries) - keep):
        if manifest.intact_on_disk(name):
            (out / name).unlink(missing_ok=True)
            report.removed.append(name)
        del manifest.entries[name]
    for folder in FOLDERS:
        directory = out / folder
        if not directory.is_dir():
            continue
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            name = path.relative_to(out).as_posix()
            if path.name.startswith(".") and path.name.endswith(".tmp"):
                path.unlink(missing_ok=True)
            elif not path.name.startswith(".") and name not in keep:
                report.left.append(name)
