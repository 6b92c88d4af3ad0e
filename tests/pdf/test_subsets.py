"""Font subsets are made once per font and glyph set, and never change a byte of a PDF."""

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
