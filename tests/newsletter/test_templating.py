"""Templates: site overrides, escaping by kind, and template mistakes as located errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handouts.diagnostics import ContentError
from handouts.load.loader import load_site
from handouts.newsletter.render import render_newsletter
from handouts.newsletter.templating import render

SLUG = "ankle-foot-mobility"


def write_template(site: Path, name: str, text: str) -> None:
    path = site / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def render_seed(site: Path):  # type: ignore[no-untyped-def]
    loaded = load_site(site).site
    assert loaded is not None
    return render_newsletter(loaded, loaded.articles[SLUG])


def test_a_site_template_overrides_the_built_in_one(site_copy: Path) -> None:
    write_template(site_copy, "newsletter.txt.j2", "{{ article.title }} from {{ clinic.name }}\n")
    files = render_seed(site_copy)
    assert files.text == b"Why Ankle and Foot Mobility Matter for Runners from CoreQuest Therapy\n"
    assert b"<!doctype html>" in files.html  # the other templates stay built-in


def test_a_site_partial_overrides_only_that_partial(site_copy: Path) -> None:
    write_template(
        site_copy,
        "partials/footer.mjml.j2",
        "<mj-section><mj-column><mj-text>Our own footer &amp; {{ clinic.name }}</mj-text>"
        "</mj-column></mj-section>",
    )
    html = render_seed(site_copy).html.decode()
    assert "Our own footer &amp; CoreQuest Therapy" in html
    assert "Book a Session" in html


def test_markup_templates_escape_and_text_templates_do_not(tmp_path: Path) -> None:
    write_template(tmp_path, "x.mjml.j2", "{{ value }}")
    write_template(tmp_path, "x.txt.j2", "{{ value }}")
    assert render(tmp_path, "x.mjml.j2", {"value": "<b>&"}) == "&lt;b&gt;&amp;"
    assert render(tmp_path, "x.txt.j2", {"value": "<b>&"}) == "<b>&"


def test_an_undefined_variable_names_the_template_and_line(site_copy: Path) -> None:
    write_template(site_copy, "newsletter.txt.j2", "Hello\n{{ article.titel }}\n")
    with pytest.raises(ContentError) as caught:
        render_seed(site_copy)
    assert str(caught.value).startswith("templates/newsletter.txt.j2:2: error:")
    assert "titel" in str(caught.value)


def test_an_undefined_variable_in_a_built_in_partial_names_that_partial(tmp_path: Path) -> None:
    write_template(tmp_path, "partials/x.txt.j2", "ok\n{{ missing }}")
    write_template(tmp_path, "main.txt.j2", '{% include "partials/x.txt.j2" %}')
    with pytest.raises(ContentError) as caught:
        render(tmp_path, "main.txt.j2", {})
    assert str(caught.value).startswith("templates/partials/x.txt.j2:2: error:")


def test_a_jinja_syntax_error_names_the_template_and_line(site_copy: Path) -> None:
    write_template(site_copy, "newsletter.txt.j2", "one\ntwo\n{% if article.title %}\nthree\n")
    with pytest.raises(ContentError) as caught:
        render_seed(site_copy)
    message = str(caught.value)
    assert message.startswith("templates/newsletter.txt.j2:")
    assert "syntax error" in message


def test_a_missing_include_is_a_located_error(site_copy: Path) -> None:
    write_template(site_copy, "newsletter.txt.j2", 'x\n{% include "partials/nope.txt.j2" %}\n')
    with pytest.raises(ContentError) as caught:
        render_seed(site_copy)
    assert str(caught.value).startswith("templates/newsletter.txt.j2:2: error:")
    assert "nope.txt.j2" in str(caught.value)


def test_content_that_looks_like_jinja_is_never_evaluated(awkward) -> None:  # type: ignore[no-untyped-def]
    site = awkward.site
    files = render_newsletter(site, site.articles["awkward-article"])
    assert b"{{ 7*7 }}" in files.text
    assert b"49" not in files.text


def test_a_newsletter_renders_with_the_templates_as_the_site_was_loaded(
    site_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loaded site carries its templates' digest: rendering reads no template file
    again (a build reloads the site after every save); it only asks whether one changed."""
    loaded = load_site(site_copy).site
    assert loaded is not None
    first = render_newsletter(loaded, loaded.articles[SLUG])

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a file was opened while rendering: {args}")

    with monkeypatch.context() as patch:
        for name in ("builtins.open", "io.open"):
            patch.setattr(name, no_reading)
        again = render_newsletter(loaded, loaded.articles[SLUG])
    assert again == first


def test_an_override_saved_after_loading_is_used_by_the_next_load(site_copy: Path) -> None:
    before = render_seed(site_copy)
    write_template(site_copy, "newsletter.txt.j2", "{{ article.title }}\n")
    assert render_seed(site_copy).text == b"Why Ankle and Foot Mobility Matter for Runners\n"
    assert render_seed(site_copy).html == before.html


def test_a_template_saved_between_loading_and_rendering_is_never_kept_for_another_state(
    site_copy: Path,
) -> None:
    """The digest is taken at load, the files are read at the first render: a save in
    between, then an undo, must still print what the files say."""
    write_template(site_copy, "newsletter.txt.j2", "VERSION ONE\n")
    loaded = load_site(site_copy).site
    assert loaded is not None
    assert loaded.templates  # taken as a build's plan takes it: of VERSION ONE
    write_template(site_copy, "newsletter.txt.j2", "VERSION TWO\n")  # saved meanwhile
    assert render_newsletter(loaded, loaded.articles[SLUG]).text == b"VERSION TWO\n"
    path = site_copy / "templates" / "newsletter.txt.j2"
    stat = path.stat()
    write_template(site_copy, "newsletter.txt.j2", "VERSION ONE\n")  # undone
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    again = load_site(site_copy).site  # the same digest as the first load
    assert again is not None and again.templates == loaded.templates
    assert render_newsletter(again, again.articles[SLUG]).text == b"VERSION ONE\n"
