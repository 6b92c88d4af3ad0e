"""Results kept between runs in the user's cache folder, so a cold command does not redo
what an earlier one worked out from the same input.

Only what depends on nothing but its key is kept: each entry is named by a SHA-256 of
the content it was made from (never a path), in `$XDG_CACHE_HOME/handouts/<kind>/`,
else `~/.cache/handouts/<kind>/`. An entry starts with a header naming the Python that
wrote it and the version of what made it (the entry's layout, the library that
computed it), then a CRC of the rest; an entry with another header or a wrong CRC is
ignored, made again and rewritten. The rest is `marshal` data: plain values (numbers,
strings, bytes, lists, tuples, dicts), which reading cannot turn into running code, as
unpickling could. Each caller still checks that what it reads has the shape it wrote.
Writes are atomic; a folder that cannot be written only costs the time to make the
result again. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import zlib
from contextlib import suppress
from pathlib import Path
from typing import Any


def folder(kind: str) -> Path | None:
    """Where results of `kind` are kept; None when the user has no home to keep them in."""
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home directory known
        return None
    return root / "handouts" / kind


def name(*parts: str | bytes) -> str:
    """An entry's name: the SHA-256 of what it is made from."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def read(kind: str, entry: str, version: str) -> object | None:
    """The value kept as `entry` by this `version` of its maker, or None."""
    place = folder(kind)
    if place is None:
        return None
    try:
        kept = (place / f"{entry}.marshal").read_bytes()
    except OSError:
        return None
    head = _header(version)
    body = kept[len(head) + 4 :]
    if not kept.startswith(head) or kept[len(head) : len(head) + 4] != _crc(body):
        return None
    try:
        return marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None


def write(kind: str, entry: str, version: str, value: Any) -> None:
    """Keep `value` (plain data) as `entry`; nothing happens when it cannot be kept."""
    from .build.write import write_atomic

    place = folder(kind)
    if place is None:
        return
    try:
        body = marshal.dumps(value)
    except ValueError:  # not plain data
        return
    with suppress(OSError):
        data = _header(version) + _crc(body) + body
        write_atomic(place / f"{entry}.marshal", data, sync=False)


def _header(version: str) -> bytes:
    return f"handouts {sys.implementation.cache_tag} {version}\n".encode()


def _crc(body: bytes) -> bytes:
    return zlib.crc32(body).to_bytes(4, "big")
