"""How handouts and cards use paper, over a matrix of generated programs.

Short and long articles, one to eight drills, letter and A4, personalised or not, with
and without a logo, in regular and large print: the booking box never stands alone on a
page, no page holds only a frame edge, a sheet of one to three short drills is one page,
a card of up to 170 words is one page, and every word of the content is printed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from handouts.check import CARD_WORDS, check_site
from handouts.diagnostics import Diagnostics
from handouts.i18n import ENGLISH
from handouts.load import load_site
from handouts.load.loader import LoadResult
from handouts.load.markdown import parse_markdown
from handouts.load.yamlsource import Source
from handouts.model import Patient, Site
from handouts.patients.prescription import Prescription, personalise
from handouts.pdf.blocks import block_flowables
from handouts.pdf.page import (
    FirstThatFits,
    Footer,
    Metadata,
    Misplaced,
    PageMark,
    build_pdf,
    frame_height,
)
from handouts.pdf.render import render_card, render_handout
from handouts.pdf.style import PAGES, styles
from tests.support.pdf import article_words, drill_words, in_order, page_texts, squash
from tests.support.sites import make_site

SAFETY = ENGLISH("safety")

SAMPLE = (
    "keep your weight over the middle of the foot and let the knee travel forward"
    " slowly while the heel stays down then return to standing with control and"
    " breathe out as you rise notice the arch lift and the toes relax"
)
WORDS = SAMPLE.split()


def prose(count: int, offset: int = 0) -> str:
    """`count` words of plain instructions, in sentences of about fifteen words."""
    chosen = [WORDS[(offset + i) % len(WORDS)] for i in range(count)]
    sentences = [" ".join(chosen[i : i + 15]) for i in range(0, count, 15)]
    return " ".join(s[0].upper() + s[1:] + "." for s in sentences)


DOSES = [
    "{sets: 2-3, reps: 8-10, note: slow}",
    "{hold: 30s, reps: 3, side: each, frequency: twice a day}",
    "{duration: 10 min, frequency: {days_per_week: 3}}",
    "{reps: 4, distance: 400 m, rest: 90s}",
    "{sets: 3, reps: max}",
    "{sets: 3, reps: 12, load: 5 kg, side: left}",
    "{hold: 20, duration: 2 min}",
    "{reps: 10-20, frequency: {every_other_day: true}}",
]
SHORT_ARTICLE = "A short note on why these help.\n\n<!-- drills -->\n\nCall us with questions.\n"
LONG_ARTICLE = (
    "\n\n".join(f"## Part {n}\n\n{prose(90, n)}\n\n{prose(60, n + 3)}" for n in range(1, 6))
    + "\n\n<!-- drills -->\n\n"
    + prose(80, 7)
    + "\n"
)


def write_program(root: Path, drills: int, *, paper: str, logo: bool, words: int = 70) -> Site:
    """A site whose article `long` and `short` both use `drills` drills of `words` words."""
    clinic = (
        "name: Harbour Physio\nphone: 0117 496 0000\nwebsite: https://harbour.test\n"
        "booking: {url: https://harbour.test/book, label: Book online}\n"
        f"print: {{paper: {paper}}}\n" + ("logo: assets/logo.png\n" if logo else "")
    )
    slugs = [f"drill-{n}" for n in range(1, drills + 1)]
    files: dict[str, str | bytes] = {"clinic.yaml": clinic}
    for n, slug in enumerate(slugs):
        files[f"drills/{slug}.md"] = (
            f"---\nname: Exercise number {n + 1}\ngoal: Move with more ease.\n"
            f"dosage: {DOSES[n % len(DOSES)]}\nequipment: [a chair]\n---\n{prose(words, n)}\n"
        )
    for name, body in (("long", LONG_ARTICLE), ("short", SHORT_ARTICLE)):
        files[f"articles/{name}.md"] = (
            f"---\ntitle: The {name} read\nsummary: What to do at home.\n"
            f"drills: [{', '.join(slugs)}]\n---\n{body}"
        )
    make_site(root, files)
    if logo:
        picture = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
        picture.paste((20, 40, 90, 255), (10, 10, 290, 90))
        (root / "content" / "assets").mkdir()
        picture.save(root / "content" / "assets" / "logo.png")
    loaded = load_site(root)
    assert loaded.site is not None, [str(d) for d in loaded.diagnostics.errors]
    return loaded.site


PATIENT = Patient(name="Ana Lee", therapist="Sam Roe", date=dt.date(2026, 11, 27))
MATRIX = list(
    itertools.product(
        (1, 2, 3, 5, 8),  # drills
        ("sheet", "short", "long"),  # no article, a short one, a long one
        ("letter", "a4"),
        (False, True),  # personalised
        (False, True),  # logo
        (False, True),  # large print
    )
)
MATRIX = [case for case in MATRIX if case[3] or case[1] != "sheet"]  # a sheet is a patient's


@pytest.fixture(scope="module")
def programs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, str, bool], Site]:
    sites = {}
    for drills, paper, logo in itertools.product((1, 2, 3, 5, 8), ("letter", "a4"), (0, 1)):
        root = tmp_path_factory.mktemp(f"p{drills}{paper}{logo}")
        sites[drills, paper, bool(logo)] = write_program(root, drills, paper=paper, logo=logo)
    return sites


def box_parts(site: Site, personal: bool) -> list[str]:
    """Every text of the booking box, squashed: what a page holding only the box shows."""
    booking, clinic = site.clinic.booking, site.clinic
    headline, text = booking.for_patients(ENGLISH) if personal else (booking.headline, booking.text)
    parts = [headline, text, f"{booking.label}:", booking.url, "Scan to book"]
    parts += [f"Call: {clinic.phone}", f"Web: {clinic.website}", "·", clinic.phone or ""]
    return [squash(part) for part in parts if part]


def without(page: str, parts: list[str]) -> str:
    for part in parts:
        page = page.replace(part, "")
    return re.sub(r"page\d+of\d+", "", page)


@pytest.mark.parametrize(("drills", "kind", "paper", "personal", "logo", "large"), MATRIX)
def test_every_program_uses_its_pages(programs, drills, kind, paper, personal, logo, large) -> None:
    site = programs[drills, paper, logo]
    article = site.articles["short" if kind == "sheet" else kind]
    if personal:
        prescription = Prescription(article.slug, patient=PATIENT, no_article=kind == "sheet")
        article = personalise(site, prescription)
    pdf = render_handout(site, article, patient=PATIENT if personal else None, large=large)
    pages = page_texts(pdf)
    footer = [squash(SAFETY), squash(site.clinic.name), "·", squash(site.clinic.phone or "")]
    box = box_parts(site, personal)
    for number, page in enumerate(pages, 1):
        assert without(page, footer), f"page {number} holds nothing but its footer"
        assert without(page, footer + box), f"page {number} holds only the booking box"
    if kind == "sheet" and drills <= 2 and not large:
        assert len(pages) == 1, f"a sheet of {drills} drills takes {len(pages)} pages"
    expected = article_words(article, site.clinic.booking if personal else None)
    assert in_order(expected, "".join(pages)) == []


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_sheet_of_three_brief_drills_is_one_page(tmp_path: Path, paper: str) -> None:
    site = write_program(tmp_path, 3, paper=paper, logo=False, words=30)
    article = personalise(site, Prescription("short", patient=PATIENT, no_article=True))
    assert len(page_texts(render_handout(site, article, patient=PATIENT))) == 1


def test_the_seed_sheet_of_three_drills_takes_two_pages(seed: LoadResult) -> None:
    assert seed.site is not None
    article = personalise(seed.site, Prescription("ankle-foot-mobility", no_article=True))
    assert len(page_texts(render_handout(seed.site, article, patient=PATIENT))) == 2


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("words", [60, 120, 170])
def test_a_card_of_up_to_170_words_is_one_page(
    tmp_path: Path, paper: str, words: int, large: bool
) -> None:
    site = write_program(tmp_path, 2, paper=paper, logo=True, words=words)
    for drill in site.drills.values():
        pdf = render_card(site, drill, large=large)
        assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
        assert in_order(drill_words(drill), "".join(page_texts(pdf))) == []


def test_a_longer_card_runs_on_marked_continued_and_check_says_so(tmp_path: Path) -> None:
    site = write_program(tmp_path, 1, paper="letter", logo=False, words=CARD_WORDS * 2)
    drill = site.drills["drill-1"]
    pages = page_texts(render_card(site, drill))
    assert len(pages) == 2
    assert "continued" not in pages[0] and squash(f"{drill.name} continued") in pages[1]
    assert in_order(drill_words(drill), "".join(pages)) == []
    warnings = [str(d) for d in check_site(tmp_path).items]
    assert any(
        w.startswith("content/drills/drill-1.md:7: warning: the instructions are") for w in warnings
    ), warnings


def test_a_short_card_is_half_a_sheet_and_a_long_one_a_whole_page(tmp_path: Path) -> None:
    short = write_program(tmp_path / "short", 1, paper="letter", logo=False, words=40)
    long = write_program(tmp_path / "long", 1, paper="letter", logo=False, words=250)
    cards = [render_card(s, s.drills["drill-1"]) for s in (short, long)]
    sizes = [[round(v) for v in PdfReader(io.BytesIO(c)).pages[0].mediabox[2:]] for c in cards]
    assert sizes == [[396, 612], [612, 792]]


def test_a_card_band_keeps_the_name_on_one_line_and_the_address_whole(tmp_path: Path) -> None:
    site = write_program(tmp_path, 1, paper="letter", logo=True)
    clinic = dataclasses.replace(site.clinic, name="Harbourside Sports and Spinal Physiotherapy")
    site = dataclasses.replace(site, clinic=clinic)
    first = PdfReader(io.BytesIO(render_card(site, site.drills["drill-1"]))).pages[0]
    lines = first.extract_text().splitlines()
    assert "Book online: harbour.test/book" in lines  # no scheme, no tracking, not broken
    assert not any("https://harbour" in line for line in lines)
    names = [line for line in lines if "Harbourside" in line and "·" not in line]  # not the footer
    assert names in ([], ["Harbourside Sports and Spinal Physiotherapy"])  # one line, or none


def test_a_clinic_can_leave_the_qr_code_off_its_cards(tmp_path: Path) -> None:
    site = write_program(tmp_path, 1, paper="letter", logo=False)
    drill = site.drills["drill-1"]
    with_code = render_card(site, drill)
    plain = dataclasses.replace(site, clinic=dataclasses.replace(site.clinic, card_qr=False))
    without_code = render_card(plain, drill)
    assert "Scantobook" not in "".join(page_texts(without_code))
    assert len(without_code) < len(with_code)


def test_a_patients_handout_ends_with_the_clinics_own_words_for_patients(tmp_path: Path) -> None:
    site = write_program(tmp_path, 1, paper="letter", logo=False)
    booking = dataclasses.replace(
        site.clinic.booking, patient_headline="See you soon", patient_text="Bring this sheet."
    )
    site = dataclasses.replace(site, clinic=dataclasses.replace(site.clinic, booking=booking))
    article = personalise(site, Prescription("short", patient=PATIENT))
    text = "".join(page_texts(render_handout(site, article, patient=PATIENT)))
    assert squash("See you soon") in text and squash("Bring this sheet.") in text
    assert squash(site.clinic.booking.headline or ENGLISH("headline")) not in text


def test_a_long_numbered_list_keeps_every_step(tmp_path: Path) -> None:
    steps = "\n".join(f"{n}. Step{n}mark " + " ".join(["slowly"] * 12) for n in range(1, 13))
    site = write_program(tmp_path, 1, paper="letter", logo=False)
    (tmp_path / "content" / "drills" / "drill-1.md").write_text(
        f"---\nname: Steps\ngoal: G.\ndosage: {{reps: 10}}\n---\n{steps}\n", encoding="utf-8"
    )
    site = load_site(tmp_path).site
    assert site is not None
    drill = site.drills["drill-1"]
    for pdf in (render_card(site, drill), render_handout(site, site.articles["short"])):
        text = "".join(page_texts(pdf))
        assert [n for n in range(1, 13) if f"Step{n}mark" not in text] == []


# A bare page for layouts of hand-made stories.
FOOTER = Footer("Clinic", None, "Stop if it hurts.", "page %(number)s of %(total)s")
METADATA = Metadata("Title", "Clinic", "", "")


def test_a_mark_past_its_latest_page_abandons_the_layout() -> None:
    """A layout the renderer will redo is stopped where that is known, not finished."""
    look = styles("#1F5F8B", "#F28C28")

    def layout(latest: int | PageMark) -> list[Flowable]:
        return [Paragraph("one", look.body), PageBreak(), PageMark(latest)]

    first = PageMark()
    with pytest.raises(Misplaced):
        build_pdf([first, *layout(first)], PAGES["letter"], 40, FOOTER, METADATA)
    with pytest.raises(Misplaced):
        build_pdf(layout(1), PAGES["letter"], 40, FOOTER, METADATA)
    assert build_pdf(layout(2), PAGES["letter"], 40, FOOTER, METADATA).startswith(b"%PDF")


def test_the_first_form_that_fits_the_room_left_is_drawn() -> None:
    """The booking box's forms are tried where the page is filled, largest first."""
    made: list[float] = []

    def form(height: float) -> Callable[[], Flowable]:
        def make() -> Flowable:
            made.append(height)
            return Spacer(1, height)

        return make

    filler = frame_height(PAGES["letter"], 40) - 200  # leaves 200 pt of room
    for heights, chosen, tried in [
        ([150.0, 100.0], 150.0, [150.0]),  # the first fits: the second is never made
        ([250.0, 100.0], 100.0, [250.0, 100.0]),
        ([250.0, 220.0], 250.0, [250.0, 220.0]),  # none fits: the first, on the next page
    ]:
        made.clear()
        mark = PageMark()
        fits = FirstThatFits([form(height) for height in heights], mark=mark)
        build_pdf([Spacer(1, filler), fits], PAGES["letter"], 40, FOOTER, METADATA)
        assert made == tried
        assert fits.chosen.height == chosen
        assert mark.page == (2 if chosen == heights[0] and len(tried) > 1 else 1)


