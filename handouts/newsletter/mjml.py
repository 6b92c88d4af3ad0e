"""The one wrapper around mjml-python (`mjml.mjml2html`), where its quirks are handled.

- It adds Google Fonts imports unless `fonts` is given: patients' mail clients must not
  call third parties, so no font is ever imported (`fonts={}`).
- It writes `lang="und"` unless the `<mjml lang="…">` attribute is set: the templates set
  it, and `compile_mjml` refuses MJML without it.
- It returns no warnings and passes unknown tags through untouched or drops them, so a
  typo in a template would vanish silently. `lint_mjml` checks the MJML against an
  allow-list of the tags and attributes the templates use before it is compiled.
- It does not inline `<mj-style inline="inline">`: the templates write inline styles
  themselves, and `inline` is not on the allow-list.
- It writes the page's `aria-label` (the `<mj-title>`) with Rust's debug escaping: an
  emoji's variation selector, a decomposed accent or a backslash become escape sequences
  (a backslash, `u{fe0f}`) that screen readers would spell out. The label is written
  again from the `<title>`, which keeps the characters.
"""

from __future__ import annotations

import re
from pathlib import Path

import mjml as mjml_python

from ..diagnostics import ContentError, Location, did_you_mean
from .templating import template_sources

_COMMON = {"css-class", "padding", "padding-top", "padding-bottom", "padding-left", "padding-right"}
_TEXT = {"align", "color", "font-size", "font-weight", "line-height", "font-family"}

# Every MJML tag the templates may use, with the attributes allowed on it.
MJML_TAGS: dict[str, set[str]] = {
    "mjml": {"lang", "dir"},
    "mj-head": set(),
    "mj-title": set(),
    "mj-preview": set(),
    "mj-style": set(),
    "mj-raw": set(),
    "mj-attributes": set(),
    "mj-all": {"font-family"},
    "mj-body": {"width", "background-color", "css-class"},
    "mj-section": _COMMON
    | {"background-color", "border-radius", "border-left", "border-top", "text-align"},
    "mj-column": _COMMON
    | {"background-color", "border-radius", "border-left", "width", "vertical-align"},
    "mj-text": _COMMON | _TEXT,
    "mj-image": _COMMON | {"src", "alt", "width", "height", "href", "align", "border-radius"},
    "mj-button": _COMMON
    | _TEXT
    | {"href", "background-color", "border-radius", "inner-padding", "width", "rel"},
    "mj-divider": _COMMON | {"border-color", "border-width", "width"},
    "mj-spacer": {"height", "css-class"},
}

# HTML allowed inside <mj-text> and <mj-button>: what the block renderer and templates write.
HTML_TAGS: dict[str, set[str]] = {
    tag: {"style"}
    for tag in ("p", "h1", "h2", "h3", "h4", "ul", "li", "strong", "em", "br", "span", "div")
} | {"a": {"href", "style"}, "ol": {"start", "style"}}
HTML_TAGS |= {tag: {"style"} for tag in ("blockquote", "thead", "tbody", "tr", "td")}
HTML_TAGS |= {
    "table": {"role", "style"},
    "th": {"scope", "style"},
    "img": {"src", "alt", "width", "style"},
    "meta": {"name", "content"},
}
# `dir` keeps a phone number or an address in its own order inside right-to-left text.
HTML_TAGS["span"] |= {"dir"}
HTML_TAGS["a"] |= {"dir"}


_TITLE = re.compile(r"<title>([^<]*)</title>")
_PAGE_LABEL = re.compile(r'(<div aria-label=")[^"]*(" aria-roledescription="email")')

_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)([^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*)>")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")


