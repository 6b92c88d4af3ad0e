"""Markdown already parsed by an earlier build, kept in the out folder.

Parsing the Markdown bodies is most of the time of a build in which nothing changed.
A body's blocks and messages depend only on its text, where it stands in its file and
the tool's code, so they are remembered under a hash of exactly those. The file is read
with an unpickler that rebuilds nothing but the classes of parsed bodies and their
messages, so a tampered cache cannot run code; an unreadable or foreign one is simply
ignored. And an entry is used only when it is something a fresh parse of that body could
have given (`well_formed`: the same link rules and limits): anyone who can write to the
out folder could otherwise put a `javascript:` link into every handout and email.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from pathlib import Path
from typing import Any, get_args

from .. import diagnostics, model
from ..diagnostics import Diagnostic, Diagnostics, Location, Severity
from ..freetext import CONTROL
from ..load.markdown import parse_markdown, well_formed
from ..load.yamlsource import Source
from ..model import Block, CalloutKind, Inline, ListItem
from .fingerprint import tool_fingerprint
from .write import write_atomic

CACHE_NAME = ".handouts-markdown.cache"
_ALLOWED = {
    model.__name__: {
        cls.__name__ for cls in (*get_args(Block), ListItem, CalloutKind, *get_args(Inline))
    },
    diagnostics.__name__: {"Diagnostic", "Location", "Severity"},
}

Entry = tuple[tuple[Block, ...], list[Diagnostic]]


class _ModelOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of the content model")


class ParseCache:
    def __init__(self, path: Path, entries: dict[str, Entry]):
        self.path = path
        self.entries = entries
        self.used: dict[str, Entry] = {}

    @classmethod
    def load(cls, out: Path) -> ParseCache:
        path = out / CACHE_NAME
        try:
            entries = _ModelOnly(io.BytesIO(path.read_bytes())).load()
            if not isinstance(entries, dict):
                entries = {}
        except Exception:  # a missing, old or damaged cache is rebuilt from the sources
            entries = {}
        return cls(path, entries)

    def parse(
        self, text: str, source: Source, found: Diagnostics, *, allow_marker: bool
    ) -> tuple[Block, ...]:
        """`parse_markdown`, answered from the cache when this exact body was seen."""
        key = hashlib.blake2b(
            f"{tool_fingerprint()}\0{source}\0{allow_marker}\0{text}".encode(), digest_size=16
        ).hexdigest()
        entry = self.entries.get(key)
        if entry is None or not _usable(entry, source, allow_marker):
            local = Diagnostics()
            entry = (parse_markdown(text, source, local, allow_marker=allow_marker), local.items)
        self.used[key] = entry
        found.extend(entry[1])
        return entry[0]

    def save(self) -> None:
        """Keep what this build used, so entries of edited or deleted bodies go away."""
        if self.used != self.entries:
            write_atomic(self.path, pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL))


def _usable(entry: object, source: Source, allow_marker: bool) -> bool:
    """Whether a cached entry is blocks and messages that parsing a body of `source` could
    have given; anything else is parsed afresh."""
    if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], list)):
        return False
    blocks, messages = entry
    return well_formed(blocks, allow_marker=allow_marker) and all(
        _own_message(message, source) for message in messages
    )


def _own_message(message: object, source: Source) -> bool:
    """A message about this body's file, printable as it stands (no escape sequences)."""
    if not isinstance(message, Diagnostic):
        return False
    where = message.location
    return (
        isinstance(where, Location)
        and where.path == source.path
        and all(value is None or type(value) is int for value in (where.line, where.col))
        and isinstance(message.severity, Severity)
        and isinstance(message.message, str)
        and CONTROL.search(message.message) is None
    )
