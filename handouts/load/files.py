"""Reading a file someone named, without ever blocking or reading without end.

A content file, a picture or a patient list may turn out to be a named pipe (which
blocks a reader until something writes to it), a device such as /dev/zero (which never
ends) or a folder. Only a regular file is read, and never more than the caller's limit:
the file is opened without blocking and looked at through the open descriptor, so what
is checked is what is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegular(ValueError):
    """The path is something other than a regular file; the message says what."""

    def __init__(self, what: str):
        super().__init__(f"is {what}, not a regular file")


class TooLarge(ValueError):
    """The file holds more than the caller's limit of bytes."""

    def __init__(self, size: int):
        super().__init__(f"holds {size} bytes")
        self.size = size


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`; NotRegular, TooLarge, or OSError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(next((what for test, what in _KINDS if test(mode)), "special"))
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(size)
        chunks, total = [], 0
        while total <= limit:  # a file growing as it is read stops at the limit too
            chunk = os.read(fd, min(limit + 1 - total, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooLarge(total)
        return b"".join(chunks)
    finally:
        os.close(fd)
