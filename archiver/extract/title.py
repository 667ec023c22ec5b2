"""The headline: the page's declared headline without the site name or section suffix.

Pages declare their headline several times (JSON-LD ``headline``, ``og:title``,
``twitter:title``, ``<h1>``, ``<title>``), and the SEO copies carry " | Section | Site"
suffixes. The JSON-LD headline is the one most often written for the article itself, so it
leads; every candidate is cleaned the same way: HTML entities that were escaped twice are
decoded, mojibake from a wrong charset is repaired, and a trailing segment is dropped when
it names the site (or is a short section label after a pipe). Typographic quotes and dashes
are kept as published.
"""

from __future__ import annotations

import contextlib
import html
import re
import unicodedata
from urllib.parse import urlsplit

from lxml import html as lxml_html

from archiver.extract.structured import StructuredData

# Separators a template puts between the headline and the site or section name.
_SEPARATOR = re.compile(
    r"\s+[|·•:]{1,2}\s+|\s*[|ㅣ｜]\s*|\s+[-–—]\s+|(?<=[\u3040-\u9fff\uac00-\ud7af])[-–—](?=\w+\Z)"
)
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.I)
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]|â€")
_STOP = {"the", "der", "die", "das", "le", "la", "el", "de", "www", "com", "news", "online"}


def alnum_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.casefold() if c.isalnum())


def repair(text: str) -> str:
    """Undo double HTML escaping and UTF-8 read as Latin-1; collapse whitespace."""
    if _ENTITY.search(text):
        text = html.unescape(text)
    if _MOJIBAKE.search(text):
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            text = text.encode("cp1252").decode("utf-8")
    return " ".join(text.split())


def site_names(data: StructuredData, url: str) -> set[str]:
    """Normalised names the site goes by: declared names and the labels of its host."""
    names: set[str] = set()
    for value in (
        data.first_meta("og:site_name"),
        data.first_meta("application-name"),
        data.first_meta("twitter:site"),
        data.publisher_name(),
    ):
        if value:
            names.add(alnum_key(value.lstrip("@")))
    host = urlsplit(url).hostname or ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    if labels:
        names.add(alnum_key(".".join(labels)))
        names.update(alnum_key(label) for label in labels[:-1] if len(label) > 2)
    return {n for n in names if len(n) > 2 and n not in _STOP}


def _names_site(segment: str, sites: set[str]) -> bool:
    """The segment is the site's name: all of it ("Golem"), or it plus a word ("news.ORF.at")."""
    key = alnum_key(segment)
    if not key:
        return True
    short = len(segment.split()) <= 3
    return any(key == s or (len(key) >= 4 and key in s) or (short and s in key) for s in sites)


def strip_site(title: str, sites: set[str]) -> str:
    """Drop trailing (and leading) segments naming the site, and short section labels."""
    for _ in range(3):
        parts = _SEPARATOR.split(title)
        seps = _SEPARATOR.findall(title)
        if len(parts) < 2:
            break
        last, sep = parts[-1], seps[-1]
        head = title[: len(title) - len(last) - len(sep)].rstrip()
        pipe = any(c in sep for c in "|ㅣ｜") or sep in ("-", "–", "—")
        if _names_site(last, sites) or (pipe and len(last.split()) <= 3 and len(head) > 15):
            title = head
            continue
        first = parts[0]
        if _names_site(first, sites) and (pipe or ":" not in seps[0]):
            title = title[len(first) + len(seps[0]) :].lstrip()
            continue
        break
    return title.strip()


def h1_text(tree: lxml_html.HtmlElement) -> str | None:
    for h1 in tree.iter("h1"):
        text = " ".join(h1.text_content().split())
        if len(text) > 5:
            return text
    return None


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _agrees(h1: str, reference: str | None) -> bool:
    """An ``<h1>`` is the headline only if the ``<title>`` says much the same; templates put
    the site logo or a section name in ``<h1>`` too."""
    if not reference:
        return True
    words = _tokens(h1)
    return bool(words) and len(words & _tokens(reference)) >= 0.5 * len(words)


def title(
    data: StructuredData, tree: lxml_html.HtmlElement, url: str, sites: set[str]
) -> str | None:
    candidates: list[str] = []
    headline = data.jsonld_value("headline")
    if isinstance(headline, str):
        candidates.append(headline)
    for name in ("og:title", "twitter:title"):
        value = data.first_meta(name)
        if value:
            candidates.append(value)
    node = tree.find(".//title")
    page_title = node.text_content() if node is not None and node.text_content().strip() else None
    h1 = h1_text(tree)
    if h1 and not _names_site(h1, sites) and _agrees(repair(h1), page_title):
        candidates.append(h1)
    if page_title:
        candidates.append(page_title)
    for raw in candidates:
        cleaned = strip_site(repair(raw), sites)
        if len(cleaned) > 3:
            return cleaned
    return None
