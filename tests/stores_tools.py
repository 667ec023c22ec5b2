"""Second implementations of the stateful components (archiver.stores), for the tests that
name them in ARCHIVER_*_CLASS settings: each keeps a journal of its calls in the file
named by ``ARCHIVER_TEST_JOURNAL``, so the test reads what the crawl did with it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Self

from archiver.incremental.state import State
from archiver.warc.digests import Archived, DigestStore

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def journal(line: str) -> None:
    with Path(os.environ["ARCHIVER_TEST_JOURNAL"]).open("a", encoding="utf-8") as f:
        f.write(line + "\n")


class JournalLock:
    """A lock that is not a file: held sites in a set, every call in the journal."""

    held: set[str] = set()

    def __init__(self, site: str) -> None:
        self.site = site

    def acquire(self) -> None:
        journal(f"acquire {self.site}")
        self.held.add(self.site)

    def release(self) -> None:
        journal(f"release {self.site}")
        self.held.discard(self.site)


class ElsewhereState(State):
    """The SQLite state in a file of its own choosing, run starts in the journal."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(Path(crawler.settings["ARCHIVER_OUTPUT_DIR"]) / "elsewhere.sqlite")

    def start_run(self, run_id: str, site: str, output: Path) -> None:
        journal(f"start_run {site} {output.name}")
        super().start_run(run_id, site, output)


class JournalDigests(DigestStore):
    def add(self, digest: str, archived: Archived) -> None:
        journal(f"digest {archived.uri}")
        super().add(digest, archived)
