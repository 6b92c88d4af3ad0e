"""Which way text runs, in one place: the PDF renderer lays out with these rules, and
the email sets its `dir` from them."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# The Unicode blocks of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, …,
# their presentation forms, and the historic scripts of the supplementary planes).
RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def has_rtl(text: str) -> bool:
    """Whether `text` holds any right-to-left letter."""
    return not text.isascii() and RIGHT_TO_LEFT.search(text) is not None


@cache
def is_rtl_language(lang: str) -> bool:
    """Whether a language is written right to left (Arabic, Hebrew, Persian, Urdu…),
    from the locale data: the script a tag implies, not a list kept here."""
    if lang.split("-")[0] == "en":  # the default: no locale data to load
        return False
    from babel import Locale

    try:
        return Locale.parse(lang, sep="-").character_order == "right-to-left"
    except (ValueError, LookupError):
        return False


# A word that is a number, or leads one: "10", "0,5", "+1" and "(555)" of a phone number.
NUMBER = re.compile(r"[+(]?\d")


def first_strong_is_rtl(text: str) -> bool:
    """Whether a line without a set direction runs right to left: its first letter says."""
    return _word_direction(text) == "R"


def _word_direction(word: str) -> str:
    """ "R" for a word led by a right-to-left letter, "L" by a left-to-right one, "N" for
    numbers and punctuation, which take the direction around them."""
    for ch in word:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return "N"


def visual_order(words: list[str], rtl: bool) -> list[int]:
    """The drawing order, left to right, of one line's words (each already shaped, so
    its own letters are in drawing order): the bidirectional algorithm's rules at the
    level of words. In a right-to-left line, runs of left-to-right words and numbers
    keep their order inside the reversed line ("انظر www.example.com 10 مرات");
    in a left-to-right line, a run of right-to-left words is reversed."""
    kinds = [_word_direction(word) for word in words]
    base = "R" if rtl else "L"
    # Neutrals between two words of one direction take it; others take the line's.
    resolved = []
    for index, kind in enumerate(kinds):
        if kind == "N":
            before = next((k for k in reversed(kinds[:index]) if k != "N"), base)
            after = next((k for k in kinds[index + 1 :] if k != "N"), base)
            if rtl and NUMBER.match(words[index]):
                kind = "L"  # numbers (a phone's too) run left to right inside right-to-left text
            else:
                kind = before if before == after else base
        resolved.append(kind)
    levels = [(1 if kind == "R" else 2) if rtl else (1 if kind == "R" else 0) for kind in resolved]
    order = list(range(len(words)))
    for level in range(max(levels, default=0), 0, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = order[index:end][::-1]
                index = end
            else:
                index += 1
    return order
