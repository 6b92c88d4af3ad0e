"""One build at a time per out folder: a second one waits, and gives up with a clear message.

An advisory `flock` on a file in the out folder; the kernel releases it when the holder
exits, even when killed, so a crashed build never leaves the folder locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".handouts.lock"


class BuildLocked(Exception):
    """Another build held the out folder for longer than we were willing to wait."""


@contextmanager
def exclusive(out: Path, timeout: float, poll: float = 0.05) -> Iterator[None]:
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildLocked(
                        f"{out}: another build is writing to this folder"
                        f" (waited {timeout:g} s); try again when it has finished"
                    ) from None
                time.sleep(poll)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
