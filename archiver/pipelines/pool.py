"""The extraction process pool: sized to the CPUs this process may use, awaited from asyncio.

Kept apart from the pipeline so that the pool's life (start once, replace when a worker
dies, isolate the page that killed it) is one small thing to read and to test. No Scrapy
import here: the pool knows pages only as bytes plus a few strings.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

# Called as task(job) with an archiver.extract.job.ExtractionJob: plain values only.
Task = Callable[[Any], dict[str, Any]]
CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")


WATCH_SECONDS = 1.0


def _watch(crawler_pid: int) -> None:
    parent = os.getppid()  # the forkserver
    while True:
        time.sleep(WATCH_SECONDS)
        try:
            os.kill(crawler_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass  # alive (or its pid taken by another user's process: the next check)
        if os.getppid() != parent:
            os._exit(1)


def start_worker(crawler_pid: int, initializer: Callable[[], None] | None) -> None:
    """Pool initializer: the worker exits when the crawl's process dies, however it dies.

    A worker waits on its task queue, whose write end it holds itself, and on the
    forkserver's liveness pipe, which keeps the forkserver alive in turn: killed alone (by
    the OOM killer, say), the crawl left its workers running. A daemon thread checks every
    second that the crawl's process (and the forkserver) still exist; prctl's parent-death
    signal would not help, the worker's parent being the forkserver.
    """
    threading.Thread(target=_watch, args=(crawler_pid,), daemon=True, name="watch").start()
    if initializer is not None:
        initializer()


class WorkerCrashed(Exception):
    """The page killed the worker extracting it, even when run alone."""


def usable_cpus() -> int:
    """CPUs this process may run on: its affinity mask, capped by a cgroup CPU quota.

    ``os.cpu_count()`` counts the host's CPUs; in a container limited to two of them a
    pool that size would only add context switches.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    try:
        quota, period = CGROUP_CPU_MAX.read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, cpus)


class ExtractionPool:
    """Worker processes that run ``task`` on pages, started once and replaced when broken.

    Workers come from a forkserver that has imported the task's module, so each new
    worker starts warm and inherits none of the reactor's threads or sockets.
    """

    def __init__(self, workers: int, task: Task, initializer: Callable[[], None] | None) -> None:
        self.workers = workers
        self.task = task
        self.initializer = initializer
        self.restarts = 0
        self._pool: Executor | None = None
        self._isolation: Executor | None = None  # one worker, one page at a time
        self._isolation_lock: asyncio.Lock | None = None

    def _new_executor(self, workers: int) -> Executor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([self.task.__module__])
        start = functools.partial(start_worker, os.getpid(), self.initializer)
        return ProcessPoolExecutor(workers, mp_context=context, initializer=start)

    def start(self) -> None:
        if self._pool is None:
            self._pool = self._new_executor(self.workers)

    def close(self) -> None:
        for pool in (self._pool, self._isolation):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._isolation = None

    async def extract(self, job: Any) -> dict[str, Any]:
        """The task's result for one page; its exceptions pass through unchanged.

        When a worker dies, every page in flight in the pool fails with it, and nothing
        says which page was the cause. Each of them is then run again alone: the page
        that kills its worker a second time raises WorkerCrashed, the others succeed.
        """
        pool = self._pool
        if pool is None:
            raise RuntimeError("the extraction pool is not running")
        future = pool.submit(self.task, job)
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            if self._pool is pool:  # every page in flight sees the break: replace it once
                logger.warning("an extraction worker died; restarting the pool")
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_executor(self.workers)
                self.restarts += 1
        return await self._extract_alone(job)

    async def _extract_alone(self, job: Any) -> dict[str, Any]:
        if self._isolation_lock is None:  # made here: it must belong to the running loop
            self._isolation_lock = asyncio.Lock()
        async with self._isolation_lock:
            if self._isolation is None:
                self._isolation = self._new_executor(1)
            isolation = self._isolation
            future = isolation.submit(self.task, job)
            try:
                return await asyncio.wrap_future(future)
            except BrokenProcessPool as exc:
                isolation.shutdown(wait=False, cancel_futures=True)
                self._isolation = None
                raise WorkerCrashed(f"the page killed its extraction worker ({exc})") from exc
