"""The record of the last good build, kept inside the out folder.

For each output: the fingerprints of the inputs it was made from, and the hash, size
and modification time of the file as written, so a file edited or truncated on disk is
noticed (size and time are compared first; the hash only when they differ). Also the
warnings `check` would give about the outputs, under a digest of what they depend on:
working them out means reading the fonts, which a build with nothing to do skips.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Location, Severity
from .write import write_atomic

MANIFEST_NAME = ".handouts-manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    inputs: dict[str, str]
    sha256: str
    size: int
    mtime_ns: int


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Manifest:
    def __init__(self, out: Path, entries: dict[str, Entry] | None = None):
        self.out = out
        self.entries: dict[str, Entry] = entries or {}
        self.warnings: tuple[str, list[Diagnostic]] | None = None  # (digest, warnings)
        self.saved = b""  # the file as read or last written: an unchanged one is not rewritten

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """The last build's record; an unreadable one counts as none (everything rebuilds)."""
        try:
            text = (out / MANIFEST_NAME).read_bytes()
            raw = json.loads(text)
            if raw.get("format") != FORMAT:
                return cls(out)
            manifest = cls(out, {name: Entry(**value) for name, value in raw["outputs"].items()})
            manifest.saved = text
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(out)
        try:
            key, items = raw["warnings"]["key"], raw["warnings"]["items"]
            warnings = [Diagnostic(Location(*at), Severity.WARNING, text) for *at, text in items]
            manifest.warnings = (str(key), warnings)
        except (KeyError, ValueError, TypeError, AttributeError):
            pass  # none remembered: they are worked out again
        return manifest

    def save(self) -> None:
        data: dict[str, object] = {
            "format": FORMAT,
            "outputs": {name: asdict(entry) for name, entry in sorted(self.entries.items())},
        }
        if self.warnings is not None:
            key, warnings = self.warnings
            items = [[*asdict(d.location).values(), d.message] for d in warnings]
            data["warnings"] = {"key": key, "items": items}
        text = json.dumps(data, indent=1).encode()
        if text != self.saved:  # a build with nothing to do writes (and syncs) nothing
            write_atomic(self.out / MANIFEST_NAME, text)
            self.saved = text

    def record(self, name: str, fingerprint: str, inputs: dict[str, str], data: bytes) -> None:
        stat = (self.out / name).stat()
        self.entries[name] = Entry(
            fingerprint, dict(inputs), content_hash(data), stat.st_size, stat.st_mtime_ns
        )

    def intact_on_disk(self, name: str) -> bool:
        """Whether the file is still exactly what the last build wrote."""
        entry = self.entries.get(name)
        if entry is None:
            return False
        try:
            stat = os.stat(self.out / name)
        except OSError:
            return False
        if stat.st_size != entry.size:
            return False
        if stat.st_mtime_ns == entry.mtime_ns:
            return True
        try:
            return content_hash((self.out / name).read_bytes()) == entry.sha256
        except OSError:
            return False
