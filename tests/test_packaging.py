"""The installable package: every module, template and font ships, with no config warnings."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.sites import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A wheel built from a clean copy of the project, and what the build printed."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "src"
    top_level = {".git", ".venv", "out", "build", "bench", "test-artifacts"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n == "__pycache__" or n.endswith((".egg-info", "cache"))}
        return skipped | (top_level & set(names) if Path(folder) == REPO else set())

    shutil.copytree(REPO, source, ignore=ignore)
    done = subprocess.run(
        [
            sys.executable,
            "-W",
            "always",
            "-c",
            f"from setuptools import build_meta; build_meta.build_wheel({str(root)!r})",
        ],
        cwd=source,
        capture_output=True,
        text=True,
        check=True,
    )
    (built,) = root.glob("*.whl")
    return built, done.stdout + done.stderr


def test_the_wheel_holds_every_module_template_and_font(wheel: tuple[Path, str]) -> None:
    path, _ = wheel
    names = set(zipfile.ZipFile(path).namelist())
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "handouts").rglob("*.py")}
    fonts = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "handouts" / "fonts").iterdir()
        if p.suffix in (".ttf", ".txt")
    }
    templates = {
        "handouts/templates/" + p.relative_to(REPO / "templates").as_posix()
        for p in (REPO / "templates").rglob("*.j2")
    }
    assert templates and any("/partials/" in name for name in templates)
    assert {"cli.py", *modules, *fonts, *templates} <= names, sorted(
        {"cli.py", *modules, *fonts, *templates} - names
    )


def test_building_prints_no_warning_about_the_projects_own_configuration(
    wheel: tuple[Path, str],
) -> None:
    _, printed = wheel
    lines = [line for line in printed.splitlines() if "Warning" in line or "!!" in line]
    assert lines == [], "\n".join(lines)
