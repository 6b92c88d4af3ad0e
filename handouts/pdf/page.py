"""Page furniture: the footer on every page ("page N of M") and the document template.

The total page count is only known once the story is laid out, so the canvas keeps each
finished page's state and draws every footer when the document is saved: one layout
pass instead of two.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.doctemplate import _ktAllow
from reportlab.platypus.flowables import ListFlowable, _listWrapOn
from reportlab.platypus.frames import _FUZZ

from ..fonts import FACES, printable
from . import subsets, writer
from .paragraph import draw_line, line_width
from .style import BODY_SIZE, INK, MUTED, RULE
from .tagging import TaggingCanvas

# Every document of this process is written the same way, for less work (writer.py) and
# with font subsets made once (subsets.py): installed here, before any document is made.
writer.install()
subsets.install()

FOOTER_HEIGHT = 30


@dataclass(frozen=True)
class Footer:
    clinic: str
    contact: str | None  # phone, else website
    safety: str  # the safety line, in the document's language (its labels)
    pages: str  # "page %(number)s of %(total)s", in the document's language
    scale: float = 1.0  # large print's is larger, the safety line too
    rtl: bool = False  # a right-to-left language: the footer mirrored

    @property
    def height(self) -> float:
        return FOOTER_HEIGHT * self.scale

    def draw(self, canvas: Canvas, number: int, total: int) -> None:
        page_width, _ = canvas._pagesize
        left, right = canvas._margins
        width = page_width - left - right
        base = canvas._bottom
        pages = self.pages % {"number": number, "total": total}
        scale, size = self.scale, 9 * self.scale
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, base + 24 * scale, left + width, base + 24 * scale)
        canvas.setFillColor(MUTED if scale == 1 else INK)
        canvas.setFont(FACES.regular, size)
        # Right to left, the page number goes to the left and the words to the right.
        start, end = (left + width, left) if self.rtl else (left, left + width)
        draw_line(canvas, pages, end, base + 12 * scale, "start" if self.rtl else "end")
        room = width - line_width(pages, FACES.regular, size) - 18
        who = " · ".join(part for part in (self.clinic, self.contact) if part)
        where = "end" if self.rtl else "start"
        draw_line(
            canvas, _fit(printable(who), FACES.regular, size, room), start, base + 12 * scale, where
        )
        canvas.setFillColor(INK)
        canvas.setFont(FACES.bold, 9.5 * scale)
        draw_line(canvas, self.safety, start, base, where)
        canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text`, shortened with an ellipsis when it would run into the page number."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _FooterCanvas(TaggingCanvas):
    """Holds pages back until save, when the total is known, then adds each footer (an
    artifact, as everything drawn outside tagged content is)."""

    def __init__(
        self, *args: Any, footer: Footer, margins: tuple[float, float, float], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._margins = margins[:2]
        self._bottom = margins[2]
        self._held: list[dict] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, 1):
            self.__dict__.update(state)
            self._footer.draw(self, number, total)
            super().showPage()
        super().save()


class PageMark(Flowable):
    """Takes no room; remembers the page it landed on, so a renderer can see after a
    layout where things went (the booking box alone on a last page, for one).

    A mark given the `latest` page it may land on (a number, or another mark's page) ends
    the layout there and then with `Misplaced` when it lands later: the renderer lays the
    document out another way, so finishing this layout and writing its PDF would be work
    thrown away."""

    page = 0

    def __init__(self, latest: PageMark | int | None = None):
        super().__init__()
        self.latest = latest

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.page = self.canv.getPageNumber()
        latest = self.latest.page if isinstance(self.latest, PageMark) else self.latest
        if latest is not None and self.page > latest:
            raise Misplaced


class Misplaced(Exception):
    """A `PageMark` landed after the latest page it was given: the layout was abandoned."""


class FirstThatFits(Flowable):
    """The first of several forms of one thing that fits in the room left on the page,
    or else the first form, which then goes to the next page whole. Choosing as the page
    is filled, where the room is known, spares laying the whole document out again to
    try a smaller form. Forms are made when first measured; `mark` is drawn with the
    chosen one, so it lands on the page the form does."""

    def __init__(self, forms: list[Callable[[], Flowable]], mark: PageMark):
        super().__init__()
        self.forms = forms
        self.made: list[Flowable] = []
        self.mark = mark

    def _form(self, index: int) -> Flowable:
        while len(self.made) <= index:
            self.made.append(self.forms[len(self.made)]())
        return self.made[index]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        for index in range(len(self.forms)):
            width, height = self._form(index).wrapOn(self.canv, available_width, available_height)
            if height <= available_height + _FUZZ:
                self.chosen = self.made[index]
                return width, height
        self.chosen = self._form(0)
        return self.chosen.wrapOn(self.canv, available_width, available_height)

    def getSpaceBefore(self) -> float:  # asked before the room is known: the first form's
        return self._form(0).getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.chosen.getSpaceAfter()

    def draw(self) -> None:
        self.mark.canv = self.canv
        self.mark.draw()
        self.chosen.drawOn(self.canv, 0, 0)


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str


def build_pdf(
    story: list[Flowable],
    pagesize: tuple[float, float],
    margin: float,
    footer: Footer,
    metadata: Metadata,
    lang: str = "en",
) -> bytes:
    """Lay out `story` on pages of `pagesize`, tagged, in language `lang` (BCP 47);
    identical input gives identical bytes."""
    bottom = margin + footer.height
    buffer = io.BytesIO()
    doc = _Document(
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=bottom,
        title=metadata.title,
        author=metadata.author,
        subject=metadata.subject,
        keywords=metadata.keywords,
        creator="handouts",
        lang=lang,
        invariant=1,
        initialFontName=FACES.regular,
        initialFontSize=BODY_SIZE,
        initialLeading=BODY_SIZE * 1.2,
    )
    frame = _BodyFrame(
        margin,
        bottom,
        pagesize[0] - 2 * margin,
        pagesize[1] - margin - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate("page", frames=[frame])])
    doc.build(
        story, canvasmaker=partial(_FooterCanvas, footer=footer, margins=(margin, margin, margin))
    )
    return buffer.getvalue()


class _WithNext(KeepTogether):
    """Headings and lead-in lines ("Typical signs include:") with what follows them.
    They go to the next page when the first piece of what follows does not fit after
    them on this one, and only then: ReportLab's keep-with-next waits for all of what
    follows to fit, which left the rest of a page empty above a long paragraph. A first
    piece is a paragraph's first lines, the first lines of a list's first item (and of
    what that item leads into), or a whole drill card; a card too tall to share any page
    with its heading is cut under it instead, since the heading alone would fill a page."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (available_width, available_height):
            self.wrap(available_width, available_height)  # ReportLab's: measures it all
        *leads, follower = self._content
        if leads and self._never_together(leads, follower, available_width):
            follower = self._content[-1] = follower._content[0]
            self.wrap(available_width, available_height)
        if leads and available_height + _FUZZ < self._H:  # not all of it fits
            parts = self._fitting(leads, follower, available_width, available_height)
            if parts:
                return [*leads, *parts]
            parts = self._lead_in_cut(leads, follower, available_width, available_height)
            if parts:
                return parts
        return list(super().split(available_width, available_height))

    def _lead_in_cut(
        self, leads: list[Flowable], follower: Flowable, width: float, height: float
    ) -> list[Flowable]:
        """A lead-in paragraph of several lines cut in two: its first lines stay here,
        after the heading before it, and its last go over with what it leads into, so
        that the page is not left empty above it. Nothing when it cannot be cut so."""
        *before, last = leads
        if not isinstance(last, Paragraph) or getattr(last.style, "keepWithNext", False):
            return []  # a heading is never cut
        canvas = self.canv
        room = self._room_after(before, last, width, height)
        _, whole = last.wrapOn(canvas, width, height)
        room = min(room, whole - last.style.leading)  # at least its last line goes over
        pieces = last.splitOn(canvas, width, room) if room > 0 else []
        if len(pieces) != 2:
            return []
        if before and _listWrapOn([*before, pieces[0]], width, canvas)[1] > height + _FUZZ:
            return []
        return [*before, pieces[0], _WithNext([pieces[1], follower])]

    def _room_after(
        self, leads: list[Flowable], following: Flowable, width: float, height: float
    ) -> float:
        """What `height` leaves for `following` after `leads` and the space between them,
        merged as a frame merges it."""
        taken = _listWrapOn(leads, width, self.canv)[1] if leads else 0.0
        after = leads[-1].getSpaceAfter() if leads else 0.0
        return height - taken - after - max(following.getSpaceBefore() - after, 0)

    def _never_together(self, leads: list[Flowable], follower: Flowable, width: float) -> bool:
        """Whether `follower` is a card kept whole that no page holds with `leads`."""
        frame = getattr(self, "_frame", None)
        if frame is None or not isinstance(follower, KeepTogether) or len(follower._content) != 1:
            return False
        _, together = _listWrapOn([*leads, *follower._content], width, self.canv)
        return bool(together > frame._aH + _FUZZ)

    def _fitting(
        self, leads: list[Flowable], follower: Flowable, width: float, height: float
    ) -> list[Flowable]:
        """`follower` in pieces whose first fits after `leads` in `height`; else none."""
        canvas = self.canv
        if isinstance(follower, KeepTogether):  # kept whole itself: all of it or nothing
            _, together = _listWrapOn([*leads, *follower._content], width, canvas)
            return [follower] if together <= height + _FUZZ else []
        room = self._room_after(leads, follower, width, height)
        if room <= 0:
            return []
        parts = list(follower.splitOn(canvas, width, room))
        # A list splits between whole items only: its first item is cut in turn.
        if (
            isinstance(follower, ListFlowable)
            and parts
            and _listWrapOn(parts[:1], width, canvas)[1] > room + _FUZZ
        ):
            first = parts[0].splitOn(canvas, width, room)
            if len(first) < 2:
                return []
            parts[:1] = first
        if len(parts) < 2 or hasattr(parts[0], "frameAction"):  # not a piece: a page break
            return []
        leading = 0
        while leading < len(parts) - 1 and parts[leading].getKeepWithNext():
            leading += 1
        if leading:  # the first piece leads into the next itself ("Signs:" in an item)
            rest = self._fitting([*leads, *parts[:leading]], parts[leading], width, height)
            return [*parts[:leading], *rest, *parts[leading + 1 :]] if rest else []
        if _listWrapOn([*leads, parts[0]], width, canvas)[1] > height + _FUZZ:
            return []
        return parts


class _Document(BaseDocTemplate):
    """ReportLab's document template, keeping headings and lead-in lines with a list or
    a drill card as with anything else: ReportLab keeps nothing with a container, and
    both are, so a heading could end a page above its list or its exercises. The space
    between a heading and what follows goes with the heading."""

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:
        count = 0
        while count < len(flowables) and flowables[count].getKeepWithNext():
            if not _ktAllow(flowables[count]):
                break
            count += 1
        if not count:
            return
        while count + 1 < len(flowables) and isinstance(flowables[count], Spacer):
            count += 1
        if count < len(flowables):
            following = flowables[count]
            if _ktAllow(following) or isinstance(following, ListFlowable | KeepTogether):
                count += 1
        group = _WithNext(flowables[:count])
        for kept in group._content[:-1]:  # kept with the next by the group, not again
            kept.__dict__["keepWithNext"] = 0
        flowables[:count] = [group]


class _BodyFrame(Frame):
    """The page's one frame. ReportLab deep-copies the frame each time it measures a
    group kept together (a heading with its text, a card), to lay the group out on the
    copy, and deletes the copy's generated content at once; a generic deep copy of it
    was 1.5 % of a handout's render. Its plain values are shared, what can change is
    copied, and the generated content, about to be dropped, is not copied at all."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _BodyFrame:
        twin = _BodyFrame.__new__(_BodyFrame)
        twin.__dict__.update(
            (name, value if isinstance(value, _PLAIN) else deepcopy(value, memo))
            for name, value in self.__dict__.items()
            if name != "_generated_content"
        )
        return twin


_PLAIN = (int, float, str, type(None))


def frame_width(pagesize: tuple[float, float], margin: float) -> float:
    return pagesize[0] - 2 * margin


def frame_height(pagesize: tuple[float, float], margin: float, scale: float = 1.0) -> float:
    return pagesize[1] - 2 * margin - FOOTER_HEIGHT * scale
