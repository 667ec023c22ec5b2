"""What a site profile holds, read from TOML with the standard library's ``tomllib``.

A profile is data, not code: start points, URL patterns, a language hint and Scrapy
setting overrides (politeness), so that adding a site needs no Python. It also says how
articles are discovered, each way switched on by itself: sitemaps (listed, or named in
robots.txt), feeds (listed, or announced by start pages), start pages (read for links),
and link following (a ``[follow]`` table or ``follow = true``), which alone makes the
crawl read the links of articles and of the listing pages it finds.
"""

from __future__ import annotations

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
        def fail(message: str) -> ProfileError:
            return ProfileError(f"{source}: {message}")

        def strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
            value = table.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(f"{where}{key} must be a list of strings")
            return tuple(value)

        def table(key: str) -> dict[str, Any]:
            value = data.get(key, {})
            if not isinstance(value, dict):
                raise fail(f"[{key}] must be a table")
            return value

        name = data.get("name", default_name)
        if not isinstance(name, str) or not NAME.match(name):
            raise fail(f"name must be letters, digits, '.', '_' or '-', not {name!r}")
        follow_on = data.get("follow", False)
        if not isinstance(follow_on, bool | dict):
            raise fail("follow must be true, false or a [follow] table")
        start, articles = table("start"), table("articles")
        follow = follow_on if isinstance(follow_on, dict) else {}
        pages = strings(start, "pages", "start.")
        sitemaps = strings(start, "sitemaps", "start.")
        feeds = strings(start, "feeds", "start.")
        domains = tuple(d.lower() for d in strings(data, "domains", ""))
        if not domains:
            hosts = {(urlsplit(u).hostname or "").lower() for u in (*pages, *sitemaps, *feeds)}
            domains = tuple(sorted(hosts - {""}))
        if not domains:
            raise fail("give domains = [...] or at least one start URL")
        for key in ("robots_sitemaps", "discover_feeds"):
            if not isinstance(start.get(key, True), bool):
                raise fail(f"start.{key} must be true or false")
        try:
            rules = LinkRules(
                domains,
                strings(articles, "allow", "articles."),
                strings(articles, "deny", "articles."),
                strings(follow, "allow", "follow."),
                strings(follow, "deny", "follow."),
            )
        except re.error as exc:
            raise fail(f"bad URL pattern {exc.pattern!r}: {exc}") from exc
        language = data.get("language")
        if language is not None and not isinstance(language, str):
            raise fail("language must be a string such as 'fr'")
        settings = table("settings")
        extract = table("extract")
        if problem := _extract_problem(extract):
            raise fail(problem)
        if not any((pages, sitemaps, feeds, start.get("robots_sitemaps", True))):
            raise fail("no start point: give start.pages, start.sitemaps or start.feeds")
        return cls(
            name=name,
            domains=domains,
            pages=pages,
            sitemaps=sitemaps,
            feeds=feeds,
            robots_sitemaps=start.get("robots_sitemaps", True),
            discover_feeds=start.get("discover_feeds", True),
            follow=follow_on is not False,  # a [follow] table, even an empty one, too
            rules=rules,
            language=language,
            settings=dict(settings),
            extract=dict(extract),
            source=source,
        )


def _extract_problem(extract: dict[str, Any]) -> str | None:
    for key, value in extract.items():
        if key not in _EXTRACT_KEYS:
            return f"extract.{key}: unknown; use {', '.join(_EXTRACT_KEYS)}"
        if not isinstance(value, str) and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            return f"extract.{key} must be a selector or a list of selectors"
    return None
