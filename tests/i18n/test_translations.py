"""Which translation a reader gets: one rule, for an article's drills and for a patient's
handout alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.i18n.translations import translation
from handouts.load.loader import load_site
from tests.support.sites import ARTICLE, DRILL, make_site


@pytest.mark.parametrize(
    ("lang", "slugs", "found"),
    [
        ("es", ["toe-yoga", "toe-yoga.es"], "toe-yoga.es"),
        ("es-MX", ["toe-yoga.es"], "toe-yoga.es"),  # a broader file serves
        ("zh", ["toe-yoga.zh-Hans"], "toe-yoga.zh-Hans"),  # a narrower file serves
        ("es-MX", ["toe-yoga.es", "toe-yoga.es-MX"], "toe-yoga.es-MX"),  # its own first
        ("pt-BR", ["toe-yoga.pt-PT", "toe-yoga.pt"], "toe-yoga.pt"),  # broader before sibling
        ("zh", ["toe-yoga.zh-Hant", "toe-yoga.zh-Hans"], "toe-yoga.zh-Hans"),  # stable order
        ("zh-TW", ["toe-yoga.zh-Hans"], None),  # a sibling is another language for its reader
        ("es-MX", ["toe-yoga.es-ES"], None),
        ("de", ["toe-yoga.es"], None),
        ("es", ["toe-yoga-advanced.es"], None),  # another drill
    ],
)
def test_a_reader_gets_the_closest_translation(
    lang: str, slugs: list[str], found: str | None
) -> None:
    assert translation("toe-yoga", lang, slugs) == found


def test_a_slug_that_names_its_language_is_taken_as_it_is() -> None:
    assert translation("toe-yoga.es", "ar", ["toe-yoga.ar"]) is None


def test_an_article_in_a_language_takes_its_more_specific_drill(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "articles/calves.md": ARTICLE.replace("---\n", "---\nlang: zh\n", 1),
            "drills/calf-raise.zh-Hans.md": DRILL,
        },
    )
    loaded = load_site(site)
    assert loaded.site is not None, loaded.diagnostics.errors
    assert [d.slug for d in loaded.site.articles["calves"].drills] == ["calf-raise.zh-Hans"]
