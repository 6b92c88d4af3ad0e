"""Large print, for patients with low vision: body text at 18 pt, every card whole on one
page, the booking box never alone, and nothing left out."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from handouts.load.loader import LoadResult, load_site
from handouts.model import Patient, Site
from handouts.patients.prescription import Prescription, personalise
from handouts.pdf.render import render_card, render_handout
from handouts.pdf.style import styles
from tests.support.pdf import article_words, drill_words, in_order, page_texts, reader, squash
from tests.support.sites import clean_site, make_site

SEED_ARTICLE = "ankle-foot-mobility"
LETTER = (612, 792)


def text_sizes(pdf: bytes) -> Counter[float]:
    """How many characters are printed at each size (points, as they land on the page)."""
    sizes: Counter[float] = Counter()
    for page in reader(pdf).pages:

        def visit(text: str, cm: list, tm: list, font: object, size: float) -> None:
            if text.strip():
                scale = (tm[0] * cm[0] + tm[1] * cm[2]) if cm else tm[0]
                sizes[round(size * abs(scale), 1)] += len(text.strip())

        page.extract_text(visitor_text=visit)
    return sizes


def seed_site(seed: LoadResult) -> Site:
    assert seed.site is not None
    return seed.site


def test_the_seed_handouts_body_text_is_18_pt_in_large_print(seed: LoadResult) -> None:
    site = seed_site(seed)
    regular = text_sizes(render_handout(site, site.articles[SEED_ARTICLE]))
    large = text_sizes(render_handout(site, site.articles[SEED_ARTICLE], large=True))
    assert regular.most_common(1)[0][0] == 12
    assert large.most_common(1)[0][0] == 18
    assert min(large) >= 12, "even page numbers and tick-box days are 12 pt or more"


def test_every_size_is_one_and_a_half_times_the_regular_one() -> None:
    regular, large = styles("#1F5F8B", "#F28C28"), styles("#1F5F8B", "#F28C28", large=True)
    assert large.body.fontSize == 18 >= 16  # the low-vision guidance's least
    for name in ("title", "h1", "h2", "h3", "badge", "card_name", "label", "small"):
        assert getattr(large, name).fontSize == 1.5 * getattr(regular, name).fontSize, name
    assert all(
        style.alignment == 0 and not style.embeddedHyphenation
        for style in (large.body, large.list_body, large.tight, large.h2)
    ), "left-aligned, never hyphenated"


def test_large_print_keeps_each_card_on_one_page_and_prints_every_word(seed: LoadResult) -> None:
    site = seed_site(seed)
    article = site.articles[SEED_ARTICLE]
    pages = page_texts(render_handout(site, article, large=True))
    for drill in article.drills:
        words = [squash(word) for word in drill_words(drill)]
        holding = [n for n, page in enumerate(pages) if in_order(words, page) == []]
        assert holding, f"{drill.name} is split across pages"
    assert in_order(article_words(article), "".join(pages)) == []


def test_the_booking_box_never_stands_alone_in_large_print(seed: LoadResult) -> None:
    site = seed_site(seed)
    pages = page_texts(render_handout(site, site.articles[SEED_ARTICLE], large=True))
    headline = squash(site.clinic.booking.headline)
    last = pages[-1]
    assert headline in last
    before = last[: last.index(headline)]
    assert squash("If you’ve been dealing") in before, "the last paragraph goes with the box"


@pytest.mark.parametrize("slug", ["toe-yoga", "foot-pronation-wall-glide"])
def test_a_large_print_card_is_one_whole_page(seed: LoadResult, slug: str) -> None:
    site = seed_site(seed)
    pdf = render_card(site, site.drills[slug], large=True)
    document = reader(pdf)
    assert len(document.pages) == 1
    box = document.pages[0].mediabox
    assert (round(box.width), round(box.height)) == LETTER
    assert text_sizes(pdf).most_common(1)[0][0] == 18


def test_a_card_taller_than_a_page_repeats_its_name_where_it_continues() -> None:
    site = clean_site("blocks")
    article = next(iter(site.articles.values()))
    pages = page_texts(render_handout(site, article, large=True))
    names = [squash(drill.name) for drill in article.drills]
    for number, page in enumerate(pages, 1):
        if squash("Watch the video") in page:  # a card's last part: says whose it is
            assert any(name in page for name in names), f"page {number}"
    continued = [page for page in pages if page.count(squash("Single-Leg Balance")) == 1]
    assert len(continued) == 2, "a card split in two names its drill on both pages"


def test_a_squeezed_table_column_still_holds_a_short_word_in_large_print() -> None:
    site = clean_site("blocks")
    article = next(iter(site.articles.values()))
    text = "".join(page_texts(render_handout(site, article, large=True)))
    assert squash("Phase When Goal") in text and squash("Protect Days") in text


def test_a_booking_box_too_tall_for_a_page_at_18_pt_is_printed_at_the_regular_size(
    tmp_path: Path,
) -> None:
    long = " ".join(["Book a movement assessment and leave with a plan."] * 12)[:600]
    clinic = (
        "name: Test Clinic\nphone: '+1 555 010 0199'\n"
        f"website: https://clinic.test/{'a' * 270}\n"
        f"booking: {{url: 'https://clinic.test/{'b' * 270}', label: Book now,"
        f" headline: '{('Ready to move better? ' * 6)[:120]}', text: '{long}'}}\n"
    )
    site = load_site(make_site(tmp_path, {"clinic.yaml": clinic})).site
    assert site is not None
    article = site.articles["calves"]
    pdf = render_handout(site, article, large=True)
    text = "".join(page_texts(pdf))
    assert squash(long) in text and squash(site.clinic.booking.url) in text
    sizes = text_sizes(pdf)
    assert sizes[18] > 0, "the article is in large print"
    assert sizes[12] > len(long.replace(" ", "")), "the box, at the regular size"


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("notes", ["word " * 400, "\n".join(["a line"] * 280)])
def test_a_therapists_note_longer_than_a_page_runs_on(
    seed: LoadResult, notes: str, large: bool
) -> None:
    site = seed_site(seed)
    patient = Patient(name="Ana", date=dt.date(2026, 11, 27), notes=notes[:2000].strip())
    article = personalise(site, Prescription(SEED_ARTICLE, patient=patient))
    pdf = render_handout(site, article, patient=patient, large=large)
    assert in_order(notes[:2000].split(), "".join(page_texts(pdf))) == []
