"""Reading grades, from the words that print: the seed and the test sites read at grade 8
or below, an article written in long sentences of long words is pointed out sentence by
sentence, and the limit is the clinic's to set."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from handouts.check import check_site, sentence_line
from handouts.load.loader import LoadResult
from handouts.readability import article_reading, drill_reading, split_sentences
from tests.support.sites import ARTICLE, CLINIC, SEED_SITE, SITES, make_site

HARD = (
    "Proprioceptive neuromuscular facilitation methodologies systematically"
    " incorporate multiplanar biomechanical considerations into individualised"
    " rehabilitation programming.\n\n"
    "Calves carry you.\n\n"
    "Musculotendinous viscoelasticity characteristically demonstrates considerable"
    " interindividual variability, necessitating\nindividualised progression.\n"
)


def hard_article() -> str:
    return ARTICLE.replace("Calves carry you.", HARD)


def test_sentences_end_at_a_stop_and_a_heading_is_one_of_its_own() -> None:
    assert split_sentences("Stand tall. Is it easy? Yes!  Now  rest") == [
        "Stand tall.",
        "Is it easy?",
        "Yes!",
        "Now rest.",
    ]


def test_the_seed_reads_at_grade_8_or_below(seed: LoadResult) -> None:
    assert seed.site is not None
    for article in seed.site.articles.values():
        reading = article_reading(article)
        assert reading is not None and 5 <= reading.grade <= 8, article.slug
    for drill in seed.site.drills.values():
        reading = drill_reading(drill)
        assert reading is not None and reading.grade <= 8, drill.slug


def test_a_grade_is_of_the_printed_words_not_the_markdown(tmp_path: Path) -> None:
    linked = ARTICLE.replace(
        "Calves carry you.",
        "Calves carry you. [Read more](https://example.org/a/very/long/address/here).",
    )
    plain = ARTICLE.replace("Calves carry you.", "Calves carry you. Read more.")
    grades = []
    for name, text in (("linked", linked), ("plain", plain)):
        site = make_site(tmp_path / name, {"articles/calves.md": text})
        grades.append(check_site(site).readings[0].grade)
    assert grades[0] == grades[1]


def test_an_article_above_the_limit_is_warned_at_its_hardest_sentences(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"articles/calves.md": hard_article()})
    report = check_site(site)
    found = [str(d) for d in report.items if "reads at grade" in d.message]
    assert len(found) == 2  # the two hard sentences, hardest first; the easy one is not named
    assert found[0].startswith(
        "content/articles/calves.md:10: warning: the article reads at grade 27.3, above 8"
        " (check.max_grade): this sentence reads at grade 42.6 ('Musculotendinous"
    )
    assert found[1].startswith("content/articles/calves.md:6: warning:")
    assert "('Proprioceptive neuromuscular facilitation methodologies s…')" in found[1]
    assert not report.has_errors()


def test_the_limit_is_set_in_clinic_yaml(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"clinic.yaml": CLINIC + "check: {max_grade: 30}\n", "articles/calves.md": hard_article()},
    )
    assert not [d for d in check_site(site).items if "reads at grade" in d.message]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("30", "'check.max_grade' must be from 1 to 18"),
        ("0", "'check.max_grade' must be from 1 to 18"),
        ("eight", "'check.max_grade' must be a number from 1 to 18, not text"),
        (".nan", "'check.max_grade' must be from 1 to 18"),
    ],
)
def test_a_limit_that_is_not_a_grade_is_an_error_at_its_line(
    tmp_path: Path, value: str, message: str
) -> None:
    site = make_site(tmp_path, {"clinic.yaml": CLINIC + f"check:\n  max_grade: {value}\n"})
    errors = [str(d) for d in check_site(site).errors]
    assert errors == [f"content/clinic.yaml:6:3: error: {message}"]


def test_check_shows_each_grade_and_the_range_in_its_summary() -> None:
    result = CliRunner().invoke(main, ["check", "--site", str(SEED_SITE)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert "content/articles/ankle-foot-mobility.md: reading grade 6.9 (Flesch–Kincaid)" in lines
    assert "content/drills/toe-yoga.md: reading grade 5.6 (Flesch–Kincaid)" in lines
    assert (
        lines[-1] == "0 errors, 1 warning; article reading grade 6.9; drill reading grades 5.2–6.0"
    )


@pytest.mark.parametrize("name", ["blocks", "heel-pain", "knee-a4"])
def test_the_test_sites_read_at_grade_8_or_below(name: str) -> None:
    report = check_site(SITES / name)
    assert report.readings and all(r.grade <= 8 for r in report.readings if r.kind == "article")


def test_a_sentence_is_found_by_its_first_words_across_markup() -> None:
    lines = ["---", "title: T", "---", "Intro.", "", "A **bold** [start](https://x.test) of", "it."]
    assert sentence_line(lines, "A bold start of it.") == 6
    assert sentence_line(lines, "Nowhere to be seen.") == 1


@pytest.mark.parametrize("tag", ["en-US", "en-AU", "en-GB"])
def test_a_regional_english_tag_is_graded_as_english(seed: LoadResult, tag: str) -> None:
    assert seed.site is not None
    for article in seed.site.articles.values():
        english = article_reading(article, "en")
        regional = article_reading(article, tag)
        assert english is not None and regional is not None
        assert regional.grade == english.grade
