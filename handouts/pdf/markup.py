"""Inline runs to ReportLab Paragraph markup, escaped at this edge and nowhere else.

Paragraph markup is XML-like: content such as `<b>`, `&amp;`, `<font size=40>` or
`<img src="/etc/passwd">` must print as written and never change layout or load a file,
so every piece of content passes through `escape()` (after the glyph fallback) here.
(Written here rather than taken from `xml.sax.saxutils`, which imports `urllib.request`
and with it the HTTP and TLS modules: a fifth of a single handout's start-up.)
"""

from __future__ import annotations

from typing import assert_never
from urllib.parse import unquote, urlsplit

from ..fonts import printable
from ..model import Emphasis, Inline, LineBreak, Link, Strong, Text, plain_text
from .typeface import font_runs


def escape(text: str) -> str:
    """Content text as Paragraph markup that prints exactly `text` (after glyph fallback,
    each script in a font that has it; the paragraph shapes and orders it)."""
    return "".join(
        f'<font face="{family}">{xml_text(run)}</font>' if family else xml_text(run)
        for family, run in font_runs(printable(text))
    )


def xml_text(text: str) -> str:
    """`text` as XML character data: paragraph markup, and the PDF's XMP metadata."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    """`value` as a double-quoted attribute, with nothing in it that could end it."""
    value = xml_text(value).replace('"', "&quot;")
    return '"' + value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def link(url: str, label_markup: str, colour: str) -> str:
    """A clickable, underlined link: the underline carries 'link' in black-and-white."""
    return f"<a href={_attribute(url)} color={_attribute(colour)}><u>{label_markup}</u></a>"


def shown_url(url: str) -> str:
    """How a link target reads on paper: the address of mailto/tel, the full web URL."""
    parts = urlsplit(url)
    if parts.scheme.lower() in ("mailto", "tel"):
        return unquote(parts.path)
    return url


def short_url(url: str) -> str:
    """A web address as a person types it: host and path, no scheme, no query."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/") or url


def inline_markup(runs: tuple[Inline, ...], link_colour: str) -> str:
    """Markup for a paragraph's runs; a link's target follows its text when they differ."""
    out: list[str] = []
    for run in runs:
        match run:
            case Text(text):
                out.append(escape(text))
            case LineBreak():
                out.append("<br/>")
            case Strong(children):
                out.append(f"<b>{inline_markup(children, link_colour)}</b>")
            case Emphasis(children):
                out.append(f"<i>{inline_markup(children, link_colour)}</i>")
            case Link(url, children):
                out.append(link(url, inline_markup(children, link_colour), link_colour))
                target = shown_url(url)
                if plain_text(children).strip() != target:
                    out.append(f" ({escape(target)})")
            case _:
                assert_never(run)
    return "".join(out)
