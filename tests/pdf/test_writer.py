"""PDF objects and text are written with less work, in exactly the bytes ReportLab writes."""

from __future__ import annotations

import datetime as dt
import io
from collections import OrderedDict

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFDocument, PDFName, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from handouts.fonts import FACES
from handouts.model import Patient
from handouts.patients.handout import render_prescription
from handouts.patients.prescription import Prescription
from handouts.pdf import subsets
from handouts.pdf.style import INK, MUTED
from handouts.pdf.tagging import TaggingCanvas
from handouts.pdf.typeface import register_fonts
from handouts.pdf.writer import (
    REPORTLAB_DICTIONARY_FORMAT,
    REPORTLAB_PDFDOC_ENC,
    LeanCanvas,
    Text,
    pdfdoc_encoded,
)
from handouts.pdf.writer import _dictionary as dictionary_format  # what install() puts in place
from tests.pdf.test_paragraph import renders


@pytest.mark.parametrize(
    "text",
    [
        "/Type",
        "12 0 obj\n",
        "(Heel \\(left\\))",
        "",
        "\x17\t\r",
        "\x18",
        "caf\xe9",
        "\u2013",
        b"ok",
        *map(chr, range(128)),  # PDFDocEncoding cannot encode U+0018-U+001F
    ],
)
def test_pdf_objects_are_written_in_the_bytes_reportlab_writes(text: str | bytes) -> None:
    """Names and numbers skip ReportLab's codec only where it would give the same bytes."""
    try:
        expected: bytes | type[Exception] = REPORTLAB_PDFDOC_ENC(text)
    except UnicodeEncodeError as error:
        expected = type(error)
    if isinstance(expected, bytes):
        assert pdfdoc_encoded(text) == expected
    else:
        with pytest.raises(expected):
            pdfdoc_encoded(text)


values = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(-1e4, 1e4, allow_nan=False),
    st.text(max_size=8).map(PDFString),
    st.text(max_size=8).map(PDFName),
    st.lists(st.integers(0, 99), max_size=12).map(PDFArray),
)
dictionaries = st.dictionaries(st.text(min_size=1, max_size=12), values, max_size=14)


@given(dictionaries, st.booleans())
def test_dictionaries_are_written_in_the_bytes_reportlab_writes(entries, ordered) -> None:
    """Any keys (spaces, #, letters beyond ASCII), in any number (a line break every
    six), sorted or in their own order."""
    dictionary = PDFDictionary(OrderedDict(entries) if ordered else entries)
    document = PDFDocument()
    assert dictionary_format(dictionary, document) == (
        REPORTLAB_DICTIONARY_FORMAT(dictionary, document)
    )


