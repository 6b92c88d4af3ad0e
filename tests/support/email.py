"""Reading a rendered newsletter back, the way a test (or a mail client) sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

PREVIEW_FILLER = "\u034f\u200c\u00a0"


@dataclass
class Page:
    """What the tests check in an email's HTML, gathered in one parse."""

    lang: str | None = None
    title: str = ""
    tags: list[str] = field(default_factory=list)
    hrefs: list[str] = field(default_factory=list)
    images: list[dict[str, str | None]] = field(default_factory=list)
    links: list[dict[str, str | None]] = field(default_factory=list)
    hidden_texts: list[str] = field(default_factory=list)
    text: str = ""  # the visible words, in order
    urls: list[str] = field(default_factory=list)  # every href/src/action/background

    @property
    def preheader(self) -> str:
        return self.hidden_texts[0].strip(PREVIEW_FILLER + " ") if self.hidden_texts else ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_title = False
        self._hidden_depth = 0
        self._stack: list[str] = []
        self._skip = 0  # inside <style>/<title>
        self._words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.page.tags.append(tag)
        for name in ("href", "src", "action", "background"):
            if values.get(name) is not None:
                self.page.urls.append(values[name] or "")
        if tag == "html":
            self.page.lang = values.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "a":
            self.page.hrefs.append(values.get("href") or "")
            self.page.links.append(values)
        elif tag == "img":
            self.page.images.append(values)
        if tag in ("style", "title"):
            self._skip += 1
        if tag == "div" and "display:none" in (values.get("style") or "").replace(" ", ""):
            self._hidden_depth = 1
            self.page.hidden_texts.append("")
        elif self._hidden_depth and tag not in ("br", "img"):
            self._hidden_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in ("style", "title"):
            self._skip -= 1
        if self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data
        elif self._hidden_depth:
            self.page.hidden_texts[-1] += data
        elif not self._skip:
            self._words.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = " ".join(" ".join(self._words).split())


def read_html(html: bytes | str) -> Page:
    reader = _Reader()
    reader.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    reader.close()
    return reader.page


def words(text: str) -> str:
    """Whitespace collapsed, so wrapped lines compare equal to the source sentence."""
    return " ".join(text.split())
