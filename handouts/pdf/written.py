"""A PDF object whose bytes are already written."""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFObject


class Written(PDFObject):
    """A PDF object that goes into the file as the bytes it holds. Building the same
    value from pdfdoc's dictionaries, arrays and names, and writing it out, costs a
    Python call per part each time; what is written once (a structure element, a
    subset's widths) need not be written again. Any reference in the bytes must be to
    an object already numbered."""

    def __init__(self, body: bytes = b"") -> None:
        self.body = body

    def format(self, document: Any) -> bytes:
        return self.body