def laid_out(markdown: str, room: float) -> list[str]:
    """The pages of `markdown` set after a block that leaves `room` points on the first."""
    look = styles("#1F5F8B", "#F28C28")
    blocks = parse_markdown(markdown, Source("a.md"), Diagnostics(), allow_marker=False)
    filler = frame_height(PAGES["letter"], 40) - room
    story = [Spacer(1, filler), *block_flowables(blocks, look, "#1F5F8B")]
    return page_texts(build_pdf(story, PAGES["letter"], 40, FOOTER, METADATA))


ITEMS = "\n".join(f"- Item{n} " + prose(24, n) for n in range(1, 6))
LONG_FIRST = f"- Item1 {prose(70)}\n- Item2 {prose(10)}"  # a first item of several lines
NESTED = f"- Signsx:\n\n  - Item1 {prose(60)}\n  - Item2 {prose(20)}\n- Item3 {prose(10)}"
LEADS = {  # what leads into a list, the list, and what must share a page with Item1
    "a heading": ("## What else can help", ITEMS, ["Whatelsecanhelp"]),
    "a lead-in line": ("Typical signs include:", ITEMS, ["Typicalsignsinclude:"]),
    "a heading and a lead-in": (
        "## Signs\n\nTypical signs include:",
        ITEMS,
        ["Signs", "Typicalsignsinclude:"],
    ),
    "a heading over a long first item": ("## Tips", LONG_FIRST, ["Tips"]),
    "a heading over an item leading into a list": ("## Headx", NESTED, ["Headx", "Signsx:"]),
}


