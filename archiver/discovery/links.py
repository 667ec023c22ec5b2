"""Which URLs of a site are articles, which are pages to follow for links, which neither.

A profile's patterns are regular expressions searched in the full URL (as Scrapy's
``LinkExtractor(allow=...)`` does). With no article patterns every page of the site is a
candidate and extraction's ``page_type`` decides; with no follow patterns every page of
the site is a listing. Whether listings are fetched and articles' links read at all is
the profile's ``follow`` switch (archiver.sites.profile).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit


class Kind(Enum):
    ARTICLE = "article"  # fetched, extracted, and its links followed if the profile follows
    LISTING = "listing"  # fetched for its links only, if the profile follows links
    IGNORE = "ignore"


def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@dataclass(frozen=True)
class LinkRules:
    domains: tuple[str, ...]
    article_allow: tuple[str, ...] = ()
    article_deny: tuple[str, ...] = ()
    follow_allow: tuple[str, ...] = ()
    follow_deny: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("article_allow", "article_deny", "follow_allow", "follow_deny"):
            object.__setattr__(self, f"_{name}", _compile(getattr(self, name)))

    def _matches(self, name: str, url: str) -> bool:
        patterns: tuple[re.Pattern[str], ...] = getattr(self, f"_{name}")
        return any(p.search(url) for p in patterns)

    def in_site(self, url: str) -> bool:
        """By host name, port ignored (Scrapy's ``url_is_from_any_domain`` compares the
        port too, which would put ``127.0.0.1:8000`` outside ``127.0.0.1``)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            return False
        return any(host == d or host.endswith(f".{d}") for d in self.domains)

    def classify(self, url: str) -> Kind:
        if not self.in_site(url):
            return Kind.IGNORE
        if not self._matches("article_deny", url) and (
            not self.article_allow or self._matches("article_allow", url)
        ):
            return Kind.ARTICLE
        if not self._matches("follow_deny", url) and (
            not self.follow_allow or self._matches("follow_allow", url)
        ):
            return Kind.LISTING
        return Kind.IGNORE
