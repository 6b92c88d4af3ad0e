"""Work spread over forked worker processes, for builds and patient batches alike.

Forked workers inherit the parent's memory: the loaded site and the imported renderers
are never sent, parsed or imported again, and each task carries only its index. Results
come back in completion order; callers write them, so workers never touch the out folder.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many tasks, starting worker processes costs more than it saves.
MIN_PARALLEL_TASKS = 4

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def workers_for(jobs: int, tasks: int) -> int:
    """How many processes to use: `jobs` (0 meaning one per CPU), never more than tasks."""
    return max(1, min(jobs or os.cpu_count() or 1, tasks))


def run_all(
    func: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    *,
    prepare: Callable[[], object] | None = None,
) -> Iterator[tuple[T, R]]:
    """(item, func(item)) for every item, in worker processes when that pays off.

    `prepare` runs once in the parent before forking (e.g. importing the renderers), so
    the workers inherit its result instead of each redoing it.
    """
    workers = workers_for(jobs, len(items))
    forking = "fork" in multiprocessing.get_all_start_methods()
    if workers < 2 or len(items) < MIN_PARALLEL_TASKS or not forking:
        for item in items:
            yield item, func(item)
        return
    if prepare is not None:
        prepare()
    global _TASK
    _TASK = (func, items)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(_run_one, index): index for index in range(len(items))}
            for future in as_completed(futures):
                yield items[futures[future]], future.result()
    finally:
        _TASK = None


def _run_one(index: int) -> Any:
    assert _TASK is not None
    func, items = _TASK
    return func(items[index])
