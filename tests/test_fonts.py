"""The bundled font and its declared fallbacks: no empty boxes on paper, ever."""

from __future__ import annotations

import dataclasses
from importlib.resources import files

import pytest

from handouts.check import glyph_warnings
from handouts.fonts import FALLBACKS, REPLACEMENT, missing, printable
from handouts.load.loader import LoadResult
from handouts.model import Paragraph, Text
from handouts.pdf.typeface import register_fonts


def test_the_family_ships_inside_the_package_with_its_licence() -> None:
    folder = files("handouts.fonts")
    faces = register_fonts()
    for name in (faces.regular, faces.bold, faces.italic, faces.bold_italic):
        assert (folder / f"{name}.ttf").is_file()
    assert "DejaVu" in (folder / "LICENSE.txt").read_text(encoding="utf-8")


def test_registering_twice_is_a_no_op() -> None:
    assert register_fonts() is register_fonts()


def test_text_the_font_covers_is_unchanged() -> None:
    text = "Zoë, Łukasz — 2–3 sets → ✓ © “quoted” it’s"
    assert missing(text) == []
    assert printable(text) is text


def test_declared_fallbacks_replace_what_the_font_lacks() -> None:
    assert FALLBACKS["👉"] == "→"
    assert printable("Next 👉 step") == "Next → step"


def test_other_emoji_are_left_out_and_anything_else_becomes_the_replacement_character() -> None:
    assert printable("Great 💪🔥 work 😀") == "Great  work"
    assert printable("name: क") == f"name: {REPLACEMENT}"  # no bundled font has Devanagari


def test_arabic_and_chinese_print_from_their_bundled_fallback_fonts() -> None:
    assert printable("اثبت 30 ثانية · 保持 30 秒") == "اثبت 30 ثانية · 保持 30 秒"


def test_the_seed_content_gives_no_glyph_warning(seed: LoadResult) -> None:
    assert seed.site is not None
    assert glyph_warnings(seed.site) == []


def test_the_awkward_site_warns_on_the_line_of_each_missing_character(
    awkward: LoadResult,
) -> None:
    assert awkward.site is not None
    warnings = [str(w) for w in glyph_warnings(awkward.site)]
    article = "content/articles/awkward-article.md"
    glyph = f"{article}:{{}}: warning: no bundled PDF font has a glyph for "
    assert glyph.format(2) + "'😀' (U+1F600, left out)" in warnings  # first seen in the title
    assert glyph.format(9) + "'👉' (U+1F449, prints as '→')" in warnings
    # 李 (line 3) and the Arabic of line 30 print from the bundled fallback fonts.
    assert len(warnings) == 2


def test_a_drill_with_an_emoji_is_reported_at_its_source(awkward: LoadResult) -> None:
    site = awkward.site
    assert site is not None
    drill = dataclasses.replace(
        site.drills["plank-hold"], instructions=(Paragraph((Text("Breathe 🙂"),)),)
    )
    changed = dataclasses.replace(site, drills={"plank-hold": drill}, articles={})
    warnings = glyph_warnings(changed)
    assert [w.location.path for w in warnings] == ["content/drills/plank-hold.md"]
    assert "'🙂'" in warnings[0].message and "left out" in warnings[0].message


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("All done 🎉.", "All done."),
        ("Good 😀, now rest", "Good, now rest"),
        ("The end 😀", "The end"),
        ("Keep 😀 going", "Keep  going"),  # a paragraph folds the two spaces into one
    ],
)
def test_a_left_out_character_leaves_no_space_before_punctuation(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_a_traditional_character_the_bundled_chinese_font_lacks_is_warned_about(
    awkward: LoadResult,
) -> None:
    """The Chinese fallback covers GB2312, the Simplified set: 目标 prints, but 標 of
    Traditional 目標 is in no bundled font, and `check` says so."""
    site = awkward.site
    assert site is not None
    drill = dataclasses.replace(
        site.drills["plank-hold"], instructions=(Paragraph((Text("目标 目標"),)),)
    )
    changed = dataclasses.replace(site, drills={"plank-hold": drill}, articles={})
    warnings = glyph_warnings(changed)
    assert len(warnings) == 1
    assert "'標'" in warnings[0].message and "'目'" not in warnings[0].message
