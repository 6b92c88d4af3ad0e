"""The newsletter HTML and text: what "good email output" means in DESIGN.md, checked."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from handouts.build.kinds import IMAGE
from handouts.build.plan import plan
from handouts.check import newsletter_warnings
from handouts.dosage import badge_text, describe
from handouts.load.loader import LoadResult, load_site
from handouts.model import (
    Article,
    Block,
    BulletList,
    DrillCards,
    Emphasis,
    Heading,
    Inline,
    Link,
    OrderedList,
    Paragraph,
    Site,
    Strong,
    Text,
)
from handouts.newsletter.render import NewsletterFiles, forget, render_newsletter
from tests.support.email import Page, read_html, words
from tests.support.sites import AWKWARD_SITE, SEED_SITE, SITES, copy_site

SEED_SLUG = "ankle-foot-mobility"
AWKWARD_SLUG = "awkward-article"
WHEN = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module", params=["seed", "awkward"])
def case(request: pytest.FixtureRequest) -> tuple[Site, Article, NewsletterFiles, Page]:
    """Each site's article, rendered once for the module."""
    result: LoadResult = request.getfixturevalue(request.param)
    site = result.site
    assert site is not None
    article = site.articles[SEED_SLUG if request.param == "seed" else AWKWARD_SLUG]
    files = render_newsletter(site, article)
    return site, article, files, read_html(files.html)


def paragraphs(blocks: tuple[Block, ...]) -> list[str]:
    """Every stretch of words in paragraphs, headings and list items, one per inline run
    (the outputs put link targets and line breaks between runs)."""
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            found.extend(_runs(block.children))
        elif isinstance(block, BulletList | OrderedList):
            for item in block.items:
                found.extend(paragraphs(item.blocks))
    return found


def _runs(runs: tuple[Inline, ...]) -> list[str]:
    found: list[str] = []
    for run in runs:
        if isinstance(run, Text) and run.text.strip():
            found.append(words(run.text))
        elif isinstance(run, Strong | Emphasis | Link):
            found.extend(_runs(run.children))
    return found


# --- the HTML ------------------------------------------------------------------------------


def test_no_mjml_survives_and_the_size_stays_under_gmails_clipping(case) -> None:
    _, _, files, page = case
    assert b"<mj-" not in files.html
    assert not [tag for tag in page.tags if tag.startswith("mj")]
    assert len(files.html) < 102_000


def test_language_title_and_preheader_are_set(case) -> None:
    _, article, _, page = case
    assert page.lang == "en"
    assert page.title == article.title
    assert page.preheader == article.summary


def test_preheader_is_padded_so_the_body_stays_out_of_the_preview(case) -> None:
    _, _, _, page = case
    assert page.hidden_texts[0].count("\u200c") >= 40


def test_no_script_no_unsafe_urls_no_remote_fonts(case) -> None:
    _, _, files, page = case
    assert "script" not in page.tags
    assert "link" not in page.tags  # no remote stylesheets
    assert not [url for url in page.urls if re.match(r"\s*(javascript|data):", url, re.I)]
    html = files.html.decode()
    assert "@import" not in html
    assert "fonts.googleapis" not in html
    assert "@font-face" not in html


def test_every_image_has_alt_text(case) -> None:
    _, _, _, page = case
    assert all((image.get("alt") or "").strip() for image in page.images)


def test_every_link_is_absolute_or_the_merge_tag(case) -> None:
    site, _, _, page = case
    merge_tag = site.clinic.newsletter.unsubscribe_url
    for href in page.hrefs:
        assert href == merge_tag or re.match(r"^(https?://[^/\s]+|mailto:\S+|tel:\+?\d+)", href), (
            href
        )


def test_cta_button_carries_utm_and_keeps_the_booking_query(case) -> None:
    site, article, _, page = case
    booking = urlsplit(site.clinic.booking.url)
    (button,) = [link for link in page.links if "utm_content=cta-button" in (link["href"] or "")]
    target = urlsplit(button["href"] or "")
    assert (target.scheme, target.netloc, target.path) == (
        booking.scheme,
        booking.netloc,
        booking.path,
    )
    query = parse_qs(target.query)
    for key, values in parse_qs(booking.query).items():
        assert query[key] == values
    news = site.clinic.newsletter
    assert query["utm_source"] == [news.utm_source]
    assert query["utm_medium"] == [news.utm_medium]
    assert query["utm_campaign"] == [article.slug]


