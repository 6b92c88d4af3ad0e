"""PDF handouts and drill cards, read back as a patient, a printer and a phone would."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from handouts.fonts import printable
from handouts.i18n import ENGLISH
from handouts.load.loader import LoadResult
from handouts.model import Article, Drill, Paragraph, Site, Text
from handouts.pdf.render import render_card, render_handout
from tests.support.pdf import (
    article_words,
    drill_words,
    in_order,
    page_texts,
    rasterize,
    reader,
    squash,
)

SAFETY = ENGLISH("safety")
SEED_ARTICLE = "ankle-foot-mobility"
AWKWARD_ARTICLE = "awkward-article"
POINTS_PER_INCH = 72
LETTER = (612, 792)
A4 = (595.28, 841.89)
HALF_LETTER = (396, 612)
A5 = (419.53, 595.28)


@pytest.fixture(scope="session")
def seed_site(seed: LoadResult) -> Site:
    assert seed.site is not None
    return seed.site


@pytest.fixture(scope="session")
def awkward_site(awkward: LoadResult) -> Site:
    assert awkward.site is not None
    return awkward.site


@pytest.fixture(scope="session")
def seed_pdf(seed_site: Site) -> bytes:
    return render_handout(seed_site, seed_site.articles[SEED_ARTICLE])


@pytest.fixture(scope="session")
def awkward_pdf(awkward_site: Site) -> bytes:
    return render_handout(awkward_site, awkward_site.articles[AWKWARD_ARTICLE])


def handouts(seed_site: Site, awkward_site: Site) -> list[tuple[Site, Article]]:
    return [
        (seed_site, seed_site.articles[SEED_ARTICLE]),
        (awkward_site, awkward_site.articles[AWKWARD_ARTICLE]),
    ]


def size(pdf: bytes, page: int = 0) -> tuple[float, float]:
    box = reader(pdf).pages[page].mediabox
    return float(box.width), float(box.height)


# --- words -------------------------------------------------------------------------------


def test_the_seed_handout_prints_every_word_of_the_article_and_its_drills_in_order(
    seed_site: Site, seed_pdf: bytes
) -> None:
    text = "".join(page_texts(seed_pdf))
    assert in_order(article_words(seed_site.articles[SEED_ARTICLE]), text) == []


def test_the_awkward_handout_prints_every_word_in_order_after_the_declared_fallbacks(
    awkward_site: Site, awkward_pdf: bytes
) -> None:
    text = "".join(page_texts(awkward_pdf))
    assert in_order(article_words(awkward_site.articles[AWKWARD_ARTICLE]), text) == []
    assert "👉" not in text and "→Done." in text  # the declared fallback for 👉


@pytest.mark.parametrize("which", ["seed", "awkward"])
def test_a_card_prints_every_word_of_its_drill_in_order(
    which: str, seed_site: Site, awkward_site: Site
) -> None:
    site = seed_site if which == "seed" else awkward_site
    for drill in site.drills.values():
        text = "".join(page_texts(render_card(site, drill)))
        assert in_order(drill_words(drill), text) == [], drill.slug


def test_markup_like_content_prints_literally(awkward_pdf: bytes) -> None:
    text = "".join(page_texts(awkward_pdf))
    for literal in (
        "Knees&<b>Tags</b>",
        'Raw<b>bold</b>tag,<fontsize=40>font</font>,<imgsrc="/etc/passwd">and<para>para</para>.',
        "entities:&<b>©",  # the Markdown source's "&amp; &lt;b&gt;", decoded once
        "Smith&Jones<Physio>Ltd",
        "Callus&book<i>today</i>.",
    ):
        assert literal in text


def test_an_image_tag_in_content_loads_no_file(seed_site: Site, tmp_path: Path) -> None:
    picture = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), "red").save(picture)
    tag = f'<img src="{picture}" width="400" height="400"/> and <img src="/etc/passwd"/>'
    article = dataclasses.replace(
        seed_site.articles[SEED_ARTICLE], body=(Paragraph((Text(tag),)),), drills=()
    )
    pdf = render_handout(seed_site, article)
    assert b"/Subtype /Image" not in pdf
    assert squash(tag) in "".join(page_texts(pdf))


# --- pages -------------------------------------------------------------------------------


def test_page_size_follows_the_clinic_paper_and_can_be_overridden(
    seed_site: Site, awkward_site: Site, seed_pdf: bytes, awkward_pdf: bytes
) -> None:
    article = seed_site.articles[SEED_ARTICLE]
    assert size(seed_pdf) == pytest.approx(LETTER, abs=0.01)
    assert size(awkward_pdf) == pytest.approx(A4, abs=0.01)
    assert size(render_handout(seed_site, article, paper="a4")) == pytest.approx(A4, abs=0.01)
    drill = next(iter(seed_site.drills.values()))
    assert size(render_card(seed_site, drill)) == pytest.approx(HALF_LETTER, abs=0.01)
    assert size(render_card(seed_site, drill, paper="a4")) == pytest.approx(A5, abs=0.01)
    short, long = awkward_site.drills["plank-hold"], awkward_site.drills["long-drill"]
    assert size(render_card(awkward_site, short)) == pytest.approx(A5, abs=0.01)
    # a drill too long for a small card gets a whole page, not a second small one
    assert size(render_card(awkward_site, long)) == pytest.approx(A4, abs=0.01)


def test_every_page_has_the_footer_with_page_n_of_m(seed_pdf: bytes, awkward_pdf: bytes) -> None:
    for pdf, clinic in ((seed_pdf, "CoreQuest Therapy"), (awkward_pdf, "Smith & Jones")):
        pages = page_texts(pdf)
        assert len(pages) >= 2
        for number, text in enumerate(pages, 1):
            assert squash(f"page {number} of {len(pages)}") in text
            assert squash(SAFETY) in text
            assert squash(clinic) in text


def test_the_header_carries_prepared_for_date_and_therapist_blanks(seed_pdf: bytes) -> None:
    first = page_texts(seed_pdf)[0]
    assert in_order(["Prepared", "for", "Date", "Therapist"], first) == []


def test_metadata_names_title_clinic_summary_keywords_and_language(
    seed_site: Site, seed_pdf: bytes
) -> None:
    article = seed_site.articles[SEED_ARTICLE]
    pdf = reader(seed_pdf)
    meta = pdf.metadata
    assert meta is not None
    assert meta.title == article.title
    assert meta.author == "CoreQuest Therapy"
    assert meta.subject == article.summary
    assert "Toe Yoga" in meta["/Keywords"]
    assert pdf.trailer["/Root"]["/Lang"] == "en"


def test_two_renders_give_identical_bytes(
    seed_site: Site, awkward_site: Site, seed_pdf: bytes, awkward_pdf: bytes
) -> None:
    assert render_handout(seed_site, seed_site.articles[SEED_ARTICLE]) == seed_pdf
    assert render_handout(awkward_site, awkward_site.articles[AWKWARD_ARTICLE]) == awkward_pdf
    drill = awkward_site.drills["long-drill"]
    assert render_card(awkward_site, drill) == render_card(awkward_site, drill)


# --- fonts -------------------------------------------------------------------------------


def test_every_font_on_every_page_is_embedded_and_none_is_helvetica(
    seed_site: Site, awkward_site: Site, seed_pdf: bytes, awkward_pdf: bytes
) -> None:
    card = render_card(awkward_site, awkward_site.drills["long-drill"])
    for pdf in (seed_pdf, awkward_pdf, card):
        for page in reader(pdf).pages:
            fonts = page["/Resources"]["/Font"]
            assert fonts, "every page uses a font (at least the footer)"
            for ref in fonts.values():
                font = ref.get_object()
                assert "Helvetica" not in font["/BaseFont"]
                descriptor = (
                    font.get("/FontDescriptor")
                    or (font["/DescendantFonts"][0].get_object()["/FontDescriptor"])
                )
                assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]


# --- drill cards -------------------------------------------------------------------------


def page_of(pages: list[str], text: str) -> int:
    found = [number for number, page in enumerate(pages) if squash(text) in page]
    assert found, f"{text!r} is not printed"
    return found[0]


def assert_cards_whole(pdf: bytes, drills: tuple[Drill, ...] | list[Drill]) -> None:
    pages = page_texts(pdf)
    for drill in drills:
        name = page_of(pages, printable(drill.name))
        assert page_of(pages, "Goal: " + printable(drill.goal)) == name, drill.slug


def test_each_drill_name_and_goal_land_on_the_same_page(
    seed_site: Site, awkward_site: Site, seed_pdf: bytes, awkward_pdf: bytes
) -> None:
    assert_cards_whole(seed_pdf, seed_site.articles[SEED_ARTICLE].drills)
    assert_cards_whole(awkward_pdf, awkward_site.articles[AWKWARD_ARTICLE].drills)
    for site in (seed_site, awkward_site):
        for drill in site.drills.values():
            assert_cards_whole(render_card(site, drill), [drill])


def test_a_card_in_a_handout_never_splits_across_pages(
    seed_pdf: bytes, awkward_pdf: bytes, awkward_site: Site, seed_site: Site
) -> None:
    for pdf, article in (
        (seed_pdf, seed_site.articles[SEED_ARTICLE]),
        (awkward_pdf, awkward_site.articles[AWKWARD_ARTICLE]),
    ):
        pages = page_texts(pdf)
        for drill in article.drills:
            last = drill_words(drill)[-3:]
            assert page_of(pages, " ".join(last)) == page_of(pages, drill.name), drill.slug


def test_the_seed_cards_fit_one_page_each(seed_site: Site) -> None:
    for drill in seed_site.drills.values():
        assert len(reader(render_card(seed_site, drill)).pages) == 1, drill.slug


def test_a_card_taller_than_a_page_still_renders_with_name_and_goal_together(
    awkward_site: Site,
) -> None:
    long = awkward_site.drills["long-drill"]
    huge = dataclasses.replace(long, instructions=long.instructions * 6)
    article = dataclasses.replace(awkward_site.articles[AWKWARD_ARTICLE], drills=(huge,))
    for pdf in (render_handout(awkward_site, article), render_card(awkward_site, huge)):
        assert len(reader(pdf).pages) >= 2
        assert_cards_whole(pdf, [huge])
        assert in_order(drill_words(huge), "".join(page_texts(pdf))) == []


# --- QR code -----------------------------------------------------------------------------


def qr_codes(pdf: bytes, folder: Path) -> list[zxingcpp.Barcode]:
    found = []
    for png in rasterize(pdf, folder):
        found += zxingcpp.read_barcodes(Image.open(png))
    return found


CM_AT_150_DPI = 150 / 2.54


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        (
            "seed",
            "https://corequesttherapy.example/book"
            "?utm_source=handout&utm_medium=print&utm_campaign=ankle-foot-mobility",
        ),
        (
            "awkward",
            "https://smith-jones.example/book?clinic=7&lang=en"
            "&utm_source=handout&utm_medium=print&utm_campaign=awkward-article",
        ),
    ],
)
def test_the_handout_qr_code_decodes_to_the_booking_url_with_print_campaign_tags(
    which: str, expected: str, seed_pdf: bytes, awkward_pdf: bytes, tmp_path: Path
) -> None:
    codes = qr_codes(seed_pdf if which == "seed" else awkward_pdf, tmp_path)
    assert [code.text for code in codes] == [expected]
    code = codes[0]
    assert code.ec_level in ("M", "Q", "H")
    corners = code.position
    width_px = corners.top_right.x - corners.top_left.x
    assert width_px >= 2.5 * CM_AT_150_DPI


def test_the_booking_url_is_printed_in_full(seed_pdf: bytes, awkward_pdf: bytes) -> None:
    assert "https://corequesttherapy.example/book" in page_texts(seed_pdf)[-1]
    awkward = page_texts(awkward_pdf)[-1]
    assert "https://smith-jones.example/book?clinic=7&lang=en" in awkward
    assert "+442079460000" in awkward and "https://smith-jones.example/?ref=site&x=1" in awkward


def test_a_card_qr_code_uses_the_drill_as_campaign(seed_site: Site, tmp_path: Path) -> None:
    pdf = render_card(seed_site, seed_site.drills["toe-yoga"])
    assert [code.text for code in qr_codes(pdf, tmp_path)] == [
        "https://corequesttherapy.example/book"
        "?utm_source=handout&utm_medium=print&utm_campaign=toe-yoga"
    ]
    # the card prints the address as a person types it; the QR code carries the tracking
    assert "BookaSession:corequesttherapy.example/book" in page_texts(pdf)[0]


def test_a_step_too_long_to_stand_beside_the_picture_goes_below_it(tmp_path: Path) -> None:
    """A table row cannot break across pages: a step as tall as a page beside the drill's
    picture once failed the card ("LayoutError") although `check` passed it."""
    from handouts.build.site import BuildOptions, build_site
    from tests.support.sites import DRILL, make_site

    photo = tmp_path / "site" / "content" / "assets" / "photo.png"
    photo.parent.mkdir(parents=True)
    Image.new("RGB", (48, 32), "navy").save(photo)
    body = "Rise.\n\n# " + "w" * 300 + "\n"
    drill = DRILL.replace("---\nRise onto your toes and lower slowly.\n", "")
    root = make_site(
        tmp_path / "site", {"drills/calf-raise.md": f"{drill}image: assets/photo.png\n---\n{body}"}
    )
    report = build_site(root, tmp_path / "out", BuildOptions(jobs=1))
    assert report.ok and "cards/calf-raise.pdf" in report.built, report.summary()
