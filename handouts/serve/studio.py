"""The site as the last build left it, kept up to date by the build's own watch.

A background thread runs `watch_site`: the first build, then an incremental one after
every save under content/ or templates/. After each build the studio takes a snapshot
(the loaded site and the build's report) and tells every open page, through the event
loop, that there is a new version; pages then fetch themselves again.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..build.kinds import out_folder
from ..build.parsecache import ParseCache
from ..build.site import BuildOptions, BuildReport, build_site
from ..build.watch import watch_site
from ..diagnostics import Diagnostic
from ..load.loader import LoadResult, load_site

T = TypeVar("T")


@dataclass(frozen=True)
class Snapshot:
    """What every page shows: one consistent state, never half of two builds."""

    version: str
    loaded: LoadResult | None = None  # None until the first build is done
    report: BuildReport | None = None
    problem: str | None = None  # a build that could not run at all (e.g. locked)
    made_at: float = field(default_factory=time.time)  # when the build behind it ended

    @property
    def built(self) -> str:
        """When and how fast the last build was, as the pages say it."""
        if self.report is None:
            return ""
        clock = time.strftime("%H:%M:%S", time.localtime(self.made_at))
        return f"built {clock} in {self.report.seconds * 1000:.0f} ms"

    @property
    def diagnostics(self) -> list[Diagnostic]:
        if self.report is not None:
            return self.report.diagnostics.items
        return self.loaded.diagnostics.items if self.loaded is not None else []


@dataclass
class Studio:
    root: Path
    out: Path
    options: BuildOptions = field(default_factory=BuildOptions)
    debounce_ms: int = 20  # an editor's save is one burst of events within this
    # A secret of this run: every form carries it, so no other site can post to ours.
    csrf_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def __post_init__(self) -> None:
        self._boot = secrets.token_hex(4)
        self._counter = itertools.count(1)
        self.snapshot = Snapshot(f"{self._boot}-0")
        self.ready = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listeners: set[asyncio.Queue[str | None]] = set()
        # ReportLab and the renderers' caches are not made for two threads at once: a
        # desk handout waits for a build under way, and a build for the handout.
        self._rendering = threading.Lock()

    @classmethod
    def for_site(cls, root: Path, options: BuildOptions | None = None) -> Studio:
        """The studio of the site at `root`, building into its out/: in this process, as
        forking workers from a process that runs the server's threads can deadlock them."""
        return cls(Path(root), out_folder(Path(root)), options or BuildOptions(jobs=1))

    # --- the watch thread ----------------------------------------------------------------

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._thread = threading.Thread(target=self._watch, name="handouts-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End the watch (a build under way finishes first) and every open event stream."""
        self._stop.set()
        self._broadcast(None)
        if self._thread is not None:
            self._thread.join(timeout=30)

    def closing(self) -> None:
        """End the open event streams now: the server is shutting down."""
        self._broadcast(None)

    def _watch(self) -> None:
        watch_site(
            self.root,
            self.out,
            self.options,
            on_build=self._built,
            on_error=lambda exc: self._publish(
                Snapshot(self._next(), self.snapshot.loaded, self.snapshot.report, str(exc))
            ),
            stop_event=self._stop,
            debounce_ms=self.debounce_ms,
            build=self._build,
        )
        self.ready.set()  # also when there was no site to watch: the page says why

    def _build(self, root: Path, out: Path, options: BuildOptions) -> BuildReport:
        return self.alone(build_site, root, out, options)

    def alone(self, work: Callable[..., T], *args: Any) -> T:
        """`work(*args)`, with no build or other render under way meanwhile."""
        with self._rendering:
            return work(*args)

    def _built(self, report: BuildReport) -> None:
        # The build validated the site already; loading it again (its Markdown from the
        # build's parse cache) gives the pages the model the build used.
        loaded = load_site(self.root, parse=ParseCache.load(self.out).parse)
        self._publish(Snapshot(self._next(), loaded, report))

    def _next(self) -> str:
        return f"{self._boot}-{next(self._counter)}"

    def _publish(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.ready.set()
        self._broadcast(snapshot.version)

    # --- open pages ----------------------------------------------------------------------

    def _broadcast(self, version: str | None) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        for queue in list(self._listeners):
            loop.call_soon_threadsafe(queue.put_nowait, version)

    def listen(self) -> asyncio.Queue[str | None]:
        """A queue receiving each new version (None: the studio is stopping)."""
        queue: asyncio.Queue[str | None] = asyncio.Queue()
        if self._stop.is_set():
            queue.put_nowait(None)
        self._listeners.add(queue)
        return queue

    def forget(self, queue: asyncio.Queue[str | None]) -> None:
        self._listeners.discard(queue)
