"""The bad-input corpus: each case in tests/bad_inputs/ is a small site over a shared good
one, with expect.txt giving the exit status and the messages the command must print.

expect.txt: `exit: N`, then lines that must each appear in the output; optional
`command: …` (default `build`) and `generate: PATH KIND BYTES` for inputs too large to
keep in the repository, or that no repository should hold (a named pipe, a link to
/dev/zero). The command runs in the site folder, so a file it names (like
`batch day.csv`) is found there and reported by the name as given.
"""

from __future__ import annotations

import os
import shlex
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from tests.support.sites import make_site

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expect.txt").is_file())


def generate(path: Path, kind: str, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "markdown":
        head = "---\ntitle: Huge\nsummary: Very long.\n---\n"
        path.write_text(head + ("All work and no play. " * (size // 22 + 1))[:size])
    elif kind == "fifo":  # a named pipe cannot be kept in git; it replaces what is there
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    elif kind == "dev-zero":  # a link to an endless file, kept out of the repository
        path.symlink_to("/dev/zero")
    elif kind == "png":
        header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR"
        path.write_bytes(header + zlib.compress(b"") + b"\0" * size)
    else:
        raise ValueError(kind)


def load_case(name: str) -> tuple[int, list[str], list[str], list[tuple[str, str, int]]]:
    exit_status, expected, command, generated = None, [], ["build"], []
    for line in (CORPUS / name / "expect.txt").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(": ")
        if key == "exit":
            exit_status = int(value)
        elif key == "command":
            command = shlex.split(value)
        elif key == "generate":
            path, kind, size = value.split()
            generated.append((path, kind, int(size)))
        elif line.strip():
            expected.append(line)
    assert exit_status is not None, f"{name}/expect.txt has no exit line"
    return exit_status, expected, command, generated


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", CASES)
def test_bad_input_gives_its_message_and_exit_status(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exit_status, expected, command, generated = load_case(name)
    site = make_site(tmp_path / "site")
    shutil.copytree(CORPUS / name, site, symlinks=True, dirs_exist_ok=True)
    (site / "expect.txt").unlink()
    for path, kind, size in generated:
        generate(site / path, kind, size)
    monkeypatch.chdir(site)
    result = CliRunner().invoke(
        main, [*command, "--site", str(site), "--out", str(tmp_path / "out"), "--quiet"]
    )
    output = result.output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert result.exit_code == exit_status, output
    for line in expected:
        assert line in output, f"{line!r} not in:\n{output}"
