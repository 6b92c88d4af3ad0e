"""The brand palette of every output: brand colours made readable wherever they are used.

Clinics pick brand colours for their logo, not for text contrast; an orange accent
behind white text, or a light green link, fails WCAG contrast. The PDF and the email
derive their tints and text colours here, from the same rules, so that whatever the
clinic configures stays legible on paper and on screen.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

WHITE = "#FFFFFF"
INK = "#1F2933"  # body text: a soft near-black, easier on the eye than pure black
AA = 4.5  # WCAG AA contrast for normal-size text
AA_LARGE = 3.0  # WCAG AA for large text: from 24 px, or 18.66 px (14 pt) bold

# Dark mode (the email in clients that honour prefers-color-scheme: dark): greys of a
# dark page, with text light enough to read on them.
DARK_PAGE = "#121417"
DARK_PAPER = "#1C2024"
DARK_INK = "#E6E9EC"
DARK_MUTED = "#A9B4BF"


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(rgb: Iterable[float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02X}" for c in rgb)


def mix(colour: str, other: str, amount: float) -> str:
    """`colour` moved `amount` (0–1) of the way towards `other`."""
    a, b = _rgb(colour), _rgb(other)
    return _hex(x + (y - x) * amount for x, y in zip(a, b, strict=True))


def channel_luminance(value: int) -> float:
    """One 0–255 channel's share of WCAG relative luminance, before weighting."""
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance."""
    r, g, b = (channel_luminance(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: float, b: float) -> float:
    """WCAG contrast ratio of two luminances (1–21)."""
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1–21)."""
    return ratio(luminance(a), luminance(b))


GRAPHICS = 3.0  # WCAG's contrast for graphics that must be seen, such as a logo


def shows_on(tones: tuple[float, ...], background: str) -> bool:
    """Whether a picture with these `tones` (see Picture) stands out on `background`:
    at least three quarters of its visible pixels reach 3:1 against it."""
    behind = luminance(background)
    standing = sum(ratio(tone, behind) >= GRAPHICS for tone in tones)
    return bool(tones) and standing * 4 >= len(tones) * 3


def logo_backing(tones: tuple[float, ...], opaque: bool, band: str) -> str | None:
    """Where a logo goes to be seen: straight on the brand `band` ("band"), on a white
    plate ("plate"), or None when it would show on neither (a pale logo on a pale band).
    A logo that brings its own background always gets the plate."""
    if not opaque and shows_on(tones, band):
        return "band"
    if opaque or shows_on(tones, WHITE):
        return "plate"
    return None


def text_on(background: str) -> str:
    """White or ink, whichever reads better on `background`."""
    return WHITE if contrast(WHITE, background) >= contrast(INK, background) else INK


def readable(colour: str, background: str = WHITE, ratio: float = AA) -> str:
    """`colour`, darkened (lightened, on a dark `background`) just enough to reach `ratio`
    against `background`."""
    dark = luminance(background) < 0.18
    for step in range(21):
        candidate = mix(colour, WHITE if dark else "#000000", step / 20)
        if contrast(candidate, background) >= ratio:
            return candidate
    return DARK_INK if dark else INK


def backing(colour: str) -> str:
    """`colour` as a background for normal-size text: as it is when white or ink reaches
    AA on it, else darkened just enough for white to (a mid green such as #2E8B57 reaches
    neither: white on it is 4.25:1)."""
    if max(contrast(WHITE, colour), contrast(INK, colour)) >= AA:
        return colour
    for step in range(1, 101):
        candidate = mix(colour, "#000000", step / 100)
        if contrast(WHITE, candidate) >= AA:
            return candidate
    return INK


@dataclass(frozen=True)
class Palette:
    """One brand's colours, as `#RRGGBB`. Paper and screen differ only in their tints:
    printers lay pale fills down paler than screens show them."""

    primary: str
    on_primary: str  # white or ink, whichever reads better on the primary colour
    accent: str
    on_accent: str
    heading: str  # the primary colour darkened until it reads as text on white
    link: str
    tint: str  # a pale primary behind the email's cards and call to action
    badge: str  # a pale accent behind the dosage badge on screen
    on_badge: str
    print_tint: str  # a pale primary behind a printed card's name
    print_badge: str  # a pale accent behind a printed dosage badge
    dark_tint: str  # dark mode: the cards' background
    dark_heading: str  # dark mode: headings and links, light enough on the cards
    dark_badge: str
    dark_on_badge: str
    ink: str = INK
    muted: str = "#52606D"
    page: str = "#EEF1F4"
    paper: str = WHITE
    dark_page: str = DARK_PAGE
    dark_paper: str = DARK_PAPER
    dark_ink: str = DARK_INK
    dark_muted: str = DARK_MUTED
    # (brand.primary or brand.accent, the colour given, the colour used) for each brand
    # colour that had to be darkened for the text on it; `check` reports them.
    adjusted: tuple[tuple[str, str, str], ...] = ()

    @classmethod
    @functools.lru_cache(maxsize=32)
    def from_brand(cls, brand_primary: str, brand_accent: str) -> Palette:
        """Derived once per brand: every output of a site shares it."""
        primary, accent = backing(brand_primary), backing(brand_accent)
        tint = mix(primary, WHITE, 0.92)
        badge = mix(accent, WHITE, 0.82)
        dark_tint = mix(primary, DARK_PAPER, 0.8)
        dark_badge = mix(accent, DARK_PAPER, 0.7)
        given = (("brand.primary", brand_primary, primary), ("brand.accent", brand_accent, accent))
        return cls(
            primary=primary,
            on_primary=text_on(primary),
            accent=accent,
            on_accent=text_on(accent),
            # Headings and links sit on white and on the cards' tint: readable on both.
            heading=readable(primary, tint),
            link=readable(primary, tint),
            tint=tint,
            badge=badge,
            on_badge=readable(accent, badge),
            print_tint=mix(primary, WHITE, 0.88),
            print_badge=mix(accent, WHITE, 0.78),
            dark_tint=dark_tint,
            # On the cards and on the paper around them: readable on the lighter one.
            dark_heading=readable(primary, max(dark_tint, DARK_PAPER, key=luminance)),
            dark_badge=dark_badge,
            dark_on_badge=readable(accent, dark_badge),
            adjusted=tuple(
                (name, colour, used) for name, colour, used in given if colour.upper() != used
            ),
        )
