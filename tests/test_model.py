"""The model's own rules: dose ranges (one parser for content, --dose and CSV) and text."""

from __future__ import annotations

import pytest

from handouts.model import (
    LIMITS,
    BulletList,
    DrillCards,
    Emphasis,
    Heading,
    LineBreak,
    Link,
    ListItem,
    Paragraph,
    Range,
    Strong,
    Text,
    iter_text,
    plain_text,
)


@pytest.mark.parametrize(
    ("value", "field", "expected"),
    [
        (3, "sets", Range(3, 3)),
        ("2-3", "sets", Range(2, 3)),
        ("8–12", "reps", Range(8, 12)),
        (" 10 — 20 ", "reps", Range(10, 20)),
        ("600", "hold", Range(600, 600)),
    ],
)
def test_a_range_is_a_number_or_two_with_any_dash(
    value: object, field: str, expected: Range
) -> None:
    assert Range.parse(value, field) == expected


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        (0, "sets", "at least 1"),
        ("3-2", "sets", "runs backwards"),
        (21, "sets", "more than 20 sets"),
        (501, "reps", "more than 500 reps"),
        ("601", "hold", "more than 600 seconds"),
        (True, "reps", "whole number"),
        ("1" * 5000, "reps", "whole number"),  # never handed to int()
        ("three", "reps", "whole number"),
    ],
)
def test_an_impossible_range_says_why(value: object, field: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Range.parse(value, field)


def test_every_dose_field_has_one_limit() -> None:
    assert set(LIMITS) == {"sets", "reps", "hold"}
    assert str(Range(2, 3)) == "2–3" and str(Range(4, 4)) == "4"


BODY = (
    Heading(2, (Text("Why"),)),
    Paragraph((Text("Move "), Strong((Emphasis((Text("well"),)),)), LineBreak())),
    DrillCards(),
    BulletList((ListItem((Paragraph((Link("https://c.example", (Text("see"),)),)),)),)),
)


def test_iter_text_gives_every_printed_text_with_link_targets_in_reading_order() -> None:
    assert list(iter_text(BODY)) == ["Why", "Move ", "well", "see", "https://c.example"]


def test_plain_text_drops_markup_and_keeps_line_breaks() -> None:
    assert plain_text(BODY[1].children) == "Move well\n"  # type: ignore[union-attr]
