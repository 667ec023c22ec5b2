"""Scoring through the real pipeline: one ``archiver replay`` over a corpus's pages, in a
child process, and its records read back by URL.

The held-out figures are measured this way, so the dev figures are too: a page the pipeline
writes no record for (typed non-article, a URL it refuses, an extraction failure) scores as
an empty answer, as it does for a user of the dataset.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class ReplayFailed(Exception):
    """The replay exited with an error or wrote no dataset."""


def start_replay(folders: Iterable[Path], output: Path, log: Path) -> subprocess.Popen[bytes]:
    """``archiver replay`` on fixture folders in a child process: the pipeline exactly as a
    user runs it (spider, pipelines, process pool, validation), with a reactor of its own."""
    command = [sys.executable, "-m", "archiver.cli", "replay", *map(str, folders)]
    command += ["-o", str(output), "--logfile", str(log), "-L", "INFO"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finish_replay(child: subprocess.Popen[bytes], output: Path) -> str:
    """Wait for the replay; its own last summary line (records, skips by reason)."""
    _, err = child.communicate()
    message = err.decode(errors="replace").strip()
    if child.returncode != 0 or not output.is_file():
        raise ReplayFailed(f"replay failed ({child.returncode}): {message[-400:]}")
    return message.splitlines()[-1] if message else ""


def records_by_url(dataset: Path) -> dict[str, dict[str, Any]]:
    """The dataset's records by URL (the first one of a URL written twice)."""
    records: dict[str, dict[str, Any]] = {}
    with dataset.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                records.setdefault(str(record.get("url", "")), record)
    return records
