"""Loading a site: every content problem is reported at its file and line, all in one run."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from handouts.load.loader import load_site
from handouts.model import BulletList, DrillCards, Heading, OrderedList, Paragraph, Range
from tests.support.sites import ARTICLE, CLINIC, DRILL, make_site


def messages(root: Path, severity: str = "error") -> list[str]:
    result = load_site(root)
    return [str(d) for d in result.diagnostics.items if d.severity.value == severity]


def test_a_valid_site_loads_into_the_model(tmp_path: Path) -> None:
    result = load_site(make_site(tmp_path))
    assert not result.diagnostics.items
    site = result.site
    assert site is not None
    article = site.articles["calves"]
    assert article.title == "Calves"
    assert [d.slug for d in article.drills] == ["calf-raise"]
    assert article.body == (
        Paragraph((__import__("handouts.model").model.Text("Calves carry you."),)),
        DrillCards(),
    )
    assert article.cta.url == "https://clinic.test/book"
    assert site.drills["calf-raise"].dosage.sets == Range(2, 2)


# Each case: the files that replace the valid site's, and the exact message expected.
ERROR_CASES = {
    "not utf-8": (
        {"drills/calf-raise.md": DRILL.encode().replace(b"Calf", b"Caf\xe9")},
        "content/drills/calf-raise.md:2:10: error: file is not UTF-8 text (byte 0xe9)",
    ),
    "unclosed front matter": (
        {"articles/calves.md": "---\ntitle: x\nsummary: y\nbody\n"},
        "content/articles/calves.md:1: error: front matter is not closed",
    ),
    "no front matter": (
        {"articles/calves.md": "Just text\n"},
        "content/articles/calves.md:1: error: missing front matter",
    ),
    "yaml syntax error": (
        {"articles/calves.md": "---\ntitle: Calves\nsummary: [unclosed\n---\nText\n"},
        "content/articles/calves.md:3:19: error: YAML: expected ',' or ']'",
    ),
    "front matter is a list": (
        {"articles/calves.md": "---\n- a\n- b\n---\nText\n"},
        "content/articles/calves.md:2: error: front matter must be keys and values",
    ),
    "wrong type": (
        {"articles/calves.md": ARTICLE.replace("title: Calves", "title: [Calves]")},
        "content/articles/calves.md:2:1: error: 'title' must be text",
    ),
    "missing required key": (
        {"articles/calves.md": ARTICLE.replace("summary: Why calves matter.\n", "")},
        "content/articles/calves.md:2:1: error: required key 'summary' is missing",
    ),
    "empty required key": (
        {"drills/calf-raise.md": DRILL.replace("goal: Stronger calves.", "goal:")},
        "content/drills/calf-raise.md:3:1: error: required key 'goal' is empty",
    ),
    "unknown key with a hint": (
        {"articles/calves.md": ARTICLE.replace("summary:", "sumary:")},
        "content/articles/calves.md:3:1: error: unknown key 'sumary' (did you mean 'summary'?)",
    ),
    "unknown nested key": (
        {"clinic.yaml": CLINIC + "brand: {primry: '#123456'}\n"},
        "content/clinic.yaml:5:9: error: unknown key 'brand.primry' (did you mean 'primary'?)",
    ),
    "bad slug": (
        {"articles/Calves Article.md": ARTICLE},
        "content/articles/Calves Article.md:1: error: bad file name 'Calves Article.md'",
    ),
    "duplicate slug across articles and drills": (
        {"articles/calf-raise.md": ARTICLE},
        "content/articles/calf-raise.md:1: error: duplicate slug 'calf-raise'",
    ),
    "unknown drill": (
        {"articles/calves.md": ARTICLE.replace("[calf-raise]", "[calf-rise]")},
        "content/articles/calves.md:4:1: error: unknown drill 'calf-rise'"
        " (did you mean 'calf-raise'?)",
    ),
    "drill listed twice": (
        {"articles/calves.md": ARTICLE.replace("[calf-raise]", "[calf-raise, calf-raise]")},
        "content/articles/calves.md:4:1: error: drill 'calf-raise' is listed twice",
    ),
    "reps not a number": (
        {"drills/calf-raise.md": DRILL.replace("reps: 10", "reps: ten")},
        "content/drills/calf-raise.md:6:3: error: 'dosage.reps' must be a whole number",
    ),
    "reps negative": (
        {"drills/calf-raise.md": DRILL.replace("reps: 10", "reps: -3")},
        "content/drills/calf-raise.md:6:3: error: 'dosage.reps' must be at least 1",
    ),
    "range backwards": (
        {"drills/calf-raise.md": DRILL.replace("reps: 10", "reps: 10-2")},
        "content/drills/calf-raise.md:6:3: error: 'dosage.reps' range 10-2 runs backwards",
    ),
    "absurd sets": (
        {"drills/calf-raise.md": DRILL.replace("sets: 2", "sets: 1000000000")},
        "content/drills/calf-raise.md:5:3: error: 'dosage.sets' of 1000000000 is more than 20",
    ),
    "sets as a list": (
        {"drills/calf-raise.md": DRILL.replace("sets: 2", "sets: [1, 2]")},
        "content/drills/calf-raise.md:5:3: error: 'dosage.sets' must be a whole number",
    ),
    "no reps, hold, duration or distance": (
        {"drills/calf-raise.md": DRILL.replace("  reps: 10\n", "")},
        "content/drills/calf-raise.md:5:3: error: dosage needs 'reps', 'hold', 'duration' or",
    ),
    "booking url not http": (
        {"clinic.yaml": CLINIC.replace("https://clinic.test/book", "javascript:alert(1)")},
        "content/clinic.yaml:3:3: error: 'booking.url': 'javascript:alert(1)' uses 'javascript:'",
    ),
    "booking url without scheme": (
        {"clinic.yaml": CLINIC.replace("https://clinic.test/book", "clinic.test/book")},
        "content/clinic.yaml:3:3: error: 'booking.url': 'clinic.test/book' is not an absolute URL",
    ),
    "booking url too long to print and scan": (
        {"clinic.yaml": CLINIC.replace("/book", "/book?" + "x" * 400)},
        "content/clinic.yaml:3:3: error: 'booking.url' is longer than 300 characters",
    ),
    "link in markdown not http": (
        {"articles/calves.md": ARTICLE + "\nSee [this](javascript:alert(1)).\n"},
        "content/articles/calves.md:8: error: link target 'javascript:alert(1)' uses 'javascript:'",
    ),
    "relative link in markdown": (
        {"articles/calves.md": ARTICLE + "\nSee [blog](/blog).\n"},
        "content/articles/calves.md:8: error: link target '/blog' is not an absolute URL",
    ),
    "colour not hex": (
        {"clinic.yaml": CLINIC + "brand: {primary: blue}\n"},
        "content/clinic.yaml:5:9: error: 'brand.primary' must be a hex colour",
    ),
    "paper not known": (
        {"clinic.yaml": CLINIC + "print: {paper: legal}\n"},
        "content/clinic.yaml:5:9: error: 'print.paper' must be one of: letter, a4",
    ),
    "image missing": (
        {"drills/calf-raise.md": DRILL.replace("---\nRise", "image: assets/none.png\n---\nRise")},
        "content/drills/calf-raise.md:7:1: error: 'image' 'assets/none.png' does not exist",
    ),
    "image escaping content": (
        {"drills/calf-raise.md": DRILL.replace("---\nRise", "image: ../secret.png\n---\nRise")},
        "content/drills/calf-raise.md:7:1: error: 'image' '../secret.png' points outside content/",
    ),
    "image absolute": (
        {"drills/calf-raise.md": DRILL.replace("---\nRise", "image: /etc/passwd\n---\nRise")},
        "content/drills/calf-raise.md:7:1: error: 'image' must be a path under content/",
    ),
    "image not an image": (
        {
            "assets/fake.png": "not a png",
            "drills/calf-raise.md": DRILL.replace("---\nRise", "image: assets/fake.png\n---\nRise"),
        },
        "content/drills/calf-raise.md:7:1: error: 'image' 'assets/fake.png' is not a PNG or JPEG",
    ),
    "yaml python tag": (
        {
            "articles/calves.md": ARTICLE.replace(
                "title: Calves", "title: !!python/object:os.system {}"
            )
        },
        "content/articles/calves.md:2:8: error: YAML: YAML tag '!!python/object:os.system'",
    ),
    "yaml alias": (
        {"clinic.yaml": CLINIC + "tagline: &t x\naddress: *t\n"},
        "content/clinic.yaml:6:10: error: YAML: YAML aliases (*name) are not supported",
    ),
    "impossible date": (
        {"articles/calves.md": ARTICLE.replace("drills:", "date: 2026-13-45\ndrills:")},
        "content/articles/calves.md:4:7: error: YAML: invalid value '2026-13-45'",
    ),
    "duplicate key": (
        {"articles/calves.md": ARTICLE.replace("summary:", "title: Again\nsummary:")},
        "content/articles/calves.md:3:1: error: YAML: duplicate key 'title'",
    ),
    "missing clinic.yaml": (
        {"clinic.yaml": ""},
        "content/clinic.yaml:1: error: clinic.yaml must hold keys and values",
    ),
}


@pytest.mark.parametrize("files, expected", ERROR_CASES.values(), ids=ERROR_CASES.keys())
def test_each_error_is_reported_at_its_location(tmp_path: Path, files, expected: str) -> None:
    found = messages(make_site(tmp_path, files))
    assert any(m.startswith(expected) for m in found), found


def test_image_escaping_content_through_a_symlink_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    make_site(tmp_path / "site")
    (tmp_path / "site" / "content" / "assets").mkdir()
    os.symlink(outside, tmp_path / "site" / "content" / "assets" / "link.png")
    drill = tmp_path / "site" / "content" / "drills" / "calf-raise.md"
    drill.write_text(DRILL.replace("---\nRise", "image: assets/link.png\n---\nRise"))
    assert any(
        m.startswith("content/drills/calf-raise.md:7:1: error: 'image' 'assets/link.png' points")
        for m in messages(tmp_path / "site")
    )


def test_all_problems_are_reported_in_one_run(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "articles/calves.md": ARTICLE.replace("summary:", "sumary:"),
            "drills/calf-raise.md": DRILL.replace("reps: 10", "reps: 0"),
            "clinic.yaml": CLINIC + "website: ftp://x.test\n",
        },
    )
    found = messages(tmp_path)
    assert len(found) >= 4, found  # website, reps, sumary, missing summary (+ drill broken)
    paths = {m.split(":")[0] for m in found}
    assert paths == {
        "content/clinic.yaml",
        "content/drills/calf-raise.md",
        "content/articles/calves.md",
    }


def test_a_broken_article_does_not_stop_the_others(tmp_path: Path) -> None:
    make_site(tmp_path, {"articles/broken.md": "---\ntitle: [\n---\n"})
    result = load_site(tmp_path)
    assert result.site is not None
    assert set(result.site.articles) == {"calves"}
    assert result.failed == {"broken"}


def test_an_article_using_a_broken_drill_fails_too(tmp_path: Path) -> None:
    make_site(tmp_path, {"drills/calf-raise.md": DRILL.replace("sets: 2", "sets: x")})
    result = load_site(tmp_path)
    assert result.failed == {"calf-raise", "calves"}
    assert any("drill 'calf-raise' has errors" in str(d) for d in result.diagnostics.errors)


def test_crlf_and_bom_are_accepted(tmp_path: Path) -> None:
    crlf = "\ufeff" + ARTICLE.replace("\n", "\r\n")
    make_site(tmp_path, {"articles/calves.md": crlf})
    result = load_site(tmp_path)
    assert not result.diagnostics.items
    assert result.site is not None and result.site.articles["calves"].title == "Calves"


WARNING_CASES = {
    "raw html": (
        {"articles/calves.md": ARTICLE + "\nSome <b>bold</b> text.\n"},
        "content/articles/calves.md:8: warning: raw HTML is not interpreted: '<b>', '</b>'",
    ),
    "placeholder booking url": (
        {"clinic.yaml": CLINIC.replace("clinic.test", "clinic.example")},
        "content/clinic.yaml:3:3: warning: booking.url 'https://clinic.example/book' is a"
        " placeholder",
    ),
    "unused drill": (
        {"drills/toe-yoga.md": DRILL},
        "content/drills/toe-yoga.md:1: warning: drill 'toe-yoga' is not used by any article",
    ),
    "marker without drills": (
        {"articles/calves.md": ARTICLE.replace("drills: [calf-raise]\n", "") + "<!-- drills -->\n"},
        "content/articles/calves.md:5: warning: '<!-- drills -->' is here but the article lists",
    ),
    "escaped html is not raw html": (
        {"articles/calves.md": ARTICLE + "\nSome &lt;b&gt; and \\<i> text.\n"},
        None,
    ),
}


@pytest.mark.parametrize("files, expected", WARNING_CASES.values(), ids=WARNING_CASES.keys())
def test_non_fatal_problems_are_warnings(tmp_path: Path, files, expected: str | None) -> None:
    make_site(tmp_path, files)
    assert not messages(tmp_path, "error")
    warnings = messages(tmp_path, "warning")
    if expected is None:
        assert warnings == []
    else:
        assert any(m.startswith(expected) for m in warnings), warnings


def test_the_drills_marker_places_the_cards(tmp_path: Path) -> None:
    body = "First.\n\n<!-- drills -->\n\n## After\n\nLast.\n"
    make_site(tmp_path, {"articles/calves.md": ARTICLE.replace("Calves carry you.\n", body)})
    article = load_site(tmp_path).site.articles["calves"]  # type: ignore[union-attr]
    assert [type(b) for b in article.body] == [Paragraph, DrillCards, Heading, Paragraph]


def test_nested_lists_are_kept(tmp_path: Path) -> None:
    body = "1. one\n   - a\n     - deep\n2. two\n"
    make_site(tmp_path, {"articles/calves.md": ARTICLE.replace("Calves carry you.\n", body)})
    article = load_site(tmp_path).site.articles["calves"]  # type: ignore[union-attr]
    outer = article.body[0]
    assert isinstance(outer, OrderedList)
    inner = outer.items[0].blocks[1]
    assert isinstance(inner, BulletList)
    assert isinstance(inner.items[0].blocks[1], BulletList)


def test_the_seed_checks_clean_but_for_the_placeholder_url(seed) -> None:
    assert [str(d) for d in seed.diagnostics.items] == [
        "content/clinic.yaml:13:3: warning: booking.url 'https://corequesttherapy.example/book'"
        " is a placeholder (.example); set the real booking page before printing or sending"
    ]


def test_empty_headings_and_list_items_are_left_out_with_a_warning(tmp_path: Path) -> None:
    """Found by fuzzing: a lone `#` or `-` crashed the renderers, which expect words."""
    body = "Text.\n\n# \n\n- \n\n1.\n\n- a\n-\n"
    make_site(tmp_path, {"articles/calves.md": ARTICLE.replace("Calves carry you.\n", body)})
    result = load_site(tmp_path)
    assert [str(d) for d in result.diagnostics.items] == [
        "content/articles/calves.md:8: warning: an empty heading is left out",
        "content/articles/calves.md:10: warning: an empty list item is left out",
        "content/articles/calves.md:12: warning: an empty list item is left out",
        "content/articles/calves.md:15: warning: an empty list item is left out",
    ]
    article = result.site.articles["calves"]  # type: ignore[union-attr]
    assert [type(b) for b in article.body] == [Paragraph, BulletList, DrillCards]
    assert len(article.body[1].items) == 1  # type: ignore[union-attr]


def test_an_unreadable_articles_folder_is_one_located_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path)
    articles = root / "content" / "articles"
    listing = Path.iterdir

    def iterdir(path: Path) -> Iterator[Path]:
        if path == articles:  # as for a folder without read permission (root reads all)
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return listing(path)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    assert [str(d) for d in load_site(root).diagnostics.errors] == [
        "content/articles: error: cannot read the folder: Permission denied"
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "calves.EN.md",
            "bad language in file name 'calves.EN.md': write the language as 'en'"
            " (rename it to 'calves.en.md')",
        ),
        (
            "calves.pt-br.md",
            "bad language in file name 'calves.pt-br.md': write the language as 'pt-BR'"
            " (rename it to 'calves.pt-BR.md')",
        ),
        (
            "calves.es-large.md",
            "bad language in file name 'calves.es-large.md': 'es-large' is more than a"
            " language, script and region ('es', 'zh-Hans', 'pt-BR'); large print is made"
            " from the regular file (print.large, --large-print)",
        ),
        (
            "calves.de-CH-1901.md",
            "bad language in file name 'calves.de-CH-1901.md': 'de-CH-1901' is more than a"
            " language, script and region ('es', 'zh-Hans', 'pt-BR')",
        ),
    ],
)
def test_a_translations_file_name_says_how_to_write_its_language(
    tmp_path: Path, name: str, message: str
) -> None:
    make_site(tmp_path, {f"articles/{name}": ARTICLE})
    assert messages(tmp_path) == [f"content/articles/{name}:1: error: {message}"]


@pytest.mark.parametrize("name", ["calves.es.md", "calves.zh-Hans.md", "calves.es-419.md"])
def test_a_language_script_and_region_make_a_translations_file_name(
    tmp_path: Path, name: str
) -> None:
    make_site(tmp_path, {f"articles/{name}": ARTICLE})
    assert messages(tmp_path) == []
