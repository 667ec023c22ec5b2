"""Open replay paths once per crawl into an index that the spider and the storage share."""

from __future__ import annotations

import functools
import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archiver.transport import fixtures, warc
from archiver.transport.entry import Entry, Problem


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Paths as given, globs expanded (sorted) where a pattern names no file itself, so
    ``-a replay='crawl/*.warc.gz'`` works without a shell."""
    expanded: list[Path] = []
    for raw in paths:
        text = str(raw)
        matches = sorted(glob.glob(text)) if glob.has_magic(text) else []
        if matches and not Path(text).exists():
            expanded.extend(Path(m) for m in matches)
        else:
            expanded.append(Path(text))
    return expanded


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Entry | Problem]:
    """Entries in path order, WARC files after folders: all WARCs are scanned together,
    because a revisit record may refer to a payload in another file."""
    warcs: list[Path] = []
    for path in expand(paths):
        if path.is_dir():
            yield from fixtures.scan(path)
        elif warc.is_warc(path):
            warcs.append(path)
        elif path.exists():
            yield Problem(
                str(path),
                "unknown_source",
                f"{path}: neither a fixture folder nor a WARC file (.warc, .warc.gz)",
            )
        else:
            yield Problem(str(path), "missing_source", f"{path}: no such file or folder")
    if warcs:
        yield from warc.scan(warcs)


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