def test_the_clinics_own_links_are_tagged_and_external_links_are_not(case) -> None:
    site, _, _, page = case
    website = urlsplit(site.clinic.website or "").hostname
    for href in page.hrefs:
        host = urlsplit(href).hostname
        if host == website:
            assert "utm_campaign=" in href, href
        elif href.startswith("http"):
            assert "utm_" not in href, href


def test_unsubscribe_link_is_the_literal_merge_tag(case) -> None:
    site, _, _, page = case
    tag = site.clinic.newsletter.unsubscribe_url
    assert tag in page.hrefs
    unsubscribe = [link for link in page.links if link["href"] == tag]
    assert unsubscribe and "utm" not in (unsubscribe[0]["href"] or "")


def test_footer_has_address_phone_and_website(case) -> None:
    site, _, _, page = case
    clinic = site.clinic
    assert clinic.address and clinic.address in page.text
    assert clinic.phone and clinic.phone in page.text
    assert any("utm_content=footer-website" in href for href in page.hrefs)


def test_header_shows_the_clinic_name_in_the_brand_colour(case) -> None:
    site, _, files, page = case
    assert page.text.startswith(site.clinic.name)
    assert f"background:{site.clinic.brand.primary}".lower() in files.html.decode().lower()


def test_the_whole_article_and_every_drill_reach_the_html(case) -> None:
    _, article, _, page = case
    for paragraph in paragraphs(article.body):
        assert words(paragraph) in page.text
    for drill in article.drills:
        assert drill.name in page.text
        assert describe(drill.dosage) in page.text
        assert drill.goal in page.text
        for equipment in drill.equipment:
            assert equipment in page.text
        for paragraph in paragraphs(drill.instructions):
            assert words(paragraph) in page.text


def test_drill_cards_sit_where_the_marker_is(case) -> None:
    _, article, _, page = case
    first_drill = page.text.index(article.drills[0].name)
    marker = next(i for i, block in enumerate(article.body) if isinstance(block, DrillCards))
    before, after = paragraphs(article.body[:marker]), paragraphs(article.body[marker + 1 :])
    assert before and after
    assert all(page.text.index(text) < first_drill for text in before)
    assert all(page.text.rindex(text) > first_drill for text in after)


def test_the_dosage_is_a_badge(case) -> None:
    _, article, files, _ = case
    html = files.html.decode()
    for drill in article.drills:
        badge = re.search(
            r'<span style="([^"]*)">' + re.escape(_html(badge_text(drill.dosage))), html
        )
        assert badge and "border-radius" in badge.group(1) and "background-color" in badge.group(1)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- the awkward site's content shows as text -----------------------------------------------


def test_markup_like_content_is_shown_as_text(awkward: LoadResult) -> None:
    site = awkward.site
    assert site is not None
    files = render_newsletter(site, site.articles[AWKWARD_SLUG])
    page = read_html(files.html)
    assert page.title == "Knees & <b>Tags</b>: a {{ 7*7 }} test 😀"
    assert "Raw <b>bold</b> tag" in page.text
    assert "<mj-raw><script>x</script></mj-raw>" in page.text
    assert '{{ 7*7 }} {% include "secret.txt" %}' in page.text
    assert "49" not in page.text
    assert "Smith & Jones <Physio> Ltd" in page.text
    assert "Book now & save <script>" in page.text
    assert page.tags.count("b") == 0 and "font" not in page.tags and "para" not in page.tags
    assert "Łódź" in page.text and "😀" in page.text


def test_long_words_and_urls_may_wrap(awkward: LoadResult) -> None:
    site = awkward.site
    assert site is not None
    html = render_newsletter(site, site.articles[AWKWARD_SLUG]).html.decode()
    paragraph = re.search(r'<p style="([^"]*)">A very long word', html)
    assert paragraph and "overflow-wrap:anywhere" in paragraph.group(1)


