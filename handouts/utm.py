"""Campaign tagging of the clinic's own links in a newsletter.

The clinic measures which newsletter, and which place in it, brought a visitor to its
booking page. Only the clinic's own hosts are tagged: adding tracking parameters to a
research paper's URL would be noise at best and break the link at worst. The
unsubscribe target is never passed through here: it is an ESP's literal merge tag.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from .model import Clinic
from .urls import is_same_site, with_query


@dataclass(frozen=True)
class Campaign:
    source: str
    medium: str
    name: str  # utm_campaign: the article's slug
    own_roots: tuple[str, ...]  # the clinic's website and booking URL

    @classmethod
    def for_article(cls, clinic: Clinic, slug: str) -> Campaign:
        roots = tuple(url for url in (clinic.website, clinic.booking.url) if url)
        news = clinic.newsletter
        return cls(news.utm_source, news.utm_medium, slug, roots)

    def tag(self, url: str, place: str) -> str:
        """`url` with UTM parameters naming `place` if it is the clinic's own; else as is."""
        if not is_same_site(url, *self.own_roots):
            return url
        parts = urlsplit(url)
        if not parts.path:  # "https://clinic.example?utm…" reads oddly; the "/" is implied
            url = urlunsplit(parts._replace(path="/"))
        return with_query(
            url,
            {
                "utm_source": self.source,
                "utm_medium": self.medium,
                "utm_campaign": self.name,
                "utm_content": place,
            },
        )
