"""The only stage that touches the out folder: atomic writes, so nothing is ever half-written.

A file is written to a temporary name in its final folder and moved into place with
os.replace, which is atomic on the same file system: a reader (or a build killed
part-way) sees either the old complete file or the new complete file.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def write_atomic(path: Path, data: bytes, *, temp_suffix: str = ".tmp", sync: bool = True) -> None:
    """Write `path` through a hidden temporary file `.<name>.<random><temp_suffix>`,
    flushed to the disk first unless `sync` is off (for a cache, whose reader checks
    what it reads and would make it again)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=temp_suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextmanager
def uninterrupted() -> Iterator[None]:
    """A Ctrl-C while a file is moved into place and recorded lands just after, so what a
    summary counts as written is exactly what was written. (Signals are handled in the
    main thread only; elsewhere this changes nothing.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, _frame: Any) -> None:
        caught.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and callable(previous):
            previous(signal.SIGINT, None)
        elif caught and previous == signal.SIG_DFL:
            signal.raise_signal(signal.SIGINT)
