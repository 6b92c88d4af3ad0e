"""Large print in a build: its own files beside the regular ones, in the manifest, so a
rebuild leaves them alone and a build without large print removes them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from cli import main
from handouts.build.manifest import Manifest
from handouts.build.site import BuildOptions, build_site
from handouts.check import check_site
from tests.support.sites import ARTICLE, CLINIC, SEED_SITE, copy_site, make_site

LARGE = {
    "handouts/ankle-foot-mobility-large.pdf",
    "cards/foot-pronation-wall-glide-large.pdf",
    "cards/heel-elevated-squat-rock-large.pdf",
    "cards/toe-yoga-large.pdf",
}


def test_large_print_files_are_built_beside_the_regular_ones(tmp_path: Path) -> None:
    root = copy_site(SEED_SITE, tmp_path / "site")
    out = root / "out"
    report = build_site(root, out, BuildOptions(jobs=1, large_print=True))
    assert report.ok and set(report.built) >= LARGE
    assert "handouts/ankle-foot-mobility.pdf" in report.built  # the regular one too
    assert set(Manifest.load(out).entries) >= LARGE
    first = PdfReader(out / "handouts/ankle-foot-mobility-large.pdf")
    regular = PdfReader(out / "handouts/ankle-foot-mobility.pdf")
    assert len(first.pages) > len(regular.pages)

    again = build_site(root, out, BuildOptions(jobs=1, large_print=True))
    assert again.built == [] and set(again.unchanged) >= LARGE

    (out / "cards/toe-yoga-large.pdf").unlink()
    mended = build_site(root, out, BuildOptions(jobs=1, large_print=True))
    assert mended.built == ["cards/toe-yoga-large.pdf"]

    without = build_site(root, out, BuildOptions(jobs=1))
    assert set(without.removed) == LARGE and without.built == []
    assert not any((out / name).exists() for name in LARGE)


def test_print_large_in_clinic_yaml_builds_large_print_every_time(tmp_path: Path) -> None:
    root = copy_site(SEED_SITE, tmp_path / "site")
    clinic = root / "content/clinic.yaml"
    text = clinic.read_text()
    assert "print:\n  paper: letter\n" in text
    clinic.write_text(text.replace("print:\n", "print:\n  large: true\n"))
    result = CliRunner().invoke(main, ["build", "--site", str(root), "--quiet", "-v"])
    assert result.exit_code == 0, result.output
    for name in LARGE:
        assert f"built {name} (new)" in result.output
    again = build_site(root, root / "out", BuildOptions(jobs=1))
    assert again.built == [] and again.removed == []


def test_the_large_print_flag_of_build_writes_the_large_files(tmp_path: Path) -> None:
    root = copy_site(SEED_SITE, tmp_path / "site")
    args = ["build", "--site", str(root), "--quiet", "--large-print", "--only", "toe-yoga"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (root / "out/cards/toe-yoga-large.pdf").is_file()
    assert (root / "out/cards/toe-yoga.pdf").is_file()


def test_an_item_named_like_a_large_print_file_keeps_its_file_and_check_says_why(
    tmp_path: Path,
) -> None:
    clinic = CLINIC + "print: {large: true}\n"
    root = make_site(tmp_path, {"clinic.yaml": clinic, "articles/calves-large.md": ARTICLE})
    report = build_site(root, root / "out", BuildOptions(jobs=1))
    assert report.ok
    assert "handouts/calves-large.pdf" in report.built  # the article calves-large's own
    assert "handouts/calves-large-large.pdf" in report.built
    messages = [str(d) for d in check_site(root).items]
    assert (
        "content/articles/calves.md:1: warning: no large-print handout is made of this"
        " article: its file, handouts/calves-large.pdf, is the handout of the article"
        " 'calves-large'; rename one of them"
    ) in messages


def test_the_clash_is_said_when_only_the_command_asks_for_large_print(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"clinic.yaml": CLINIC, "articles/calves-large.md": ARTICLE})
    args = ["build", "--site", str(root), "--quiet", "--large-print"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "no large-print handout is made of this article" in result.output
