"""Embedded font subsets made once per font and glyph set, not once per PDF.

Every PDF embeds, for each face it uses, a subset of the font holding the glyphs it
prints, compressed, with the subset's widths and its map back to Unicode (so text can be
copied and read aloud). ReportLab cuts, writes and compresses all three anew for every
document, about a quarter of a handout's render, although a batch of one article's
handouts uses the same glyphs in nearly every one (a patient's name may add a few). Here
they are remembered as finished bytes, keyed by the font's own bytes (never its file
name), which fix the glyph each character maps to, and by the subset: its number and its
characters in order, which fix the codes the text is written with. Any font shares only
with an identical font and glyph set, so a PDF is byte-identical to one made without the
cache (tests compare them).

Text is written in those subset codes: ReportLab finds each character's code in a
Python loop, character by character, for every line drawn. Printable ASCII already has
its own code in the first subset from the start (ReportLab's readable-ASCII layout), so
a run of it, most of an English handout's text, is its own bytes, with no lookup; other
text whose characters all have codes already is looked up in one pass.

`install()` puts both in place of ReportLab's methods for every TrueType font (page.py
calls it, with writer.install(), before any document is made).
"""

from __future__ import annotations

import hashlib
import weakref
import zlib
from typing import Any, NamedTuple

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    TTFontFace,
    makeToUnicodeCMap,
)

from .writer import Written

# Bounded by size, so a long-lived process (watch, a huge batch of varied names) does
# not grow without end; the oldest subset goes first. A subset is some 10–40 KB.
MAX_BYTES = 16 * 2**20

REPORTLAB_ADD_OBJECTS = TTFont.addObjects
REPORTLAB_SPLIT_STRING = TTFont.splitString
PRINTABLE_ASCII = range(32, 127)


class Subset(NamedTuple):
    """One subset's parts as they go into a PDF."""

    name: str  # the font name the PDF gives it, e.g. AAAAAA+DejaVuSans
    font_length: int  # the subset font's length before compression
    font: bytes  # the subset font, compressed
    widths: bytes  # the /Widths array, written
    to_unicode: bytes  # the ToUnicode CMap, compressed


_streams: dict[tuple[Any, ...], Subset] = {}
_size = 0
_digests: weakref.WeakKeyDictionary[TTFontFace, str] = weakref.WeakKeyDictionary()
# Per font and document (a font's state in one document), whether printable ASCII is
# its own code there.
_ascii_is_own_code: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def install() -> None:
    """Make every TrueType face of this process embed its subsets through the cache."""
    TTFont.addObjects = _add_objects
    TTFont.splitString = _split_string


def forget() -> None:
    """Drop every remembered subset (tests use it to compare with a cold render)."""
    global _size
    _streams.clear()
    _size = 0


def _add_objects(font: TTFont, doc: Any) -> None:
    """ReportLab's `TTFont.addObjects`, with each subset's parts remembered: the same
    objects, in the same order, as ReportLab's compressing filter writes them."""
    if not doc.compression:  # uncompressed output is for debugging: leave it as it was
        return REPORTLAB_ADD_OBJECTS(font, doc)
    state = font.state.get(doc)
    if state is None:  # a font registered but never drawn with
        state = font.state[doc] = TTFont.State(font._asciiReadable)
    state.frozen = 1
    face = font.face
    for n, codes in enumerate(state.subsets):
        internal_name = font.getSubsetInternalName(n, doc)[1:]
        subset = subset_parts(face, n, codes)
        pdf_font = pdfdoc.PDFTrueTypeFont()
        pdf_font.__Comment__ = f"Font {font.fontName} subset {n}"
        pdf_font.Name = internal_name
        pdf_font.BaseFont = subset.name
        pdf_font.FirstChar = 0
        pdf_font.LastChar = len(codes) - 1
        pdf_font.Widths = Written(subset.widths)
        pdf_font.ToUnicode = doc.Reference(
            _compressed(subset.to_unicode), "toUnicodeCMap:" + subset.name
        )
        font_file = _compressed(subset.font)
        font_file.dictionary["Length1"] = subset.font_length
        font_file_ref = doc.Reference(font_file, f"fontFile:{face.filename}({subset.name})")
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor",
            "Ascent": face.ascent,
            "CapHeight": face.capHeight,
            "Descent": face.descent,
            "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(subset.name),
            "ItalicAngle": face.italicAngle,
            "StemV": face.stemV,
            "FontFile2": font_file_ref,
            "MissingWidth": face.defaultWidth,
        })  # fmt: skip
        pdf_font.FontDescriptor = doc.Reference(descriptor, "fontDescriptor:" + subset.name)
        doc.Reference(pdf_font, internal_name)
        doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
    del font.state[doc]


