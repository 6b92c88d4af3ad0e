"""Tagged PDF: a structure tree built while the pages are drawn (PDF/UA-1 in intent).

ReportLab's open-source edition writes untagged PDFs, so a screen reader has to guess
what is a heading, a list or a picture, and reads page numbers in the middle of a
sentence. Here each flowable that shows content carries a `Node` (its role and its
parent, given when the renderer builds it from the block model); when it draws, the
canvas wraps what it drew in marked content with an MCID and files that under the
node. Whatever is drawn outside a node (the band, the footer, rules, tick boxes) is
wrapped as an `/Artifact` when the page is finished. At save the nodes become
`/StructElem` objects in the order they were first drawn, which is the order of the
blocks, with the `/ParentTree` that maps content back to them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    XMP,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from .markup import xml_text
from .writer import LeanCanvas, Written


@dataclass(eq=False)
class Node:
    """One structure element: `role` (P, H2, Figure…) under `parent` (None: the
    document). Nodes are made with the flowables and never change; what a document
    draws into them is kept by its `Tagger`, so a laid-out-again story starts clean."""

    role: str
    parent: Node | None = None
    alt: str | None = None  # a Figure's description
    scope: str | None = None  # a TH's: "Column" or "Row"
    late: bool = False  # read after the rest of the document (a card's booking band)


def tagged(flowable: Any, node: Node | None) -> Any:
    """`flowable`, its drawing filed under `node` (its pieces after a split too)."""
    flowable.tag_node = node
    return flowable


def node_of(flowable: Any) -> Node | None:
    return getattr(flowable, "tag_node", None)


class marked:
    """`with marked(canvas, owner, node):` what `owner` draws inside the block is
    `node`'s content. Drawn a second time (a table's header row repeated on the next
    page) it is an artifact: read once. A class rather than a generator: it runs for
    every paragraph, and this is the cheapest form of a context manager."""

    __slots__ = ("actual", "canvas", "node", "tagger")

    def __init__(
        self, canvas: Any, owner: Any, node: Node | None, actual: str | None = None
    ) -> None:
        tagger: Tagger | None = getattr(canvas, "tagger", None)
        self.tagger = None
        if tagger is None or node is None or tagger.open is not None:
            return
        if getattr(owner, "_tagged_by", None) is tagger:
            return
        owner._tagged_by = tagger
        self.tagger, self.canvas, self.node, self.actual = tagger, canvas, node, actual

    def __enter__(self) -> None:
        if self.tagger is not None:
            self.tagger.begin(self.canvas, self.node, self.actual)

    def __exit__(self, *_: object) -> None:
        if self.tagger is not None:
            self.tagger.end(self.canvas)


@contextmanager
def read_as(canvas: Any, text: str | None) -> Iterator[None]:
    """What is drawn inside the block reads as `text` to text extraction: the day
    numbers under the tick boxes, seven words far apart, read as one line rather than
    among the next card's number and the footer. None: as drawn."""
    if text is None:
        yield
        return
    actual = PDFString(text).format(canvas._doc).decode("latin-1")
    canvas._code.append(f"/Span <</ActualText {actual}>> BDC")
    yield
    canvas._code.append("EMC")


class _Row:
    """A right-to-left row's cells, first to last, as the structure should read them."""

    def __init__(self, cells: list[Any]) -> None:
        self.nodes = [
            node
            for cell in cells
            for flowable in (cell if isinstance(cell, list) else [cell])
            if (node := node_of(flowable)) is not None
        ]
        self.marks: dict[Node, list[int]] = {}  # per node: where each cell's kids start


class InReadingOrder(Flowable):
    """Draws nothing. Put at the start of every cell of a row laid out right to left
    (and once at the end, `last`), it files the row's elements in the structure in
    reading order though the last cell is drawn first: a booking box's heading before
    its QR code, "Prepared for" before "Date"."""

    def __init__(self, row: _Row, first: bool = False, last: bool = False) -> None:
        super().__init__()
        self.row, self.first, self.last = row, first, last
        self.width = self.height = 0

    @classmethod
    def marks(cls, cells: list[Any]) -> list[list[Any]]:
        """`cells` in drawing order (reversed), each led by a mark, the last closed."""
        row = _Row(cells[::-1])
        count = len(cells)
        return [
            [
                cls(row, first=index == 0),
                *(cell if isinstance(cell, list) else [cell]),
                *([cls(row, last=True)] if index == count - 1 else []),
            ]
            for index, cell in enumerate(cells)
        ]

    def wrap(self, *_: Any) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Any, *_: Any, **__: Any) -> None:  # nothing to place
        tagger: Tagger | None = getattr(canvas, "tagger", None)
        if tagger is None:
            return
        row = self.row
        if self.first:
            for node in row.nodes:
                tagger._attach(node)
            row.marks = {node: [] for node in row.nodes}
        for node, marks in row.marks.items():
            marks.append(len(tagger.kids[node]))
        if self.last:  # each node's kids, cell by cell, from the first cell to the last
            for node, marks in row.marks.items():
                kids = tagger.kids[node]
                cells = [kids[start:end] for start, end in pairwise(marks)]
                kids[marks[0] : marks[-1]] = [kid for cell in reversed(cells) for kid in cell]


