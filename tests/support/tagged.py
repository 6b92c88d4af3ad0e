"""Reading a tagged PDF back as assistive technology does: the structure tree, the text
of each element in the tree's order, and what is left as page furniture (artifacts).

The structure is read with pikepdf and the text with pypdf's text visitor, and the
PDF/UA rules are checked by the `pdfua` package: tools the renderer does not share.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pdfua import validate
from pypdf import PdfReader

TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


@dataclass
class Element:
    """One structure element: its role, description, own text and children, in order."""

    role: str
    alt: str | None
    text: str = ""  # of its own marked content, in the order of /K
    kids: list[Element] = field(default_factory=list)
    links: int = 0  # annotations it owns (OBJR)

    def walk(self) -> Iterator[Element]:
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def all_text(self) -> str:
        """Its text and its descendants', in reading order."""
        return self.text + "".join(kid.all_text() for kid in self.kids)

    def roles(self) -> list[str]:
        return [element.role for element in self.walk()]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class _PageReader:
    """Follows one page's marked-content sequences as pypdf's text visitor walks it."""

    def __init__(self, page: int) -> None:
        self.page = page
        self.open: list[Any] = []  # an MCID, "artifact" or None per open sequence
        self.replaced: list[bool] = []  # per open sequence: its /ActualText is read instead
        self.by_mcid: dict[tuple[int, int], str] = {}
        self.artifacts: list[str] = []

    def operator(self, operator: bytes, operands: list[Any], *_: Any) -> None:
        if operator in (b"BDC", b"BMC"):
            properties = operands[1] if len(operands) > 1 else {}
            if operands[0] == "/Artifact":
                self.open.append("artifact")
            elif hasattr(properties, "get") and properties.get("/MCID") is not None:
                self.open.append(int(properties["/MCID"]))
            else:
                self.open.append(None)
            actual = properties.get("/ActualText") if hasattr(properties, "get") else None
            if actual is not None:
                self.text(str(actual))
            self.replaced.append(actual is not None)
        elif operator == b"EMC":
            self.open.pop()
            self.replaced.pop()

    def text(self, shown: str, *_: Any) -> None:
        if any(self.replaced):  # the glyphs are read as the /ActualText instead
            return
        if "artifact" in self.open:
            self.artifacts.append(shown)
            return
        mcids = [entry for entry in self.open if isinstance(entry, int)]
        if mcids:
            key = (self.page, mcids[-1])
            self.by_mcid[key] = self.by_mcid.get(key, "") + shown


def marked_text(pdf: bytes) -> tuple[dict[tuple[int, int], str], str]:
    """The text of every marked-content sequence with an MCID, by (page, MCID), and the
    text drawn inside /Artifact sequences, all pages together."""
    by_mcid: dict[tuple[int, int], str] = {}
    artifacts: list[str] = []
    for index, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        reading = _PageReader(index)
        page.extract_text(visitor_operand_before=reading.operator, visitor_text=reading.text)
        by_mcid.update(reading.by_mcid)
        artifacts += reading.artifacts
    return by_mcid, "".join(artifacts)


def structure(pdf: bytes) -> Element:
    """The structure tree's root element (Document), with the text of each element."""
    texts, _ = marked_text(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.obj.objgen: index for index, page in enumerate(document.pages)}
        return _element(document.Root.StructTreeRoot.K, pages, texts)


def _element(
    node: pikepdf.Dictionary, pages: dict[tuple[int, int], int], texts: dict[tuple[int, int], str]
) -> Element:
    alt = node.get("/Alt")
    element = Element(str(node.S)[1:], str(alt) if alt is not None else None)
    page = pages.get(node.Pg.objgen) if "/Pg" in node else None
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            assert page is not None, "an MCID without a page"
            element.text += texts.get((page, int(kid)), "")
        elif kid.get("/Type") == "/MCR":
            element.text += texts.get((pages[kid.Pg.objgen], int(kid.MCID)), "")
        elif kid.get("/Type") == "/OBJR":
            element.links += 1
        else:
            element.kids.append(_element(kid, pages, texts))
    return element


def unmarked_operators(pdf: bytes) -> list[tuple[int, str]]:
    """(page, operator) of every text-showing operator and image drawn outside any
    marked-content sequence: content that is neither tagged nor an artifact."""
    found: list[tuple[int, str]] = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for index, page in enumerate(document.pages):
            depth = 0
            for _, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name in ("BDC", "BMC"):
                    depth += 1
                elif name == "EMC":
                    depth -= 1
                elif depth == 0 and (name in TEXT_OPERATORS or name == "Do"):
                    found.append((index + 1, name))
    return found


def pdfua_findings(pdf: bytes, folder: Path) -> list[str]:
    """Every finding of the `pdfua` checker, errors and warnings alike, and every rule it
    could not evaluate, as one line each."""
    path = folder / "checked.pdf"
    path.write_bytes(pdf)
    report = validate(str(path))
    found = [
        f"{finding.rule_id} {finding.severity.name}: {finding.message} "
        f"({finding.location.describe()})"
        for finding in report.findings
    ]
    return found + [
        f"{outcome.rule_id} not evaluated: {outcome.skipped_reason}" for outcome in report.skipped
    ]
