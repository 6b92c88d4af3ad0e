"""The mjml-python wrapper: its quirks handled, and template typos caught before compiling."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.diagnostics import ContentError
from handouts.load.loader import load_site
from handouts.newsletter.mjml import compile_mjml, lint_mjml
from handouts.newsletter.render import render_newsletter

MINIMAL = (
    '<mjml lang="en"><mj-head><mj-title>T</mj-title></mj-head><mj-body><mj-section>'
    "<mj-column><mj-text>{}</mj-text></mj-column></mj-section></mj-body></mjml>"
)


def test_compiles_with_the_language_and_no_remote_fonts(tmp_path: Path) -> None:
    html = compile_mjml(MINIMAL.format("Hello"), tmp_path, "t.mjml.j2")
    assert '<html lang="en"' in html
    assert "googleapis" not in html and "@import" not in html
    assert "<mj-" not in html


def test_mjml_without_a_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="lang"):
        compile_mjml(MINIMAL.replace(' lang="en"', "").format("x"), tmp_path, "t.mjml.j2")


def test_lint_reports_unknown_tags_and_attributes() -> None:
    source = MINIMAL.format('<p style="x">a</p><mj-buton href="x" /><strong clas="y">b</strong>')
    source = source.replace("<mj-text>", '<mj-text paddin="1px">')
    assert lint_mjml(source) == [
        ("mj-text", "paddin"),
        ("mj-buton", None),
        ("strong", "clas"),
    ]


def test_lint_accepts_what_the_built_in_templates_write(seed, awkward) -> None:  # type: ignore[no-untyped-def]
    for result in (seed, awkward):
        site = result.site
        for article in site.articles.values():
            render_newsletter(site, article)  # raises on any unknown tag or attribute


def test_lint_is_not_fooled_by_markup_inside_attribute_values() -> None:
    assert lint_mjml('<mj-image alt="a > <mj-x> b" src="x" />') == []


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("<mj-buton>", "unknown tag <mj-buton> (did you mean 'mj-button'?)"),
        ('<mj-text colr="red">', "unknown attribute 'colr' on <mj-text> (did you mean 'color'?)"),
    ],
)
def test_a_template_typo_fails_naming_the_template_and_line(
    site_copy: Path, typo: str, expected: str
) -> None:
    footer = site_copy / "templates" / "partials" / "footer.mjml.j2"
    footer.parent.mkdir(parents=True)
    closing = "</mj-buton>" if typo == "<mj-buton>" else "</mj-text>"
    footer.write_text(
        f"<mj-section>\n  <mj-column>\n    {typo}Footer{closing}\n  </mj-column>\n</mj-section>\n",
        encoding="utf-8",
    )
    site = load_site(site_copy).site
    assert site is not None
    with pytest.raises(ContentError) as caught:
        render_newsletter(site, site.articles["ankle-foot-mobility"])
    assert str(caught.value) == f"templates/partials/footer.mjml.j2:3: error: {expected}"


@pytest.mark.parametrize(
    "title",
    [
        "We ❤️ runners",  # an emoji with its variation selector
        "Cafe\u0301 stretches",  # a decomposed accent, as macOS writes file text
        "👩\u200d⚕️ ask your physio",  # a joined emoji
        "Back\\slash &amp; &#34;quotes&#34;",
    ],
)
def test_the_page_label_keeps_the_titles_characters(tmp_path: Path, title: str) -> None:
    """mjml-python writes the page's aria-label with escape sequences such as `\\u{fe0f}`,
    which a screen reader would spell out; the label must read as the title does."""
    source = MINIMAL.replace("<mj-title>T</mj-title>", f"<mj-title>{title}</mj-title>")
    html = compile_mjml(source.format("x"), tmp_path, "t.mjml.j2")
    assert f'aria-label="{title}"' in html
    assert "\\u{" not in html
