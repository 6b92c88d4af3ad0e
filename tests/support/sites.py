"""The repository's own sites (the seed, the test sites) and small sites written into a
temporary folder, for tests that need specific content."""

from __future__ import annotations

import shutil
from pathlib import Path

from handouts.load.loader import load_site
from handouts.model import Site

REPO = Path(__file__).resolve().parents[2]
SEED_SITE = REPO
SITES = REPO / "tests" / "sites"
AWKWARD_SITE = SITES / "awkward"


def clean_site(name: str) -> Site:
    """The test site `name`, which must load with no error or warning."""
    result = load_site(SITES / name)
    assert result.site is not None and not result.diagnostics.items, [
        str(d) for d in result.diagnostics.items
    ]
    return result.site


def copy_site(source: Path, target: Path) -> Path:
    """A private copy of a site's content/ (and templates/ if any) to edit in a test."""
    shutil.copytree(source / "content", target / "content", symlinks=True)
    if (source / "templates").is_dir() and source != REPO:
        shutil.copytree(source / "templates", target / "templates")
    return target


CLINIC = """\
name: Test Clinic
booking:
  url: https://clinic.test/book
  label: Book now
"""

DRILL = """\
---
name: Calf Raise
goal: Stronger calves.
dosage:
  sets: 2
  reps: 10
---
Rise onto your toes and lower slowly.
"""

ARTICLE = """\
---
title: Calves
summary: Why calves matter.
drills: [calf-raise]
---
Calves carry you.
"""


def make_site(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A valid one-article site under `root`, with `files` (relative to content/) replacing
    or adding files; a value of None-like empty string is written as an empty file."""
    defaults: dict[str, str | bytes] = {
        "clinic.yaml": CLINIC,
        "drills/calf-raise.md": DRILL,
        "articles/calves.md": ARTICLE,
    }
    defaults.update(files or {})
    for name, text in defaults.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def seed_copies(seed_root: Path, target: Path, count: int) -> Path:
    """The seed site with its article copied `count` times (article-01, article-02, …)."""
    shutil.copytree(seed_root / "content", target / "content")
    articles = target / "content" / "articles"
    original = next(articles.glob("*.md"))
    text = original.read_text(encoding="utf-8")
    original.unlink()
    for number in range(1, count + 1):
        copy = text.replace("title: ", f"title: ({number}) ", 1)
        (articles / f"article-{number:02d}.md").write_text(copy, encoding="utf-8")
    return target
