"""The studio in real Chromium: what marketing and a therapist see and do."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.serve.conftest import ARTICLE, Running
from tests.support.pdf import reader, squash

pytestmark = pytest.mark.browser

TITLE = "Why Ankle and Foot Mobility Matter for Runners"


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield context.new_page()
    context.close()


def article_file(studio: Running) -> Path:
    return studio.root / "content" / "articles" / f"{ARTICLE}.md"


def test_the_home_page_lists_the_seed_article_and_its_drills(studio: Running, page: Any) -> None:
    page.goto(studio.url)
    link = page.get_by_role("link", name=TITLE)
    assert link.is_visible()
    assert link.get_attribute("href") == f"/articles/{ARTICLE}"
    drills = page.locator("#drills").inner_text()
    for name in ("Heel-Elevated Squat Rock", "Toe Yoga"):
        assert name in drills
    # each problem is shown with its place: the seed's booking URL is a placeholder
    assert "content/clinic.yaml:13:3" in page.locator("#general-problems").inner_text()


def test_the_article_shows_the_email_at_375_and_600_px(studio: Running, page: Any) -> None:
    page.goto(f"{studio.url}articles/{ARTICLE}")
    for width in (375, 600):
        frame = page.frame_locator(f"#frame-{width}")
        cta = frame.get_by_role("link", name="Book a Session").last
        cta.scroll_into_view_if_needed()
        assert cta.is_visible()
        inside = page.locator(f"#frame-{width}").element_handle().content_frame()
        assert inside.evaluate("window.innerWidth") == width
    phone = page.locator("#frame-375").element_handle().content_frame()
    sizes = phone.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert sizes[0] <= sizes[1], sizes  # no horizontal scroll on a phone
    assert page.locator("#subject").inner_text() == TITLE
    assert page.locator("#preheader").inner_text().startswith("Your feet and ankles")
    assert "of HTML; Gmail clips messages over 102 KB" in page.locator("#size").inner_text()
    assert "Why Ankle and Foot Mobility" in page.locator("pre.plain").inner_text()
    assert (
        page.locator("object.pdf")
        .get_attribute("data")
        .startswith(f"/out/handouts/{ARTICLE}.pdf?v=")
    )
    assert page.locator("ul.cards li").count() == 3


def test_saving_the_article_updates_the_open_page(studio: Running, page: Any) -> None:
    page.goto(f"{studio.url}articles/{ARTICLE}")
    page.evaluate("window.notReloaded = true")
    path = article_file(studio)
    path.write_text(path.read_text().replace(f"title: {TITLE}", "title: Feet First"))
    saved = time.monotonic()
    page.locator("#article-title", has_text="Feet First").wait_for(timeout=2000)
    assert time.monotonic() - saved < 2
    assert page.evaluate("window.notReloaded") is True  # updated in place, not reloaded
    frame = page.locator("#frame-600").element_handle().content_frame()
    frame.wait_for_selector("text=Feet First", timeout=2000)


def test_a_broken_edit_shows_where_and_the_next_good_save_clears_it(
    studio: Running, page: Any
) -> None:
    page.goto(f"{studio.url}articles/{ARTICLE}")
    path = article_file(studio)
    good = path.read_text()
    path.write_text(good.replace("summary: >-", "summary: [unclosed"))
    page.wait_for_selector("#errors", timeout=2000)
    errors = page.locator("#error-list").inner_text()
    assert re.search(rf"content/articles/{ARTICLE}\.md:6:5 YAML: expected ','", errors), errors
    assert page.locator("#frame-375").count() == 0  # not the last good preview
    path.write_text(good)
    page.wait_for_selector("#frame-375", timeout=2000)
    assert page.locator("#errors").count() == 0


def test_the_desk_makes_the_patients_handout(studio: Running, page: Any) -> None:
    before = sorted(p for p in studio.root.rglob("*") if p.is_file())
    page.goto(f"{studio.url}desk")
    page.fill("#patient", "Ada Lovelace")
    page.fill("#therapist", "Dr. Grace Hopper")
    rows = page.locator("#drills li")
    page.locator("li[data-slug=foot-pronation-wall-glide] input[type=checkbox]").uncheck()
    toe = page.locator("li[data-slug=toe-yoga]")
    toe.locator("button.up").click()
    toe.locator("button.up").click()
    assert rows.first.get_attribute("data-slug") == "toe-yoga"
    page.fill("input[name=dose-toe-yoga]", "3x12")
    with page.expect_download() as download:
        page.click("#make")
    pdf = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename.startswith(f"handout-{ARTICLE}-")
    text = squash("".join(page.extract_text() for page in reader(pdf).pages))
    assert squash("Ada Lovelace") in text
    assert squash("3 sets of 12 reps") in text
    toe_at, heel_at = text.find("ToeYoga"), text.find("Heel-ElevatedSquatRock")
    assert 0 <= toe_at < heel_at
    assert squash("Foot Pronation Drill") not in text
    after = sorted(p for p in studio.root.rglob("*") if p.is_file())
    assert after == before  # nothing about the patient was kept


def test_choosing_a_translated_article_offers_its_drills_in_its_language(
    languages: Running, page: Any
) -> None:
    page.goto(f"{languages.url}desk")
    page.select_option("#article", "ankle-foot-mobility.es")
    visible = page.locator("#drills li:visible")
    assert visible.count() == 3
    assert all(
        slug.endswith(".es") for slug in visible.evaluate_all("r => r.map(e => e.dataset.slug)")
    )
    ticked = page.locator("#drills input[type=checkbox]:checked")
    assert ticked.evaluate_all("boxes => boxes.map(box => box.value)") == [
        "heel-elevated-squat-rock.es",  # in the article's order
        "foot-pronation-wall-glide.es",
        "toe-yoga.es",
    ]
    with page.expect_download() as download:
        page.click("#make")
    assert reader(Path(download.value.path()).read_bytes()).trailer["/Root"]["/Lang"] == "es"


def test_a_mistyped_dose_is_shown_on_the_desk_with_what_was_typed(
    studio: Running, page: Any
) -> None:
    page.goto(f"{studio.url}desk")
    page.fill("#patient", "Ada Lovelace")
    page.fill("input[name=dose-toe-yoga]", "lots")
    page.click("#make")
    assert "dose" in page.locator("#desk-error").inner_text()
    assert page.input_value("#patient") == "Ada Lovelace"
    assert page.input_value("input[name=dose-toe-yoga]") == "lots"
