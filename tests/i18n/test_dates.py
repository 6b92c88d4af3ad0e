"""Dates read as Babel writes them in each language, whether Babel wrote them just now
or a year of them was kept from an earlier run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_date

from handouts import i18n, usercache
from handouts.i18n import Labels

DATES = [
    dt.date(2026, 1, 1),
    dt.date(2026, 11, 20),
    dt.date(2026, 12, 31),
    dt.date(2028, 2, 29),
    dt.date(2028, 12, 31),
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
]


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    i18n._year_of_dates.cache_clear()
    yield tmp_path / "handouts" / "dates"
    i18n._year_of_dates.cache_clear()


@pytest.mark.parametrize("lang", ["en", "es", "pt-BR", "ar", "zh-Hans", "de"])
@pytest.mark.parametrize("date_format", i18n.DATE_FORMATS)
def test_a_date_reads_as_babel_writes_it_made_or_kept(lang: str, date_format: str, cache) -> None:
    labels = Labels(lang, date_format=date_format)
    locale = Locale.parse(lang, sep="-")
    expected = [format_date(date, date_format, locale=locale) for date in DATES]
    assert [labels.date(date) for date in DATES] == expected  # made, and kept
    i18n._year_of_dates.cache_clear()
    assert [labels.date(date) for date in DATES] == expected  # read back
    assert len(list(cache.iterdir())) == len({date.year for date in DATES})


def test_a_kept_year_is_read_without_babel(cache, monkeypatch: pytest.MonkeyPatch) -> None:
    Labels().date(dt.date(2026, 11, 20))
    i18n._year_of_dates.cache_clear()
    monkeypatch.setattr(i18n, "_babel_locale", lambda lang: pytest.fail("Babel was asked"))
    assert Labels().date(dt.date(2026, 11, 20)) == "November 20, 2026"


@pytest.mark.parametrize(
    "kept", [None, ("January 1, 2026",) * 364, ("x",) * 364 + (5,), ["x"] * 365, "dates"]
)
def test_a_kept_year_of_another_shape_is_made_again(kept: object, cache) -> None:
    entry = usercache.name("en", "long", "2026")
    usercache.write("dates", entry, i18n._babel_version(), kept)
    assert Labels().date(dt.date(2026, 11, 20)) == "November 20, 2026"
    i18n._year_of_dates.cache_clear()
    assert usercache.read("dates", entry, i18n._babel_version())[323] == "November 20, 2026"


def test_dates_kept_by_another_babel_are_not_read(cache, monkeypatch) -> None:
    entry = usercache.name("en", "long", "2026")
    usercache.write("dates", entry, "dates-1 babel-another", ("Brumaire",) * 365)
    assert Labels().date(dt.date(2026, 11, 20)) == "November 20, 2026"
