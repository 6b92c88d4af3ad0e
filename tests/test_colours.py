"""Contrast arithmetic and the brand palette shared by print and email."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handouts.colours import (
    AA,
    INK,
    WHITE,
    Palette,
    backing,
    contrast,
    logo_backing,
    luminance,
    mix,
    readable,
    text_on,
)


def test_contrast_matches_the_wcag_reference_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the AA grey
    assert luminance("#FFF") == pytest.approx(1.0)  # short hex is read too


def test_mix_moves_part_of_the_way() -> None:
    assert mix("#000000", "#FFFFFF", 0) == "#000000"
    assert mix("#000000", "#FFFFFF", 1) == "#FFFFFF"
    assert mix("#000000", "#FFFFFF", 0.5) == "#808080"


@pytest.mark.parametrize("background", ["#F28C28", "#1F5F8B", "#2E8B57", "#FFEB3B", "#6A1B9A"])
def test_text_on_any_background_picks_the_better_of_ink_and_white(background: str) -> None:
    chosen = text_on(background)
    other = INK if chosen == WHITE else WHITE
    assert contrast(chosen, background) >= contrast(other, background)


@pytest.mark.parametrize("colour", ["#F28C28", "#FFEB3B", "#7FDBFF", "#1F5F8B", "#FFFFFF"])
def test_readable_darkens_only_as_far_as_aa_needs(colour: str) -> None:
    result = readable(colour)
    assert contrast(result, WHITE) >= AA
    if contrast(colour, WHITE) >= AA:
        assert result == colour  # already readable: untouched


def test_one_palette_serves_print_and_screen() -> None:
    palette = Palette.from_brand("#1F5F8B", "#F28C28")
    assert palette.on_primary == WHITE
    assert contrast(palette.heading, WHITE) >= AA
    assert contrast(palette.on_badge, palette.badge) >= AA
    # Paper lays pale tints down paler than a screen shows them.
    assert luminance(palette.print_tint) < luminance(palette.tint)
    assert Palette.from_brand("#1F5F8B", "#F28C28") is palette  # derived once per brand


WHITE_TEXT = (0.9, 0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)  # a white logo, made for dark bands
DARK_TEXT = (0.01, 0.02, 0.02, 0.03, 0.03, 0.04, 0.05, 0.05, 0.06)
PALE = (0.8, 0.82, 0.85, 0.85, 0.86, 0.88, 0.9, 0.9, 0.92)


@pytest.mark.parametrize(
    ("tones", "opaque", "band", "backing"),
    [
        (WHITE_TEXT, False, "#1F5F8B", "band"),  # shows on the navy band as it is
        (DARK_TEXT, False, "#1F5F8B", "plate"),  # would vanish on navy: a white plate
        (DARK_TEXT, True, "#1F5F8B", "plate"),  # brings its own background
        (WHITE_TEXT, True, "#1F5F8B", "plate"),
        (PALE, False, "#F2F2F2", None),  # shows nowhere: check warns
        ((), False, "#1F5F8B", None),  # nothing visible at all
    ],
)
def test_a_logo_goes_where_it_shows(
    tones: tuple[float, ...], opaque: bool, band: str, backing: str | None
) -> None:
    assert logo_backing(tones, opaque, band) == backing


hex_colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}")


@given(primary=hex_colours, accent=hex_colours)
def test_every_text_on_every_background_of_any_brand_reaches_aa(primary: str, accent: str) -> None:
    """What the email and the PDF put text on, light and dark, whatever the brand."""
    p = Palette.from_brand(primary, accent)
    pairs = {
        "band": (p.on_primary, p.primary),
        "button": (p.on_accent, p.accent),
        "heading on white": (p.heading, WHITE),
        "heading on a card": (p.heading, p.tint),
        "link on a card": (p.link, p.tint),
        "badge": (p.on_badge, p.badge),
        "ink on a card": (p.ink, p.tint),
        "ink on a printed card": (INK, p.print_tint),
        "ink on a printed badge": (INK, p.print_badge),
        "muted on the page": (p.muted, p.page),
        "dark: ink on a card": (p.dark_ink, p.dark_tint),
        "dark: heading on a card": (p.dark_heading, p.dark_tint),
        "dark: heading on paper": (p.dark_heading, p.dark_paper),
        "dark: badge": (p.dark_on_badge, p.dark_badge),
        "dark: muted on the page": (p.dark_muted, p.dark_page),
    }
    low = {name: round(contrast(*pair), 2) for name, pair in pairs.items() if contrast(*pair) < AA}
    assert low == {}


def test_a_brand_colour_too_light_for_white_and_too_dark_for_ink_is_darkened() -> None:
    assert contrast(WHITE, "#2E8B57") == pytest.approx(4.25, abs=0.01)
    assert backing("#2E8B57") == "#2C8554"
    assert contrast(WHITE, "#2C8554") >= AA
    assert backing("#1F5F8B") == "#1F5F8B" and backing("#F28C28") == "#F28C28"
    palette = Palette.from_brand("#1F5F8B", "#2E8B57")
    assert palette.adjusted == (("brand.accent", "#2E8B57", "#2C8554"),)


def test_check_says_when_it_darkened_a_brand_colour(tmp_path: Path) -> None:
    from handouts.check import check_site
    from tests.support.sites import SEED_SITE, copy_site

    root = copy_site(SEED_SITE, tmp_path / "site")
    clinic = root / "content" / "clinic.yaml"
    clinic.write_text(
        clinic.read_text(encoding="utf-8").replace('"#F28C28"', '"#2E8B57"'), encoding="utf-8"
    )
    lines = [str(d) for d in check_site(root).items]
    assert (
        "content/clinic.yaml:10:3: warning: brand.accent #2E8B57 is too light for white or dark"
        " text on it to be read (WCAG AA, 4.5:1): the handouts and emails use #2C8554"
    ) in lines, lines
