"""Typed reading of hand-written YAML mappings, reporting every problem at its key's line.

Each reader returns the value, or None after recording an error, so one pass over a
file reports all of its problems at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, Location, did_you_mean
from ..freetext import TextProblem, clean_text
from ..i18n import parse_lang
from ..model import Mailbox, Picture
from ..urls import WEB, check_url
from .addresses import parse_address, parse_mailbox
from .pictures import PictureError, picture_under
from .yamlsource import LocatedMap, Source

_HEX = re.compile(r"^#(?:[0-9A-Fa-f]{3}){1,2}$")
# Entries of one list field (equipment, an article's drills).
MAX_ITEMS = 20


def _type_name(value: Any) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        LocatedMap: "a mapping",
        dict: "a mapping",
        dt.date: "a date",
        dt.datetime: "a date and time",
        type(None): "empty",
    }.get(type(value), type(value).__name__)


class Fields:
    """One mapping of one file: what it may hold, and typed access with located errors."""

    def __init__(
        self,
        data: LocatedMap,
        source: Source,
        diagnostics: Diagnostics,
        *,
        allowed: Iterable[str],
        required: Iterable[str] = (),
        prefix: str = "",
    ):
        self.data = data
        self.source = source
        self.diagnostics = diagnostics
        self.prefix = prefix
        allowed = tuple(allowed)
        for key in data:
            if key not in allowed:
                hint = (
                    did_you_mean(str(key), allowed) or f" (expected one of: {', '.join(allowed)})"
                )
                self.error(key, f"unknown key '{prefix}{key}'{hint}")
        for key in required:
            if data.get(key) is None:
                where = "is empty" if key in data else "is missing"
                self.diagnostics.error(
                    self.at(key if key in data else None), f"required key '{prefix}{key}' {where}"
                )

    def at(self, key: Any | None) -> Location:
        line, col = self.data.key_position(key) if key is not None else self.data.position
        return self.source.at(line, col)

    def error(self, key: Any, message: str) -> None:
        self.diagnostics.error(self.at(key), message)

    def warning(self, key: Any, message: str) -> None:
        self.diagnostics.warning(self.at(key), message)

    def _typed(self, key: str, kinds: tuple[type, ...], expected: str) -> Any:
        value = self.data.get(key)
        if value is None:
            return None
        if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
            self.error(key, f"'{self.prefix}{key}' must be {expected}, not {_type_name(value)}")
            return None
        return value

    def text(self, key: str, *, max_length: int = 2000) -> str | None:
        value = self._typed(key, (str,), "text (put it in quotes if it looks like a number)")
        if value is None:
            return None
        try:
            text = clean_text(value, max_length)
        except TextProblem as problem:
            self.error(key, f"'{self.prefix}{key}' {problem}")
            return None
        if not text:
            self.error(key, f"'{self.prefix}{key}' is empty")
            return None
        return text

    def boolean(self, key: str) -> bool | None:
        return self._typed(key, (bool,), "true or false")

    def number(self, key: str, *, lowest: float, highest: float) -> float | None:
        """A number from `lowest` to `highest` (a whole one or with decimals)."""
        value = self._typed(key, (int, float), f"a number from {lowest} to {highest}")
        if value is not None and not lowest <= value <= highest:  # NaN is outside too
            self.error(key, f"'{self.prefix}{key}' must be from {lowest} to {highest}")
            return None
        return None if value is None else float(value)

    def mapping(self, key: str) -> LocatedMap | None:
        return self._typed(key, (LocatedMap,), "a mapping of keys to values")

    def text_list(
        self, key: str, *, max_length: int = 2000, max_items: int = MAX_ITEMS
    ) -> list[str] | None:
        """Every list has a bound on its entries, as every text has one on its length: what
        is printed must fit on pages, and a list without end would never finish printing."""
        value = self._typed(key, (list,), "a list, e.g. [first, second]")
        if value is None:
            return None
        if len(value) > max_items:
            self.error(
                key, f"'{self.prefix}{key}' has {len(value)} entries; the limit is {max_items}"
            )
            return None
        items: list[str] = []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                self.error(key, f"every entry of '{self.prefix}{key}' must be text")
                return None
            try:
                items.append(clean_text(item, max_length))
            except TextProblem as problem:
                self.error(key, f"an entry of '{self.prefix}{key}' {problem}")
                return None
        return items

    def url(
        self, key: str, schemes: tuple[str, ...] = WEB, *, max_length: int = 2000
    ) -> str | None:
        value = self.text(key, max_length=max_length)
        if value is None:
            return None
        problem = check_url(value, schemes)
        if problem:
            self.error(key, f"'{self.prefix}{key}': {problem}")
            return None
        return value

    def email(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return parse_address(value)
        except ValueError as exc:
            self.error(key, f"'{self.prefix}{key}' {exc}")
            return None

    def mailbox(self, key: str) -> Mailbox | None:
        """An address with an optional name, as a From header holds it."""
        value = self.text(key)
        if value is None:
            return None
        try:
            return parse_mailbox(value)
        except ValueError as exc:
            self.error(key, f"'{self.prefix}{key}' {exc}")
            return None

    def colour(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        if not _HEX.match(value):
            self.error(key, f"'{self.prefix}{key}' must be a hex colour like \"#1F5F8B\"")
            return None
        digits = value[1:]
        if len(digits) == 3:
            digits = "".join(ch * 2 for ch in digits)
        return "#" + digits.upper()

    def choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(key)
        if value is not None and value not in choices:
            self.error(key, f"'{self.prefix}{key}' must be one of: {', '.join(choices)}")
            return None
        return value

    def lang(self, key: str) -> str | None:
        """A BCP 47 language tag ("es", "pt-BR", "zh-Hans") that Babel knows."""
        value = self.text(key, max_length=35)
        if value is None:
            return None
        try:
            return parse_lang(value)
        except ValueError as exc:
            self.error(key, f"'{self.prefix}{key}': {exc}")
            return None

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(key, f"'{self.prefix}{key}' must be a date written YYYY-MM-DD")
        return None

    def image(self, key: str, content_dir: Path) -> Picture | None:
        """A PNG or JPEG under content/ (resolved through any symlinks), opened and measured."""
        value = self.text(key)
        if value is None:
            return None
        try:
            return picture_under(content_dir, value, f"'{self.prefix}{key}'")
        except PictureError as exc:
            self.error(key, str(exc))
            return None
