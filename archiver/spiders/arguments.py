"""The news spider's arguments, parsed once from ``-a NAME=VALUE`` (or keyword arguments).

On the command line every value is a string and lists are comma-separated, as they have
always been (``-a urls=URL,URL``); from Python, a list or tuple is taken as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def _list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    return tuple(item.strip() for item in items if item.strip())


@dataclass(frozen=True)
class NewsArguments:
    site: str | None = None  # a profile name or a URL: a live crawl of that site
    sites: str | None = None  # a folder of profiles, searched before ARCHIVER_SITES_DIRS's
    urls: tuple[str, ...] = ()  # just these pages, live
    replay: tuple[str, ...] = ()  # fixture folders and WARC files (globs allowed)

    @classmethod
    def parse(cls, kwargs: Mapping[str, Any]) -> NewsArguments:
        site, sites = kwargs.get("site"), kwargs.get("sites")
        return cls(
            site=str(site).strip() or None if site is not None else None,
            sites=str(sites) if sites else None,
            urls=_list(kwargs.get("urls")),
            replay=_list(kwargs.get("replay")),
        )
