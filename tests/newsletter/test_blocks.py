"""Callouts, quotes, tables and figures in the email's HTML and text parts, and a
drill's caution, progressions and video link."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

import pytest

from handouts.model import Article, Site
from handouts.newsletter.render import NewsletterFiles, render_newsletter
from tests.support.email import Page, read_html
from tests.support.sites import clean_site


@pytest.fixture(scope="module")
def site() -> Site:
    return clean_site("blocks")


@pytest.fixture(scope="module")
def article(site: Site) -> Article:
    return site.articles["ankle-sprain-return"]


@pytest.fixture(scope="module")
def files(site: Site, article: Article) -> NewsletterFiles:
    return render_newsletter(site, article)


@pytest.fixture(scope="module")
def page(files: NewsletterFiles) -> Page:
    return read_html(files.html)


@pytest.fixture(scope="module")
def text(files: NewsletterFiles) -> str:
    return files.text.decode()


def in_order(needles: list[str], haystack: str) -> bool:
    position = 0
    for needle in needles:
        position = haystack.find(needle, position)
        if position < 0:
            return False
    return True


# --- HTML ----------------------------------------------------------------------------------


def test_each_callout_is_a_bordered_box_led_by_its_label(files: NewsletterFiles) -> None:
    html = files.html.decode()
    for label in ("Important", "Tip", "Note", "Warning", "Caution"):
        box = re.search(
            rf'<div style="[^"]*border-left:6px solid [^"]*"><p style="[^"]*font-weight:bold;">'
            rf"{label}</p>",
            html,
        )
        assert box, label


def test_a_quote_is_a_blockquote(page: Page) -> None:
    assert page.tags.count("blockquote") == 1
    assert "I thought rest was the treatment." in page.text


def test_a_table_has_a_header_row_and_a_cell_per_value(page: Page, files: NewsletterFiles) -> None:
    html = files.html.decode()
    assert page.tags.count("table") >= 2  # the article's and a drill's, among the layout's
    assert len(re.findall(r'<th scope="col"', html)) == 5 + 3
    assert len(re.findall(r"<td style=\"padding:5px", html)) == 5 * 4 + 3 * 3
    assert "|" not in page.text
    assert in_order(["Phase", "When", "Goal", "Exercise", "Dose", "Protect", "Days 1–3"], page.text)


def test_a_figure_is_an_image_with_its_alt_and_caption(page: Page, site: Site) -> None:
    base = site.clinic.newsletter.asset_base_url
    figures = [img for img in page.images if (img.get("src") or "").startswith(f"{base}/assets/")]
    assert [img["alt"] for img in figures] == [
        "Five drawings of the ankle, from pointed toes to a flexed foot",
        "A figure standing on one leg, arms out for balance",
    ]
    assert [img["width"] for img in figures] == ["536", "536"]  # the text column, at most
    assert "The range to win back: from pointing the toes to pulling them up" in page.text


def test_the_eml_embeds_each_figure(files: NewsletterFiles) -> None:
    message = email.message_from_bytes(files.eml, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    images = [part for part in message.walk() if part.get_content_maintype() == "image"]
    assert len(images) == 2
    html = next(p for p in message.walk() if p.get_content_type() == "text/html")
    assert "harbourside-physio.test/newsletter-assets" not in html.get_content()


def test_a_card_shows_caution_then_steps_then_progressions_and_video(
    page: Page, site: Site
) -> None:
    drill = site.drills["single-leg-balance"]
    assert in_order(
        [
            "Caution:",
            drill.caution or "",
            "Stand on the injured leg",
            "Too hard?",
            drill.easier or "",
            "Too easy?",
            drill.harder or "",
            "Watch the video",
        ],
        page.text,
    )
    video = [link["href"] for link in page.links if link.get("href", "").startswith(drill.video)]
    assert video == [drill.video]  # another site's link: never campaign-tagged


# --- text part -----------------------------------------------------------------------------


def test_the_text_part_labels_callouts_and_quotes(text: str) -> None:
    assert "IMPORTANT:\n  If you could not take four steps" in text
    assert "WARNING:\n  Stop the exercises" in text
    assert "> I thought rest was the treatment." in text


def test_a_table_too_wide_for_columns_reads_as_header_value_lines(text: str) -> None:
    assert "Phase: Protect\nWhen: Days 1–3\nGoal: Settle the swelling\n" in text


def test_a_narrow_table_keeps_its_columns_aligned(text: str) -> None:
    assert "  Week  Band            Distance\n  ----  --------------  --------\n" in text
    assert "  1     Light (yellow)  3 × 10 m\n" in text


def test_a_figure_in_the_text_part_is_its_description_and_caption(text: str) -> None:
    assert (
        "[Image: Five drawings of the ankle, from pointed toes to a flexed foot]\n"
        "The range to win back" in text
    )


def test_a_drill_in_the_text_part_has_caution_progressions_and_video(text: str, site: Site) -> None:
    drill = site.drills["heel-walk-bands"]
    assert in_order(
        [
            f"CAUTION: {drill.caution}",
            "Loop the band",
            f"Too hard? {drill.easier}",
            f"Too easy? {drill.harder}",
            f"Watch the video: {drill.video}",
        ],
        text,
    )
