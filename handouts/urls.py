"""Which URLs content may use, and campaign tagging of the clinic's own links.

Handouts are printed and emails land in patients' inboxes: a link must work from
there, so only absolute http(s) URLs (and mailto/tel where a person is contacted) pass.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

WEB = ("http", "https")
CONTACT = ("http", "https", "mailto", "tel")

_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$")


def check_url(url: str, schemes: tuple[str, ...] = WEB) -> str | None:
    """A message saying what is wrong with `url`, or None when it is usable."""
    shown = url if len(url) <= 60 else url[:59] + "…"
    if any(ch.isspace() for ch in url):
        return f"'{shown}' contains spaces; write them as %20"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    allowed = ", ".join(f"{s}:" for s in schemes)
    if not scheme:
        return f"'{shown}' is not an absolute URL: it must start with {allowed}"
    if scheme not in schemes:
        return f"'{shown}' uses '{scheme}:'; only {allowed} are allowed here"
    if scheme in WEB and not (parts.netloc and _HOST.match(parts.netloc.rsplit("@", 1)[-1])):
        return f"'{shown}' has no valid host name"
    if scheme in ("mailto", "tel") and not parts.path:
        return f"'{shown}' is missing the address after '{scheme}:'"
    return None


def check_link(url: str) -> str | None:
    """Links in Markdown bodies: web pages, or mailto/tel for contacting someone."""
    problem = check_url(url, CONTACT)
    return f"link target {problem}" if problem else None


def with_query(url: str, params: dict[str, str]) -> str:
    """`url` with `params` added to its query; parameters it already has are kept."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    present = {key for key, _ in query}
    query += [(key, value) for key, value in params.items() if key not in present]
    return urlunsplit(parts._replace(query=urlencode(query)))


def is_same_site(url: str, *roots: str | None) -> bool:
    """Whether `url` points at one of the clinic's own hosts (and so gets UTM tags)."""
    host = urlsplit(url).hostname
    return host is not None and any(root and urlsplit(root).hostname == host for root in roots)
