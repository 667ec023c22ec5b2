"""Pool tasks for tests (ARCHIVER_EXTRACT_TASK): the real extraction, slowed or made fatal.

Workers import this module by name, so it lives beside the tests rather than inside them.
"""

from __future__ import annotations

import os
import time
from typing import Any

from archiver.extract.job import ExtractionJob
from archiver.extract.worker import extract_record

KILL_MARKER = b"KILL-THE-EXTRACTION-WORKER"
SLOW_SECONDS = 0.2


def extract_or_die(job: ExtractionJob) -> dict[str, Any]:
    """Kill the worker on a marked page, as a crash in a C parser would; after a pause, so
    that other pages are queued in the pool when it breaks."""
    if KILL_MARKER in job.body:
        time.sleep(SLOW_SECONDS)
        os._exit(70)
    return extract_record(job)


def slow_extract(job: ExtractionJob) -> dict[str, Any]:
    """The real extraction, slower than any download from 127.0.0.1."""
    time.sleep(SLOW_SECONDS)
    return extract_record(job)
