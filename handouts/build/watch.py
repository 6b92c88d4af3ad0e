"""`handouts watch`: build once, then again after every change under content/ or templates/.

Changes are debounced (an editor's save is often several events), a broken edit is
reported and watching goes on, and a stop event or Ctrl-C ends it cleanly: a build it
cuts short reports what it did and did not write, and watching ends there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from .lock import BuildLocked
from .site import BuildOptions, BuildReport, UnknownSlug, build_site


def watched_folders(root: Path) -> list[Path]:
    return [folder for folder in (root / "content", root / "templates") if folder.is_dir()]


def watch_site(
    root: Path,
    out: Path,
    options: BuildOptions,
    *,
    on_build: Callable[[BuildReport], None],
    on_error: Callable[[Exception], None],
    stop_event: threading.Event | None = None,
    debounce_ms: int = 200,
    on_watching: Callable[[], None] | None = None,
    build: Callable[[Path, Path, BuildOptions], BuildReport] = build_site,
) -> bool:
    """Build, then rebuild after each change until `stop_event` is set or Ctrl-C; False
    when there was nothing to watch (no content/ folder: the first build said so).
    `build` is `build_site`, or a caller's wrapper around it (the studio's, which keeps
    its other renders out of a build's way)."""

    def built(report: BuildReport) -> bool:
        """Report a build; False when a Ctrl-C cut it short (then watching ends)."""
        on_build(report)
        return not report.interrupted

    try:
        if not built(build(root, out, options)):  # a mistake in the options raises
            return True
        if not watched_folders(root):
            return False
        if on_watching:
            on_watching()
        for _changes in watchfiles.watch(
            *watched_folders(root),
            stop_event=stop_event,
            debounce=debounce_ms,
            step=min(50, debounce_ms),  # a short debounce (the studio's) waits less, too
            raise_interrupt=True,
            ignore_permission_denied=True,
        ):
            try:
                if not built(build(root, out, options)):
                    return True
            except (BuildLocked, UnknownSlug) as exc:  # e.g. an --only item deleted meanwhile
                on_error(exc)
    except KeyboardInterrupt:  # while waiting for a change, or reporting a build
        pass
    return True
