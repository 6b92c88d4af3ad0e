"""What the home and article pages show, gathered from one snapshot of the studio.

Everything here comes from the build: its report's problems, the loaded model, and the
files it wrote under out/. A problem belongs to the article or drill whose file it
names; any other (clinic.yaml, a template) concerns every page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..build.kinds import CARD, HANDOUT, LARGE_CARD, LARGE_HANDOUT, NEWSLETTER
from ..diagnostics import Diagnostic
from ..model import Smtp
from .studio import Snapshot

# Gmail shows "[Message clipped]" and hides the rest, the unsubscribe link included,
# when a message's HTML is larger than this.
GMAIL_CLIP = 102 * 1024
ITEM_FOLDERS = ("content/articles/", "content/drills/")


@dataclass(frozen=True)
class Item:
    slug: str
    title: str
    source: str
    problems: list[Diagnostic]

    @property
    def broken(self) -> bool:
        return any(d.is_error for d in self.problems)


@dataclass(frozen=True)
class Home:
    clinic: str
    general: list[Diagnostic]  # clinic.yaml, templates, anything not one item's
    articles: list[Item]
    drills: list[Item]


@dataclass(frozen=True)
class Output:
    """A file the build wrote, with a version in its URL so a frame reloads when it changes."""

    url: str
    data: bytes

    @classmethod
    def read(cls, out: Path, name: str) -> Output | None:
        try:
            data = (out / name).read_bytes()
        except OSError:
            return None
        return cls(f"/out/{name}?v={hashlib.sha256(data).hexdigest()[:12]}", data)


@dataclass(frozen=True)
class Card:
    name: str
    url: str | None
    large_url: str | None = None  # its large-print file, when the build made one


@dataclass(frozen=True)
class ArticlePage:
    item: Item
    problems: list[Diagnostic]  # its own, its drills' and the general ones
    sender: str
    preheader: str
    html: Output | None
    text: str | None
    handout: Output | None
    large_handout: Output | None  # when the build makes large print
    cards: list[Card]
    can_send: bool

    @property
    def broken(self) -> bool:
        return any(d.is_error for d in self.problems) or self.html is None

    @property
    def size_share(self) -> float:
        return len(self.html.data) / GMAIL_CLIP if self.html else 0.0

    @property
    def clip(self) -> int:
        return GMAIL_CLIP


def _own(diagnostics: list[Diagnostic], *sources: str) -> list[Diagnostic]:
    return [d for d in diagnostics if d.location.path in sources]


def _general(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if not d.location.path.startswith(ITEM_FOLDERS)]


def _ordered(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Errors first: they are what stops an output."""
    return sorted(diagnostics, key=lambda d: not d.is_error)


def home(snapshot: Snapshot) -> Home | None:
    loaded = snapshot.loaded
    if loaded is None:
        return None
    found = snapshot.diagnostics
    site = loaded.site
    articles = {
        slug: Item(slug, slug, f"content/articles/{slug}.md", []) for slug in loaded.failed_articles
    }
    drills = {
        slug: Item(slug, slug, f"content/drills/{slug}.md", []) for slug in loaded.failed_drills
    }
    if site is not None:
        articles |= {s: Item(s, a.title, a.source, []) for s, a in site.articles.items()}
        drills |= {s: Item(s, d.name, d.source, []) for s, d in site.drills.items()}

    def located(items: dict[str, Item]) -> list[Item]:
        return [
            Item(i.slug, i.title, i.source, _ordered(_own(found, i.source)))
            for _, i in sorted(items.items())
        ]

    name = site.clinic.name if site is not None else "Your clinic"
    return Home(name, _ordered(_general(found)), located(articles), located(drills))


def article(snapshot: Snapshot, out: Path, slug: str) -> ArticlePage | None:
    """The article page, or None when the site has no article `slug`."""
    page = home(snapshot)
    if page is None:
        return None
    item = next((i for i in page.articles if i.slug == slug), None)
    if item is None:
        return None
    site = snapshot.loaded.site if snapshot.loaded else None
    loaded = site.articles.get(slug) if site is not None else None
    drills = loaded.drills if loaded is not None else ()
    problems = _own(snapshot.diagnostics, item.source, *(d.source for d in drills))
    problems = _ordered([*problems, *page.general])
    failed = set(snapshot.report.failed) if snapshot.report else set()
    html_name, text_name, _ = NEWSLETTER.outputs(slug)
    html = None if html_name in failed else Output.read(out, html_name)
    text = Output.read(out, text_name)
    sender = site.clinic.name if site is not None else ""
    newsletter = site.clinic.newsletter if site is not None else None
    if newsletter is not None and newsletter.sender is not None:
        sender = newsletter.sender.name or newsletter.sender.address
    return ArticlePage(
        item=item,
        problems=problems,
        sender=sender,
        preheader=loaded.summary if loaded is not None else "",
        html=html,
        text=text.data.decode("utf-8", "replace") if text else None,
        handout=Output.read(out, HANDOUT.outputs(slug)[0]),
        large_handout=Output.read(out, LARGE_HANDOUT.outputs(slug)[0]),
        cards=[
            Card(
                d.name,
                _url(Output.read(out, CARD.outputs(d.slug)[0])),
                _url(Output.read(out, LARGE_CARD.outputs(d.slug)[0])),
            )
            for d in drills
        ],
        can_send=newsletter is not None
        and newsletter.sender is not None
        and newsletter.smtp != Smtp(),  # configured in clinic.yaml
    )


def _url(output: Output | None) -> str | None:
    return output.url if output else None
