"""Batch regeneration on a generated site: cold builds, no-op and one-drill rebuilds, memory.

    python bench/batch.py [--articles 200] [--drills-per-article 5]

The site is made from the seed's text: every article is the seed article under a new
title with five drills drawn from a pool of variants of the seed's three drills. Each
measurement runs `handouts build` as a whole process, as a clinic would, and samples the
resident memory of that process and its workers.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from measure import REPO, measure


def make_site(target: Path, articles: int, per_article: int) -> int:
    """Write the synthetic site; returns how many drills it has."""
    content = target / "content"
    shutil.copytree(REPO / "content", content)
    seed_article = next((content / "articles").glob("*.md"))
    article_text = seed_article.read_text(encoding="utf-8")
    seed_article.unlink()
    seed_drills = sorted((content / "drills").glob("*.md"))
    texts = [d.read_text(encoding="utf-8") for d in seed_drills]
    for d in seed_drills:
        d.unlink()
    pool = max(per_article * 6, 30)
    for n in range(pool):
        text = texts[n % len(texts)].replace("name: ", f"name: ({n + 1}) ", 1)
        (content / "drills" / f"drill-{n + 1:03d}.md").write_text(text, encoding="utf-8")
    for n in range(articles):
        chosen = [f"drill-{(n * 7 + k * 13) % pool + 1:03d}" for k in range(per_article)]
        head, body = article_text.split("drills:\n", 1)
        rest = body.split("cta:", 1)[1]
        text = head.replace("title: ", f"title: ({n + 1}) ", 1)
        text += "drills:\n" + "".join(f"  - {slug}\n" for slug in dict.fromkeys(chosen))
        text += "cta:" + rest
        (content / "articles" / f"article-{n + 1:03d}.md").write_text(text, encoding="utf-8")
    return pool


def run_build(site: Path, *args: str) -> tuple[float, int, str]:
    """(seconds, peak resident bytes of the whole process tree, summary line)."""
    return measure(
        [sys.executable, str(REPO / "cli.py"), "build", "--site", str(site), "-q", *args]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--drills-per-article", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        drills = make_site(site, args.articles, args.drills_per_article)
        print(
            f"synthetic site: {args.articles} articles x {args.drills_per_article} drills"
            f" (pool of {drills} drills)"
        )
        rows: list[tuple[str, float, int, str]] = []
        for label, extra in (
            ("cold build --jobs 1", ["--jobs", "1"]),
            ("cold build --jobs 2", ["--jobs", "2"]),
        ):
            shutil.rmtree(site / "out", ignore_errors=True)
            rows.append((label, *run_build(site, *extra)))
        rows.append(("no-op rebuild", *run_build(site)))
        drill = site / "content" / "drills" / "drill-001.md"
        drill.write_text(
            drill.read_text().replace("Goal", "Goal").replace("goal: ", "goal: Now ", 1)
        )
        rows.append(("one-drill edit", *run_build(site)))

        width = max(len(r[0]) for r in rows)
        for label, seconds, peak, summary in rows:
            print(f"  {label:<{width}}  {seconds:7.2f} s  peak {peak / 2**20:6.0f} MB  [{summary}]")
        cold1, cold2, noop = rows[0][1], rows[1][1], rows[2][1]
        print(f"  --jobs 2 speed-up over --jobs 1: {cold1 / cold2:.2f}x (goal >= 1.7x)")
        print(f"  no-op rebuild: {noop / cold1:.1%} of the cold --jobs 1 build (goal < 5%)")
        print(f"  peak memory: {max(r[2] for r in rows) / 2**20:.0f} MB (goal < 300 MB)")


if __name__ == "__main__":
    main()
