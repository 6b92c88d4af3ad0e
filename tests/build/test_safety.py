"""A build killed at any moment leaves nothing half-written, two builds never interleave,
and `watch` rebuilds exactly what an edit touched."""

from __future__ import annotations

import email
import email.policy
import errno
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from cli import main
from handouts.build.manifest import MANIFEST_NAME, Manifest, content_hash
from handouts.build.site import BuildOptions, BuildReport, build_site
from handouts.build.watch import watch_site
from tests.support.processes import all_gone, children, needs_proc, started, wait_for
from tests.support.sites import REPO, SEED_SITE, make_site, seed_copies

BUILD = [sys.executable, str(REPO / "cli.py"), "build", "--quiet", "--jobs", "1"]


def assert_complete(out: Path) -> None:
    """Every output parses as what it claims to be, and the manifest describes the files."""
    for pdf in out.rglob("*.pdf"):
        assert len(PdfReader(pdf).pages) >= 1, pdf
    for eml in out.rglob("*.eml"):
        message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        assert message.get_body(("html",)) is not None, eml
    for html in out.rglob("*.html"):
        assert html.read_text().rstrip().endswith("</html>"), html
    assert list(out.rglob("*.tmp")) == []
    manifest = Manifest.load(out)
    for name, entry in manifest.entries.items():
        assert content_hash((out / name).read_bytes()) == entry.sha256, name


def test_a_build_killed_part_way_is_repaired_by_the_next(tmp_path: Path) -> None:
    root = seed_copies(SEED_SITE, tmp_path / "site", 12)
    out = root / "out"
    process = subprocess.Popen([*BUILD, "--site", str(root)], cwd=REPO)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("handouts/*.pdf"))) < 3:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not (out / MANIFEST_NAME).exists()  # killed before the manifest, which comes last
    for path in out.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            assert path.stat().st_size > 0
    report = build_site(root, out)
    assert report.ok
    assert_complete(out)
    assert len(list(out.glob("handouts/*.pdf"))) == 12


def test_two_builds_at_once_take_turns(tmp_path: Path) -> None:
    root = seed_copies(SEED_SITE, tmp_path / "site", 4)
    command = [*BUILD, "--site", str(root), "--force"]
    first = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
    outputs = [p.communicate(timeout=120)[1] for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    for stderr in outputs:
        assert stderr.strip().splitlines()[-1].startswith("built 19, unchanged 0")
    assert_complete(root / "out")
    json.loads((root / "out" / MANIFEST_NAME).read_text())


def test_a_second_build_gives_up_with_a_clear_message_when_the_lock_is_held(
    tmp_path: Path,
) -> None:
    from handouts.build.lock import BuildLocked, exclusive

    root = seed_copies(SEED_SITE, tmp_path / "site", 1)
    with exclusive(root / "out", timeout=1):
        try:
            build_site(root, root / "out", BuildOptions(lock_timeout=0.2))
        except BuildLocked as exc:
            assert "another build is writing to this folder" in str(exc)
        else:
            raise AssertionError("the build did not wait for the lock")


def test_watch_rebuilds_exactly_what_an_edit_touched(tmp_path: Path) -> None:
    root = seed_copies(SEED_SITE, tmp_path / "site", 2)
    (root / "content/articles/article-02.md").write_text(
        (root / "content/articles/article-02.md").read_text().replace("  - toe-yoga\n", "")
    )
    reports: list[BuildReport] = []
    stop = threading.Event()
    watching = threading.Event()
    thread = threading.Thread(
        target=watch_site,
        args=(root, root / "out", BuildOptions(jobs=1)),
        kwargs={
            "on_build": reports.append,
            "on_error": lambda exc: None,
            "stop_event": stop,
            "debounce_ms": 100,
            "on_watching": watching.set,
        },
    )
    thread.start()
    try:
        assert watching.wait(60)
        time.sleep(0.5)  # let the watcher settle before the edit
        drill = root / "content/drills/toe-yoga.md"
        drill.write_text(drill.read_text().replace("While barefoot", "Seated and barefoot"))
        deadline = time.monotonic() + 30
        while len(reports) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(reports) >= 2
        assert set(reports[1].built) == {
            "cards/toe-yoga.pdf",
            "handouts/article-01.pdf",
            "newsletters/article-01.html",
            "newsletters/article-01.txt",
            "newsletters/article-01.eml",
        }
        # A broken edit is reported and watching goes on.
        drill.write_text("---\nname: [broken\n---\n")
        deadline = time.monotonic() + 30
        while len(reports) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(reports) >= 3 and not reports[2].ok
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive()


@needs_proc
@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_a_build_and_says_what_was_and_was_not_built(
    tmp_path: Path, jobs: str
) -> None:
    root = seed_copies(SEED_SITE, tmp_path / "site", 12)  # 51 outputs
    out, stderr = root / "out", tmp_path / "stderr"
    with started(["build", "--quiet", "--jobs", jobs, "--site", str(root)], stderr) as build:
        wait_for(lambda: len(list(out.glob("handouts/*.pdf"))) >= 3, 60, "three handouts")
        pool = children(build.pid)
        os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        assert build.wait(10) == 130
        wait_for(lambda: all_gone(pool), 5, "the workers to stop")
    messages = stderr.read_text()
    assert "Traceback" not in messages and "KeyboardInterrupt" not in messages, messages
    summary = re.fullmatch(
        r"interrupted: built (\d+), not built (\d+) \(the next build makes them\),"
        r" failed 0 in [\d.]+ s",
        messages.strip().splitlines()[-1],
    )
    assert summary, messages
    built, not_built = int(summary[1]), int(summary[2])
    assert built + not_built == 51
    on_disk = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert len(on_disk) == built and list(out.rglob("*.tmp")) == []
    # What it said it wrote is recorded: the next build makes exactly the rest.
    again = build_site(root, out, BuildOptions(jobs=1))
    assert (len(again.built), len(again.unchanged)) == (not_built, built)
    assert_complete(out)


def test_ctrl_c_stops_watch_with_one_line(tmp_path: Path) -> None:
    root, stderr = make_site(tmp_path / "site"), tmp_path / "stderr"
    with started(["watch", "--quiet", "--site", str(root)], stderr) as watch:
        wait_for(lambda: "watching" in stderr.read_text(), 60, "watch to start watching")
        os.killpg(watch.pid, signal.SIGINT)
        assert watch.wait(10) == 0
    messages = stderr.read_text()
    assert "Traceback" not in messages and "KeyboardInterrupt" not in messages, messages
    lines = messages.strip().splitlines()
    assert lines[-2].startswith("watching content/ for changes") and lines[-1] == "stopped"


def test_a_full_disk_is_one_line_and_keeps_every_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, out = make_site(tmp_path / "site"), tmp_path / "out"
    assert build_site(site, out, BuildOptions(jobs=1)).ok
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    article = site / "content" / "articles" / "calves.md"
    article.write_text(article.read_text() + "\nMore.\n")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = CliRunner().invoke(main, ["build", "--site", str(site), "--out", str(out), "-q"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [f"{out}: error: cannot write here: No space left on device"]
    monkeypatch.undo()
    after = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    assert {p: b for p, b in after.items() if p.suffix != ".lock"} == {
        p: b for p, b in before.items() if p.suffix != ".lock"
    }
    assert list(out.rglob("*.tmp")) == []


def test_an_out_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    (tmp_path / "taken").write_text("a file where a folder should be")
    out = tmp_path / "taken" / "out"
    result = CliRunner().invoke(main, ["build", "--site", str(site), "--out", str(out), "-q"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{out}: error: cannot write here: Not a directory" in result.output
