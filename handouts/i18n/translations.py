"""Which translation a reader of a language gets, in one place: the loader picks an
article's drills with it, and a patient's handout its article and drills.

A translation is a file named with its language (`toe-yoga.es.md`, slug "toe-yoga.es").
A tag asked for finds the file of that tag, else one of a broader tag (a patient who
reads "es-MX" gets "toe-yoga.es"), else one of a narrower tag (one who reads "zh" gets
"toe-yoga.zh-Hans"). A file of a sibling tag is never taken: "zh-TW" does not read
"zh-Hans", nor does "es-MX" read "es-ES".
"""

from __future__ import annotations

from collections.abc import Iterable


def _subtags(tag: str) -> list[str]:
    return tag.lower().split("-")


def _rank(asked: str, written: str) -> tuple[int, int, str] | None:
    """How well a text written in `written` serves a reader of `asked` (lower is
    better), or None when it does not."""
    want, have = _subtags(asked), _subtags(written)
    if want == have:
        return (0, 0, written)
    if want[: len(have)] == have:  # broader: the closest first
        return (1, len(want) - len(have), written)
    if have[: len(want)] == want:  # narrower: the least specific first
        return (2, len(have) - len(want), written)
    return None


def speaks(written: str, asked: str) -> bool:
    """Whether a text in `written` is in the language a reader of `asked` reads."""
    return _rank(asked, written) is not None


def split_slug(slug: str) -> tuple[str, str | None]:
    """("toe-yoga", "es") for "toe-yoga.es"; ("toe-yoga", None) for "toe-yoga"."""
    base, dot, tag = slug.partition(".")
    return (base, tag) if dot else (slug, None)


def translation(slug: str, lang: str, slugs: Iterable[str]) -> str | None:
    """The slug of the translation of `slug` a reader of `lang` gets ("toe-yoga" in
    Mexican Spanish: "toe-yoga.es"), or None when `slugs` has none, or when `slug`
    already names its language."""
    if split_slug(slug)[1] is not None:
        return None
    found = []
    for other in slugs:
        base, tag = split_slug(other)
        if base == slug and tag is not None and (rank := _rank(lang, tag)) is not None:
            found.append((rank, other))
    return min(found)[1] if found else None
