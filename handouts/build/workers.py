"""Work spread over forked worker processes, for builds and patient batches alike.

Forked workers inherit the parent's memory: the loaded site and the imported renderers
are never sent, parsed or imported again, and each task carries only its index. Results
come back in completion order; callers write them, so workers never touch the out folder.

Workers never outlive their parent: on Linux the kernel kills them when it dies
(`prctl(PR_SET_PDEATHSIG)`), elsewhere each checks that its parent is still there. They
ignore Ctrl-C, which is the parent's to handle: when it stops early (Ctrl-C, or a
caller that stops reading), the tasks not yet started are dropped and the workers exit
once the one each is on is done. (Killing them instead could cut a result short in the
pipe it is sent through, and leave the parent waiting for the rest.)
"""

from __future__ import annotations

import ctypes
import itertools
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many tasks, starting worker processes costs more than it saves.
MIN_PARALLEL_TASKS = 4
# Nor below this much work (in seconds of rendering in one process), unless asked: forking
# the workers and handing them the tasks costs some tens of milliseconds.
MIN_PARALLEL_SECONDS = 0.25
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_CHECK_SECONDS = 0.2  # how often a worker without prctl looks for its parent

_TASK: Callable[[Any], Any] | None = None


def cpu_count() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def workers_for(jobs: int, tasks: int, seconds: float = math.inf) -> int:
    """How many worker processes help with `tasks` tasks, about `seconds` of work in one
    process, when `jobs` were asked for (0: one per CPU, when the work pays for starting
    them): never more than the CPUs or the tasks; 1 means none (the work is done in this
    process), as when there are too few tasks to pay for starting them."""
    if tasks < MIN_PARALLEL_TASKS or not can_fork():
        return 1
    if not jobs and seconds < MIN_PARALLEL_SECONDS:
        return 1
    return max(1, min(jobs or cpu_count(), cpu_count(), tasks))


def run_all(
    func: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    *,
    prepare: Callable[[], object] | None = None,
) -> Iterator[tuple[T, R]]:
    """(item, func(item)) for every item, in `workers` forked processes when more than one.

    `prepare` runs once in the parent before forking (e.g. importing the renderers), so
    the workers inherit its result instead of each redoing it. The workers inherit
    `func` too (with the site it carries); each item is sent to its worker when its turn
    comes, so `items` may be a generator: a batch of any length is never all in memory.
    """
    if workers < 2 or not can_fork():
        for item in items:
            yield item, func(item)
        return
    if prepare is not None:
        prepare()
    global _TASK
    _TASK = func
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    # Tasks are handed out a few per worker ahead, and a result is let go once yielded:
    # memory holds a window of results, however many items there are.
    pending: dict[Future[Any], T] = {}
    upcoming = iter(items)
    window = workers * 4
    try:
        with _interrupts_held():  # the workers are forked here
            _hand_out(pool, pending, upcoming, window)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            while done:
                future = done.pop()
                yield pending.pop(future), future.result()
                del future
            _hand_out(pool, pending, upcoming, window)
    except BaseException:  # Ctrl-C, or the caller stopped reading: start no more tasks
        pool.shutdown(cancel_futures=True)
        raise
    else:
        pool.shutdown()
    finally:
        _TASK = None


def _hand_out(
    pool: ProcessPoolExecutor, pending: dict[Future[Any], T], upcoming: Iterator[T], window: int
) -> None:
    for item in itertools.islice(upcoming, max(0, window - len(pending))):
        pending[pool.submit(_run_one, item)] = item


def _run_one(item: Any) -> Any:
    assert _TASK is not None
    return _TASK(item)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C back while workers are forked: each starts with it blocked and ignores
    it before unblocking it, and the parent receives it as soon as they are all started."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start_worker(parent: int) -> None:
    """In each new worker: leave Ctrl-C to the parent, and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if _kill_me_with_my_parent():
        if os.getppid() != parent:  # it died before the kernel was asked
            os._exit(1)
    else:
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _kill_me_with_my_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent exits; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _exit_when_orphaned(parent: int) -> None:
    """Where the kernel cannot be asked: an orphan is adopted, so its parent pid changes."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)
