"""Personalised handouts: one from the command line, a day's worth from a CSV."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from handouts.i18n import ENGLISH
from handouts.load.loader import load_site
from handouts.patients.handout import render_prescription
from handouts.patients.prescription import Prescription
from tests.support.pdf import article_words, in_order, page_texts, squash, words
from tests.support.sites import SEED_SITE, copy_site

ARTICLE = "ankle-foot-mobility"


def pdf_text(path: Path) -> str:
    return "".join(page_texts(path.read_bytes()))


def run(*args: str) -> object:
    return CliRunner().invoke(main, [*args, "--site", str(SEED_SITE)])


def test_the_patients_details_note_and_doses_are_printed(tmp_path: Path) -> None:
    out = tmp_path / "zoe.pdf"
    result = run(
        "handout", ARTICLE,
        "--patient", "Zoë O'Brien", "--therapist", "Dr Łukasz Nowak", "--date", "2026-11-24",
        "--drill", "toe-yoga", "--drill", "heel-elevated-squat-rock",
        "--dose", "toe-yoga=3x12", "--dose", "heel-elevated-squat-rock=4x30s",
        "--notes", "Ice after running, 10 minutes.\nCall us if pain increases.",
        "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert squash("Prepared for Zoë O'Brien · November 24, 2026 · by Dr Łukasz Nowak") in text
    assert squash("Notes from your therapist") in text
    assert squash("Ice after running, 10 minutes. Call us if pain increases.") in text
    assert squash("3 sets of 12 reps, alternating toe lifts") in text
    assert squash("Hold 30 seconds, 4 times, slow") in text
    assert text.index("ToeYoga") < text.index("Heel-ElevatedSquatRock")
    assert squash("Foot Pronation Drill") not in text
    assert "Zoë" not in result.output  # the patient's name stays on paper


def test_without_the_article_only_the_drills_and_the_patient_box_print(seed) -> None:
    pdf = render_prescription(seed.site, Prescription(ARTICLE, no_article=True), None)
    text = "".join(page_texts(pdf))
    assert squash("Your home exercise program") in text
    article = seed.site.articles[ARTICLE]
    assert squash("Most runners think about pace") not in text
    assert squash(article.summary[:40]) not in text
    for drill in article.drills:
        assert squash(drill.name) in text
    booking = seed.site.clinic.booking
    headline, closing = booking.for_patients(ENGLISH)
    assert squash(headline) in text and squash(closing) in text
    assert squash(booking.url) in text
    assert squash(article.cta.headline) not in text  # a patient gets no pitch for new clients
    assert squash(article.cta.text) not in text


def test_the_default_file_name_is_findable_and_inside_out_patients(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    for part in ("clinic.yaml", "articles", "drills"):
        source = SEED_SITE / "content" / part
        target = site / "content" / part
        if source.is_dir():
            __import__("shutil").copytree(source, target)
        else:
            target.write_bytes(source.read_bytes())
    result = CliRunner().invoke(
        main,
        [
            "handout",
            ARTICLE,
            "--patient",
            "Zoë O'Brien",
            "--date",
            "2026-11-24",
            "--site",
            str(site),
        ],
    )
    assert result.exit_code == 0, result.output
    written = site / "out/patients/2026-11-24_zoe-obrien_ankle-foot-mobility.pdf"
    assert written.is_file()
    # It says which file it wrote: the user asked for this patient's handout.
    assert result.stderr.strip().splitlines()[-1] == f"wrote {written}"


def test_an_existing_handout_is_replaced_only_with_force(tmp_path: Path) -> None:
    out = tmp_path / "ana.pdf"
    assert run("handout", ARTICLE, "--patient", "Ana", "-o", str(out)).exit_code == 0
    out.write_bytes(b"the handout Ana was given last week")
    again = run("handout", ARTICLE, "--patient", "Ana", "--notes", "New", "-o", str(out))
    assert again.exit_code == 1
    assert f"{out} exists; add --force to replace it" in again.output
    assert out.read_bytes() == b"the handout Ana was given last week"
    forced = run("handout", ARTICLE, "--patient", "Ana", "--force", "-o", str(out))
    assert forced.exit_code == 0, forced.output
    assert out.read_bytes().startswith(b"%PDF")


def test_a_handout_shows_the_warnings_about_what_it_prints_and_no_others(
    tmp_path: Path,
) -> None:
    from tests.support.sites import ARTICLE as CALVES
    from tests.support.sites import CLINIC, make_site

    site = make_site(
        tmp_path / "site",
        {
            "clinic.yaml": CLINIC.replace("clinic.test", "clinic.example"),
            "articles/calves.md": CALVES + "\nSee <b>this</b>.\n",
            "articles/other.md": CALVES + "\nSee <i>that</i>.\n",
        },
    )
    result = CliRunner().invoke(
        main, ["handout", "calves", "-o", str(tmp_path / "x.pdf"), "--site", str(site)]
    )
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert [w.split(": warning: ")[0] for w in warnings] == [
        "content/clinic.yaml:3:3",  # the booking URL the QR code will carry
        "content/articles/calves.md:8",  # raw HTML, printed as text
    ]


def test_the_same_prescription_gives_the_same_bytes(seed) -> None:
    prescription = Prescription(ARTICLE, drills=("toe-yoga",), doses=(("toe-yoga", "2x5"),))
    assert render_prescription(seed.site, prescription, None) == render_prescription(
        seed.site, prescription, None
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["handout", "ankle-foot"],
            "unknown article 'ankle-foot' (did you mean 'ankle-foot-mobility'?)",
        ),
        (["handout", ARTICLE, "--drill", "toe-yogo"], "unknown drill 'toe-yogo'"),
        (["handout", ARTICLE, "--dose", "toe-yoga=3"], "dose '3' is not understood"),
        (["handout", ARTICLE, "--dose", "toe-yoga"], "a dose is not SLUG=SPEC"),
        (["handout", ARTICLE, "--date", "24/11/2026"], "Invalid value for '--date'"),
    ],
)
def test_a_bad_option_is_a_usage_error(args: list[str], message: str, tmp_path: Path) -> None:
    result = run(*args, "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_names_in_any_script_print_or_fall_back_declared(seed) -> None:
    names = ["Zoë", "O'Brien", "Łukasz", "李", "שלום כהן"]
    for name in names:
        from handouts.model import Patient

        pdf = render_prescription(
            seed.site, Prescription(ARTICLE, patient=Patient(name=name)), None
        )
        first_page = page_texts(pdf)[0]
        # Chinese prints from the bundled fallback font, never an empty box; Hebrew is
        # drawn right to left, and reads back in its logical order.
        assert squash(f"Prepared for {name}") in first_page


# --- batch -------------------------------------------------------------------------------

CSV = (
    "\ufeffPatient;Article;Therapist;Date;Drills;Doses;Notes;No_Article;File\n"
    'Ana Silva;ankle-foot-mobility;Dr Lee;2026-11-24;toe-yoga;toe-yoga=3x12;"Ice; rest";no;\n'
    "Ben Okafor;ankle-foot-mobility;;2026-11-24;;;;yes;ben.pdf\n"
    "Cy;ankle-foot-mobilty;;;;;;;\n"
    "\n"
    'Dee;ankle-foot-mobility;;2026-11-24;heel-elevated-squat-rock toe-yoga;;"two\nlines";no;\n'
)


def batch(tmp_path: Path, *extra: str) -> object:
    (tmp_path / "day.csv").write_text(CSV, encoding="utf-8")
    with contextlib.chdir(tmp_path):
        return CliRunner().invoke(
            main,
            ["batch", "day.csv", "--out", "pdfs", "--site", str(SEED_SITE), "--quiet", *extra],
        )


def test_a_batch_writes_every_good_row_and_reports_the_bad_one_by_number(tmp_path: Path) -> None:
    result = batch(tmp_path, "--jobs", "1")
    assert result.exit_code == 1
    assert "day.csv:4: error: unknown article 'ankle-foot-mobilty'" in result.output
    written = sorted(p.name for p in (tmp_path / "pdfs").iterdir() if p.name[0] != ".")
    assert written == [
        "2026-11-24_ana-silva_ankle-foot-mobility.pdf",
        "2026-11-24_dee_ankle-foot-mobility.pdf",
        "ben.pdf",
    ]
    summary = result.output.strip().splitlines()[-1]
    assert summary.startswith("wrote 3 handouts to pdfs/ in ")
    assert summary.endswith(" s: 3 of 4 rows (1 invalid)")
    for name in ("Ana", "Ben", "Dee", "Ice"):
        assert name not in result.output  # rows are named by number only
    ana = pdf_text(tmp_path / "pdfs" / written[0])
    assert squash("3 sets of 12 reps") in ana and squash("Ice; rest") in ana
    ben = pdf_text(tmp_path / "pdfs" / "ben.pdf")
    assert squash("Most runners") not in ben and squash("Toe Yoga") in ben
    dee = pdf_text(tmp_path / "pdfs" / written[1])
    assert dee.index("Heel-Elevated") < dee.index("ToeYoga")


def test_a_batch_is_validated_before_anything_is_written(tmp_path: Path) -> None:
    result = batch(tmp_path, "--check")
    assert result.exit_code == 1
    assert "day.csv:4: error: unknown article" in result.output
    summary = result.output.strip().splitlines()[-1]
    # the placeholder booking URL; two rows leave out drills the article counts ("three")
    assert summary == "3 of 4 rows ready (1 invalid); 1 error, 3 warnings"
    assert not (tmp_path / "pdfs").exists()


def test_a_batch_in_parallel_gives_the_same_bytes_as_single_handouts(tmp_path: Path) -> None:
    assert batch(tmp_path, "--jobs", "2").exit_code == 1
    single = tmp_path / "single.pdf"
    result = run(
        "handout", ARTICLE, "--patient", "Ana Silva", "--therapist", "Dr Lee",
        "--date", "2026-11-24", "--drill", "toe-yoga", "--dose", "toe-yoga=3x12",
        "--notes", "Ice; rest", "-o", str(single),
    )  # fmt: skip
    assert result.exit_code == 0
    batch_pdf = tmp_path / "pdfs" / "2026-11-24_ana-silva_ankle-foot-mobility.pdf"
    assert batch_pdf.read_bytes() == single.read_bytes()


def test_article_words_survive_personalisation(seed) -> None:
    article = seed.site.articles[ARTICLE]
    pdf = render_prescription(seed.site, Prescription(ARTICLE), None)
    expected = article_words(article, seed.site.clinic.booking)
    assert in_order(expected, "".join(page_texts(pdf))) == []
    assert words("x")  # the support helpers are shared with the PDF tests
    assert load_site(SEED_SITE).site is not None


def test_a_row_that_cannot_be_written_fails_alone_without_naming_the_patient(
    tmp_path: Path,
) -> None:
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "2026-11-24_ana-silva_ankle-foot-mobility.pdf").mkdir()  # in the way
    result = batch(tmp_path, "--jobs", "1")
    assert result.exit_code == 1
    assert "day.csv:2: error: could not write the handout" in result.output
    assert "ana" not in result.output.lower()
    assert (tmp_path / "pdfs" / "ben.pdf").is_file()


def test_a_patients_dose_beside_a_dose_in_the_drills_text_is_a_warning(tmp_path: Path) -> None:
    from tests.support.sites import DRILL, make_site

    drill = DRILL.replace("lower slowly.", "lower slowly.\nRepeat 10 times.")
    site = make_site(tmp_path / "site", {"drills/calf-raise.md": drill})
    result = CliRunner().invoke(
        main,
        [
            *("handout", "calves", "--site", str(site), "--patient", "Zoë Quinn"),
            *("--dose", "calf-raise=3x15", "-o", str(tmp_path / "out.pdf")),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        "content/drills/calf-raise.md:9: warning: drill 'calf-raise' gets a dose of its own on"
        " this handout, but its instructions say 'Repeat 10 times'"
    ) in result.output
    assert "Zoë" not in result.output


def test_an_article_that_counts_its_drills_warns_when_the_patient_gets_fewer(seed) -> None:
    from handouts.patients.prescription import prescription_warnings

    site = seed.site
    fewer = Prescription(ARTICLE, drills=("toe-yoga",))
    assert [str(w) for w in prescription_warnings(site, fewer)] == [
        f"content/articles/{ARTICLE}.md: warning: the article says 'three drills', but this"
        " handout has 1: the patient may look for the missing ones"
    ]
    assert prescription_warnings(site, Prescription(ARTICLE)) == []


def test_a_renderer_failure_is_a_located_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handouts.pdf.render

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("the page ran out")

    monkeypatch.setattr(handouts.pdf.render, "render_handout", broken)
    result = run("handout", ARTICLE, "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    output = result.output
    assert f"content/articles/{ARTICLE}.md: error: could not render the handout:" in output
    assert "Traceback" not in output and not (tmp_path / "x.pdf").exists()


def test_a_large_print_handout_has_its_own_file_name(tmp_path: Path) -> None:
    site = copy_site(SEED_SITE, tmp_path / "site")
    args = ["handout", ARTICLE, "--patient", "Ana Lee", "--date", "2026-11-24"]
    result = CliRunner().invoke(main, [*args, "--large-print", "--site", str(site)])
    assert result.exit_code == 0, result.output
    written = site / "out/patients/2026-11-24_ana-lee_ankle-foot-mobility-large.pdf"
    assert result.stderr.strip().splitlines()[-1] == f"wrote {written}"
    assert not (site / "out/patients/2026-11-24_ana-lee_ankle-foot-mobility.pdf").exists()
    assert squash("Prepared for Ana Lee") in pdf_text(written)
