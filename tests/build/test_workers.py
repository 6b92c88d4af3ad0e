"""Worker processes: as many as help, and never one that outlives the build or batch that
started it."""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import subprocess
import sys
import textwrap
import weakref
from pathlib import Path

import pytest

from handouts.build import workers
from handouts.build.kinds import CARD, HANDOUT, NEWSLETTER
from handouts.build.site import BuildOptions, build_site
from handouts.build.workers import workers_for
from tests.support.processes import all_gone, children, needs_proc, started, wait_for
from tests.support.sites import REPO, SEED_SITE, seed_copies


def test_workers_are_capped_at_the_cpus_and_the_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "cpu_count", lambda: 2)
    assert workers_for(400, 19) == 2  # --jobs 400 on 2 CPUs
    assert workers_for(0, 19) == 2  # the default: one per CPU
    assert workers_for(400, 3) == 1  # too few items to pay for a worker
    monkeypatch.setattr(workers, "cpu_count", lambda: 16)
    assert workers_for(400, 5) == 5
    assert workers_for(3, 50) == 3


def test_by_default_workers_start_only_for_work_that_pays_for_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "cpu_count", lambda: 2)
    seed = sum(kind.seconds for kind in (HANDOUT, NEWSLETTER, CARD, CARD, CARD))
    assert workers_for(0, 5, seed) == 1  # the seed's handful of outputs: none
    assert workers_for(0, 1000, 1000 * HANDOUT.seconds) == 2  # a day's batch
    assert workers_for(2, 5, seed) == 2  # unless they are asked for


def day_list(path: Path, rows: int) -> Path:
    lines = ["patient,article,date"]
    lines += [f"Patient {n},ankle-foot-mobility,2026-11-24" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@needs_proc
@pytest.mark.slow
@pytest.mark.parametrize(
    "command, signum",
    [
        ("build", signal.SIGKILL),
        ("build", signal.SIGTERM),
        ("batch", signal.SIGKILL),
    ],
)
def test_when_the_main_process_is_killed_its_workers_die_with_it(
    tmp_path: Path, command: str, signum: signal.Signals
) -> None:
    root = seed_copies(SEED_SITE, tmp_path / "site", 12)
    out = root / "out"
    if command == "build":
        args = ["build", "--site", str(root)]
    else:
        day = day_list(tmp_path / "day.csv", 400)
        args = ["batch", str(day), "--site", str(SEED_SITE), "--out", str(tmp_path / "pdfs")]
    with started([*args, "--quiet", "--jobs", "2"], tmp_path / "stderr") as main:
        wait_for(lambda: len(children(main.pid)) >= 2, 60, "two workers")
        pool = children(main.pid)
        os.kill(main.pid, signum)  # the main process only, as an out-of-memory kill does
        main.wait(10)
        wait_for(lambda: all_gone(pool), 5, "the workers to die with their parent")
        # Nothing holds the out folder: the next build starts at once.
        assert build_site(root, out, BuildOptions(jobs=1, lock_timeout=1)).ok


@needs_proc
def test_where_the_kernel_cannot_be_asked_an_orphaned_worker_still_exits(tmp_path: Path) -> None:
    """The check behind `prctl(PR_SET_PDEATHSIG)` on systems without it: the parent pid."""
    script = textwrap.dedent(
        """
        import time
        from handouts.build import workers

        workers._kill_me_with_my_parent = lambda: False  # as on macOS or BSD

        def slow(item):
            time.sleep(60)
            return item

        for _ in workers.run_all(slow, range(4), 2):
            pass
        """
    )
    with (tmp_path / "errors").open("w") as errors:
        main = subprocess.Popen(
            [sys.executable, "-c", script], cwd=REPO, stderr=errors, start_new_session=True
        )
    try:
        wait_for(lambda: len(children(main.pid)) == 2, 60, "two workers")
        pool = children(main.pid)
        main.kill()
        main.wait(10)
        wait_for(lambda: all_gone(pool), 5, "the orphaned workers to exit")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(main.pid, signal.SIGKILL)


class Blob:
    """A result the test can watch: alive while anything still holds it."""

    def __init__(self, index: int):
        self.data = bytes(1024) * index


def make_blob(index: int) -> Blob:
    return Blob(index)


def test_results_are_let_go_once_the_caller_has_them() -> None:
    """A batch writes each result as it comes: none is kept until the end, so memory does
    not grow with the number of rows."""
    items = list(range(60))
    alive: list[weakref.ref[Blob]] = []
    for _, blob in workers.run_all(make_blob, items, 2):
        alive.append(weakref.ref(blob))
        del blob
        gc.collect()
        held = sum(ref() is not None for ref in alive)
        assert held <= 2, f"{held} results of {len(alive)} are still held"
    assert len(alive) == len(items)
