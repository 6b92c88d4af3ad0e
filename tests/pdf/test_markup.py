"""Content reaches ReportLab's Paragraph markup escaped: it prints, it never acts."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from handouts.model import Emphasis, LineBreak, Link, Strong, Text
from handouts.pdf.markup import escape, inline_markup, shown_url
from handouts.pdf.style import styles

STYLE = styles("#1F5F8B", "#F28C28").body


def printed(markup: str) -> str:
    """What a Paragraph of `markup` prints, run by run."""
    paragraph = Paragraph(markup, STYLE)
    return "".join(frag.text for frag in paragraph.frags if hasattr(frag, "text"))


def test_markup_characters_in_content_print_literally() -> None:
    for text in ("<b>x</b> & <font size=40>y</font>", '<img src="/etc/passwd"/>', "&amp; <para>"):
        assert printed(escape(text)) == text


def test_emphasis_strong_and_line_breaks_become_markup_around_escaped_text() -> None:
    runs = (Strong((Text("a<b"),)), LineBreak(), Emphasis((Text("c&d"),)))
    assert inline_markup(runs, "#000000") == "<b>a&lt;b</b><br/><i>c&amp;d</i>"


def test_a_link_is_clickable_and_its_target_is_readable_on_paper() -> None:
    markup = inline_markup((Link("https://e.org/?a=1&b=2", (Text("more"),)),), "#123456")
    assert markup.startswith('<a href="https://e.org/?a=1&amp;b=2" color="#123456"><u>more</u></a>')
    assert printed(markup) == "more (https://e.org/?a=1&b=2)"


def test_a_link_that_shows_its_own_target_is_not_repeated() -> None:
    url = "https://e.org/x"
    assert printed(inline_markup((Link(url, (Text(url),)),), "#000000")) == url


def test_mail_and_phone_links_print_the_address_and_number() -> None:
    assert shown_url("mailto:hello@clinic.example") == "hello@clinic.example"
    assert shown_url("tel:+442079460000") == "+442079460000"
