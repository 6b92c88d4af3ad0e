"""The command line: exit statuses, messages on stderr, one summary line last."""

from __future__ import annotations

import gc
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli import main
from tests.support.sites import ARTICLE, REPO, SEED_SITE, copy_site, make_site


def test_check_on_the_seed_passes_with_only_the_placeholder_warning() -> None:
    result = CliRunner().invoke(main, ["check", "--site", str(SEED_SITE)])
    assert result.exit_code == 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 6  # the warning, the four reading grades and the summary
    assert lines[0].startswith("content/clinic.yaml:13:3: warning: booking.url")
    assert (
        lines[-1] == "0 errors, 1 warning; article reading grade 6.9; drill reading grades 5.2–6.0"
    )


def test_a_one_shot_command_gives_the_collector_back_to_its_caller() -> None:
    """`check` and `handout` run without the cyclic collector, but a program that runs
    them in its own process keeps it afterwards."""
    assert gc.isenabled()
    for _ in range(3):
        assert CliRunner().invoke(main, ["check", "--site", str(SEED_SITE)]).exit_code == 0
        assert gc.isenabled()


def test_check_reports_every_error_and_exits_1(tmp_path: Path) -> None:
    make_site(tmp_path, {"articles/calves.md": ARTICLE.replace("summary:", "sumary:")})
    result = CliRunner().invoke(main, ["check", "--site", str(tmp_path)])
    assert result.exit_code == 1
    assert "content/articles/calves.md:3:1: error: unknown key 'sumary'" in result.stderr
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1] == (
        "2 errors, 0 warnings; drill reading grade 4.8"  # the broken article is not graded
    )


def test_check_on_a_folder_without_content_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--site", str(tmp_path)])
    assert result.exit_code == 1
    assert "content: error: no content/ folder in this site" in result.stderr


def test_a_usage_error_exits_2() -> None:
    result = CliRunner().invoke(main, ["build", "--paper", "legal"])
    assert result.exit_code == 2


def test_build_writes_every_output_and_ends_with_one_summary_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--site", str(SEED_SITE), "--out", str(out), "-v"])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.*") if p.name[0] != ".") == [
        "cards/foot-pronation-wall-glide.pdf",
        "cards/heel-elevated-squat-rock.pdf",
        "cards/toe-yoga.pdf",
        "handouts/ankle-foot-mobility.pdf",
        "newsletters/ankle-foot-mobility.eml",
        "newsletters/ankle-foot-mobility.html",
        "newsletters/ankle-foot-mobility.txt",
    ]
    lines = result.stderr.strip().splitlines()
    assert "built handouts/ankle-foot-mobility.pdf (new)" in lines
    assert lines[-1].startswith("built 7, unchanged 0, removed 0, failed 0 in ")
    again = runner.invoke(main, ["build", "--site", str(SEED_SITE), "--out", str(out)])
    assert again.stderr.strip().splitlines()[-1].startswith("built 0, unchanged 7,")


def test_build_with_a_content_error_exits_1_and_lists_it(tmp_path: Path) -> None:
    make_site(tmp_path, {"articles/calves.md": ARTICLE.replace("summary:", "sumary:")})
    result = CliRunner().invoke(main, ["build", "--site", str(tmp_path)])
    assert result.exit_code == 1
    assert "content/articles/calves.md:3:1: error: unknown key 'sumary'" in result.stderr
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "cards" / "calf-raise.pdf").exists()


def test_build_only_an_unknown_slug_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["build", "--site", str(SEED_SITE), "--only", "toe-yogaa"])
    assert result.exit_code == 2
    assert "no article or drill named 'toe-yogaa' (did you mean 'toe-yoga'?)" in result.output


def test_check_reports_a_template_syntax_error_with_its_line(tmp_path: Path) -> None:
    make_site(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "newsletter.txt.j2").write_text("{{ article.title }}\n{% if %}\n")
    result = CliRunner().invoke(main, ["check", "--site", str(tmp_path)])
    assert result.exit_code == 1
    assert "templates/newsletter.txt.j2:2: error: template syntax error:" in result.stderr


def test_watch_with_an_unknown_only_slug_is_a_usage_error(tmp_path: Path) -> None:
    make_site(tmp_path)
    result = CliRunner().invoke(main, ["watch", "--site", str(tmp_path), "--only", "calf-rase"])
    assert result.exit_code == 2
    assert "no article or drill named 'calf-rase' (did you mean 'calf-raise'?)" in result.output


def warning_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": warning: " in line]


