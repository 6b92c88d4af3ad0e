"""What each output is made from, as named fingerprints, so a build redoes only what changed.

Every output lists its inputs by name (a content file, clinic.yaml, an image, the email
templates, the options, the tool itself) with a hash of each. Comparing these with the
manifest of the last build says not only *whether* an output is stale but *why*, which
`build --verbose` reports. A content file's hash is of the bytes the loader read (the
model carries it), never of the file read again later: an edit saved during a build
must not be recorded as built.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ..model import Article, Drill, Picture, Site, iter_pictures
from .fingerprint import digest, tool_fingerprint
from .kinds import (
    CARD,
    HANDOUT,
    IMAGE,
    LARGE_CARD,
    LARGE_HANDOUT,
    LARGE_SUFFIX,
    NEWSLETTER,
    Kind,
)


@dataclass(frozen=True)
class Job:
    """One rendering: which item, the files it makes (relative to out/) and their inputs."""

    kind: Kind
    slug: str  # an article's or drill's slug; an image's path under content/
    source: str  # the content file, for messages
    inputs: dict[str, str]  # input name -> fingerprint

    @property
    def outputs(self) -> tuple[str, ...]:
        return self.kind.outputs(self.slug)

    @property
    def fingerprint(self) -> str:
        return digest(f"{name}={value}" for name, value in sorted(self.inputs.items()))


def plan(site: Site, *, paper: str | None = None, large_print: bool = False) -> list[Job]:
    """Every job of the site, in a stable order, each with its named input fingerprints.

    Large-print handouts and cards are made beside the regular ones when `large_print`
    is asked for or clinic.yaml says `print.large: true`; a large-print file that would
    be another item's regular one (an article `x-large` beside `x`) is left out, and
    `large_print_clashes` says so."""
    paper = paper or site.clinic.paper
    large = large_print or site.clinic.large_print
    common = {
        "tool": tool_fingerprint(),
        site.clinic.source: site.clinic.digest,
    }
    if site.clinic.logo is not None:
        common[_rel(site.clinic.logo.path, site.root)] = site.clinic.logo.digest
    pdf = {**common, "option:paper": paper}
    email = {**common, "templates": site.templates}

    jobs: list[Job] = []
    for slug, article in sorted(site.articles.items()):
        own = _article_inputs(article, site)
        jobs.append(Job(HANDOUT, slug, article.source, {**pdf, **own}))
        jobs.append(Job(NEWSLETTER, slug, article.source, {**email, **own}))
        if large and not large_print_clashes(site.articles, slug):
            jobs.append(Job(LARGE_HANDOUT, slug, article.source, {**pdf, **own}))
    for slug, drill in sorted(site.drills.items()):
        jobs.append(Job(CARD, slug, drill.source, {**pdf, **_drill_inputs(drill, site)}))
        if large and not large_print_clashes(site.drills, slug):
            jobs.append(Job(LARGE_CARD, slug, drill.source, {**pdf, **_drill_inputs(drill, site)}))
    for picture, source in sorted(_preview_images(site).items(), key=lambda i: i[0].path):
        name = _rel(picture.path, site.root / "content")
        jobs.append(Job(IMAGE, name, source, {"tool": common["tool"], name: picture.digest}))
    return jobs


def large_print_clashes(slugs: Collection[str], slug: str) -> bool:
    """Whether `slug`'s large-print file is named as the regular file of another item of
    its kind, among `slugs` (`x-large.pdf` is both `x` in large print and `x-large`)."""
    return slug + LARGE_SUFFIX.removesuffix(".pdf") in slugs


def _preview_images(site: Site) -> dict[Picture, str]:
    """Images the newsletters' HTML refers to by relative path (no `asset_base_url`),
    copied beside it so the HTML previews with its pictures; each with the file that
    names it, for messages."""
    if site.clinic.newsletter.asset_base_url or not site.articles:
        return {}
    images: dict[Picture, str] = {}
    if site.clinic.logo is not None:
        images[site.clinic.logo] = site.clinic.source
    for article in site.articles.values():
        for drill in article.drills:
            if drill.image is not None:
                images.setdefault(drill.image, drill.source)
        for picture in iter_pictures(article.body):
            images.setdefault(picture, article.source)
    return images


def _article_inputs(article: Article, site: Site) -> dict[str, str]:
    inputs = {article.source: article.digest}
    for picture in iter_pictures(article.body):
        inputs[_rel(picture.path, site.root)] = picture.digest
    for drill in article.drills:
        inputs.update(_drill_inputs(drill, site))
    return inputs


def _drill_inputs(drill: Drill, site: Site) -> dict[str, str]:
    inputs = {drill.source: drill.digest}
    if drill.image is not None:
        inputs[_rel(drill.image.path, site.root)] = drill.image.digest
    return inputs


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