def _compressed(data: bytes) -> pdfdoc.PDFStream:
    """A stream of already compressed `data`, marked so that no filter runs again."""
    stream = pdfdoc.PDFStream()
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    stream.content = data
    return stream


def _split_string(font: TTFont, text: str, doc: Any, encoding: str = "utf-8") -> Any:
    """ReportLab's `TTFont.splitString`: (subset, codes) runs of `text` in `doc`, which
    it finds in a Python loop, character by character. A run of printable ASCII is
    answered at once when the font maps all of it readably: those characters are
    assigned before any text is written, so the loop would neither look further nor
    assign anything. Other text whose every character already has a code in the first
    subset (a curly apostrophe met on an earlier line) is looked up in one pass. Only
    text with a character new to the document, or one in a later subset, takes the
    loop, which assigns codes in the order it meets them."""
    if isinstance(text, str):
        if text.isascii() and text.isprintable() and _readable(font, doc):
            return [(0, text.encode("ascii"))] if text else []
        codes = _assigned_codes(font, text, doc)
        if codes:
            return [(0, codes)]
    return REPORTLAB_SPLIT_STRING(font, text, doc, encoding)


def _assigned_codes(font: TTFont, text: str, doc: Any) -> bytes | None:
    """`text` in its codes in `doc`'s first subset, or None when a character of it has
    none yet or has one in a later subset (a code past 255 is no byte)."""
    assignments = font._assignState(doc).assignments
    try:  # ReportLab writes a no-break space as a space
        return bytes(map(assignments.__getitem__, map(ord, text.replace("\xa0", " "))))
    except (KeyError, ValueError):
        return None


def _readable(font: TTFont, doc: Any) -> bool:
    """Whether every printable ASCII character is its own code in `doc`'s first subset."""
    state = font._assignState(doc)  # the document's state, made as splitString makes it
    readable = _ascii_is_own_code.get(state)
    if readable is None:
        assignments = state.assignments
        readable = _ascii_is_own_code[state] = all(
            assignments.get(code) == code for code in PRINTABLE_ASCII
        )
    return readable


def subset_parts(face: TTFontFace, n: int, codes: list[int]) -> Subset:
    """Subset `n` of `face`, holding `codes`, made once per key."""
    global _size
    # The name is in the key too: a font without one is named after its file.
    key = (_digest(face), face.name, face.subfontNameX, n, tuple(codes))
    subset = _streams.get(key)
    if subset is None:
        name = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
        font = face.makeSubset(codes)
        widths = pdfdoc.PDFArray(list(map(face.getCharWidth, codes)))
        subset = Subset(
            name=name,
            font_length=len(font),
            font=zlib.compress(font),
            widths=widths.format(None),  # numbers are written alike in every document
            to_unicode=zlib.compress(makeToUnicodeCMap(name, codes).encode("latin-1")),
        )
        while _streams and _size + _weight(subset) > MAX_BYTES:
            _size -= _weight(_streams.pop(next(iter(_streams))))
        _streams[key] = subset
        _size += _weight(subset)
    return subset


def _weight(subset: Subset) -> int:
    return len(subset.font) + len(subset.widths) + len(subset.to_unicode)


def _digest(face: TTFontFace) -> str:
    """The font file's SHA-256, once per face: what the font is, whatever its path."""
    digest = _digests.get(face)
    if digest is None:
        digest = _digests[face] = hashlib.sha256(face._ttf_data).hexdigest()
    return digest
