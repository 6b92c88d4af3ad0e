"""What each output is made from, as named fingerprints, so a build redoes only what changed.

Every output lists its inputs by name (a content file, clinic.yaml, an image, the email
templates, the fonts, the options, the tool itself) with a hash of each. Comparing these
with the manifest of the last build says not only *whether* an output is stale but *why*,
which `build --verbose` reports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from . import __version__
from .model import Article, Drill, Site

HANDOUTS, CARDS, NEWSLETTERS = "handouts", "cards", "newsletters"
NEWSLETTER_SUFFIXES = (".html", ".txt", ".eml")


@dataclass(frozen=True)
class Job:
    """One rendering: which item, the files it makes (relative to out/) and their inputs."""

    kind: str  # handout | newsletter | card | image
    slug: str
    source: str  # the content file, for messages
    outputs: tuple[str, ...]
    inputs: dict[str, str]  # input name -> fingerprint

    @property
    def fingerprint(self) -> str:
        return _digest(f"{name}={value}" for name, value in sorted(self.inputs.items()))


def outputs_for(kind: str, slug: str) -> tuple[str, ...]:
    """The files a job makes; an image job's slug is the image's path under content/."""
    if kind == "image":
        return (f"{NEWSLETTERS}/{slug}",)
    if kind == "handout":
        return (f"{HANDOUTS}/{slug}.pdf",)
    if kind == "newsletter":
        return tuple(f"{NEWSLETTERS}/{slug}{suffix}" for suffix in NEWSLETTER_SUFFIXES)
    return (f"{CARDS}/{slug}.pdf",)


def plan(site: Site, *, paper: str | None = None) -> list[Job]:
    """Every job of the site, in a stable order, each with its named input fingerprints."""
    files = _FileHashes(site.root)
    paper = paper or site.clinic.paper
    common = {
        "tool": tool_fingerprint(),
        site.clinic.source: files.of(site.root / site.clinic.source),
    }
    if site.clinic.logo is not None:
        common[_rel(site.clinic.logo, site.root)] = files.of(site.clinic.logo)
    pdf = {**common, "fonts": fonts_fingerprint(), "option:paper": paper}
    email = {**common, "templates": templates_fingerprint(site.root)}

    jobs: list[Job] = []
    for slug, article in sorted(site.articles.items()):
        own = _article_inputs(article, site, files)
        jobs.append(_job("handout", slug, article.source, {**pdf, **own}))
        jobs.append(_job("newsletter", slug, article.source, {**email, **own}))
    for slug, drill in sorted(site.drills.items()):
        jobs.append(_job("card", slug, drill.source, {**pdf, **_drill_inputs(drill, site, files)}))
    for path, source in sorted(_preview_images(site).items()):
        name = _rel(path, site.root / "content")
        jobs.append(_job("image", name, source, {"tool": common["tool"], name: files.of(path)}))
    return jobs


def _preview_images(site: Site) -> dict[Path, str]:
    """Images the newsletters' HTML refers to by relative path (no `asset_base_url`),
    copied beside it so the HTML previews with its pictures; each with the file that
    names it, for messages."""
    if site.clinic.newsletter.asset_base_url or not site.articles:
        return {}
    images: dict[Path, str] = {}
    if site.clinic.logo is not None:
        images[site.clinic.logo] = site.clinic.source
    for article in site.articles.values():
        for drill in article.drills:
            if drill.image is not None:
                images.setdefault(drill.image, drill.source)
    return images


def _job(kind: str, slug: str, source: str, inputs: dict[str, str]) -> Job:
    return Job(kind, slug, source, outputs_for(kind, slug), inputs)


def _article_inputs(article: Article, site: Site, files: _FileHashes) -> dict[str, str]:
    inputs = {article.source: files.of(site.root / article.source)}
    for drill in article.drills:
        inputs.update(_drill_inputs(drill, site, files))
    return inputs


def _drill_inputs(drill: Drill, site: Site, files: _FileHashes) -> dict[str, str]:
    inputs = {drill.source: files.of(site.root / drill.source)}
    if drill.image is not None:
        inputs[_rel(drill.image, site.root)] = files.of(drill.image)
    return inputs


class _FileHashes:
    """Hashes each file once per plan, however many outputs share it."""

    def __init__(self, root: Path):
        self.root = root
        self.known: dict[Path, str] = {}

    def of(self, path: Path) -> str:
        if path not in self.known:
            self.known[path] = _file_digest(path)
        return self.known[path]


def _file_digest(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return "missing"


def _digest(parts: Iterable[str]) -> str:
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@cache
def tool_fingerprint() -> str:
    """The version and the code of this package: a new release or a local change rebuilds."""
    package = Path(__file__).parent
    parts = [__version__]
    parts += [f"{p.name}:{_file_digest(p)}" for p in sorted(package.glob("*.py"))]
    return _digest(parts)


@cache
def fonts_fingerprint() -> str:
    """The bundled font files by name, size and modification time: they change only when
    the package is reinstalled, and hashing their 2.7 MB would slow every build."""
    fonts = Path(str(resources.files("handouts.fonts")))
    return _digest(
        f"{path.name}:{path.stat().st_size}:{path.stat().st_mtime_ns}"
        for path in sorted(fonts.glob("*.ttf"))
    )


def templates_fingerprint(root: Path) -> str:
    """The email templates as the site sees them: its own override of a file, else ours."""
    chosen: dict[str, str] = {}
    for base in (Path(str(resources.files("handouts.templates"))), root / "templates"):
        if base.is_dir():
            for path in sorted(base.rglob("*.j2")):
                chosen[path.relative_to(base).as_posix()] = _file_digest(path)
    return _digest(f"{name}:{value}" for name, value in sorted(chosen.items()))
