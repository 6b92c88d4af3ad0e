"""The message catalogs: every word the tool prints is translated in every shipped
language, with the plural forms the language has, and each compiled .mo is its .po."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from handouts.dosage import _UNIT_WORDS
from handouts.i18n import CATALOGS, LABELS, Labels, placeholders
from tests.support.sites import REPO

CATALOG_DIR = Path(str(files("handouts.i18n") / "catalogs"))


def _read(lang: str):  # type: ignore[no-untyped-def]
    with (CATALOG_DIR / f"{lang}.po").open("rb") as fp:
        return read_po(fp)


def _used_messages() -> set[str | tuple[str, str]]:
    """Every message the code and the built-in templates ask for, and the labels."""
    found: set[str | tuple[str, str]] = set(LABELS.values()) | set(_UNIT_WORDS.values())
    methods = [("handouts/**.py", "python"), ("templates/**.j2", "jinja2")]
    options = {"templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
    for _, _, message, _, _ in extract_from_dir(REPO, methods, options_map=options):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _messages(catalog) -> dict[object, object]:  # type: ignore[no-untyped-def]
    def plain(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {plain(message.id): plain(message.string) for message in catalog if message.id}


@pytest.mark.parametrize("lang", CATALOGS)
def test_each_compiled_catalog_is_its_source(lang: str) -> None:
    with (CATALOG_DIR / f"{lang}.mo").open("rb") as fp:
        compiled = read_mo(fp)
    assert _messages(compiled) == _messages(_read(lang)), (
        f"{lang}.mo is out of date: run `make catalogs`"
    )


@pytest.mark.parametrize("lang", CATALOGS)
def test_every_message_is_translated_with_the_languages_plural_forms(lang: str) -> None:
    catalog = _read(lang)
    for wanted in _used_messages():
        key = wanted if isinstance(wanted, str) else wanted[0]
        message = catalog.get(key)
        assert message is not None and message.string, f"{lang}: no translation of {wanted!r}"
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert len(forms) == (catalog.num_plurals if isinstance(wanted, tuple) else 1)
        slots = placeholders(key)
        for form in forms:
            assert form and placeholders(form) <= slots, (lang, key, form)
        assert placeholders(forms[-1]) == slots, (lang, key)  # the general form says all


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("en", {1: "1 set", 3: "3 sets"}),
        ("es", {1: "1 serie", 3: "3 series"}),
        ("fr", {0: "0 série", 1: "1 série", 2: "2 séries"}),
        ("de", {1: "1 Satz", 4: "4 Sätze"}),
        ("pt", {1: "1 série", 5: "5 séries"}),
        ("zh", {1: "1 组", 5: "5 组"}),
        (
            "ar",
            {1: "مجموعة واحدة", 2: "مجموعتين", 3: "3 مجموعات", 11: "11 مجموعة", 100: "100 مجموعة"},
        ),
    ],
)
def test_a_count_takes_the_plural_form_its_language_gives_it(
    lang: str, counts: dict[int, str]
) -> None:
    labels = Labels(lang)
    for n, said in counts.items():
        assert labels.ngettext("%(num)s set", "%(num)s sets", n) % {"num": n} == said


def test_a_clinics_own_label_replaces_the_word_in_every_language() -> None:
    for lang in ("en", "es", "ar"):
        labels = Labels(lang, (("drill", "Exercise"),))
        assert labels("drill") == "Exercise"
    assert Labels("es")("drill") == "Ejercicio"
    assert Labels("pt-BR")("goal") == "Objetivo"  # a region reads its language's catalog
    assert Labels("it")("goal") == "Goal"  # no catalog: the English words


@pytest.mark.parametrize("lang", ["zh", "zh-Hans", "zh-CN", "zh-SG", "zh-Hans-CN"])
def test_simplified_chinese_reads_the_chinese_catalog(lang: str) -> None:
    assert Labels(lang)("goal") == "目标"


@pytest.mark.parametrize("lang", ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-CN"])
def test_traditional_chinese_has_no_catalog_and_gets_the_english_words(lang: str) -> None:
    """The catalog is written in Simplified characters, which a reader of Traditional
    Chinese should not be given as their own."""
    assert Labels(lang)("goal") == "Goal"
