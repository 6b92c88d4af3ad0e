"""Tagged PDFs: what a screen reader meets in a handout, a card and a patient's sheet.

Read back with tools the renderer does not share: the `pdfua` checker for the
machine-checkable PDF/UA-1 rules, pikepdf for the structure tree and the content
streams, pypdf for the text of each element, and poppler's pdftotext for the reading
order of plain text extraction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import subprocess
from pathlib import Path

import pikepdf
import pytest

from handouts.i18n import ENGLISH
from handouts.model import Article, DrillCards, Heading, Patient, Site, plain_text
from handouts.patients.handout import render_prescription
from handouts.patients.prescription import Prescription
from handouts.pdf.page import Footer, Metadata, build_pdf
from handouts.pdf.paragraph import Paragraph
from handouts.pdf.render import render_card, render_handout
from handouts.pdf.style import PAGES, styles
from handouts.pdf.tagging import Node, tagged
from tests.support.pdf import article_words, in_order
from tests.support.processes import program
from tests.support.sites import clean_site
from tests.support.tagged import (
    marked_text,
    pdfua_findings,
    squash,
    structure,
    unmarked_operators,
)

SEED = "ankle-foot-mobility"
QR_ALT = "QR code: book at corequesttherapy.example/book"


@pytest.fixture(scope="module")
def seed_site(seed) -> Site:  # type: ignore[no-untyped-def]
    return seed.site


@pytest.fixture(scope="module")
def blocks_site() -> Site:
    return clean_site("blocks")


@pytest.fixture(scope="module")
def seed_pdf(seed_site: Site) -> bytes:
    return render_handout(seed_site, seed_site.articles[SEED])


def patient_sheet(site: Site) -> bytes:
    """A packed home-exercise sheet for one patient, with notes and a drill note."""
    patient = Patient("Sam Lee", "Dr Ray", dt.date(2026, 11, 24), "Ice after.\nCall if worse.")
    prescription = Prescription(
        SEED,
        patient,
        drills=("toe-yoga", "heel-elevated-squat-rock"),
        doses=(("toe-yoga", "3x12"),),
        drill_notes=(("toe-yoga", "Go slowly."),),
        no_article=True,
    )
    return render_prescription(site, prescription, None)


def patient_handout(site: Site) -> bytes:
    patient = Patient("Sam Lee", "Dr Ray", dt.date(2026, 11, 24), "Ice after.")
    return render_prescription(site, Prescription(SEED, patient), None)


def outputs(seed_site: Site, blocks_site: Site) -> dict[str, bytes]:
    """Every kind of PDF the tool makes, in both print sizes, from the seed and from the
    site with tables, figures, callouts, quotes and video codes, and in Arabic."""
    made = {
        "seed handout": render_handout(seed_site, seed_site.articles[SEED]),
        "patient sheet": patient_sheet(seed_site),
        "patient handout": patient_handout(seed_site),
        "blocks handout": render_handout(blocks_site, next(iter(blocks_site.articles.values()))),
        "large-print handout": render_handout(seed_site, seed_site.articles[SEED], large=True),
        "large-print card": render_card(seed_site, seed_site.drills["toe-yoga"], large=True),
    }
    for site in (seed_site, blocks_site):
        for slug, drill in site.drills.items():
            made[f"card {slug}"] = render_card(site, drill)
    translated = clean_site("i18n")  # right to left: shaped, mirrored and read in order
    made["arabic handout"] = render_handout(translated, translated.articles[f"{SEED}.ar"])
    made["arabic card"] = render_card(translated, translated.drills["toe-yoga.ar"])
    return made


@pytest.fixture(scope="module")
def every_pdf(seed_site: Site, blocks_site: Site) -> dict[str, bytes]:
    return outputs(seed_site, blocks_site)


# --- the checkers ------------------------------------------------------------------------


def test_the_pdfua_checker_finds_nothing_in_any_kind_of_output(
    every_pdf: dict[str, bytes], tmp_path: Path
) -> None:
    for name, pdf in every_pdf.items():
        assert pdfua_findings(pdf, tmp_path) == [], name


def test_every_text_and_image_is_tagged_content_or_an_artifact(
    every_pdf: dict[str, bytes],
) -> None:
    for name, pdf in every_pdf.items():
        assert unmarked_operators(pdf) == [], name


# --- structure and reading order ---------------------------------------------------------


def expected_headings(article: Article) -> list[tuple[str, str]]:
    """(role, text) of each heading in the model's order: the title, the article's own
    headings with the drill cards' names where the article places them, and the booking
    box's headline."""
    out = [("H1", squash(article.title))]
    for block in article.body:
        if isinstance(block, Heading):
            out.append((f"H{block.level}", squash(plain_text(block.children))))
        elif isinstance(block, DrillCards):
            out += [("H3", squash(drill.name)) for drill in article.drills]
    return [*out, ("H2", squash(article.cta.headline))]


