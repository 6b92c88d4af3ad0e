"""The newsletter in a real browser (Chromium): no sideways scroll on a phone or at the
email's own width, and the booking button visible and pointing at the booking page.

Nothing remote is fetched: every request other than the local file is aborted, except
the awkward site's asset URLs, which are answered from its content/ folder so that the
screenshots show the images. Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from handouts.load.loader import LoadResult, load_site
from handouts.newsletter.render import render_newsletter
from tests.support.sites import REPO, SITES

ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def blocks() -> LoadResult:
    """The site with every block: a five-column table, a wide figure, callouts."""
    result = load_site(SITES / "blocks")
    assert result.site is not None and not result.diagnostics.has_errors()
    return result


@pytest.mark.parametrize("site_name", ["seed", "awkward", "blocks"])
@pytest.mark.parametrize("width", [375, 600])
def test_no_horizontal_scroll_and_the_cta_works(
    browser, site_name: str, width: int, request: pytest.FixtureRequest, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    result: LoadResult = request.getfixturevalue(site_name)
    site = result.site
    assert site is not None
    article = next(iter(site.articles.values()))
    page_file = tmp_path / f"{article.slug}.html"
    page_file.write_bytes(render_newsletter(site, article).html)
    assets = site.clinic.newsletter.asset_base_url

    def route(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        elif assets and url.startswith(assets.rstrip("/") + "/"):
            relative = url[len(assets.rstrip("/")) + 1 :]
            route.fulfill(path=str(site.root / "content" / relative))
        else:
            route.abort()

    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.route("**/*", route)
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"newsletter-{site_name}-{width}.png"), full_page=True)

        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width

        button = page.locator("a[href*='utm_content=cta-button']")
        assert button.count() == 1
        assert button.is_visible()
        assert button.inner_text().strip() == article.cta.label
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        target = urlsplit(button.get_attribute("href") or "")
        booking = urlsplit(article.cta.url)
        assert (target.netloc, target.path) == (booking.netloc, booking.path)
        assert parse_qs(target.query)["utm_campaign"] == [article.slug]
    finally:
        page.close()


@pytest.mark.parametrize("width", [375, 600])
def test_tables_and_figures_stay_within_a_phone_screen(
    browser, blocks: LoadResult, width: int, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    site = blocks.site
    assert site is not None
    article = site.articles["ankle-sprain-return"]
    page_file = tmp_path / "blocks.html"
    html = render_newsletter(site, article).html.decode()
    base = site.clinic.newsletter.asset_base_url or ""
    page_file.write_text(html.replace(base, (site.root / "content").as_uri()), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        boxes = page.evaluate(
            """[...document.querySelectorAll('table[role="table"], img[alt]')]
               .map(e => e.getBoundingClientRect()).map(r => [r.left, r.right, r.width])"""
        )
        widths = page.evaluate(
            """[...document.querySelectorAll('table[role="table"]')]
               .map(t => [t.scrollWidth, t.clientWidth])"""
        )
    finally:
        page.close()
    assert len(widths) == 2  # the article's five columns, and a drill's three
    assert all(left >= 0 and right <= width for left, right, _ in boxes)
    assert all(scroll <= client for scroll, client in widths)
    figures = [b for b in boxes if b[2] > 0]
    assert len(figures) >= 4  # two tables and the two figures, shown
