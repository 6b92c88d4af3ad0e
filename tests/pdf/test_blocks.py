"""Callouts, quotes, tables and figures on paper, and a card's caution box, progressions
and video QR code: every word printed, in reading order, readable in black and white."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from handouts.diagnostics import Diagnostics
from handouts.load.markdown import parse_markdown
from handouts.load.yamlsource import Source
from handouts.model import Article, Figure, Site
from handouts.pdf.blocks import block_flowables
from handouts.pdf.render import render_card, render_handout
from handouts.pdf.style import styles
from tests.support.pdf import in_order, page_texts, rasterize, reader, squash
from tests.support.sites import clean_site


@pytest.fixture(scope="module")
def site() -> Site:
    return clean_site("blocks")


@pytest.fixture(scope="module")
def article(site: Site) -> Article:
    return site.articles["ankle-sprain-return"]


@pytest.fixture(scope="module")
def handout(site: Site, article: Article) -> str:
    return "".join(page_texts(render_handout(site, article)))


def test_each_callout_prints_its_label_word_before_its_text(handout: str) -> None:
    expected = [
        "Important",
        "Ifyoucouldnottakefoursteps",
        "Tip",
        "Standbyakitchencounter",
        "Note",
        "Swellingintheevening",
        "Warning",
        "Stoptheexercisesandcallus",
        "Caution",
        "Donothoporrun",
    ]
    assert in_order(expected, handout) == []


def test_a_quote_prints_its_words_after_its_lead_in(handout: str) -> None:
    assert in_order(["Asoneofourpatientsputit:", "Ithoughtrestwasthetreatment."], handout) == []


def test_a_table_prints_its_header_then_its_rows_and_no_pipes(handout: str) -> None:
    expected = ["Phase", "When", "Goal", "Exercise", "Dose", "Protect", "Days1–3", "Return"]
    assert in_order(expected, handout) == []
    assert "|" not in handout


def test_a_figure_prints_its_picture_and_caption(site: Site, article: Article) -> None:
    pdf = render_handout(site, article)
    pages = reader(pdf).pages
    images = sum(len(page.images) for page in pages)
    assert images == 2  # the two figures (this clinic has no logo; drills no photos)
    assert "Therangetowinback" in "".join(page_texts(pdf))


def test_a_table_that_continues_on_the_next_page_repeats_its_header(
    site: Site, article: Article
) -> None:
    rows = "".join(f"| Week {n} | Row{n}word |\n" for n in range(1, 90))
    text = "| Weekcolumn | Exercisecolumn |\n|---|---|\n" + rows
    blocks = parse_markdown(text, Source("a.md"), Diagnostics(), allow_marker=True)
    long = dataclasses.replace(article, body=blocks, drills=())
    pages = page_texts(render_handout(site, long))
    with_rows = [text for text in pages if "Row" in text]
    assert len(with_rows) >= 2
    assert all("WeekcolumnExercisecolumn" in text for text in with_rows)
    assert in_order([f"Row{n}word" for n in range(1, 90)], "".join(pages)) == []


def test_a_card_prints_caution_steps_then_progressions_and_video(site: Site) -> None:
    text = "".join(page_texts(render_card(site, site.drills["single-leg-balance"])))
    expected = [
        "Single-LegBalance",
        "Caution:Stopifyoufeelsharppain",
        "Standontheinjuredleg",
        "Toohard?Restonefingertip",
        "Tooeasy?Closeyoureyes",
        "Video:videos.harbourside-physio.test/single-leg-balance",
        "Watchthevideo",
    ]
    assert in_order(expected, text) == []


def test_the_caution_never_leaves_its_drill_in_a_handout(site: Site, article: Article) -> None:
    pages = page_texts(render_handout(site, article))
    for drill in article.drills:
        name = squash(drill.name)
        caution = squash(f"Caution: {drill.caution}")
        assert [i for i, p in enumerate(pages) if name in p] == [
            i for i, p in enumerate(pages) if caution in p
        ]


def test_the_video_qr_code_decodes_to_the_video_url(site: Site, tmp_path: Path) -> None:
    drill = site.drills["single-leg-balance"]
    found = []
    for png in rasterize(render_card(site, drill), tmp_path):
        found += [code.text for code in zxingcpp.read_barcodes(Image.open(png))]
    assert drill.video in found
    assert len(found) == 2  # and the booking code in the band


def test_a_card_without_the_new_fields_has_no_progressions_or_video(site: Site) -> None:
    drill = dataclasses.replace(
        site.drills["single-leg-balance"], caution=None, easier=None, harder=None, video=None
    )
    text = "".join(page_texts(render_card(site, drill)))
    for absent in ("Caution", "Toohard?", "Tooeasy?", "Watchthevideo"):
        assert absent not in text


def test_a_figure_at_the_foot_of_a_page_shrinks_a_little_rather_than_leave_a_gap(
    article: Article,
) -> None:
    figure = next(b for b in article.body if isinstance(b, Figure))
    assert figure.picture is not None
    (flowable,) = block_flowables((figure,), styles("#2E5E4E", "#A8432D"), "#2E5E4E")
    _, full = flowable.wrap(400, 1000)
    (smaller,) = flowable.split(400, full * 0.8)
    assert full * 0.7 < smaller.wrap(400, full * 0.8)[1] <= full * 0.8
    assert flowable.split(400, full * 0.4) == []  # too small a space: the next page
