"""Font subsets are made once per font and glyph set, and text is written in their codes
without a per-character loop where ASCII is its own code: neither changes a byte of a PDF."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from handouts.fonts import FACES, faces
from handouts.model import Patient
from handouts.patients.handout import render_prescription
from handouts.patients.prescription import Prescription
from handouts.pdf import subsets
from tests.pdf.test_paragraph import renders


def test_cached_subsets_give_the_bytes_reportlab_gives(seed, awkward, monkeypatch) -> None:
    calls = renders(seed, awkward)
    for name in ("Zoë Łukasz-Iñigo", "Ana", "Mei Tanaka"):  # names that add glyphs
        patient = Patient(name=name, date=dt.date(2026, 11, 24))
        prescription = Prescription("ankle-foot-mobility", patient=patient)
        calls.append(lambda p=prescription: render_prescription(seed.site, p, None))
    calls[0]()  # fonts registered, so the cache is installed
    with monkeypatch.context() as patch:
        patch.setattr(TTFontFace, "addSubsetObjects", subsets.REPORTLAB_ADD_SUBSET_OBJECTS)
        patch.setattr(TTFont, "splitString", subsets.REPORTLAB_SPLIT_STRING)
        reportlab = [call() for call in calls]
    subsets.forget()
    cold = [call() for call in calls]
    warm = [call() for call in reversed(calls)][::-1]
    assert cold == reportlab
    assert warm == reportlab


def test_a_font_is_known_by_its_bytes_not_its_path(tmp_path) -> None:
    regular = faces()[FACES.regular].face
    copy = tmp_path / "copy.ttf"
    shutil.copy(regular.filename, copy)
    same_font = TTFont("Copy", str(copy)).face
    bold = faces()[FACES.bold].face
    subset = [0, *map(ord, "Heel rock")]
    assert subsets._compressed_subset(same_font, subset) is subsets._compressed_subset(
        regular, subset
    )
    assert subsets._compressed_subset(bold, subset) != subsets._compressed_subset(regular, subset)
    assert subsets._compressed_subset(regular, [*subset, ord("z")]) != (
        subsets._compressed_subset(regular, subset)
    )


def test_the_cache_keeps_to_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subsets, "MAX_BYTES", 20_000)
    subsets.forget()
    regular = faces()[FACES.regular].face
    for letter in "abcdefghij":
        subsets._compressed_subset(regular, [0, *map(ord, f"{letter} wide subset")])
        assert subsets._size <= 20_000
    assert subsets._size == sum(len(data) for _, data in subsets._streams.values())
    subsets.forget()


class _Document:
    """What a font's subset state is kept for: any object a weak reference can point to."""


@pytest.mark.parametrize(
    "text",
    ["Heel rocks", "", "a\tb", "~{|}", "Don’t stop", "2–3 sets,\xa0slow", "Zoë", "x\x7f"],
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
