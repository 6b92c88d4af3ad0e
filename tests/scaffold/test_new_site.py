"""`handouts new DIR`: an example site that checks and builds at once, written only into a
new or empty folder, never over a file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import handouts.scaffold
from cli import main
from handouts.load.loader import CLINIC_KEYS
from handouts.scaffold import new_site
from tests.support.sites import REPO

EXAMPLE = REPO / "handouts" / "scaffold" / "site"
FILES = [
    "content/articles/strong-calves.md",
    "content/clinic.yaml",
    "content/drills/calf-raise.md",
    "templates/README.md",
]


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_new_makes_a_site_that_checks_and_builds_at_once(tmp_path: Path) -> None:
    site = tmp_path / "my-clinic"
    runner = CliRunner()

    made = runner.invoke(main, ["new", str(site)])
    assert made.exit_code == 0, made.output
    assert files_under(site) == FILES
    assert f"created {site / 'content' / 'clinic.yaml'}" in made.stderr
    assert f"handouts build --site {site}" in made.stderr.splitlines()[-1]

    checked = runner.invoke(main, ["check", "--site", str(site)])
    assert checked.exit_code == 0, checked.output
    (warning, *grades, summary) = checked.stderr.strip().splitlines()
    assert "warning: booking.url 'https://your-clinic.example/book' is a placeholder" in warning
    assert len(grades) == 2  # the article's and the drill's
    assert summary == "0 errors, 1 warning; article reading grade 3.7; drill reading grade 3.8"

    built = runner.invoke(main, ["build", "--site", str(site), "--jobs", "1"])
    assert built.exit_code == 0, built.output
    assert built.stderr.strip().splitlines()[-1].startswith("built 5, unchanged 0, removed 0,")
    assert {
        "cards/calf-raise.pdf",
        "handouts/strong-calves.pdf",
        "newsletters/strong-calves.eml",
        "newsletters/strong-calves.html",
        "newsletters/strong-calves.txt",
    } <= set(files_under(site / "out"))


def test_new_fills_an_existing_empty_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path) == FILES


def test_the_new_files_are_the_example_site_byte_for_byte(tmp_path: Path) -> None:
    assert [p.as_posix() for p in new_site(tmp_path / "site")] == FILES
    for name in FILES:
        assert (tmp_path / "site" / name).read_bytes() == (EXAMPLE / name).read_bytes()


@pytest.mark.parametrize("existing", ["notes.txt", ".git/config", "content/clinic.yaml"])
def test_new_refuses_a_folder_that_holds_anything_and_writes_nothing(
    tmp_path: Path, existing: str
) -> None:
    (tmp_path / existing).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / existing).write_text("mine\n")
    result = CliRunner().invoke(main, ["new", str(tmp_path)])
    assert result.exit_code == 2
    assert f"'{tmp_path}' is not empty; give a new or empty folder" in result.stderr
    assert files_under(tmp_path) == [existing]
    assert (tmp_path / existing).read_text() == "mine\n"


def test_new_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "clinic"
    target.write_text("mine\n")
    result = CliRunner().invoke(main, ["new", str(target)])
    assert result.exit_code == 2
    assert f"'{target}' is a file" in result.stderr
    assert target.read_text() == "mine\n"


def test_a_file_that_appears_while_new_writes_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder was empty when checked, but another program writes into it meanwhile."""

    def racing(*_: object) -> Iterator[tuple[Path, bytes]]:
        yield Path("content/clinic.yaml"), b"ours\n"
        (tmp_path / "content" / "drills").mkdir()
        (tmp_path / "content" / "drills" / "calf-raise.md").write_text("theirs\n")
        yield Path("content/drills/calf-raise.md"), b"ours\n"

    monkeypatch.setattr(handouts.scaffold, "_example_files", racing)
    result = CliRunner().invoke(main, ["new", str(tmp_path)])
    assert result.exit_code == 1
    assert "could not create the site:" in result.stderr
    assert (tmp_path / "content" / "drills" / "calf-raise.md").read_text() == "theirs\n"


# --- the example explains itself --------------------------------------------------------


NESTED_KEYS = [
    "primary",
    "accent",
    "url",
    "label",
    "headline",
    "text",
    "paper",
    "from",
    "unsubscribe_url",
    "utm",
    "source",
    "medium",
    "asset_base_url",
]


@pytest.mark.parametrize("key", [*CLINIC_KEYS, *NESTED_KEYS])
def test_the_example_clinic_yaml_explains_every_key(key: str) -> None:
    """Each key is set or shown commented out, with a comment on its line or just above."""
    lines = (EXAMPLE / "content" / "clinic.yaml").read_text(encoding="utf-8").splitlines()
    (number,) = [n for n, line in enumerate(lines) if re.match(rf"\s*(# )?{key}:", line)]
    value = lines[number].split(":", 1)[1]
    explained = "#" in value.replace('"#', "") or lines[number - 1].lstrip().startswith("#")
    assert explained, f"'{key}' has no comment"


def test_the_templates_note_lists_every_built_in_template() -> None:
    note = (EXAMPLE / "templates" / "README.md").read_text(encoding="utf-8")
    builtin = REPO / "templates"
    for path in builtin.rglob("*.j2"):
        assert path.relative_to(builtin).as_posix() in note
