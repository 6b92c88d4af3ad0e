"""Real processes, looked at the way `ps` does (Linux /proc): who a process's children are,
whether a process is still running, and waiting for something to happen on disk."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from tests.support.sites import REPO

PROC = Path("/proc")
needs_proc = pytest.mark.skipif(not (PROC / "self" / "stat").exists(), reason="needs Linux /proc")
CLI = [sys.executable, str(REPO / "cli.py")]


def program(name: str, package: str) -> str:
    """The path of a program the tests use; missing, it skips the test locally but fails
    it on CI, where .ci/run installs `package`."""
    import shutil

    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} ({package}) is required on CI")
        pytest.skip(f"{name} is not installed (apt-get install {package})")
    return found


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name: state, parent pid, …"""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def children(pid: int) -> set[int]:
    found = set()
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie has finished: it only awaits its reaper)."""
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.01)


@contextlib.contextmanager
def started(args: list[str], stderr: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`handouts ARGS` in a process group of its own, as a terminal runs a command (Ctrl-C
    there signals the whole group), its messages in `stderr`; on the way out, whatever of
    the group is still running (only when a test failed) is killed."""
    with stderr.open("wb") as sink:
        process = subprocess.Popen(
            [*CLI, *args], cwd=REPO, stdout=subprocess.DEVNULL, stderr=sink, start_new_session=True
        )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def all_gone(pids: Iterable[int]) -> bool:
    return not any(running(pid) for pid in pids)