def ancestor(node: Node | None, role: str) -> Node | None:
    while node is not None and node.role != role:
        node = node.parent
    return node


class Tagger:
    """The structure one document's drawing builds: kids per node in drawing order,
    MCIDs per page, and which parts of each page's content stream are marked."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.root = Node("Document")
        self.kids: dict[Node, list[Any]] = {self.root: []}
        self.labels: dict[Node, Node] = {}  # a list item's Lbl
        self.mcids: dict[int, list[Node]] = {}  # page → the node of each MCID
        self.page_keys: dict[int, int] = {}  # page → its /StructParents
        self.links: list[tuple[int, Node, PDFObjectReference]] = []  # key, Link, annotation
        self.next_key = 0
        self.spans: dict[int, list[tuple[int, int]]] = {}  # page → (BDC, EMC) code indices
        self.open: Node | None = None
        self._start = 0

    def _attach(self, node: Node) -> None:
        if node in self.kids:
            return
        parent = node.parent or self.root
        self._attach(parent)
        self.kids[parent].append(node)
        self.kids[node] = []

    def label(self, item: Node) -> Node:
        """The Lbl of list item `item` (made when its bullet draws, before its body)."""
        if item not in self.labels:
            self.labels[item] = Node("Lbl", item)
        return self.labels[item]

    def begin(self, canvas: Canvas, node: Node, actual: str | None = None) -> None:
        """Opens `node`'s next marked content; `actual` is what it reads as, when the
        glyphs drawn do not say it (shaped right-to-left text, in drawing order)."""
        page = canvas.getPageNumber()
        self._attach(node)
        if page not in self.page_keys:
            self.page_keys[page] = self.next_key
            self.next_key += 1
        on_page = self.mcids.setdefault(page, [])
        mcid = len(on_page)
        on_page.append(node)
        self.kids[node].append((page, mcid))
        self.open = node
        self._start = len(canvas._code)
        if actual is None:
            canvas._code.append(f"/{node.role} <</MCID {mcid}>> BDC")
        else:
            text = PDFString(actual).format(canvas._doc).decode("latin-1")
            canvas._code.append(f"/{node.role} <</MCID {mcid} /ActualText {text}>> BDC")

    def end(self, canvas: Canvas) -> None:
        canvas._code.append("EMC")
        self.spans.setdefault(canvas.getPageNumber(), []).append(
            (self._start, len(canvas._code) - 1)
        )
        self.open = None

    def link(self, key: int, annotation: PDFObjectReference) -> None:
        """Files a link annotation drawn inside the open node under a Link of its own;
        `key` is the annotation's /StructParent (the next key, now taken)."""
        assert self.open is not None and key == self.next_key
        node = Node("Link", self.open)
        self._attach(node)
        self.next_key += 1
        self.links.append((key, node, annotation))

    def finish_page(self, canvas: Canvas, page: int) -> None:
        """Everything on `page` outside marked content becomes an artifact."""
        code = canvas._code
        spans = self.spans.get(page, [])
        out: list[str] = []
        at = 0
        for start, stop in [*spans, (len(code), len(code))]:
            if at < start:
                out += ["/Artifact BMC", *code[at:start], "EMC"]
            out += code[start : stop + 1]
            at = stop + 1
        canvas._code = out

    def write(self, canvas: Canvas, pages: dict[int, str], title: str) -> None:
        """The structure tree, parent tree, MarkInfo, viewer preferences and XMP."""
        doc = canvas._doc
        self.kids[self.root].sort(key=lambda kid: kid.late)  # a stable sort: late ones last

        def ref(name: str) -> str:  # every object here is registered before it is written
            number, generation = doc.idToObjectNumberAndVersion[name]
            return f"{number} {generation} R"

        def text(value: str) -> str:
            return PDFString(value).format(doc).decode("latin-1")

        elements = {node: Written() for node in self.kids}
        refs = {
            node: ref(doc.Reference(element, f"StructElem{index}").name)
            for index, (node, element) in enumerate(elements.items())
        }
        page_refs = {page: ref(name) for page, name in pages.items()}
        tree = Written()
        tree_ref = ref(doc.Reference(tree, "StructTreeRoot").name)
        annotations = {id(node): ref(annotation.name) for _, node, annotation in self.links}
        for node, element in elements.items():
            parent = tree_ref if node is self.root else refs[node.parent or self.root]
            parts = [f"<< /Type /StructElem /S /{node.role} /P {parent}"]
            if node is self.root:
                parts.append(f"/Lang {text(self.lang)}")
            if node.alt is not None:
                parts.append(f"/Alt {text(node.alt)}")
            if node.scope is not None:
                parts.append(f"/A << /O /Table /Scope /{node.scope} >>")
            kids = self.kids[node]
            first_page = next((kid[0] for kid in kids if isinstance(kid, tuple)), None)
            if first_page is not None:
                parts.append(f"/Pg {page_refs[first_page]}")
            k = []
            for kid in kids:
                if isinstance(kid, Node):
                    k.append(refs[kid])
                elif kid[0] == first_page:
                    k.append(str(kid[1]))
                else:
                    k.append(f"<< /Type /MCR /Pg {page_refs[kid[0]]} /MCID {kid[1]} >>")
            if id(node) in annotations:
                k.append(f"<< /Type /OBJR /Obj {annotations[id(node)]} >>")
            if len(k) == 1:  # a lone kid stands alone, as checkers expect of a heading
                parts.append(f"/K {k[0]}")
            elif k:
                parts.append(f"/K [{' '.join(k)}]")
            element.body = " ".join([*parts, ">>"]).encode("latin-1")
        nums = [
            (key, "[" + " ".join(refs[node] for node in self.mcids[page]) + "]")
            for page, key in self.page_keys.items()
        ]
        nums += [(key, refs[node]) for key, node, _ in self.links]
        parent_tree = Written(
            b"<< /Nums ["
            + " ".join(f"{key} {value}" for key, value in sorted(nums)).encode("latin-1")
            + b"] >>"
        )
        tree.body = (
            f"<< /Type /StructTreeRoot /K {refs[self.root]}"
            f" /ParentTree {ref(doc.Reference(parent_tree, 'ParentTree').name)}"
            f" /ParentTreeNextKey {self.next_key} >>"
        ).encode("latin-1")
        catalog = doc.Catalog
        catalog.StructTreeRoot = PDFObjectReference("StructTreeRoot")
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        catalog.Metadata = XMP(creator=lambda _doc: _xmp(title, self.lang))
        canvas.setViewerPreference("DisplayDocTitle", "true")