def test_images_use_the_asset_base_url(awkward: LoadResult) -> None:
    site = awkward.site
    assert site is not None
    page = read_html(render_newsletter(site, site.articles[AWKWARD_SLUG]).html)
    sources = {image["src"]: image["alt"] for image in page.images}
    base = "https://cdn.smith-jones.example/assets"
    assert sources == {
        f"{base}/assets/logo.png": "Smith & Jones <Physio> Ltd",
        f"{base}/assets/photo.png": site.drills["long-drill"].name,
    }
    assert not [job for job in plan(site) if job.kind is IMAGE]  # nothing to copy beside


def test_without_asset_base_url_images_are_relative_and_check_warns(tmp_path: Path) -> None:
    root = copy_site(AWKWARD_SITE, tmp_path / "site")
    clinic = root / "content" / "clinic.yaml"
    clinic.write_text(
        re.sub(r"\n  asset_base_url:.*", "", clinic.read_text(encoding="utf-8")), encoding="utf-8"
    )
    site = load_site(root).site
    assert site is not None
    article = site.articles[AWKWARD_SLUG]
    page = read_html(render_newsletter(site, article).html)
    assert {image["src"] for image in page.images} == {"assets/logo.png", "assets/photo.png"}
    copied = [job.outputs for job in plan(site) if job.kind is IMAGE]
    assert copied == [("newsletters/assets/logo.png",), ("newsletters/assets/photo.png",)]
    (warning,) = newsletter_warnings(site)
    assert str(warning).startswith("content/clinic.yaml:1: warning:")
    assert "asset_base_url" in warning.message


def test_the_seed_gets_no_newsletter_warning(seed: LoadResult) -> None:
    assert seed.site is not None
    assert newsletter_warnings(seed.site) == []


def test_a_site_without_unsubscribe_link_is_warned_about(site_copy: Path) -> None:
    clinic = site_copy / "content" / "clinic.yaml"
    text = clinic.read_text(encoding="utf-8").replace('  unsubscribe_url: "*|UNSUB|*"\n', "")
    clinic.write_text(text, encoding="utf-8")
    site = load_site(site_copy).site
    assert site is not None
    (warning,) = newsletter_warnings(site)
    assert "unsubscribe_url" in warning.message


def test_a_javascript_link_is_refused_with_its_line_and_never_reaches_an_href(
    site_copy: Path,
) -> None:
    article = site_copy / "content" / "articles" / f"{SEED_SLUG}.md"
    lines = article.read_text(encoding="utf-8").split("\n")
    line = lines.index("## The Bottom Line") + 2
    lines.insert(line - 1, "Do [not click](javascript:alert(1)) this.")
    article.write_text("\n".join(lines), encoding="utf-8")
    result = load_site(site_copy)
    errors = [str(d) for d in result.diagnostics.errors]
    assert any(
        e.startswith(f"content/articles/{SEED_SLUG}.md:{line}:") and "javascript" in e
        for e in errors
    ), errors
    site = result.site
    assert site is not None
    for article_model in site.articles.values():
        files = render_newsletter(site, article_model)
        assert b"javascript:" not in files.html.lower()


def test_rendering_is_deterministic(seed: LoadResult) -> None:
    assert seed.site is not None
    article = seed.site.articles[SEED_SLUG]
    assert render_newsletter(seed.site, article) == render_newsletter(seed.site, article)


def test_what_renders_keep_between_newsletters_never_changes_a_byte(
    seed: LoadResult, awkward: LoadResult, tmp_path: Path
) -> None:
    """Rendered blocks, filled labels, doses, lines and linted tags are kept by content:
    each newsletter, rendered warm in any order, equals its render from nothing, also for
    the same article and drills in another brand colour or language."""
    recoloured = copy_site(SEED_SITE, tmp_path / "recoloured")
    clinic = recoloured / "content" / "clinic.yaml"
    clinic.write_text(clinic.read_text().replace("#1F5F8B", "#7A1F5C"), encoding="utf-8")
    sites = [seed.site, awkward.site, load_site(recoloured).site, load_site(SITES / "i18n").site]
    calls = [
        lambda site=site, article=article: render_newsletter(site, article, WHEN)
        for site in sites
        if site is not None
        for article in site.articles.values()
    ]
    cold = []
    for call in calls:
        forget()
        cold.append(call())
    assert len({files.html for files in cold}) == len(calls) > 5
    assert [call() for call in calls] == cold
    assert [call() for call in reversed(calls)][::-1] == cold