def test_the_tree_holds_the_headings_in_the_order_of_the_blocks(
    seed_site: Site, seed_pdf: bytes
) -> None:
    tree = structure(seed_pdf)
    assert tree.role == "Document"
    headings = [
        (element.role, squash(element.text))
        for element in tree.walk()
        if element.role in ("H1", "H2", "H3")
    ]
    assert headings == expected_headings(seed_site.articles[SEED])


def test_the_tree_reads_every_word_of_the_article_in_order(
    seed_site: Site, blocks_site: Site, every_pdf: dict[str, bytes]
) -> None:
    blocks = next(iter(blocks_site.articles.values()))
    for name, article, booking in (
        ("seed handout", seed_site.articles[SEED], None),
        ("patient handout", seed_site.articles[SEED], seed_site.clinic.booking),
        ("blocks handout", blocks, None),
    ):
        text = squash(structure(every_pdf[name]).all_text())
        assert in_order(article_words(article, booking), text) == [], name


@pytest.fixture(scope="module")
def arabic() -> tuple[Site, Article, bytes]:
    site = clean_site("i18n")
    article = site.articles[f"{SEED}.ar"]
    return site, article, render_handout(site, article)


def test_a_right_to_left_tree_reads_every_word_in_the_order_of_the_model(
    arabic: tuple[Site, Article, bytes],
) -> None:
    """Arabic is drawn shaped and in drawing order; the tags say what it reads as:
    plain letters, words, brackets and numbers in reading order (/ActualText)."""
    site, article, pdf = arabic
    text = structure(pdf).all_text()
    assert in_order(article_words(article, labels=site.labels(article.lang)), squash(text)) == []
    assert not any("\ufb50" <= char <= "\ufeff" for char in text)  # no presentation forms
    assert "(الثني الظهري)" in text
    headings = [e for e in structure(pdf).walk() if e.role == "H2"]
    assert [squash(e.text) for e in headings] == [
        squash(plain_text(block.children))
        for block in article.body
        if isinstance(block, Heading) and block.level == 2
    ] + [squash(article.cta.headline)]


def test_a_mirrored_row_is_read_first_cell_first(arabic: tuple[Site, Article, bytes]) -> None:
    """Right to left, a card's number is drawn right of its name and the booking box's
    QR code left of its words; read, they come as they do left to right."""
    site, article, pdf = arabic
    sections = [element for element in structure(pdf).walk() if element.role == "Sect"]
    cards, booking = sections[: len(article.drills)], sections[-1]
    assert [(squash(card.kids[0].text), card.kids[1].role) for card in cards] == [
        (str(number), "H3") for number in range(1, len(article.drills) + 1)
    ]
    roles = [kid.role for kid in booking.kids]
    assert roles[0] == "H2" and roles[-2:] == ["Figure", "P"], roles
    labels = site.labels(article.lang)
    prepared = "".join(squash(labels(key)) for key in ("prepared_for", "date", "therapist"))
    assert prepared in [squash(e.text) for e in structure(pdf).walk()]
    assert render_handout(site, article) == pdf  # and drawn again, byte for byte


def test_each_drill_card_is_a_section_led_by_its_number_and_name(
    seed_site: Site, seed_pdf: bytes
) -> None:
    sections = [element for element in structure(seed_pdf).walk() if element.role == "Sect"]
    drills = seed_site.articles[SEED].drills
    cards = sections[: len(drills)]
    assert [(squash(card.kids[0].text), squash(card.kids[1].text)) for card in cards] == [
        (str(number), squash(drill.name)) for number, drill in enumerate(drills, 1)
    ]
    assert all(card.kids[1].role == "H3" for card in cards)
    assert "Tickaboxeachday:" in [squash(kid.text) for kid in cards[0].kids]