def test_build_shows_the_warnings_check_shows_each_once(tmp_path: Path) -> None:
    from tests.support.sites import AWKWARD_SITE

    root = copy_site(AWKWARD_SITE, tmp_path / "site")
    checked = CliRunner().invoke(main, ["check", "--site", str(root)])
    built = CliRunner().invoke(main, ["build", "--site", str(root), "--jobs", "1"])
    assert built.exit_code == 0, built.output
    assert len(warning_lines(checked.stderr)) >= 3  # fonts, raw HTML
    assert warning_lines(built.stderr) == warning_lines(checked.stderr)
    # With nothing to rebuild, they are still shown; after an edit, as `check` sees it.
    again = CliRunner().invoke(main, ["build", "--site", str(root)])
    assert warning_lines(again.stderr) == warning_lines(checked.stderr)
    drill = root / "content/drills/long-drill.md"
    drill.write_text(drill.read_text(encoding="utf-8") + "\nBreathe out: ሀ.\n")
    checked = CliRunner().invoke(main, ["check", "--site", str(root)])
    edited = CliRunner().invoke(main, ["build", "--site", str(root)])
    assert "'ሀ'" in edited.stderr  # Ethiopic: no bundled font has it
    assert warning_lines(edited.stderr) == warning_lines(checked.stderr)


def test_build_of_a_folder_without_content_writes_nothing_there(tmp_path: Path) -> None:
    typo = tmp_path / "typo"
    result = CliRunner().invoke(main, ["build", "--site", str(typo)])
    assert result.exit_code == 1
    assert "content: error: no content/ folder in this site" in result.stderr
    assert not typo.exists()


def test_watch_of_a_folder_without_content_stops_at_once(tmp_path: Path) -> None:
    typo = tmp_path / "typo"
    command = [sys.executable, str(REPO / "cli.py"), "watch", "--site", str(typo)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "content: error: no content/ folder in this site" in done.stderr
    assert not typo.exists()


def test_build_verbose_says_when_fewer_workers_are_used_than_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    args = ["build", "--site", str(SEED_SITE), "--out", str(tmp_path), "--jobs", "400", "-v"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "400 worker processes asked for, 2 used (2 CPUs, 5 items to render)" in result.stderr


# --- the CLI is documented --------------------------------------------------------------


def _commands() -> dict[str, click.Command]:
    return dict(main.commands)


def test_every_command_and_option_is_in_the_readme_and_has_help_text() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in _commands().items():
        assert f"handouts {name}" in readme, f"README does not document 'handouts {name}'"
        assert command.help, f"'{name}' has no help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"'{name} {param.opts[0]}' has no help text"
                assert any(opt in readme for opt in param.opts), (
                    f"README does not document '{name} {param.opts[0]}'"
                )


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_short_and_long_help_both_work(flag: str) -> None:
    for args in ([flag], ["build", flag], ["handout", flag]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, args
        assert "Usage:" in result.output


def readme_commands() -> list[list[str]]:
    """Every command line of README's `sh` code blocks, as arguments, comments left out."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```", readme, re.MULTILINE | re.DOTALL)
    lines = [line for block in blocks for line in block.splitlines() if line.strip()]
    return [shlex.split(line, comments=True) for line in lines]


def test_the_readme_runs_handouts_the_way_make_installs_it() -> None:
    """After `make build` a bare `handouts` is not on the PATH, and the system Python has
    no click for `python cli.py`: every example runs the command in .venv/bin."""
    runs = [args for args in readme_commands() if "handouts" in args[0] or "cli.py" in args]
    assert len(runs) >= 3
    assert [args for args in runs if args[0] != ".venv/bin/handouts"] == []
    installed = shutil.which("handouts", path=str(Path(sys.executable).parent))
    assert installed, "no handouts command beside this Python: run `make build`"
    done = subprocess.run([installed, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("handouts, version ")


def test_every_readme_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In order, in a copy of the seed site: `new` makes the site the next examples use."""
    monkeypatch.chdir(copy_site(SEED_SITE, tmp_path))
    runner = CliRunner()
    for args in readme_commands():
        if args[0] == ".venv/bin/handouts":
            result = runner.invoke(main, args[1:])
            assert result.exit_code == 0, (args, result.output)


def test_check_loads_neither_the_pdf_nor_the_email_renderer() -> None:
    """`check` answers fast because it reads content and fonts, nothing that renders."""
    probe = (
        "import sys, runpy; sys.argv = ['handouts', 'check', '--site', sys.argv[1]]\n"
        "try:\n    runpy.run_module('cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.startswith(('reportlab.platypus', 'mjml',"
        " 'handouts.pdf.', 'handouts.newsletter.render'))]\n"
        "print(heavy, file=sys.__stdout__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(SEED_SITE)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    assert done.stdout.strip() == "[]", done.stdout
