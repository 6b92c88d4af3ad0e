"""Font subsets are made once per font and glyph set, and text is written in their codes
without a per-character loop where ASCII is its own code: neither changes a byte of a PDF."""

from __future__ import annotations

import shutil

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from handouts.fonts import FACES, faces
from handouts.pdf import subsets


def test_a_font_is_known_by_its_bytes_not_its_path(tmp_path) -> None:
    regular = faces()[FACES.regular].face
    copy = tmp_path / "copy.ttf"
    shutil.copy(regular.filename, copy)
    same_font = TTFont("Copy", str(copy)).face
    bold = faces()[FACES.bold].face
    subset = [0, *map(ord, "Heel rock")]
    assert subsets.subset_parts(same_font, 0, subset) is subsets.subset_parts(regular, 0, subset)
    assert subsets.subset_parts(bold, 0, subset) != subsets.subset_parts(regular, 0, subset)
    assert subsets.subset_parts(regular, 0, [*subset, ord("z")]) != (
        subsets.subset_parts(regular, 0, subset)
    )
    # the subset's number is in its name, and so in its map back to Unicode
    assert subsets.subset_parts(regular, 1, subset).to_unicode != (
        subsets.subset_parts(regular, 0, subset).to_unicode
    )


def test_the_cache_keeps_to_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subsets, "MAX_BYTES", 20_000)
    subsets.forget()
    regular = faces()[FACES.regular].face
    for letter in "abcdefghij":
        subsets.subset_parts(regular, 0, [0, *map(ord, f"{letter} wide subset")])
        assert subsets._size <= 20_000
    assert subsets._size == sum(
        len(subset.font) + len(subset.widths) + len(subset.to_unicode)
        for subset in subsets._streams.values()
    )
    subsets.forget()


class _Document:
    """What a font's subset state is kept for: any object a weak reference can point to."""


@pytest.mark.parametrize(
    "text",
    [
        *("Heel rocks", "", "a\tb", "~{|}", "Don’t stop", "2–3 sets,\xa0slow", "Zoë", "x\x7f"),
        *("’circles’ ’ok’", "’\xa0’", "’\U0001f600’", "’\xa0\t’"),  # every character known
    ],
)
def test_text_is_written_in_the_codes_reportlab_would_give(text: str) -> None:
    font = faces()[FACES.regular]
    ours, theirs = _Document(), _Document()
    for earlier in ("Ankle ’circles’", "ok"):  # codes already given in both documents
        subsets._split_string(font, earlier, ours)
        subsets.REPORTLAB_SPLIT_STRING(font, earlier, theirs)
    assert subsets._split_string(font, text, ours) == subsets.REPORTLAB_SPLIT_STRING(
        font, text, theirs
    )
    assert font.state[ours].assignments == font.state[theirs].assignments


def test_a_font_missing_some_ascii_is_written_by_reportlabs_loop(monkeypatch) -> None:
    font = TTFont("NoQ", faces()[FACES.regular].face.filename)
    without_q = {code: glyph for code, glyph in font.face.charToGlyph.items() if code != ord("Q")}
    monkeypatch.setattr(font.face, "charToGlyph", without_q)
    ours, theirs = _Document(), _Document()
    assert subsets._split_string(font, "Quad set", ours) == subsets.REPORTLAB_SPLIT_STRING(
        font, "Quad set", theirs
    )
    assert subsets._split_string(font, "Quad set", ours)[0][1][0] == 0  # no glyph: code 0


def test_text_in_a_later_subset_is_written_in_the_codes_reportlab_would_give() -> None:
    font = faces()[FACES.regular]
    ours, theirs = _Document(), _Document()
    letters = "".join(map(chr, [*range(0x100, 0x17F), *range(0x391, 0x3A1), *range(0x410, 0x44F)]))
    for text in (letters, "Ā ’Ш’ ї", "їїї", "Āā", letters[::-1]):  # ї is past code 255
        assert subsets._split_string(font, text, ours) == subsets.REPORTLAB_SPLIT_STRING(
            font, text, theirs
        )
    assert font.state[ours].assignments == font.state[theirs].assignments
    assert len(font.state[ours].subsets) == 2
