"""The tool's fingerprint: an edit anywhere in the package rebuilds what it made."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handouts.build.fingerprint import (
    PACKAGE_FILES,
    package_folders,
    tool_fingerprint,
    tree_digest,
)

PATTERNS = PACKAGE_FILES


@pytest.fixture
def package(tmp_path: Path) -> dict[str, Path]:
    """A private copy of the package and its templates, to edit."""
    copies = {}
    for name, folder in package_folders().items():
        copies[name] = tmp_path / name
        shutil.copytree(folder, copies[name], ignore=shutil.ignore_patterns("__pycache__"))
    return copies


def test_the_fingerprint_is_stable_and_covers_the_installed_package() -> None:
    assert tool_fingerprint() == tool_fingerprint()
    assert tree_digest(package_folders(), PATTERNS) == tree_digest(package_folders(), PATTERNS)


@pytest.mark.parametrize(
    "changed",
    [
        "handouts/model.py",
        "handouts/load/markdown.py",
        "handouts/pdf/drill_card.py",
        "handouts/newsletter/eml.py",
        "handouts/patients/prescription.py",
        "handouts/build/plan.py",
        "handouts/fonts/__init__.py",
        "templates/partials/cta.mjml.j2",
        "templates/newsletter.txt.j2",
    ],
)
def test_an_edit_to_any_file_of_any_stage_changes_the_fingerprint(
    package: dict[str, Path], changed: str
) -> None:
    before = tree_digest(package, PATTERNS)
    folder, _, rest = changed.partition("/")
    path = package[folder] / rest
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert tree_digest(package, PATTERNS) != before


def test_a_font_file_and_a_new_module_count_too(package: dict[str, Path]) -> None:
    before = tree_digest(package, PATTERNS)
    font = package["handouts"] / "fonts" / "DejaVuSans.ttf"
    font.write_bytes(font.read_bytes() + b"\0")
    after_font = tree_digest(package, PATTERNS)
    assert after_font != before
    (package["handouts"] / "pdf" / "new_part.py").write_text("X = 1\n", encoding="utf-8")
    assert tree_digest(package, PATTERNS) != after_font


def test_a_moved_file_changes_the_fingerprint_even_with_the_same_bytes(
    package: dict[str, Path],
) -> None:
    before = tree_digest(package, PATTERNS)
    (package["handouts"] / "pdf" / "qr.py").rename(package["handouts"] / "build" / "qr.py")
    assert tree_digest(package, PATTERNS) != before
