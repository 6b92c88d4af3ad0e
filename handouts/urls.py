"""Which URLs content may use, and campaign tagging of the clinic's own links.

Handouts are printed and emails land in patients' inboxes: a link must work from
there, so only absolute http(s) URLs (and mailto/tel where a person is contacted) pass.

The clinic measures which handout or newsletter, and which place in it, brought a
visitor to its booking page. Only the clinic's own hosts are tagged: adding tracking
parameters to a research paper's URL would be noise at best and break the link at
worst. The unsubscribe target is never passed through here: it is an ESP's literal
merge tag.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    from .model import Clinic

WEB = ("http", "https")
CONTACT = ("http", "https", "mailto", "tel")

_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$")


def check_url(url: str, schemes: tuple[str, ...] = WEB) -> str | None:
    """A message saying what is wrong with `url`, or None when it is usable."""
    shown = url if len(url) <= 60 else url[:59] + "…"
    if any(ch.isspace() for ch in url):
        return f"'{shown}' contains spaces; write them as %20"
    # A soft hyphen, zero-width space or right-to-left override (often pasted along with
    # a link) cannot be seen, yet breaks the link or disguises where it goes.
    if hidden := next((ch for ch in url if unicodedata.category(ch) in ("Cc", "Cf")), ""):
        return (
            f"'{shown}' contains the invisible character U+{ord(hidden):04X};"
            " type the link again or copy it from the browser's address bar"
        )
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


@dataclass(frozen=True)
class Campaign:
    """The UTM parameters of one handout or newsletter: where a visit came from."""

    source: str
    medium: str
    name: str  # utm_campaign: the article's or drill's slug
    own_roots: tuple[str, ...]  # the clinic's website and booking URL

    @classmethod
    def for_email(cls, clinic: Clinic, slug: str) -> Campaign:
        news = clinic.newsletter
        return cls(news.utm_source, news.utm_medium, slug, _own_roots(clinic))

    @classmethod
    def for_print(cls, clinic: Clinic, slug: str) -> Campaign:
        """Paper: the QR code and printed link say the visit came from a handout."""
        return cls("handout", "print", slug, _own_roots(clinic))

    def tag(self, url: str, place: str | None = None) -> str:
        """`url` with UTM parameters (naming `place`, when given) if it is the clinic's
        own; else as is."""
        return _tagged(self, url, place)


@functools.lru_cache(maxsize=1024)  # a build tags the same few links in every newsletter
def _tagged(campaign: Campaign, url: str, place: str | None) -> str:
    if not is_same_site(url, *campaign.own_roots):
        return url
    parts = urlsplit(url)
    if not parts.path:  # "https://clinic.example?utm…" reads oddly; the "/" is implied
        url = urlunsplit(parts._replace(path="/"))
    params = {"utm_source": campaign.source, "utm_medium": campaign.medium}
    params["utm_campaign"] = campaign.name
    if place is not None:
        params["utm_content"] = place
    return with_query(url, params)


def _own_roots(clinic: Clinic) -> tuple[str, ...]:
    return tuple(url for url in (clinic.website, clinic.booking.url) if url)