def lint_mjml(source: str) -> list[tuple[str, str | None]]:
    """The unknown (tag, attribute) pairs in `source`; attribute None for an unknown tag.

    A regular expression over the start tags, not a full parser: the MJML comes from
    our templates and escaped content, and this runs on every render. A newsletter's tags
    are nearly all the same from one render to the next, so each distinct start tag is
    checked once and its verdict kept under its text.
    """
    problems: list[tuple[str, str | None]] = []
    seen: set[tuple[str, str]] = set()
    for found in dict.fromkeys(_TAG.findall(source)):
        verdict = _VERDICTS.get(found)
        if verdict is None:
            if len(_VERDICTS) >= _VERDICTS_KEPT:
                _VERDICTS.clear()
            verdict = _VERDICTS[found] = _check_tag(*found)
        key, tag_problems = verdict
        if key not in seen:
            seen.add(key)
            problems.extend(tag_problems)
    return problems


_Verdict = tuple[tuple[str, str], tuple[tuple[str, str | None], ...]]
# Each distinct start tag's verdict, by its name and attribute text (its content).
_VERDICTS: dict[tuple[str, str], _Verdict] = {}
_VERDICTS_KEPT = 4096  # distinct start tags: many newsletters' worth, a few hundred kB


def _check_tag(tag: str, attributes: str) -> _Verdict:
    """The unknown (tag, attribute) pairs of one start tag, under its case-folded key."""
    tag = tag.lower()
    allowed = MJML_TAGS.get(tag) if tag.startswith("mj") else HTML_TAGS.get(tag)
    if allowed is None:
        return (tag, attributes), ((tag, None),)
    unknown = tuple(
        (tag, name.lower())
        for name in _ATTRIBUTE.findall(attributes)
        if name.lower() not in allowed
    )
    return (tag, attributes), unknown


def compile_mjml(source: str, site_root: Path, template: str) -> str:
    """HTML from the MJML rendered by `template`; an unknown tag or attribute is an error
    located at the template line that wrote it."""
    problems = lint_mjml(source)
    if problems:
        raise ContentError.at(*_explain(problems[0], site_root, template))
    if not re.match(r"\s*<mjml\b[^>]*\blang=\"[^\"]+\"", source):
        raise ContentError.at(
            Location(f"templates/{template}"), 'the <mjml> tag needs lang="…" (e.g. lang="en")'
        )
    html = mjml_python.mjml2html(source, fonts={}, disable_comments=True)
    if "<mj-" in html:  # the allow-list and mjml-python disagree: never ship raw MJML
        raise ContentError.at(
            Location(f"templates/{template}"), "MJML tags were left in the compiled HTML"
        )
    return _relabel_page(html)


def _relabel_page(html: str) -> str:
    title = _TITLE.search(html)
    if title is None:
        return html
    label = title.group(1).replace('"', "&quot;")
    return _PAGE_LABEL.sub(lambda match: match.group(1) + label + match.group(2), html, count=1)


def _explain(
    problem: tuple[str, str | None], site_root: Path, template: str
) -> tuple[Location, str]:
    """Where the offending tag was written: the first template line that has it."""
    tag, attribute = problem
    if attribute is None:
        pattern = re.compile(rf"<{re.escape(tag)}(?=[\s/>])", re.IGNORECASE)
        message = f"unknown tag <{tag}>"
        known = sorted(MJML_TAGS if tag.startswith("mj") else HTML_TAGS)
    else:
        pattern = re.compile(
            rf"<{re.escape(tag)}\s[^>]*?\b{re.escape(attribute)}\s*=", re.IGNORECASE
        )
        message = f"unknown attribute '{attribute}' on <{tag}>"
        known = sorted((MJML_TAGS | HTML_TAGS)[tag])
    hint = did_you_mean(attribute or tag, known)
    for location, text in template_sources(site_root, ".mjml.j2"):
        match = pattern.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            return Location(location.path, line), f"{message}{hint}"
    return Location(f"templates/{template}"), f"{message}{hint}"


def forget() -> None:
    """Drop what is kept between renders (see `render.forget`)."""
    _VERDICTS.clear()
