"""Results kept between runs in the user's cache folder, so a cold command does not redo
what an earlier one worked out from the same input.

Only what depends on nothing but its key is kept: each entry is named by a SHA-256 of
the content it was made from (never a path), in `$XDG_CACHE_HOME/handouts/<kind>/`,
else `~/.cache/handouts/<kind>/`. An entry starts with a header naming the Python that
wrote it and the version of what made it (the library that computed it, and the code
that wrote it, by the digest of its module: another release of handouts sharing the
folder never reads an entry it did not write), then a CRC of the rest; an entry with
another header or a wrong CRC is ignored, made again and rewritten. The rest is
`marshal` data: plain values (numbers, strings, bytes, lists, tuples, dicts), which
reading cannot turn into running code, as unpickling could. Each caller still checks
that what it reads has the shape it wrote.
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
    """Where results of `kind` are kept; None when the user has no home to keep them in
    (an empty or relative HOME is none: it would put the cache at the file system's root
    or wherever the command runs)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "handouts" / kind
    try:
        home = Path.home()
    except RuntimeError:  # no home directory known
        return None
    if not home.is_absolute() or home == Path(home.anchor):
        return None
    return home / ".cache" / "handouts" / kind


def maker(module_file: str) -> str:
    """The digest of the module that writes and reads a kind of entry, for its version:
    an entry is read only by the very code that wrote it."""
    return name(Path(module_file).read_bytes())[:16]


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