def test_a_card_of_its_own_is_led_by_its_name_and_ends_with_the_booking_code(
    seed_site: Site,
) -> None:
    drill = seed_site.drills["toe-yoga"]
    tree = structure(render_card(seed_site, drill))
    first, *_, last = tree.kids
    assert first.role == "Sect" and first.kids[0].role == "H1"
    assert squash(first.kids[0].text) == squash(drill.name)
    assert [kid.role for kid in last.kids] == ["P", "P", "Figure"]
    assert last.kids[-1].alt == QR_ALT


def test_every_figure_has_a_description(
    every_pdf: dict[str, bytes], blocks_site: Site, seed_pdf: bytes
) -> None:
    for name, pdf in every_pdf.items():
        figures = [element for element in structure(pdf).walk() if element.role == "Figure"]
        assert figures, f"{name}: at least the booking QR code"
        assert all(figure.alt for figure in figures), name
    alts = [element.alt for element in structure(seed_pdf).walk() if element.role == "Figure"]
    assert alts == [QR_ALT]
    blocks = every_pdf["blocks handout"]
    described = {element.alt for element in structure(blocks).walk()}
    article = next(iter(blocks_site.articles.values()))
    pictures = [block for block in article.body if type(block).__name__ == "Figure"]
    assert pictures and all(picture.alt in described for picture in pictures)


def test_lists_are_items_with_a_label_and_a_body(seed_pdf: bytes) -> None:
    lists = [element for element in structure(seed_pdf).walk() if element.role == "L"]
    assert len(lists) == 2
    for items in lists:
        for item in items.kids:
            assert item.role == "LI"
            assert [kid.role for kid in item.kids] == ["Lbl", "LBody"]
            assert item.kids[0].text.strip() == "•"


def test_a_table_has_rows_of_header_and_data_cells(blocks_site: Site) -> None:
    pdf = render_handout(blocks_site, next(iter(blocks_site.articles.values())))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        headers = [
            element for element in _elements(document.Root.StructTreeRoot.K) if element.S == "/TH"
        ]
        assert headers and all(header.A.Scope == "/Column" for header in headers)
    table = next(element for element in structure(pdf).walk() if element.role == "Table")
    assert {row.role for row in table.kids} == {"TR"}
    assert {cell.role for cell in table.kids[0].kids} == {"TH"}
    assert {cell.role for row in table.kids[1:] for cell in row.kids} == {"TD"}


