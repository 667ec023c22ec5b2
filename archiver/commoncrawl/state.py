"""What a Common Crawl run has done, so that a re-run reads nothing twice.

One row per task (a WARC file streamed whole, or one record's byte range): the offset up
to which every record has been written or skipped, and whether the task is done. SQLite,
beside the dataset, in autocommit mode: each update is durable when it returns, so a
killed run loses at most the records after the last saved offset, and those are read
again (the records among them already in the dataset are recognised and not rewritten).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    task TEXT PRIMARY KEY,
    resume_offset INTEGER NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0
)
"""


def state_path(output: str | Path) -> Path:
    """``out.jsonl`` -> ``out.commoncrawl.sqlite``."""
    path = Path(output)
    return path.with_name(f"{Path(path.name.removesuffix('.gz')).stem}.commoncrawl.sqlite")


class RunState:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(SCHEMA)

    def done(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT task FROM tasks WHERE done = 1")}

    def resume_offsets(self) -> dict[str, int]:
        rows = self.db.execute("SELECT task, resume_offset FROM tasks WHERE done = 0")
        return {task: offset for task, offset in rows}

    def save(self, task: str, resume_offset: int, done: bool, read_bytes: int) -> None:
        self.db.execute(
            "INSERT INTO tasks (task, resume_offset, done, bytes) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (task) DO UPDATE SET resume_offset = excluded.resume_offset, "
            "done = excluded.done, bytes = tasks.bytes + excluded.bytes",
            (task, resume_offset, int(done), read_bytes),
        )

    def close(self) -> None:
        self.db.close()
