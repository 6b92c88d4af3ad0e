"""One rule for free text, wherever it was typed: content files, doses, the command line, CSV."""

from __future__ import annotations

import pytest

from handouts.freetext import TextProblem, clean_text


def test_whitespace_is_folded_to_single_spaces() -> None:
    assert clean_text("  Keep\tthe   knee\nsoft ", 100) == "Keep the knee soft"


def test_notes_keep_their_line_breaks_whatever_the_line_ending() -> None:
    typed = "Walk daily.\r\nIce after.\rStop if it hurts.\n"
    assert clean_text(typed, 100, keep_lines=True) == "Walk daily.\nIce after.\nStop if it hurts."


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1b", "\x85", "\ufffe"])
def test_a_control_character_is_named_even_where_it_would_fold_away(char: str) -> None:
    with pytest.raises(TextProblem, match=f"U\\+{ord(char):04X}"):
        clean_text(f"calf{char}raise", 100)


def test_the_limit_counts_the_folded_text() -> None:
    assert clean_text("a    b", 3) == "a b"
    with pytest.raises(TextProblem, match="longer than 3 characters"):
        clean_text("abcd", 3)


def test_empty_text_comes_back_empty_for_the_field_to_judge() -> None:
    assert clean_text(" \n\t ", 10) == ""