@pytest.mark.parametrize("lead", LEADS)
@pytest.mark.parametrize("room", range(8, 200, 6))  # the lead lands all over a page's foot
def test_what_leads_into_a_list_never_ends_a_page_without_its_first_item(
    lead: str, room: int
) -> None:
    markdown, items, companions = LEADS[lead]
    pages = laid_out(f"{markdown}\n\n{items}", room)
    (page,) = [page for page in pages if companions[-1] in page]
    assert all(words in page for words in companions)
    assert "Item1" in page
    assert in_order(re.findall(r"Item\d", items), "".join(pages)) == []


def test_a_heading_stays_with_the_first_lines_of_a_long_first_item() -> None:
    """Rather than wait, with the rest of the page empty, for all of the item to fit."""
    for room in (90, 110):
        pages = laid_out(f"## Tips\n\n{LONG_FIRST}", room)
        assert "Tips" in pages[0] and "Item1" in pages[0]


@pytest.mark.parametrize("room", range(80, 170, 10))  # room for the heading and two lines
def test_a_long_lead_in_keeps_its_first_lines_here_and_takes_its_last_over(room: int) -> None:
    """A lead-in of several lines is cut: its heading and first lines stay on the page,
    its last lines go over with the list's first item, rather than all of it going over
    and leaving the page empty below."""
    lead = f"{prose(60)} Typical signs include:"
    pages = laid_out(f"## Signs\n\n{lead}\n\n{ITEMS}", room)
    assert "Signs" in pages[0] and squash(lead[:30]) in pages[0]
    (page,) = [page for page in pages if "Typicalsignsinclude:" in page]
    assert "Item1" in page
    assert in_order(lead.split()[::6], "".join(pages)) == []


