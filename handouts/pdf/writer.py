"""How ReportLab writes a PDF's objects, with the same bytes for less work.

ReportLab writes every name, number and dictionary of a document through small Python
functions, hundreds of calls a handout, most of them redoing what an earlier call did
the same way. Here two of them remember or skip that work, a canvas (`LeanCanvas`)
saves its state and writes text with fewer steps, and what is the same in every
document is written once (`Written`); the bytes written are the ones ReportLab writes
(tests compare them). `install()` puts the first two in place for the whole process
(page.py calls it, before any document is made), and turns ASCII85 off, which does
change the bytes, on purpose.
"""

from __future__ import annotations

import operator
import re
from collections import OrderedDict
from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

REPORTLAB_PDFDOC_ENC = pdfdoc.pdfdocEnc
REPORTLAB_DICTIONARY_FORMAT = pdfdoc.PDFDictionary.format
_NOT_PDFDOC = re.compile("[\x18-\x1f]")


def install() -> None:
    """Write every document of this process this way; running it again changes nothing."""
    # ASCII85 on top of Flate only makes streams 25 % larger and costs ~8 % of render
    # time in pure Python; PDFs are binary files anyway.
    rl_config.useA85 = 0
    pdfdoc.pdfdocEnc = pdfdoc_encoded
    pdfdoc.PDFDictionary.format = _dictionary


def pdfdoc_encoded(text: str | bytes) -> bytes:
    """ReportLab's `pdfdocEnc`, which looks its codec up by name and maps each
    character in Python. ASCII encodes to the same bytes in PDFDocEncoding, except
    U+0018-U+001F, which it cannot encode at all: those, and anything beyond ASCII,
    still go to ReportLab's."""
    if isinstance(text, str) and text.isascii() and not _NOT_PDFDOC.search(text):
        return text.encode("ascii")
    return REPORTLAB_PDFDOC_ENC(text)


@lru_cache(maxsize=1024)
def _name(key: str) -> bytes:
    """A dictionary key as a PDF name, written: ReportLab escapes it character by
    character each time, and a document's keys are a few dozen words used again and
    again (bounded, for the names of images a long-lived process meets)."""
    return pdfdoc.format(pdfdoc.PDFName(key), None)


def _dictionary(self: pdfdoc.PDFDictionary, document: Any, IND: bytes = b"\n ") -> bytes:
    """ReportLab's `PDFDictionary.format`, with each key's name written once."""
    entries = self.dict
    keys = list(entries)
    if not isinstance(entries, OrderedDict):
        keys.sort()
    write = pdfdoc.format
    lines = [_name(key) + b" " + write(entries[key], document) for key in keys]
    if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
        return b"<<\n" + IND.join(lines) + b"\n>>"
    for at in reversed(range(6, len(lines), 6)):  # break up every 6 entries anyway
        lines.insert(at, b"\n ")
    return b"<<\n" + b" ".join(lines) + b"\n>>"


class Written(pdfdoc.PDFObject):
    """A PDF object that goes into the file as the bytes it holds. Building the same
    value from pdfdoc's dictionaries, arrays and names, and writing it out, costs a
    Python call per part each time; what is written once (a structure element, a
    subset's widths) need not be written again. Any reference in the bytes must be to
    an object already numbered."""

    def __init__(self, body: bytes = b"") -> None:
        self.body = body

    def format(self, document: Any) -> bytes:
        return self.body


class Text(PDFTextObject):
    """ReportLab's text object, for a canvas to hand out from `beginText`: each run of
    text in an embedded font is written as ReportLab writes it, without the detour its
    general method takes for every run (setting its own output aside and back again),
    some 170 runs a handout."""

    _curSubset: int  # the subset the last font operator named (ReportLab's)

    def _formatText(self, text: str) -> str:
        font = getFont(self._fontname)
        if not font._dynamicFont or (font.shapable and isinstance(text, ShapedStr)):
            return str(super()._formatText(text))
        canvas = self._canvas
        doc = canvas._doc
        parts = []
        for subset, codes in font.splitString(text, doc):
            if subset != self._curSubset:
                name = font.getSubsetInternalName(subset, doc)
                parts.append(f"{name} {fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL")
                self._curSubset = subset
            parts.append(f"({canvas._escape(codes)}) Tj")
        return " ".join(parts)


class LeanCanvas(Canvas):
    """ReportLab's canvas, handing out `Text`, and saving its state as a tuple: every
    flowable drawn saves and restores the canvas state (some 180 times a handout), and
    ReportLab copies its 23 attributes into a new dictionary one by one each time,
    1 % of a render. What is saved and restored is the same."""

    # The attributes ReportLab saves; no canvas here adds to them.
    _STATE = operator.itemgetter(*Canvas.STATE_ATTRIBUTES)
    _extgstate: Any  # transparency and overprint settings (ReportLab's ExtGState)

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> Text:
        return Text(self, x, y, direction=direction)

    def push_state_stack(self) -> None:
        self.state_stack.append(self._STATE(self.__dict__))
        self._extgstate = self._extgstate.pushCopy()

    def pop_state_stack(self) -> None:
        self.__dict__.update(zip(Canvas.STATE_ATTRIBUTES, self.state_stack.pop(), strict=True))
