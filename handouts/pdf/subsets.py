"""Embedded font subsets made once per font and glyph set, not once per PDF.

Every PDF embeds, for each face it uses, a subset of the font holding the glyphs it
prints, compressed. ReportLab cuts and compresses that subset anew for every document,
about a fifth of a handout's render, although a batch of one article's handouts uses
the same glyphs in nearly every one (a patient's name may add a few). Here the finished
stream is remembered, keyed by the font's own bytes (never its file name), which fix
the glyph each character maps to, and by the subset: its characters in order, which fix
the codes the text is written with. Any font shares only with an identical font and
glyph set, so a PDF is byte-identical to one made without the cache (tests compare them).

Text is written in those subset codes: ReportLab finds each character's code in a
Python loop, character by character, for every line drawn. Printable ASCII already has
its own code in the first subset from the start (ReportLab's readable-ASCII layout), so
a run of it, most of an English handout's text, is its own bytes, with no lookup.

`install()` puts both in place of ReportLab's methods for every TrueType font, once.
"""

from __future__ import annotations

import hashlib
import weakref
import zlib
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont, TTFontFace

# Bounded by size, so a long-lived process (watch, a huge batch of varied names) does
# not grow without end; the oldest subset goes first. A subset is some 10–40 KB.
MAX_BYTES = 16 * 2**20

REPORTLAB_ADD_SUBSET_OBJECTS = TTFontFace.addSubsetObjects
REPORTLAB_SPLIT_STRING = TTFont.splitString
PRINTABLE_ASCII = range(32, 127)
_streams: dict[tuple[Any, ...], tuple[int, bytes]] = {}
_size = 0
_digests: weakref.WeakKeyDictionary[TTFontFace, str] = weakref.WeakKeyDictionary()
# Per font and document (a font's state in one document), whether printable ASCII is
# its own code there.
_ascii_is_own_code: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def install() -> None:
    """Make every TrueType face of this process embed its subsets through the cache."""
    TTFontFace.addSubsetObjects = _add_subset_objects
    TTFont.splitString = _split_string


def forget() -> None:
    """Drop every remembered subset (tests use it to compare with a cold render)."""
    global _size
    _streams.clear()
    _size = 0


def _add_subset_objects(face: TTFontFace, doc: Any, fontname: str, subset: list[int]) -> Any:
    """ReportLab's `TTFontFace.addSubsetObjects`, with the font file stream remembered."""
    if not doc.compression:  # uncompressed output is for debugging: leave it as it was
        return REPORTLAB_ADD_SUBSET_OBJECTS(face, doc, fontname, subset)
    font_file = pdfdoc.PDFStream()
    length, compressed = _compressed_subset(face, subset)
    # The same dictionary, in the same order, as ReportLab's compressing filter writes.
    font_file.dictionary["Length1"] = length
    font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    font_file.content = compressed
    font_file_ref = doc.Reference(font_file, f"fontFile:{face.filename}({fontname})")
    descriptor = pdfdoc.PDFDictionary({
        "Type": "/FontDescriptor",
        "Ascent": face.ascent,
        "CapHeight": face.capHeight,
        "Descent": face.descent,
        "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
        "FontBBox": pdfdoc.PDFArray(face.bbox),
        "FontName": pdfdoc.PDFName(fontname),
        "ItalicAngle": face.italicAngle,
        "StemV": face.stemV,
        "FontFile2": font_file_ref,
        "MissingWidth": face.defaultWidth,
    })  # fmt: skip
    return doc.Reference(descriptor, "fontDescriptor:" + fontname)


def _split_string(font: TTFont, text: str, doc: Any, encoding: str = "utf-8") -> Any:
    """ReportLab's `TTFont.splitString`: (subset, codes) runs of `text` in `doc`. A run of
    printable ASCII is answered without the loop when the font maps all of it readably,
    which gives the very codes the loop would: those characters are assigned before any
    text is written, so the loop would neither look further nor assign anything."""
    if isinstance(text, str) and text.isascii() and text.isprintable() and _readable(font, doc):
        return [(0, text.encode("ascii"))] if text else []
    return REPORTLAB_SPLIT_STRING(font, text, doc, encoding)


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


def _compressed_subset(face: TTFontFace, subset: list[int]) -> tuple[int, bytes]:
    """(length of the subset font, its zlib-compressed bytes), made once per key."""
    global _size
    key = (_digest(face), face.subfontNameX, tuple(subset))
    stream = _streams.get(key)
    if stream is None:
        font = face.makeSubset(subset)
        stream = (len(font), zlib.compress(font))
        while _streams and _size + len(stream[1]) > MAX_BYTES:
            _size -= len(_streams.pop(next(iter(_streams)))[1])
        _streams[key] = stream
        _size += len(stream[1])
    return stream


def _digest(face: TTFontFace) -> str:
    """The font file's SHA-256, once per face: what the font is, whatever its path."""
    digest = _digests.get(face)
    if digest is None:
        digest = _digests[face] = hashlib.sha256(face._ttf_data).hexdigest()
    return digest
