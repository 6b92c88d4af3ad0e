"""The newsletter in the reader's language: lang and dir on the page, Content-Language
on the message, and a right-to-left email that still fits a phone in real Chromium."""

from __future__ import annotations

import email
from email import policy

import pytest

from handouts.newsletter.render import render_newsletter
from tests.support.browser import browser  # noqa: F401  (the shared Chromium fixture)
from tests.support.sites import REPO, clean_site

ARTIFACTS = REPO / "test-artifacts"


@pytest.mark.parametrize(
    ("slug", "lang", "direction"),
    [
        ("ankle-foot-mobility.es", "es", "ltr"),
        ("ankle-foot-mobility.ar", "ar", "rtl"),
        ("foot-strength.zh-Hans", "zh-Hans", "ltr"),
    ],
)
def test_the_email_says_its_language_and_direction(slug: str, lang: str, direction: str) -> None:
    site = clean_site("i18n")
    files = render_newsletter(site, site.articles[slug])
    assert f'<html lang="{lang}" dir="{direction}"'.encode() in files.html
    message = email.message_from_bytes(files.eml, policy=policy.default)
    assert message["Content-Language"] == lang


@pytest.mark.browser
def test_the_arabic_email_runs_right_to_left_and_fits_a_phone(browser, tmp_path) -> None:  # noqa: F811
    site = clean_site("i18n")
    article = site.articles["ankle-foot-mobility.ar"]
    page_file = tmp_path / "ar.html"
    page_file.write_bytes(render_newsletter(site, article).html)
    page = browser.new_page(viewport={"width": 375, "height": 900})
    try:
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file:") else route.abort()
            ),
        )
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "newsletter-i18n-ar-375.png"), full_page=True)
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
        scroll_width, inner_width, leftmost = page.evaluate(
            """[document.documentElement.scrollWidth, window.innerWidth,
                Math.min(...[...document.querySelectorAll('body *')].map(
                    e => e.getBoundingClientRect().left))]"""
        )
        assert scroll_width <= inner_width and leftmost >= 0  # no overflow on either side
    finally:
        page.close()
