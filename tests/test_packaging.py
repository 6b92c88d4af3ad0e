"""The installable package: every module, template and font ships, with no config warnings."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.sites import REPO

pytestmark = pytest.mark.slow


def build(hook: str, root: Path, env: dict[str, str] | None = None) -> tuple[Path, str]:
    """The wheel a build backend `hook` makes from a clean copy of the project, and what
    the build printed (every warning shown, not just the first of each kind)."""
    source = root / "src"
    top_level = {".git", ".venv", "out", "build", "bench", "test-artifacts"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n == "__pycache__" or n.endswith((".egg-info", "cache"))}
        return skipped | (top_level & set(names) if Path(folder) == REPO else set())

    # Links stay links: a copy that followed one (to /dev/zero, say) might never end.
    shutil.copytree(REPO, source, ignore=ignore, symlinks=True)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from setuptools import build_meta; build_meta.{hook}({str(root)!r})",
        ],
        cwd=source,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONWARNINGS": "always", **(env or {})},
    )
    (built,) = root.glob("*.whl")
    return built, done.stdout + done.stderr


def warnings_in(printed: str) -> list[str]:
    return [line for line in printed.splitlines() if "Warning" in line or "!!" in line]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return build("build_wheel", tmp_path_factory.mktemp("wheel"))


def test_the_wheel_holds_every_module_template_font_and_catalog(wheel: tuple[Path, str]) -> None:
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
    example_site = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "handouts" / "scaffold" / "site").rglob("*")
        if p.is_file()
    }
    catalogs = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "handouts" / "i18n" / "catalogs").iterdir()
        if p.suffix in (".po", ".mo")
    }
    assert "handouts/i18n/catalogs/ar.mo" in catalogs
    assert templates and any("/partials/" in name for name in templates)
    assert "handouts/scaffold/site/content/clinic.yaml" in example_site
    expected = {"cli.py", *modules, *fonts, *catalogs, *templates, *example_site}
    assert expected <= names, sorted(expected - names)


def test_building_prints_no_warning_about_the_projects_own_configuration(
    wheel: tuple[Path, str],
) -> None:
    _, printed = wheel
    assert warnings_in(printed) == [], printed


def test_make_installs_the_project_without_a_warning(tmp_path: Path) -> None:
    """`make` installs the project in editable mode, with the Makefile's one filter for
    setuptools' notice about such installs; nothing else may be printed as a warning."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    notice = re.search(r"^EDITABLE_NOTICE\s*:=\s*(.+)$", makefile, re.MULTILINE)
    assert notice is not None and "PYTHONWARNINGS='$(EDITABLE_NOTICE)'" in makefile
    filters = "always," + notice.group(1).strip()
    _, printed = build("build_editable", tmp_path, env={"PYTHONWARNINGS": filters})
    assert warnings_in(printed) == [], printed
