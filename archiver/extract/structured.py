"""Structured metadata a page declares about itself: JSON-LD, Open Graph, article:*, meta.

Collected from the parsed tree before trafilatura prunes it, so the body extractor and the
date resolver read the same candidates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "socialmediaposting",
    "liveblogposting",
    "techarticle",
    "scholarlyarticle",
    "report",
    "webpage",
    "videoobject",
}


@dataclass
class StructuredData:
    """Candidates, not decisions: each field keeps what the page said, unresolved."""

    jsonld: list[dict[str, Any]] = field(default_factory=list)  # article-like objects, best first
    meta: dict[str, list[str]] = field(default_factory=dict)  # lowercased name/property -> values
    html_lang: str | None = None
    canonical: str | None = None
    canonicals: list[str] = field(default_factory=list)  # every rel=canonical href, in order
    # every JSON-LD object that has an "@id", so references such as "author": {"@id": ...}
    # (the Yoast/WordPress graph) can be followed to the Person they name
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """A bare ``{"@id": ...}`` reference replaced by the object it points to."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.nodes.get(str(value["@id"]), value)
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value

    def first_meta(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, []):
                if value.strip():
                    return value.strip()
        return None

    def publisher_name(self) -> str | None:
        """The JSON-LD publisher's name (the first publisher, when a list is given)."""
        publisher = self.jsonld_value("publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            return str(publisher["name"])
        return None

    def jsonld_value(self, key: str) -> Any:
        for obj in self.jsonld:
            value = obj.get(key)
            if value not in (None, "", []):
                return value
        return None


def _iter_objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _iter_objects(item)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(node.get(key), (list, dict)):
                yield from _iter_objects(node[key])


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x1f]")


def _load_json(text: str) -> Any:
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
    try:
        return json.loads(text)
    except ValueError:
        pass
    # Publishers often ship JSON-LD with raw newlines in strings or trailing commas.
    repaired = _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text))
    try:
        return json.loads(repaired)
    except ValueError:
        return None


def _rank(obj: dict[str, Any]) -> int:
    kinds = _types(obj)
    if kinds & (ARTICLE_TYPES - {"webpage", "videoobject"}):
        return 0
    if "videoobject" in kinds:
        return 1
    return 2


def collect(tree: lxml_html.HtmlElement) -> StructuredData:
    data = StructuredData()
    objects: list[dict[str, Any]] = []
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        parsed = _load_json(script.text or "")
        if parsed is None:
            continue
        for obj in _iter_objects(parsed):
            if isinstance(obj.get("@id"), str) and set(obj) - {"@id", "@type"}:
                data.nodes.setdefault(obj["@id"], obj)
            if _types(obj) & ARTICLE_TYPES:
                objects.append(obj)
    data.jsonld = sorted(objects, key=_rank)

    for meta in tree.iterfind(".//meta"):
        name = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if name and content is not None:
            data.meta.setdefault(name.strip().lower(), []).append(content)

    root = tree.getroottree().getroot()
    data.html_lang = (root.get("lang") or root.get("xml:lang") or "").strip() or None
    for link in tree.iterfind(".//link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href", "").strip():
            data.canonicals.append(link.get("href", "").strip())
    data.canonical = data.canonicals[0] if data.canonicals else None
    return data
