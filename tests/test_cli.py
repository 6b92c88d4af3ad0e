"""The command line: exit statuses, messages on stderr, one summary line last."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli import main
from tests.support.sites import ARTICLE, REPO, SEED_SITE, make_site


def test_check_on_the_seed_passes_with_only_the_placeholder_warning() -> None:
    result = CliRunner().invoke(main, ["check", "--site", str(SEED_SITE)])
    assert result.exit_code == 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("content/clinic.yaml:13:3: warning: booking.url")
    assert lines[-1] == "0 errors, 1 warning"


def test_check_reports_every_error_and_exits_1(tmp_path: Path) -> None:
    make_site(tmp_path, {"articles/calves.md": ARTICLE.replace("summary:", "sumary:")})
    result = CliRunner().invoke(main, ["check", "--site", str(tmp_path)])
    assert result.exit_code == 1
    assert "content/articles/calves.md:3:1: error: unknown key 'sumary'" in result.stderr
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1] == "2 errors, 0 warnings"


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
