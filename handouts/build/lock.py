"""One build at a time per out folder: a second one waits, and gives up with a clear message.

A `filelock` lock on a file in the out folder: an OS lock on every platform, which the
system releases when the holder exits, even when killed, so a crashed build never leaves
the folder locked. A forked worker closes its copy of the lock's descriptor without
unlocking it (filelock sees to that), so the lock dies with the process that took it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = ".handouts.lock"


class BuildLocked(Exception):
    """Another build held the out folder for longer than we were willing to wait."""


@contextmanager
def exclusive(
    out: Path, timeout: float, poll: float = 0.05, *, holder: str = "build"
) -> Iterator[None]:
    """Hold the lock of the folder `out` (created if need be); `holder` names, in the
    message, what else may be writing there."""
    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out / LOCK_NAME)
    try:
        lock.acquire(timeout=timeout, poll_interval=poll)
    except Timeout:
        raise BuildLocked(
            f"{out}: another {holder} is writing to this folder"
            f" (waited {timeout:g} s); try again when it has finished"
        ) from None
    try:
        yield
    finally:
        lock.release()
