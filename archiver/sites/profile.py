"""What a site profile holds, read from TOML with the standard library's ``tomllib``.

A profile is data, not code: start points, URL patterns, a language hint and Scrapy
setting overrides (politeness), so that adding a site needs no Python. It also says how
articles are discovered, each way switched on by itself: sitemaps (listed, or named in
robots.txt), feeds (listed, or announced by start pages), start pages (read for links),
and link following (a ``[follow]`` table or ``follow = true``), which alone makes the
crawl read the links of articles and of the listing pages it finds.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from importlib.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archiver.discovery.links import LinkRules
from archiver.safepaths import safe_folder_name

_EXTRACT_KEYS = ("body", "title", "authors", "drop")  # see archiver.extract.siterules
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class ProfileError(ValueError):
    """A profile that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class SiteProfile:
    name: str  # also the output sub-folder: <output-dir>/<name>/
    domains: tuple[str, ...]
    pages: tuple[str, ...] = ()  # home page, section fronts: followed for links, never records
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    robots_sitemaps: bool = True  # read Sitemap: lines from each domain's robots.txt
    discover_feeds: bool = True  # follow <link rel="alternate"> feeds announced by start pages
    follow: bool = False  # read the links of articles and listings, not only of start pages
    rules: LinkRules = field(default_factory=lambda: LinkRules(()))
    language: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)  # Scrapy settings, e.g. DOWNLOAD_DELAY
    extract: dict[str, Any] = field(default_factory=dict)  # selectors: body, title, authors, drop
    source: str = "(built in)"
    # The profile's `version = N`, else a hash of its [extract] rules: what a record names
    # as the rules that made it, so that a change of rules shows in the dataset.
    version: str = ""

    def __post_init__(self) -> None:
        if not self.version:
            object.__setattr__(self, "version", rules_version(self.extract))

    def site_rules(self) -> dict[str, Any]:
        """What travels with each article request, into the WARC and the record
        (``archiver.meta.SITE_RULES``): plain data, picklable and JSON-ready."""
        return {"profile": self.name, "version": self.version, "extract": dict(self.extract)}

    @property
    def start_urls(self) -> tuple[str, ...]:
        return (*self.pages, *self.sitemaps, *self.feeds)

    @classmethod
    def for_url(cls, url: str) -> SiteProfile:
        """The ad-hoc profile: robots.txt sitemaps, feeds in the page head, and every link
        on the same host, from the page and from every page found (docs/sites.md)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ProfileError(f"not an http(s) URL: {url}")
        host = parts.hostname.lower()
        name = safe_folder_name(host if parts.port is None else f"{host}_{parts.port}")
        return cls(name=name, domains=(host,), pages=(url,), rules=LinkRules((host,)), follow=True)

    @classmethod
    def from_file(cls, path: Path | Traversable) -> SiteProfile:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ProfileError(f"{path}: cannot read profile: {exc}") from exc
        return cls.from_dict(data, source=str(path), default_name=path.name.removesuffix(".toml"))

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str, default_name: str) -> SiteProfile:
        read = _Reader(data, source)
        name = data.get("name", default_name)
        if not isinstance(name, str) or not NAME.match(name):
            raise read.fail(f"name must be letters, digits, '.', '_' or '-', not {name!r}")
        start = read.table("start")
        pages, sitemaps, feeds = (read.strings(start, k, "start.") for k in START_LISTS)
        robots_sitemaps = read.flag(start, "robots_sitemaps", "start.")
        if not any((pages, sitemaps, feeds, robots_sitemaps)):
            raise read.fail("no start point: give start.pages, start.sitemaps or start.feeds")
        domains = read.domains((*pages, *sitemaps, *feeds))
        follow = data.get("follow", False)
        if not isinstance(follow, bool | dict):
            raise read.fail("follow must be true, false or a [follow] table")
        language = data.get("language")
        if language is not None and not isinstance(language, str):
            raise read.fail("language must be a string such as 'fr'")
        extract = read.table("extract")
        if problem := _extract_problem(extract):
            raise read.fail(problem)
        version = data.get("version", "")
        if isinstance(version, bool) or not isinstance(version, int | str):
            raise read.fail("version must be a number or a string, such as 3")
        return cls(
            name=name,
            domains=domains,
            pages=pages,
            sitemaps=sitemaps,
            feeds=feeds,
            robots_sitemaps=robots_sitemaps,
            discover_feeds=read.flag(start, "discover_feeds", "start."),
            follow=follow is not False,  # a [follow] table, even an empty one, too
            rules=read.rules(domains, follow if isinstance(follow, dict) else {}),
            language=language,
            settings=dict(read.table("settings")),
            extract=dict(extract),
            source=source,
            version=str(version).strip(),
        )


def rules_version(extract: dict[str, Any]) -> str:
    """A short hash of the extraction rules, stable across runs, machines and key order."""
    canonical = json.dumps(extract, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()[:12]


START_LISTS = ("pages", "sitemaps", "feeds")


@dataclass(frozen=True)
class _Reader:
    """A profile's TOML data, read field by field; each error names the file and field."""

    data: dict[str, Any]
    source: str

    def fail(self, message: str) -> ProfileError:
        return ProfileError(f"{self.source}: {message}")

    def table(self, key: str) -> dict[str, Any]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(f"[{key}] must be a table")
        return value

    def strings(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{where}{key} must be a list of strings")
        return tuple(value)

    def flag(self, table: dict[str, Any], key: str, where: str) -> bool:
        value = table.get(key, True)
        if not isinstance(value, bool):
            raise self.fail(f"{where}{key} must be true or false")
        return value

    def domains(self, start_urls: tuple[str, ...]) -> tuple[str, ...]:
        """The profile's domains, else the hosts of its start URLs."""
        domains = tuple(d.lower() for d in self.strings(self.data, "domains", ""))
        if not domains:
            hosts = {(urlsplit(u).hostname or "").lower() for u in start_urls}
            domains = tuple(sorted(hosts - {""}))
        if not domains:
            raise self.fail("give domains = [...] or at least one start URL")
        return domains

    def rules(self, domains: tuple[str, ...], follow: dict[str, Any]) -> LinkRules:
        articles = self.table("articles")
        try:
            return LinkRules(
                domains,
                self.strings(articles, "allow", "articles."),
                self.strings(articles, "deny", "articles."),
                self.strings(follow, "allow", "follow."),
                self.strings(follow, "deny", "follow."),
            )
        except re.error as exc:
            raise self.fail(f"bad URL pattern {exc.pattern!r}: {exc}") from exc


def _extract_problem(extract: dict[str, Any]) -> str | None:
    for key, value in extract.items():
        if key not in _EXTRACT_KEYS:
            return f"extract.{key}: unknown; use {', '.join(_EXTRACT_KEYS)}"
        if not isinstance(value, str) and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            return f"extract.{key} must be a selector or a list of selectors"
    return None
