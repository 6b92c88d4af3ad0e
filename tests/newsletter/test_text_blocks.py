"""The plain-text part's filling: readable lines, and URLs never broken."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handouts.newsletter.text_blocks import WIDTH, wrap


def test_wrap_fills_lines_to_the_width_and_keeps_hard_breaks() -> None:
    text = "word " * 40 + "\nsecond paragraph"
    lines = wrap(text).split("\n")
    assert all(len(line) <= WIDTH for line in lines)
    assert lines[-1] == "second paragraph"


def test_a_long_url_stays_whole_on_its_own_line() -> None:
    url = "https://clinic.example/" + "a" * 100
    assert wrap(f"Book at {url} today").split("\n") == ["Book at", url, "today"]


def test_hanging_indents() -> None:
    assert wrap("one two three", "   ", "1. ", width=9) == "1. one\n   two\n   three"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_wrap_keeps_every_word_in_order(text: str) -> None:
    assert wrap(text).split() == text.split()
