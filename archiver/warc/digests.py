"""Payload digests already archived, kept across runs in a small SQLite file.

A revisit record is only as good as the reference it carries: this is where the record id,
target URI and date of the first capture of each payload are found again, in the next run
as in this one. Losing the last few inserts in a crash costs a second full copy of those
pages, never a revisit that points nowhere, since a digest is stored after its record is
written.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
create table if not exists payloads (
    digest text primary key,
    uri text not null,
    date text not null,
    record_id text not null,
    warc_file text not null,
    warc_offset integer not null
);
create index if not exists payloads_by_uri on payloads (uri);
"""


@dataclass(frozen=True)
class Archived:
    uri: str
    date: str  # WARC-Date of the original capture
    record_id: str
    warc_file: str
    warc_offset: int


class DigestStore:
    def __init__(self, path: Path, commit_every: int = 100) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.executescript(_SCHEMA)
        self.commit_every = commit_every
        self.uncommitted = 0

    def find(self, digest: str) -> Archived | None:
        row = self.db.execute(
            "select uri, date, record_id, warc_file, warc_offset from payloads where digest = ?",
            (digest,),
        ).fetchone()
        return Archived(*row) if row else None

    def latest(self, uri: str) -> Archived | None:
        """The last payload archived for ``uri``: what a 304 Not Modified refers to."""
        row = self.db.execute(
            "select uri, date, record_id, warc_file, warc_offset from payloads "
            "where uri = ? order by rowid desc limit 1",
            (uri,),
        ).fetchone()
        return Archived(*row) if row else None

    def add(self, digest: str, archived: Archived) -> None:
        self.db.execute(
            "insert or ignore into payloads values (?, ?, ?, ?, ?, ?)",
            (
                digest,
                archived.uri,
                archived.date,
                archived.record_id,
                archived.warc_file,
                archived.warc_offset,
            ),
        )
        self.uncommitted += 1
        if self.uncommitted >= self.commit_every:
            self.db.commit()
            self.uncommitted = 0

    def close(self) -> None:
        self.db.commit()
        self.db.close()
