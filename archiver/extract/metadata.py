"""Site name, tags and image: the descriptive fields the page declares as it is.

Title, authors and language need judgement and live in their own modules (``title``,
``authors``, ``language``); these fields are read from structured data without it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from archiver.extract.structured import StructuredData
from archiver.extract.title import repair


def site_name(data: StructuredData) -> str | None:
    publisher = data.publisher_name()
    if publisher:
        return repair(publisher)
    og = data.first_meta("og:site_name", "application-name")
    return repair(og) if og else None


def tags(data: StructuredData) -> list[str]:
    values: list[str] = list(data.meta.get("article:tag", []))
    keywords = data.jsonld_value("keywords") or data.first_meta("keywords", "news_keywords")
    if isinstance(keywords, str):
        values.extend(keywords.split(","))
    elif isinstance(keywords, list):
        values.extend(str(k) for k in keywords)
    cleaned = {v.strip().casefold(): v.strip() for v in values if v.strip()}
    return list(cleaned.values())


def image(data: StructuredData) -> str | None:
    value = data.jsonld_value("image")
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("url")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return data.first_meta("og:image", "twitter:image")


# A scheme-less "www.site.com/a/b": the first segment is a host name, not a relative file
# name such as "index.html" or "story.php".
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?::\d+)?$", re.I)
_FILE_SUFFIXES = {"html", "htm", "shtml", "php", "asp", "aspx", "jsp", "cgi", "xml", "amp"}


def resolve_url(href: str, page_url: str) -> str | None:
    """An absolute http(s) URL for what a page wrote as a link to itself, or None.

    Pages write their canonical link relative (``/path``, ``index.html``),
    protocol-relative (``//host/path``), without a scheme (``www.host.com/path``) or
    percent-encoded whole (``https%3A%2F%2Fhost%2Fpath``); ``urljoin`` resolves the first
    two as a browser would, the last two need a look first.
    """
    href = href.strip()
    if re.match(r"^https?%3a", href, re.I):
        href = unquote(href)
    try:
        if not urlsplit(href).scheme and not href.startswith(("/", ".", "?", "#")):
            first = href.split("/", 1)[0]
            page_host = (urlsplit(page_url).hostname or "").lower()
            suffix = first.rsplit(".", 1)[-1].lower()
            if first.lower() == page_host or (_HOST.match(first) and suffix not in _FILE_SUFFIXES):
                href = f"{urlsplit(page_url).scheme or 'https'}://{href}"
        parts = urlsplit(urljoin(page_url, href))
        usable = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # an invalid IPv6 host or port
        return None
    return urlunsplit(parts) if usable and not any(c.isspace() for c in parts.netloc) else None


def canonical_url(data: StructuredData, page_url: str) -> str:
    """The page's own canonical URL, absolute; the page URL when it names none usable.

    Of several canonical links the first on the page's own host wins (a second one is
    often a template's leftover pointing at the home page or a syndication partner);
    failing that the first that resolves. One on another host is kept as given: the
    record notes it (see ``archiver.pipelines.validate``).
    """
    for candidates in (data.canonicals, data.meta.get("og:url", [])):
        resolved = [u for u in (resolve_url(c, page_url) for c in candidates if c.strip()) if u]
        if resolved:
            host = _bare_host(page_url)
            return next((u for u in resolved if _bare_host(u) == host), resolved[0])
    return page_url


def _bare_host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")
