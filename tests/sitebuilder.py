"""Small sites written into a temporary folder, for tests that need specific content."""

from __future__ import annotations

from pathlib import Path

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
    import shutil

    shutil.copytree(seed_root / "content", target / "content")
    articles = target / "content" / "articles"
    original = next(articles.glob("*.md"))
    text = original.read_text(encoding="utf-8")
    original.unlink()
    for number in range(1, count + 1):
        copy = text.replace("title: ", f"title: ({number}) ", 1)
        (articles / f"article-{number:02d}.md").write_text(copy, encoding="utf-8")
    return target
