"""A long-lived process (`handouts watch`) builds what a fresh one would: no cache of the
tool answers from what a file was when it last saw the same path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image

from handouts.build.site import BuildOptions, build_site
from tests.support.sites import REPO, make_site

DRILL = """\
---
name: Calf Raise
goal: Stronger calves.
dosage: {sets: 2, reps: 10}
image: assets/photo.png
---
Rise onto your toes and lower slowly.
"""


def contents(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def fresh_process_build(root: Path, out: Path) -> dict[str, bytes]:
    """`handouts build --force` in a new interpreter: nothing cached in memory."""
    arguments = ["build", "--site", str(root), "--out", str(out), "--force", "--quiet"]
    subprocess.run(
        [sys.executable, "-c", "from cli import main; main()", *arguments, "--jobs", "1"],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return contents(out)


def test_a_second_build_in_one_process_sees_a_new_image_and_a_new_template(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path / "site", {"drills/calf-raise.md": DRILL})
    photo = root / "content" / "assets" / "photo.png"
    photo.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (300, 100), "navy").save(photo)
    out = tmp_path / "out"
    assert build_site(root, out, BuildOptions(jobs=1)).ok

    Image.new("RGB", (120, 360), "maroon").save(photo)  # same path, other shape
    footer = root / "templates" / "partials" / "footer.mjml.j2"
    footer.parent.mkdir(parents=True)
    builtin = (REPO / "templates" / "partials" / "footer.mjml.j2").read_text(encoding="utf-8")
    footer.write_text(
        builtin.replace("<strong>{{ clinic.name }}</strong>", "<strong>OUR OWN FOOTER</strong>"),
        encoding="utf-8",
    )
    report = build_site(root, out, BuildOptions(jobs=1))
    assert report.ok and "newsletters/calves.html" in report.built

    again = contents(out)
    assert "OUR OWN FOOTER" in again["newsletters/calves.html"].decode()
    assert 'width="120"' in again["newsletters/calves.html"].decode()
    assert again == fresh_process_build(root, tmp_path / "fresh")
