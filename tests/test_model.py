"""The model's own rules: which texts of a block tree reach paper or screen."""

from __future__ import annotations

from handouts.model import (
    BulletList,
    DrillCards,
    Emphasis,
    Heading,
    LineBreak,
    Link,
    ListItem,
    Paragraph,
    Strong,
    Text,
    iter_text,
    plain_text,
)

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
