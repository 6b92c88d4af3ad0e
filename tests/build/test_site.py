"""`handouts build`: only what an edit touched is rebuilt, failures stay contained,
parallel and incremental builds give the same bytes as a clean one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from handouts.build.manifest import MANIFEST_NAME, Manifest
from handouts.build.parsecache import ParseCache
from handouts.build.site import BuildOptions, build_site
from handouts.load.yamlsource import Source
from tests.support.sites import SEED_SITE, seed_copies

ARTICLES = 6
DRILLS = ("foot-pronation-wall-glide", "heel-elevated-squat-rock", "toe-yoga")


def article_outputs(slug: str) -> set[str]:
    return {f"handouts/{slug}.pdf"} | {
        f"newsletters/{slug}.{ext}" for ext in ("html", "txt", "eml")
    }


def all_outputs(articles: int = ARTICLES) -> set[str]:
    names = {f"cards/{d}.pdf" for d in DRILLS}
    for n in range(1, articles + 1):
        names |= article_outputs(f"article-{n:02d}")
    return names


def snapshot(out: Path) -> dict[str, tuple[int, int]]:
    """Each output's (inode, mtime) — a rewrite, even of equal bytes, changes one of them."""
    return {
        p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    return {name for name, stamp in after.items() if before.get(name) != stamp}


def contents(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """A clean full build of the generated site, kept read-only for comparisons."""
    root = seed_copies(SEED_SITE, tmp_path_factory.mktemp("gen"), ARTICLES)
    out = root / "out"
    report = build_site(root, out, BuildOptions(jobs=1))
    assert report.ok and set(report.built) == all_outputs()
    return root, contents(out)


@pytest.fixture
def site(built_once, tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the generated site with its last build, ready to edit."""
    root = tmp_path / "site"
    shutil.copytree(built_once[0], root)
    return root, root / "out"


def test_a_first_build_makes_every_output_and_a_manifest(built_once) -> None:
    root, files = built_once
    assert set(files) == all_outputs()
    manifest = Manifest.load(root / "out")
    assert set(manifest.entries) == all_outputs()


def test_a_second_build_rewrites_nothing(site) -> None:
    root, out = site
    before = snapshot(out)
    report = build_site(root, out)
    assert report.built == [] and len(report.unchanged) == len(all_outputs())
    assert rewritten(before, snapshot(out)) == set()


def test_a_build_with_nothing_to_do_leaves_the_manifest_as_it_was(site) -> None:
    root, out = site
    build_site(root, out)  # the warnings it remembers are in place
    stamp = (out / MANIFEST_NAME).stat().st_mtime_ns
    build_site(root, out)
    assert (out / MANIFEST_NAME).stat().st_mtime_ns == stamp


def test_editing_a_drill_rebuilds_its_card_and_the_articles_using_it(site) -> None:
    root, out = site
    (root / "content/articles/article-02.md").write_text(
        (root / "content/articles/article-02.md").read_text().replace("  - toe-yoga\n", ""),
    )
    build_site(root, out)
    before = snapshot(out)
    drill = root / "content/drills/toe-yoga.md"
    drill.write_text(drill.read_text().replace("While barefoot", "While sitting barefoot"))
    report = build_site(root, out)
    expected = {"cards/toe-yoga.pdf"}
    for n in range(1, ARTICLES + 1):
        if n != 2:
            expected |= article_outputs(f"article-{n:02d}")
    assert rewritten(before, snapshot(out)) == expected
    assert report.reasons["cards/toe-yoga.pdf"] == "changed: content/drills/toe-yoga.md"


def test_editing_a_template_rebuilds_only_the_newsletters(site) -> None:
    root, out = site
    before = snapshot(out)
    override = root / "templates" / "newsletter.txt.j2"
    override.parent.mkdir()
    builtin = SEED_SITE / "templates" / "newsletter.txt.j2"
    override.write_text(builtin.read_text() + "\nP.S. See you soon.\n")
    report = build_site(root, out)
    assert report.ok, [str(d) for d in report.diagnostics.errors]
    changed = rewritten(before, snapshot(out))
    assert changed == {n for n in all_outputs() if n.startswith("newsletters/")}
    assert "P.S. See you soon." in (out / "newsletters/article-01.txt").read_text()


def test_editing_clinic_yaml_rebuilds_everything(site) -> None:
    root, out = site
    before = snapshot(out)
    clinic = root / "content/clinic.yaml"
    clinic.write_text(clinic.read_text().replace("+1 555 010 0199", "+1 555 010 0100"))
    build_site(root, out)
    assert rewritten(before, snapshot(out)) == all_outputs()


def test_a_paper_change_rebuilds_the_pdfs_only(site) -> None:
    root, out = site
    before = snapshot(out)
    build_site(root, out, BuildOptions(paper="a4"))
    assert rewritten(before, snapshot(out)) == {n for n in all_outputs() if n.endswith(".pdf")}


def test_deleting_content_removes_its_outputs(site) -> None:
    root, out = site
    (root / "content/articles/article-03.md").unlink()
    report = build_site(root, out)
    assert set(report.removed) == article_outputs("article-03")
    assert not any((out / name).exists() for name in article_outputs("article-03"))
    assert "handouts/article-03.pdf" not in Manifest.load(out).entries


def test_an_output_changed_or_deleted_on_disk_is_rebuilt(site) -> None:
    root, out = site
    (out / "handouts/article-01.pdf").write_bytes(b"scribbled over")
    (out / "newsletters/article-02.html").unlink()
    report = build_site(root, out)
    assert set(report.built) == {"handouts/article-01.pdf"} | article_outputs("article-02") - {
        "handouts/article-02.pdf"
    }
    assert (out / "handouts/article-01.pdf").read_bytes().startswith(b"%PDF")


def test_force_rebuilds_everything_and_only_limits_the_build(site) -> None:
    root, out = site
    assert set(build_site(root, out, BuildOptions(force=True)).built) == all_outputs()
    only = build_site(root, out, BuildOptions(force=True, only=frozenset({"toe-yoga"})))
    assert only.built == ["cards/toe-yoga.pdf"]


def test_a_broken_article_keeps_its_last_good_output_and_fails_alone(site) -> None:
    root, out = site
    good = (out / "handouts/article-04.pdf").read_bytes()
    article = root / "content/articles/article-04.md"
    article.write_text(article.read_text().replace("summary:", "sumary:"))
    clinic = root / "content/clinic.yaml"
    clinic.write_text(clinic.read_text().replace("Springfield", "Shelbyville"))
    report = build_site(root, out)
    assert not report.ok
    assert set(report.failed) == article_outputs("article-04")
    assert set(report.built) == all_outputs() - article_outputs("article-04")
    assert (out / "handouts/article-04.pdf").read_bytes() == good
    assert any(
        str(d).startswith("content/articles/article-04.md:3:1: error")
        for d in report.diagnostics.errors
    )
    # Fixed again, it is rebuilt: the failure was never recorded as fresh.
    article.write_text(article.read_text().replace("sumary:", "summary:"))
    assert set(build_site(root, out).built) == article_outputs("article-04")


def test_parallel_and_incremental_builds_equal_a_clean_build(site, tmp_path: Path) -> None:
    root, out = site
    # A series of edits, each followed by an incremental parallel build.
    drill = root / "content/drills/heel-elevated-squat-rock.md"
    drill.write_text(drill.read_text().replace("reps: 8-10", "reps: 6-8"))
    build_site(root, out, BuildOptions(jobs=2))
    (root / "content/articles/article-05.md").unlink()
    build_site(root, out, BuildOptions(jobs=2))
    clinic = root / "content/clinic.yaml"
    clinic.write_text(clinic.read_text().replace("Book a Session", "Book a Visit"))
    assert build_site(root, out, BuildOptions(jobs=2)).ok
    clean = tmp_path / "clean"
    assert build_site(root, clean, BuildOptions(jobs=1)).ok
    assert contents(out) == contents(clean)


def test_no_temporary_files_are_left_behind(site) -> None:
    root, out = site
    (out / "cards" / ".toe-yoga.pdf.abc.tmp").write_bytes(b"half")
    build_site(root, out, BuildOptions(force=True))
    leftovers = [p for p in out.rglob("*.tmp")]
    assert leftovers == []
    assert os.path.exists(out / MANIFEST_NAME)


def test_images_are_copied_beside_the_newsletters_for_a_local_preview(tmp_path: Path) -> None:
    from tests.support.sites import AWKWARD_SITE, copy_site

    root = copy_site(AWKWARD_SITE, tmp_path / "site")
    clinic = root / "content/clinic.yaml"
    clinic.write_text(
        "\n".join(line for line in clinic.read_text().splitlines() if "asset_base_url" not in line)
    )
    out = root / "out"
    report = build_site(root, out)
    assert report.ok, [str(d) for d in report.diagnostics.errors]
    assert {"newsletters/assets/logo.png", "newsletters/assets/photo.png"} <= set(report.built)
    html = (out / "newsletters/awkward-article.html").read_text()
    assert 'src="assets/logo.png"' in html and 'src="assets/photo.png"' in html
    assert (out / "newsletters/assets/photo.png").read_bytes() == (
        root / "content/assets/photo.png"
    ).read_bytes()
    # Shared by every newsletter, an image is its own output: rebuilt only when it changes.
    assert build_site(root, out).built == []
    drill = root / "content/drills/long-drill.md"
    drill.write_text(drill.read_text().replace("image: assets/photo.png\n", ""))
    report = build_site(root, out)
    assert "newsletters/assets/photo.png" in report.removed
    assert "newsletters/assets/logo.png" not in report.built


def test_files_a_build_did_not_make_are_left_in_place_and_counted(site) -> None:
    root, out = site
    theirs = ["cards/README.txt", "handouts/clinic-flyer.pdf", "newsletters/other-site.html"]
    for name in theirs:
        (out / name).write_bytes(b"the clinic's own")
    (out / "handouts/article-03.pdf").write_bytes(b"edited by hand after the build")
    (root / "content/articles/article-03.md").unlink()
    report = build_site(root, out)
    # Of the deleted article's outputs, only those still as a build wrote them go.
    assert set(report.removed) == article_outputs("article-03") - {"handouts/article-03.pdf"}
    assert report.left == sorted(["handouts/article-03.pdf", *theirs])
    assert all((out / name).read_bytes() == b"the clinic's own" for name in theirs)
    assert report.summary().endswith("; left 4 files not made by handouts")
    assert "handouts/article-03.pdf" not in Manifest.load(out).entries


def test_an_edit_saved_while_a_build_reads_the_site_is_built_by_the_next(
    site, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out = site
    article = root / "content/articles/article-01.md"
    original = article.read_text()
    article.write_text(original.replace("Most runners", "Draft runners"))
    parse = ParseCache.parse

    def parse_then_save(self: ParseCache, text: str, source: Source, *args, **kwargs):
        """The user saves again just after the build has read the article."""
        if source.path == "content/articles/article-01.md":
            article.write_text(original.replace("Most runners", "Final runners"))
        return parse(self, text, source, *args, **kwargs)

    monkeypatch.setattr(ParseCache, "parse", parse_then_save)
    build_site(root, out)
    assert "Draft runners" in (out / "newsletters/article-01.txt").read_text()
    monkeypatch.undo()
    report = build_site(root, out)
    assert report.built == sorted(article_outputs("article-01"))
    assert report.reasons["handouts/article-01.pdf"] == "changed: content/articles/article-01.md"
    assert "Final runners" in (out / "newsletters/article-01.txt").read_text()


def test_a_problem_shared_by_many_outputs_is_reported_once(site) -> None:
    root, out = site
    (root / "templates").mkdir()
    (root / "templates/newsletter.txt.j2").write_text("{{ article.title }}\n{{ nope }}\n")
    report = build_site(root, out)
    assert [str(d) for d in report.diagnostics.errors] == [
        "templates/newsletter.txt.j2:2: error: template error: 'nope' is undefined"
    ]
    assert len(report.failed) == 3 * ARTICLES