def test_a_picture_is_read_once_as_loaded_and_again_when_saved_and_reloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pictures are kept under the digest the loader took (what a build records)."""
    site_root = copy_site(AWKWARD_SITE, tmp_path / "site")
    site = load_site(site_root).site
    assert site is not None and site.clinic.logo is not None
    first = render_newsletter(site, site.articles[AWKWARD_SLUG], WHEN)
    assert b"Content-Type: image/" in first.eml
    read: list[Path] = []
    real_read_bytes = Path.read_bytes

    def counted(path: Path) -> bytes:
        read.append(path)
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    assert render_newsletter(site, site.articles[AWKWARD_SLUG], WHEN) == first
    assert read == []
    logo = site.clinic.logo.path
    logo.write_bytes(real_read_bytes(logo) + b"\0")  # a PNG with a byte after its end
    assert render_newsletter(site, site.articles[AWKWARD_SLUG], WHEN) == first
    reloaded = load_site(site_root).site
    assert reloaded is not None
    read.clear()
    again = render_newsletter(reloaded, reloaded.articles[AWKWARD_SLUG], WHEN)
    assert logo in read
    assert again.eml != first.eml


# --- the text part ------------------------------------------------------------------------


def test_text_part_carries_every_paragraph_and_drill_and_the_booking_url(case) -> None:
    site, article, files, _ = case
    text = files.text.decode("utf-8")
    flat = words(text)
    for paragraph in paragraphs(article.body):
        assert words(paragraph) in flat, paragraph
    for drill in article.drills:
        assert drill.name in flat
        assert describe(drill.dosage) in flat
        assert words(drill.goal) in flat
        for paragraph in paragraphs(drill.instructions):
            assert words(paragraph) in flat
    assert site.clinic.booking.url.split("?")[0] in text
    assert site.clinic.newsletter.unsubscribe_url in text


def test_text_part_writes_links_out_and_keeps_markup_literal(awkward: LoadResult) -> None:
    site = awkward.site
    assert site is not None
    text = render_newsletter(site, site.articles[AWKWARD_SLUG]).text.decode("utf-8")
    assert "link & more (https://example.org/a?b=1&c=2)" in words(text)
    assert "mail (mailto:hello@smith-jones.example)" in text
    assert "Knees & <b>Tags</b>: a {{ 7*7 }} test 😀" in text
    assert "&amp;" not in text
    long_url = "https://example.org/this/is/a/very/long/path/that/goes/on/and/on/and/on/and/on/"
    assert long_url in text  # never broken across lines


def test_text_part_lines_fit_72_columns_except_unbreakable_words(case) -> None:
    _, _, files, _ = case
    for line in files.text.decode("utf-8").splitlines():
        assert len(line) <= 72 or " " not in line.strip() or "://" in line, line


@pytest.mark.parametrize(
    ("ink", "above"), [((0, 150, 60, 255), True), ((255, 255, 255, 255), False)]
)
def test_a_logo_that_would_vanish_on_the_band_goes_on_white_above_it(
    tmp_path: Path, ink: tuple[int, int, int, int], above: bool
) -> None:
    from PIL import Image as Picture

    root = copy_site(AWKWARD_SITE, tmp_path / "site")
    logo = Picture.new("RGBA", (300, 100), (0, 0, 0, 0))  # see-through, with a mark in `ink`
    logo.paste(ink, (20, 20, 280, 80))
    logo.save(root / "content" / "assets" / "logo.png")
    site = load_site(root).site
    assert site is not None and site.clinic.logo is not None
    html = render_newsletter(site, next(iter(site.articles.values()))).html.decode()
    band = html.lower().index(f"background:{site.clinic.brand.primary.lower()}")
    image = html.index("logo.png")
    assert (image < band) is above
