"""`handouts watch`: build once, then again after every change under content/ or templates/.

Changes are debounced (an editor's save is often several events), a broken edit is
reported and watching goes on, and a stop event or Ctrl-C ends it cleanly.
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
) -> None:
    def rebuild() -> None:
        try:
            on_build(build_site(root, out, options))
        except (BuildLocked, UnknownSlug) as exc:  # e.g. an --only item deleted meanwhile
            on_error(exc)

    on_build(build_site(root, out, options))  # a mistake in the options ends it here

    if on_watching:
        on_watching()
    for _changes in watchfiles.watch(
        *watched_folders(root),
        stop_event=stop_event,
        debounce=debounce_ms,
        raise_interrupt=False,
        ignore_permission_denied=True,
    ):
        rebuild()
