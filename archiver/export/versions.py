"""One record per URL: the newest version, unless every version is wanted.

A live crawl writes version 2, 3, ... of a URL whose content changed, and datasets from
several runs (or a crawl and a replay of its WARCs) repeat URLs. The newest is the one
fetched last; at equal fetch times the higher ``version``, then the later line, wins (a
replay of a WARC with a newer extractor, listed after the crawl's output, replaces it).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

_EPOCH = datetime.min.replace(tzinfo=UTC)


def _fetched(record: dict[str, Any]) -> datetime:
    try:
        moment = datetime.fromisoformat(str(record.get("fetched_at")))
    except ValueError:
        return _EPOCH
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def latest_versions(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The newest record of each URL, in the order the URLs first appear."""
    best: dict[str, tuple[tuple[datetime, int, int], dict[str, Any]]] = {}
    for position, record in enumerate(records):
        version = record.get("version")
        key = (_fetched(record), version if isinstance(version, int) else 1, position)
        url = str(record["url"])
        if url not in best or key > best[url][0]:
            best[url] = (key, record)
    return [record for _, record in best.values()]  # a dict keeps first-insertion order
