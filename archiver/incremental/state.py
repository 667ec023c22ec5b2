"""The state file: one SQLite database per output folder, shared by every site in it.

The default ``ARCHIVER_STATE_CLASS`` (archiver.stores): ``ARCHIVER_STATE_FILE``, else
``<ARCHIVER_OUTPUT_DIR>/state.sqlite``.

WAL mode with ``synchronous=NORMAL``: each commit survives the process being killed (it is
in the OS's hands once ``commit`` returns) at a fraction of the cost of a full fsync.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from archiver.stores import Known, Run, new_run_id

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from archiver.stores import CrawlState

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    canonical_url TEXT,
    content_sha256 TEXT NOT NULL,
    version INTEGER NOT NULL,
    lastmod TEXT,
    etag TEXT,
    last_modified TEXT,
    run_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    output TEXT NOT NULL,
    finished INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS done (
    run_id TEXT NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (run_id, url)
);
"""


class State:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(state_file(crawler.settings))

    def close(self) -> None:
        self.db.close()

    # pages
    def known(self, url: str) -> Known | None:
        row = self.db.execute(
            "SELECT content_sha256, version, lastmod, etag, last_modified FROM pages WHERE url=?",
            (url,),
        ).fetchone()
        return Known(*row) if row else None

    def record_written(
        self, site: str, run_id: str, record: dict[str, Any], validators: dict[str, str | None]
    ) -> None:
        """The record's line is in the output: remember its hash and mark its URL done."""
        url = str(record["url"])
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute(
                "INSERT INTO pages (url, site, canonical_url, content_sha256, version, lastmod,"
                " etag, last_modified, run_id) VALUES (?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(url) DO UPDATE SET canonical_url=excluded.canonical_url,"
                " content_sha256=excluded.content_sha256, version=excluded.version,"
                " lastmod=excluded.lastmod, etag=excluded.etag,"
                " last_modified=excluded.last_modified, run_id=excluded.run_id",
                (
                    url,
                    site,
                    record.get("canonical_url"),
                    record["content_sha256"],
                    int(record.get("version") or 1),
                    validators.get("lastmod"),
                    validators.get("etag"),
                    validators.get("last_modified"),
                    run_id,
                ),
            )
            self.db.execute("INSERT OR IGNORE INTO done VALUES (?, ?)", (run_id, url))

    def refresh_validators(self, url: str, validators: dict[str, str | None]) -> None:
        """Content unchanged: keep the newer lastmod/ETag so the next run can skip it sooner."""
        self.db.execute(
            "UPDATE pages SET lastmod=COALESCE(?, lastmod), etag=COALESCE(?, etag),"
            " last_modified=COALESCE(?, last_modified) WHERE url=?",
            (
                validators.get("lastmod"),
                validators.get("etag"),
                validators.get("last_modified"),
                url,
            ),
        )

    # runs
    def mark_done(self, run_id: str, url: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO done VALUES (?, ?)", (run_id, url))

    def is_done(self, run_id: str, url: str) -> bool:
        row = self.db.execute("SELECT 1 FROM done WHERE run_id=? AND url=?", (run_id, url))
        return row.fetchone() is not None

    def new_run_id(self, site: str) -> str:
        """A run id from the clock that no run in this file has (run ids are its keys)."""

        def taken(run_id: str) -> bool:
            row = self.db.execute("SELECT 1 FROM runs WHERE run_id=?", (run_id,))
            return row.fetchone() is not None

        return new_run_id(taken)

    def start_run(self, run_id: str, site: str, output: Path) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO runs (run_id, site, output) VALUES (?,?,?)",
            (run_id, site, str(output)),
        )

    def finish_run(self, run_id: str) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("UPDATE runs SET finished=1 WHERE run_id=?", (run_id,))
            self.db.execute("DELETE FROM done WHERE run_id=?", (run_id,))

    def unfinished_runs(self, site: str) -> list[Run]:
        rows = self.db.execute(
            "SELECT run_id, site, output, finished FROM runs WHERE site=? AND finished=0"
            " ORDER BY run_id",
            (site,),
        ).fetchall()
        return [Run(r[0], r[1], Path(r[2]), bool(r[3])) for r in rows]

    def reconcile(self, run: Run) -> int:
        """Bring the state up to date with the lines a killed run managed to write.

        A line is flushed before its URL is committed here; a kill between the two leaves
        a line the state does not know. Reading the run's own output closes that gap, so
        no record is ever written twice. A torn last line (kill mid-write) is cut off: its
        URL was never marked done, so the page is fetched and written again.
        """
        return reconcile_lines(self, run)[0]


def reconcile_lines(state: CrawlState, run: Run) -> tuple[int, set[str]]:
    """Record in ``state`` the lines of ``run.output`` it does not know,
    and mark the others done: how many were recorded, and every URL the file holds."""
    fixed = 0
    written: set[str] = set()
    if not run.output.exists():
        return fixed, written
    _cut_torn_line(run.output)
    with run.output.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            url = str(record.get("url"))
            written.add(url)
            known = state.known(url)
            if known is None or known.content_sha256 != record.get("content_sha256"):
                state.record_written(run.site, run.run_id, record, {})
                fixed += 1
            else:
                state.mark_done(run.run_id, url)
    return fixed, written


def _cut_torn_line(path: Path) -> None:
    with path.open("rb+") as f:
        data = f.read()
        if not data or data.endswith(b"\n"):
            return
        keep = data.rfind(b"\n") + 1
        logger.warning("%s: cutting an unfinished last line left by a killed run", path)
        f.truncate(keep)


def state_file(settings: BaseSettings) -> Path:
    out = Path(settings.get("ARCHIVER_OUTPUT_DIR") or "output")
    return Path(settings.get("ARCHIVER_STATE_FILE") or out / "state.sqlite")
