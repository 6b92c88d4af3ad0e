"""Colour arithmetic for the email: brand colours made readable wherever they are used.

Clinics pick brand colours for their logo, not for text contrast; an orange accent
behind white text, or a light green link, fails WCAG contrast. The email derives tints
and text colours from the brand so that whatever the clinic configures stays legible.
"""

from __future__ import annotations

WHITE = "#FFFFFF"
INK = "#1F2933"  # body text: a soft near-black, easier on the eye than pure black
AA = 4.5  # WCAG AA contrast for normal-size text


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02X}" for c in rgb)


def mix(colour: str, other: str, amount: float) -> str:
    """`colour` moved `amount` (0–1) of the way towards `other`."""
    a, b = _rgb(colour), _rgb(other)
    return _hex(tuple(x + (y - x) * amount for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]


def luminance(colour: str) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1–21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: str) -> str:
    """White or ink, whichever reads better on `background`."""
    return WHITE if contrast(WHITE, background) >= contrast(INK, background) else INK


def readable(colour: str, background: str = WHITE, ratio: float = AA) -> str:
    """`colour`, darkened just enough to reach `ratio` against a light `background`."""
    for step in range(21):
        candidate = mix(colour, "#000000", step / 20)
        if contrast(candidate, background) >= ratio:
            return candidate
    return INK