@pytest.mark.parametrize(("multiline", "everywhere"), [(True, 1), ("forced", 0)])
def test_dictionaries_on_many_lines_are_written_as_reportlab_writes(
    multiline, everywhere, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One entry a line, where every dictionary is (pdfMultiLine) or this one must be."""
    monkeypatch.setattr(rl_config, "pdfMultiLine", everywhere)
    dictionary = PDFDictionary({f"Key{n}": n for n in range(9)})
    dictionary.multiline = multiline
    assert dictionary_format(dictionary, None) == REPORTLAB_DICTIONARY_FORMAT(dictionary, None)
    assert dictionary_format(dictionary, None).count(b"\n") == 10


MANY = "".join(map(chr, [*range(0x100, 0x17F), *range(0x391, 0x3A1), *range(0x410, 0x44F)]))
runs = st.lists(
    st.tuples(
        st.sampled_from([FACES.regular, FACES.bold, "Helvetica"]),
        st.text(
            st.one_of(
                st.characters(min_codepoint=32, max_codepoint=126),  # ( ) \ included
                st.characters(min_codepoint=0xA0, max_codepoint=0x24F),
                st.characters(min_codepoint=0x391, max_codepoint=0x44F),
            ),
            max_size=40,
        ),
        st.sampled_from([None, 0.5, 1]),  # the fill alpha set on the canvas first
    ),
    max_size=30,
)


@given(runs)
@example([(FACES.regular, MANY, None), (FACES.regular, MANY[::-1] + "ok", 0.5)])
@settings(deadline=None)
def test_text_is_written_in_the_operators_reportlab_writes(lines) -> None:
    """Runs of text, in embedded and built-in fonts, ASCII and beyond (past the 256 codes
    of a first subset), some after the canvas's transparency changed: the same page,
    font changes included, as ReportLab's own canvas and text object write."""
    register_fonts()
    pages, codes = [], []
    for kind in (LeanCanvas, Canvas):
        canvas = kind(io.BytesIO(), invariant=1)
        text = canvas.beginText()
        previous = None
        for font, line, alpha in lines:
            if alpha is not None:
                canvas.setFillAlpha(alpha)
            if font != previous:  # a run in the font already set names no font
                text.setFont(font, 11)
                previous = font
            text.setFillColor(INK)
            text.textLine(line)
        codes.append(text.getCode())
        canvas.drawText(text)
        canvas.showPage()
        pages.append(canvas.getpdfdata())
    assert codes[0] == codes[1]
    assert pages[0] == pages[1]


def test_a_canvas_hands_out_the_lean_text_object() -> None:
    assert type(TaggingCanvas(io.BytesIO()).beginText()) is Text


operations = st.lists(
    st.one_of(
        st.just(("saveState",)),
        st.just(("restoreState",)),
        st.tuples(st.just("setFont"), st.sampled_from([FACES.regular, "Helvetica"]), st.just(9)),
        st.tuples(st.just("setFillColor"), st.sampled_from([INK, MUTED])),
        st.tuples(st.just("setFillAlpha"), st.sampled_from([0.5, 1])),
        st.tuples(st.just("translate"), st.integers(-50, 50), st.integers(-50, 50)),
        st.tuples(st.just("drawString"), st.just(10), st.just(10), st.text(max_size=6)),
    ),
    max_size=40,
)


@given(operations)
@example([("saveState",), ("setFillAlpha", 0.5), ("restoreState",), ("setFillAlpha", 0.5)])
@settings(deadline=None)
def test_a_lean_canvas_saves_and_restores_as_reportlab_does(steps) -> None:
    """Fonts, colours, transparency and positions saved, changed and restored in any
    order: the same page, byte for byte, as ReportLab's own canvas draws."""
    register_fonts()
    pages = []
    for kind in (LeanCanvas, Canvas):
        canvas = kind(io.BytesIO(), invariant=1)
        depth = 0
        for name, *args in steps:
            if name == "restoreState" and not depth:
                continue
            depth += {"saveState": 1, "restoreState": -1}.get(name, 0)
            getattr(canvas, name)(*args)
        canvas.showPage()
        pages.append(canvas.getpdfdata())
    assert pages[0] == pages[1]


def test_handouts_are_the_bytes_reportlab_writes_without_a_shortcut(
    seed, awkward, monkeypatch
) -> None:
    """Every handout, card and sheet of both test sites, and personalised ones, made
    with ReportLab's own methods in place of every shortcut here and in subsets.py,
    then with the shortcuts, from nothing kept and with everything kept."""
    calls = renders(seed, awkward)
    # Names that add glyphs, and notes of more letters than one subset holds (256 codes)
    many = "".join(map(chr, [*range(0x100, 0x17F), *range(0x391, 0x3A1), *range(0x410, 0x44F)]))
    for name, notes in (("Zoë Łukasz-Iñigo", None), ("Ana", None), ("Mei Tanaka", many)):
        patient = Patient(name=name, date=dt.date(2026, 11, 24), notes=notes)
        prescription = Prescription("ankle-foot-mobility", patient=patient)
        calls.append(lambda p=prescription: render_prescription(seed.site, p, None))
    calls[0]()  # fonts registered, so the cache is installed
    with monkeypatch.context() as patch:
        patch.setattr(TTFont, "addObjects", subsets.REPORTLAB_ADD_OBJECTS)
        patch.setattr(TTFont, "splitString", subsets.REPORTLAB_SPLIT_STRING)
        patch.setattr(pdfdoc, "pdfdocEnc", REPORTLAB_PDFDOC_ENC)
        patch.setattr(pdfdoc.PDFDictionary, "format", REPORTLAB_DICTIONARY_FORMAT)
        for method in ("beginText", "push_state_stack", "pop_state_stack"):
            patch.setattr(LeanCanvas, method, getattr(Canvas, method))
        reportlab = [call() for call in calls]
    subsets.forget()
    cold = [call() for call in calls]
    warm = [call() for call in reversed(calls)][::-1]
    assert cold == reportlab
    assert warm == reportlab
