"""Open replay paths once per crawl into an index that the spider and the storage share."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archiver.transport import fixtures
from archiver.transport.entry import Entry, Problem


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Entry | Problem]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from fixtures.scan(path)
        elif path.exists():
            yield Problem(str(path), "unknown_source", f"{path}: not a fixture folder")
        else:
            yield Problem(str(path), "missing_source", f"{path}: no such file or folder")


@dataclass
class ReplayIndex:
    entries: dict[str, Entry] = field(default_factory=dict)  # by key, in source order
    by_url: dict[str, Entry] = field(default_factory=dict)  # first entry of each URL
    problems: list[Problem] = field(default_factory=list)

    def lookup(self, key: str | None, url: str) -> Entry | None:
        return self.entries.get(key) if key else self.by_url.get(url)


@functools.lru_cache(maxsize=4)
def shared_index(paths: tuple[str, ...]) -> ReplayIndex:
    """Scanning a WARC means reading it whole: do it once for spider and storage alike."""
    index = ReplayIndex()
    for item in iter_sources(paths):
        if isinstance(item, Problem):
            index.problems.append(item)
        else:
            index.entries[item.key] = item
            index.by_url.setdefault(item.url, item)
    return index