def test_a_heading_stays_with_the_first_lines_of_a_paragraph_too_long_for_the_page() -> None:
    """It goes on with them where they fit, rather than leaving the rest of a page empty
    to wait for all of the paragraph."""
    text = prose(400)
    pages = laid_out(f"## Long read\n\n{text}", 130)
    assert "Longread" in pages[0]
    assert squash(text[:40]) in pages[0]
    assert in_order(text.split()[::20], "".join(pages)) == []


def test_a_heading_with_no_room_for_two_lines_after_it_goes_to_the_next_page() -> None:
    pages = laid_out(f"## Long read\n\n{prose(400)}", 40)
    assert "Longread" not in pages[0]
    assert "Longread" in pages[1]


def heading_page(site: Site, intro: str, *, large: bool = False) -> tuple[int, str]:
    """The page number and text of the page holding "Your exercises", set after `intro`
    and before the drill cards."""
    text = f"{intro}\n\n## Your exercises\n\n<!-- drills -->\n"
    body = parse_markdown(text, Source("a.md"), Diagnostics(), allow_marker=True)
    article = dataclasses.replace(site.articles["short"], body=body)
    pages = page_texts(render_handout(site, article, large=large))
    ((number, page),) = [(n, page) for n, page in enumerate(pages, 1) if "Yourexercises" in page]
    return number, page


@pytest.mark.parametrize("drills", [1, 2])
@pytest.mark.parametrize("words", range(140, 520, 20))  # the heading lands near a page's foot
def test_a_heading_above_the_drills_never_ends_a_page_without_the_first_card(
    programs, drills: int, words: int
) -> None:
    """One drill: the last card goes over with the booking box, its heading with it."""
    _, page = heading_page(programs[drills, "letter", False], prose(words))
    assert "Exercisenumber1" in page


def test_a_heading_above_the_drills_shares_the_first_page_when_the_card_fits(programs) -> None:
    number, page = heading_page(programs[2, "letter", False], prose(20))
    assert number == 1
    assert "Exercisenumber1" in page


def test_a_card_no_page_holds_with_its_heading_is_cut_under_it(tmp_path: Path) -> None:
    """Rather than the heading taking a page of its own (large print, a long card)."""
    site = write_program(tmp_path, 2, paper="letter", logo=False, words=195)
    number, page = heading_page(site, "Intro line.", large=True)
    assert number == 1
    assert "Exercisenumber1" in page