def _elements(node: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids = node.get("/K", [])
    out = [node]
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
            out += _elements(kid)
    return out


def test_page_furniture_is_an_artifact_and_never_read_as_content(
    seed_site: Site, seed_pdf: bytes
) -> None:
    tree_text = squash(structure(seed_pdf).all_text())
    _, artifacts = marked_text(seed_pdf)
    artifacts = squash(artifacts)
    furniture = ["page1of4", "page4of4", squash(ENGLISH("safety")), "1234567", "Movementassessment"]
    for text in furniture:
        assert text in artifacts, text
        assert text not in tree_text, text
    assert squash(seed_site.clinic.name) + "·" in artifacts  # the footer's clinic line


def test_a_repeated_table_header_is_read_once(blocks_site: Site) -> None:
    article = next(iter(blocks_site.articles.values()))
    table = next(block for block in article.body if type(block).__name__ == "Table")
    long = type(table)(table.header, tuple(table.rows) * 30)
    longer = Article(**{**article.__dict__, "body": (long,)})
    pdf = render_handout(blocks_site, longer)
    assert len(pikepdf.open(io.BytesIO(pdf)).pages) > 1
    grid = next(element for element in structure(pdf).walk() if element.role == "Table")
    headers = [row for row in grid.kids if row.kids[0].role == "TH"]
    assert len(headers) == 1
    assert len(grid.kids) == 1 + len(long.rows)


def test_a_card_that_runs_on_is_one_section_with_its_name_read_once(
    seed_site: Site, tmp_path: Path
) -> None:
    drill = seed_site.drills["toe-yoga"]
    long = dataclasses.replace(drill, instructions=drill.instructions * 25)
    pdf = render_card(seed_site, long)
    pages = len(pikepdf.open(io.BytesIO(pdf)).pages)
    assert pages > 1
    tree = structure(pdf)
    assert [element.role for element in tree.kids] == ["Sect", "Div"]
    assert [element.role for element in tree.walk()].count("H1") == 1
    repeated = squash(f"{drill.name} continued")  # the name row on each further page
    assert squash(marked_text(pdf)[1]).count(repeated) == pages - 1
    assert pdfua_findings(pdf, tmp_path) == []
    assert unmarked_operators(pdf) == []


# --- links, catalog, fonts ---------------------------------------------------------------


def test_every_link_is_described_and_reached_through_a_link_element(
    every_pdf: dict[str, bytes],
) -> None:
    for name, pdf in every_pdf.items():
        with pikepdf.open(io.BytesIO(pdf)) as document:
            nums = list(document.Root.StructTreeRoot.ParentTree.Nums)
            parents = dict(zip(nums[::2], nums[1::2], strict=True))
            for page in document.pages:
                annotations = list(page.obj.get("/Annots", []))
                if annotations:
                    assert page.obj.Tabs == "/S", name
                for annotation in annotations:
                    target = str(annotation.A.URI)
                    described = str(annotation.Contents)
                    assert described in (f"Link to {target}", f"Email {target[7:]}"), name
                    element = parents[int(annotation.StructParent)]
                    assert element.S == "/Link", name
                    assert element.K.Type == "/OBJR", name
                    assert element.K.Obj.objgen == annotation.objgen, name


def test_the_document_says_it_is_tagged_in_which_language_and_under_what_title(
    seed_site: Site, seed_pdf: bytes
) -> None:
    assert seed_pdf.startswith(b"%PDF-1.7\n")  # PDF/UA-1 is written on ISO 32000-1
    with pikepdf.open(io.BytesIO(seed_pdf)) as document:
        root = document.Root
        assert root.MarkInfo.Marked is True
        assert root.Lang == "en"
        assert root.ViewerPreferences.DisplayDocTitle is True
        with document.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:title"] == seed_site.articles[SEED].title


def test_the_language_is_the_one_given(seed_site: Site) -> None:
    """The renderer passes the document's language on (English until the content says)."""
    look = styles("#1F5F8B", "#F28C28")
    story = [tagged(Paragraph("Guten Tag", look.body), Node("P"))]
    metadata = Metadata("Titel", "Praxis", "Betreff", "")
    pdf = build_pdf(
        story,
        PAGES["a4"],
        40,
        Footer("Praxis", None, "Bei Schmerzen aufhören.", "Seite %(number)s von %(total)s"),
        metadata,
        lang="de-AT",
    )
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.Root.Lang == "de-AT"
        assert document.Root.StructTreeRoot.K.Lang == "de-AT"
    assert structure(pdf).kids[0].text.strip() == "Guten Tag"


def test_every_font_is_embedded_with_a_unicode_map(every_pdf: dict[str, bytes]) -> None:
    for name, pdf in every_pdf.items():
        with pikepdf.open(io.BytesIO(pdf)) as document:
            for page in document.pages:
                for font in page.Resources.Font.values():
                    assert "/ToUnicode" in font, (name, str(font.BaseFont))
                    assert "/FontFile2" in font.FontDescriptor, (name, str(font.BaseFont))


# --- plain text extraction ---------------------------------------------------------------


def pdftotext(pdf: bytes, folder: Path) -> str:
    """The text poppler's pdftotext extracts; missing it skips locally but fails in CI."""
    found = program("pdftotext", "poppler-utils")
    source = folder / "in.pdf"
    source.write_bytes(pdf)
    done = subprocess.run([found, str(source), "-"], check=True, capture_output=True, text=True)
    return done.stdout


def test_text_extraction_reads_the_tick_box_days_as_one_line_before_the_next_card(
    seed_site: Site, seed_pdf: bytes, tmp_path: Path
) -> None:
    lines = [line for line in pdftotext(seed_pdf, tmp_path).splitlines() if line.strip()]
    days = [index for index, line in enumerate(lines) if line == "1 2 3 4 5 6 7"]
    assert len(days) == len(seed_site.articles[SEED].drills)
    assert lines[days[0] + 1] == "2"  # the second card's number, after the first's days
    assert lines[days[0] - 1] == "Tick a box each day:"
