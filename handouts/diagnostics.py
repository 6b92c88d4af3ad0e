"""Problems found in a site's content, reported the way compilers do.

Clinic staff fix content by hand, so every problem names the file (relative to the
site), the line and, where known, the column: `path:line:col: error: message`. Loading
collects all problems of a run instead of stopping at the first, so one `check` shows
everything that needs fixing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

# What a message may quote from a user's file but must not send raw to a terminal: control
# characters (ESC sequences, a carriage return or line break that forges another line) and
# the invisible ones that reorder or hide text (U+202E, U+200B, …).
_HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _printable(text: str) -> str:
    """`text` with each hidden character shown as its code, like `\\x1b` or `\\u202e`."""
    return _HIDDEN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    path: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    severity: Severity
    message: str

    def __str__(self) -> str:
        return _printable(f"{self.location}: {self.severity.value}: {self.message}")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass
class Diagnostics:
    """Collects the problems of one run, in the order they were found."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(location, Severity.ERROR, message))

    def warning(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(location, Severity.WARNING, message))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def summary(self) -> str:
        return f"{plural(len(self.errors), 'error')}, {plural(len(self.warnings), 'warning')}"


class ContentError(Exception):
    """Raised when content cannot be turned into a model; carries what was wrong and where."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))

    @classmethod
    def at(cls, location: Location, message: str) -> ContentError:
        return cls([Diagnostic(location, Severity.ERROR, message)])


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint for a misspelt key or slug, or '' when nothing is close."""
    import difflib  # only when something is misspelt: it is slow to import

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