def _xmp(title: str, lang: str) -> bytes:
    """The metadata packet: the title (in dc:title, as PDF/UA asks) and the PDF/UA claim."""
    title = xml_text(title)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{xml_text(lang)}</rdf:li></rdf:Bag></dc:language>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _described(url: str) -> str:
    """A link annotation's /Contents: what following it does, in words."""
    for scheme, verb in (("mailto:", "Email"), ("tel:", "Call")):
        if url.startswith(scheme):
            return f"{verb} {url.removeprefix(scheme)}"
    return f"Link to {url}"


class TaggingCanvas(LeanCanvas):
    """A canvas that builds the structure tree as flowables draw (see `marked`)."""

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        # PDF/UA-1 is written on PDF 1.7 (ISO 32000-1), and /Tabs is a PDF 1.5 key
        super().__init__(*args, lang=lang, pdfVersion=(1, 7), **kwargs)
        self.tagger = Tagger(lang)
        self._page_names: dict[int, str] = {}

    def linkURL(self, url: str, rect: Any, *args: Any, **kwargs: Any) -> None:
        kwargs["Contents"] = PDFString(_described(url))
        if self.tagger.open is None:  # in an artifact (a repeated header row): no Link
            super().linkURL(url, rect, *args, **kwargs)
            return
        key = self.tagger.next_key
        kwargs["StructParent"] = key
        super().linkURL(url, rect, *args, **kwargs)
        self.tagger.link(key, self._annotationrefs[-1])

    def showPage(self) -> None:
        page = self.getPageNumber()
        self._page_names[page] = self._doc.thisPageName()
        self.tagger.finish_page(self, page)
        super().showPage()

    def _setAnnotations(self, page: Any) -> None:
        super()._setAnnotations(page)
        key = self.tagger.page_keys.get(self.getPageNumber())
        extra = []
        if key is not None:
            page.StructParents = key
            extra.append("StructParents")
        if self._annotationrefs:
            page.Tabs = PDFName("S")  # links in the order of the structure
            extra.append("Tabs")
        if extra:
            page.__NoDefault__ = [*page.__NoDefault__, *extra]

    def save(self) -> None:
        self.tagger.write(self, self._page_names, self._doc.info.title or "")
        super().save()
