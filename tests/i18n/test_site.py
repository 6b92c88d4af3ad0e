"""The translated test site (tests/sites/i18n): the seed article and its drills in Spanish
and Arabic, and a Chinese article and drill. Every output prints every character, says
its language, and leaves no English word of the tool's own behind."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from handouts.i18n import ENGLISH
from handouts.load.loader import load_site
from handouts.model import Patient
from handouts.newsletter.render import render_newsletter
from handouts.patients.handout import render_prescription
from handouts.patients.prescription import PrescriptionError, personalise, prescribe
from handouts.pdf.render import render_card, render_handout
from tests.support.pdf import reader
from tests.support.sites import CLINIC, clean_site, make_site

# What the tool itself prints in English: none may be left in another language's output.
ENGLISH_WORDS = [
    "Drill", "DRILL", "Goal", "You need", "Caution", "Prepared for", "Therapist", "Date",
    "Notes from your therapist", "Too hard?", "Too easy?", "Watch the video", "Scan to book",
    "Call:", "Email:", "Phone:", "Unsubscribe", "Dosage", "continued", "page 1 of",
    "Stop and contact", "Tick a box", "Write what you did", "Ready to move better",
    "Questions, or time", "sets of", "reps", "seconds", "once a day", "You receive this",
    "November", "Your home exercise",
]  # fmt: skip


def english_left(text: str) -> list[str]:
    return [word for word in ENGLISH_WORDS if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


def pdf_text(pdf: bytes) -> str:
    """The text read back; Arabic letters in their shaped (presentation) forms are read
    as the letters they are, so that words can be looked for."""
    text = "\n".join(page.extract_text() for page in reader(pdf).pages)
    return unicodedata.normalize("NFKC", text)


def visible(html: bytes) -> str:
    """The words an HTML email shows: no styles, no tags, no attribute values."""
    text = re.sub(r"<(style|head)\b.*?</\1>", " ", html.decode(), flags=re.S | re.I)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.fixture(scope="module")
def site():  # type: ignore[no-untyped-def]
    return clean_site("i18n")


@pytest.mark.parametrize(
    "slug", ["ankle-foot-mobility.es", "ankle-foot-mobility.ar", "foot-strength.zh-Hans"]
)
def test_a_translated_handout_prints_every_character_in_its_language(site, slug: str) -> None:  # type: ignore[no-untyped-def]
    article = site.articles[slug]
    pdf = render_handout(site, article)
    text = pdf_text(pdf)
    assert "\ufffd" not in text
    assert reader(pdf).trailer["/Root"]["/Lang"] == article.lang
    if not slug.endswith("zh-Hans"):
        assert english_left(text) == []
    files = render_newsletter(site, article)
    assert b"\xef\xbf\xbd" not in files.html + files.text  # U+FFFD in UTF-8
    if not slug.endswith("zh-Hans"):
        assert english_left(visible(files.html)) == []
        assert english_left(files.text.decode()) == []


@pytest.mark.parametrize(
    "slug",
    [
        *(f"{drill}.{lang}" for lang in ("es", "ar") for drill in (
            "heel-elevated-squat-rock", "foot-pronation-wall-glide", "toe-yoga")),
        "toe-yoga.zh-Hans",
    ],
)  # fmt: skip
def test_each_translated_card_prints_in_its_drills_language(site, slug: str) -> None:  # type: ignore[no-untyped-def]
    drill = site.drills[slug]
    pdf = render_card(site, drill)
    text = pdf_text(pdf)
    assert "\ufffd" not in text
    assert reader(pdf).trailer["/Root"]["/Lang"] == drill.lang
    assert english_left(text) == []


def test_an_article_in_spanish_takes_the_spanish_version_of_each_drill(site) -> None:  # type: ignore[no-untyped-def]
    article = site.articles["ankle-foot-mobility.es"]
    assert article.lang == "es"
    assert [d.slug for d in article.drills] == [
        "heel-elevated-squat-rock.es",
        "foot-pronation-wall-glide.es",
        "toe-yoga.es",
    ]


@pytest.mark.parametrize(
    ("lang", "date", "label"),
    [
        ("es", "24 de noviembre de 2026", "Preparado para"),
        ("ar", "نوفمبر", "أجل"),
    ],
)
def test_a_patients_row_picks_the_language_and_the_date_reads_in_it(
    site, lang: str, date: str, label: str
) -> None:  # type: ignore[no-untyped-def]
    prescription = prescribe(
        "ankle-foot-mobility", patient="Sam", date=dt.date(2026, 11, 24), lang=lang,
        doses=("toe-yoga=3x12",),
    )  # fmt: skip
    article = personalise(site, prescription)
    assert article.slug == f"ankle-foot-mobility.{lang}"
    assert next(d for d in article.drills if d.slug == f"toe-yoga.{lang}").dosage.reps
    text = pdf_text(render_prescription(site, prescription, None))
    assert date in text and label in text
    assert english_left(text) == []
    with pytest.raises(PrescriptionError, match="no 'de' version"):
        personalise(site, prescribe("ankle-foot-mobility", patient="Sam", lang="de"))


def test_the_email_date_and_the_handout_date_are_one_format(site) -> None:  # type: ignore[no-untyped-def]
    article = site.articles["ankle-foot-mobility.es"]
    assert "20 de noviembre de 2026" in render_newsletter(site, article).text.decode()
    patient = Patient(name="Ana", date=dt.date(2026, 11, 20))
    assert "20 de noviembre de 2026" in pdf_text(render_handout(site, article, patient=patient))


def test_a_clinics_label_replaces_the_tools_word(tmp_path: Path) -> None:
    clinic = CLINIC + "labels: {drill: Exercise}\nprint: {date_format: short}\n"
    article = (
        "---\ntitle: Calves\nsummary: Why.\ndate: 2026-11-20\ndrills: [calf-raise]\n---\nGo.\n"
    )
    make_site(tmp_path, {"clinic.yaml": clinic, "articles/calves.md": article})
    loaded = load_site(tmp_path)
    assert loaded.site is not None, [str(d) for d in loaded.diagnostics.items]
    text = render_newsletter(loaded.site, loaded.site.articles["calves"]).text.decode()
    assert "EXERCISE 1 OF 1: Calf Raise" in text and "DRILL" not in text
    assert "11/20/26" in text  # print.date_format: short
    assert ENGLISH("drill") == "Drill"


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        ("lang: english\n", "clinic.yaml:5:1: error: 'lang': 'english' is not a language tag"),
        ("lang: xx\n", "clinic.yaml:5:1: error: 'lang': 'xx' names no language known to Babel"),
        ("labels: {drll: Exercise}\n", "clinic.yaml:5:10: error: unknown key 'labels.drll'"),
        (
            "labels: {page: Page}\n",
            "clinic.yaml:5:10: error: 'labels.page' must hold %(number)s and %(total)s",
        ),
        ("print: {date_format: full}\n", "clinic.yaml:5:9: error: 'print.date_format' must be"),
    ],
)
def test_a_bad_language_or_label_is_an_error_at_its_line(
    tmp_path: Path, yaml: str, message: str
) -> None:
    make_site(tmp_path, {"clinic.yaml": CLINIC + yaml})
    errors = [str(d) for d in load_site(tmp_path).diagnostics.items if "error" in str(d)]
    assert any(e.startswith(f"content/{message}") for e in errors), errors


def test_a_file_names_language_and_its_front_matter_may_not_disagree(tmp_path: Path) -> None:
    drill = "---\nname: Sube\ngoal: Fuerza.\ndosage: {reps: 10}\nlang: fr\n---\nSube.\n"
    make_site(tmp_path, {"drills/calf-raise.es.md": drill})
    errors = [str(d) for d in load_site(tmp_path).diagnostics.items]
    assert any("'lang: fr' contradicts the file name's language 'es'" in e for e in errors)
