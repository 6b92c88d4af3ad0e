"""A patient's handout in their own language: the translation is found by the same rule
everywhere, its file is named for it, a broken one is reported as broken, and what is
said about it is said about the files that print."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from click.testing import CliRunner

from cli import main
from handouts.load.loader import load_site
from handouts.patients.prescription import personalise, prescribe
from tests.support.sites import SEED_SITE, SITES, copy_site

I18N = SITES / "i18n"
ARTICLE = "ankle-foot-mobility"


def handout(site: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["handout", *args, "--date", "2026-11-24", "--site", str(site)])


def test_a_patients_handouts_in_two_languages_are_two_files(tmp_path: Path) -> None:
    site = copy_site(I18N, tmp_path / "site")
    for lang in ("es", "ar"):
        result = handout(site, ARTICLE, "--patient", "Zoë Ruiz", "--lang", lang)
        assert result.exit_code == 0, result.output
    patients = site / "out/patients"
    assert sorted(p.name for p in patients.iterdir()) == [
        "2026-11-24_zoe-ruiz_ankle-foot-mobility.ar.pdf",
        "2026-11-24_zoe-ruiz_ankle-foot-mobility.es.pdf",
    ]


def test_the_file_is_named_for_the_translation_printed_not_the_tag_asked(
    tmp_path: Path,
) -> None:
    site = copy_site(I18N, tmp_path / "site")
    result = handout(site, ARTICLE, "--patient", "Ana", "--lang", "es-MX")
    assert result.exit_code == 0, result.output
    assert (site / "out/patients/2026-11-24_ana_ankle-foot-mobility.es.pdf").is_file()


def test_a_batch_may_give_one_patient_the_same_article_in_two_languages(
    tmp_path: Path,
) -> None:
    (tmp_path / "day.csv").write_text(
        f"patient,article,lang\nZoë Ruiz,{ARTICLE},es\nZoë Ruiz,{ARTICLE},ar\n",
        encoding="utf-8",
    )
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(
            main, ["batch", "day.csv", "--out", "pdfs", "--quiet", "--site", str(I18N)]
        )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "pdfs").glob("*.pdf")) == [
        "zoe-ruiz_ankle-foot-mobility.ar.pdf",
        "zoe-ruiz_ankle-foot-mobility.es.pdf",
    ]


def test_a_language_finds_its_more_specific_translation(tmp_path: Path) -> None:
    """foot-strength is written in zh-Hans: a patient who reads "zh" gets it."""
    loaded = load_site(I18N)
    assert loaded.site is not None
    article = personalise(loaded.site, prescribe("foot-strength", lang="zh"))
    assert article.slug == "foot-strength.zh-Hans"
    assert [d.slug for d in article.drills] == ["toe-yoga.zh-Hans"]
    site = copy_site(I18N, tmp_path / "site")
    result = handout(site, "foot-strength", "--patient", "Li", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert (site / "out/patients/2026-11-24_li_foot-strength.zh-Hans.pdf").is_file()


def test_a_broken_translation_is_reported_as_broken_not_missing(tmp_path: Path) -> None:
    site = copy_site(I18N, tmp_path / "site")
    spanish = site / f"content/articles/{ARTICLE}.es.md"
    text = spanish.read_text(encoding="utf-8")
    spanish.write_text(text.replace("title: Por qué", "title: [Por qué"), encoding="utf-8")
    result = handout(site, ARTICLE, "--patient", "Ana", "--lang", "es")
    assert result.exit_code != 0
    assert f"'{ARTICLE}.es' has content errors; run 'handouts check'" in result.output
    assert "no 'es' version" not in result.output


def test_a_broken_translated_drill_is_reported_as_broken(tmp_path: Path) -> None:
    site = copy_site(I18N, tmp_path / "site")
    drill = site / "content/drills/toe-yoga.es.md"
    drill.write_text(drill.read_text(encoding="utf-8").replace("name:", "nombre:", 1))
    result = handout(
        site, ARTICLE, "--patient", "Ana", "--lang", "es", "--drill", "toe-yoga", "-o", "x.pdf"
    )
    assert result.exit_code != 0
    assert "'toe-yoga.es' has content errors" in result.output


def test_a_dose_warning_is_about_the_drill_that_prints(tmp_path: Path) -> None:
    """The English toe-yoga says "Repeat 10 times", the Spanish one does not: a Spanish
    handout prints the Spanish one, so nothing contradicts the patient's dose."""
    site = copy_site(SEED_SITE, tmp_path / "site")
    for path in (I18N / "content").rglob("*.es.md"):
        target = site / "content" / path.relative_to(I18N / "content")
        shutil.copyfile(path, target)
    english = site / "content/drills/toe-yoga.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nRepeat 10 times.\n")
    out = tmp_path / "out.pdf"
    args = (ARTICLE, "--patient", "Ana", "--dose", "toe-yoga=3x12", "-o", str(out))
    spanish = handout(site, *args, "--lang", "es")
    assert spanish.exit_code == 0, spanish.output
    assert "gets a dose of its own" not in spanish.output
    out.unlink()
    english_handout = handout(site, *args)
    assert english_handout.exit_code == 0, english_handout.output
    assert "content/drills/toe-yoga.md:13: warning: drill 'toe-yoga' gets a dose" in (
        english_handout.output
    )


def test_a_missing_translation_is_reported_before_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "ana.pdf"
    out.write_bytes(b"last week's handout")
    result = handout(I18N, ARTICLE, "--patient", "Ana", "--lang", "fr", "-o", str(out))
    assert result.exit_code != 0
    assert f"article '{ARTICLE}' has no 'fr' version" in result.output
    assert "exists" not in result.output
    assert out.read_bytes() == b"last week's handout"


def test_a_cell_that_is_not_slug_text_is_not_quoted(tmp_path: Path) -> None:
    """A drill_notes or doses cell may hold a patient's details by mistake: the message
    names the column and what it expects, never the cell's text."""
    (tmp_path / "day.csv").write_text(
        "patient,article,drill_notes,doses\n"
        f"Ana,{ARTICLE},Ana Secret has knee pain,\n"
        f"Bo,{ARTICLE},,Bo Hidden=3x12\n"
        f"Cy,{ARTICLE},,Cy Private=3x12;Cy Private=3x10\n"
        f"Di,{ARTICLE},,toe-yoga=3x12;toe-yoga=3x10\n",
        encoding="utf-8",
    )
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(
            main, ["batch", "day.csv", "--out", "pdfs", "--quiet", "--site", str(SEED_SITE)]
        )
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [
        "day.csv:2: error: a drill note is not SLUG=TEXT, e.g. toe-yoga=Go gently",
        "day.csv:3: error: a dose is given for a drill the site does not have;"
        " it starts with the drill's slug, e.g. toe-yoga=3x12",
        "day.csv:4: error: a dose is given for a drill the site does not have;"
        " it starts with the drill's slug, e.g. toe-yoga=3x12",
        "day.csv:5: error: two doses are given for 'toe-yoga'; keep one",
    ]
    for secret in ("Secret", "Hidden", "Private", "knee"):
        assert secret not in result.output
