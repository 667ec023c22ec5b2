"""Authors: the people who wrote the article, or the agency or outlet when no one is named.

Structured data names authors in many shapes: Person objects, bare strings holding two
names joined by "and", "By"-prefixed bylines with a role or a date, profile URLs, or the
outlet itself. Every candidate is split and cleaned the same way; outlet names and URLs
are kept only when the page names no person at all.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import html as lxml_html

from archiver.extract.structured import StructuredData
from archiver.extract.title import alnum_key

_META_NAMES = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "sailthru.author",
    "parsely-author",
    "cxenseparse:author",
    "byl",
)
_PREFIX = re.compile(
    r"^\s*(written by|text and photos?|text|texte|reporting by|words|interview|story|"
    r"by|par|von|vom|por|di|de|door|av|af|bei|from)\s*:?\s+",
    re.I,
)
# people are separated by these; a comma separates people too, except inside "Last, First"
_SPLIT = re.compile(r"\s*(?:;|\||&|\+|\s(?:and|und|et|y|e|och|og|en|i|ve|và)\s)\s*", re.I)
_COMMA = re.compile(r"\s*,\s*")
# "Smith, John", "van Dyk, Anna-Lena", "Müller, Hans P.": a surname (with lowercase particles)
# then given names or initials, each capitalised; agencies ("dpa", "AFP") are not capitalised so
_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’-]*[a-zß-öø-ÿ]"  # capitalised, not all capitals: "AFP" is no name
_SURNAME = re.compile(rf"^(?:(?:van|von|de|der|den|da|di|du|del|la|le|ter)\s+){{0,2}}{_WORD}$")
_GIVEN = re.compile(rf"^(?:{_WORD}|[A-ZÀ-ÖØ-Þ]\.)(?:\s+(?:{_WORD}|[A-ZÀ-ÖØ-Þ]\.)){{0,2}}$")
_ROLE = re.compile(
    r"\b(staff (writer|reporter)|correspondent|reporter|(chef)?redakteur(in)?|redaktion|editor|"
    r"journalist(in)?|photographer|fotograf(in)?|autor(in)?|contributor|columnist|"
    r"senior|chief|producer|reportera?|periodista|corresponsal|rédacteur|rédactrice|"
    r"envoyée? spéciale?)\b",
    re.I,
)
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}([./-]\d{1,4})?|\d{1,2}:\d{2}")
# "Jane Doe in London", "Associated Press in Valencia": the place is not part of the name
_DATELINE = re.compile(r"\s+(in|aus|en|à|em|a)\s+[A-ZÀ-ÖØ-Þ][\w.'-]+(\s+[A-ZÀ-ÖØ-Þ][\w.'-]+)?$")
# "Jane Doe For Dailymail.com", "Jane Doe2" (a footnote mark to her affiliation)
_AFFILIATION = re.compile(r"\s+(?i:for)\s+[A-ZÀ-ÖØ-Þ].*$")
_FOOTNOTE = re.compile(r"(?<=[^\W\d])\d{1,2}$")  # only after a full name: "TAG24" keeps its digits
# a label standing alone in its own element: "Von", "by:", "Author", "Quelle"
_BARE_PREFIX = re.compile(
    r"^((article|artikel|beitrag|posted|written)\s+)?(by|von|par|por|door|av|af|di)$"
    r"|^(authors?|auteurs?|autor(in|en)?|verfasser(in)?|datum|date|quelle|source|fuente|people)$"
    r"|^[\W\d_]+$",
    re.I,
)
# a label phrase before the name: "Erstellt von Andri Bryner", "Posted by Jane Doe"
_LABEL = re.compile(
    r"^(posted|written|erstellt|geschrieben|verfasst|artikel|beitrag|pressemitteilung|"
    r"publié|écrit|escrito|publicado|alles)\s+(by|von|par|por)\s+",
    re.I,
)
_PLACE = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)*$")
_CJK_ROLE = re.compile(r"\s*(기자|특파원|記者|特派員|撮影)\s*$")
_URL = re.compile(r"^(https?://|www\.)|@[\w-]+\.\w+|^@", re.I)
# words that mark a segment as a place, a time or a role rather than a name
_NOT_NAME = re.compile(
    r"^(updated|aktualisiert|published|veröffentlicht|mit|with|foto|photo)\b", re.I
)


def _names(value: Any) -> list[tuple[str, bool]]:
    """(name, is_organisation) pairs from a JSON-LD author value."""
    if isinstance(value, str):
        return [(value, False)]
    if isinstance(value, dict):
        kind = value.get("@type")
        kinds = {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}
        org = bool(kinds & {"organization", "newsmediaorganization", "corporation"})
        name = value.get("name")
        if isinstance(name, str):
            return [(name, org)]
        return [(n, org) for n, _ in _names(name)] if name else []
    if isinstance(value, list):
        return [pair for item in value for pair in _names(item)]
    return []


def _people(chunk: str) -> list[str]:
    """A chunk split at its commas, keeping "Last, First" pairs together.

    A byline of inverted names ("Smith, John, Doe, Jane") alternates surnames and given
    names; when every comma-separated part pairs up that way the pairs are the people,
    otherwise each part is one ("Jane Doe, John Roe, dpa").
    """
    parts = [p for p in _COMMA.split(chunk) if p]
    if len(parts) % 2 == 0 and all(
        _SURNAME.match(last) and _GIVEN.match(given)
        for last, given in zip(parts[::2], parts[1::2], strict=True)
    ):
        return [f"{last}, {given}" for last, given in zip(parts[::2], parts[1::2], strict=True)]
    return parts


def split_names(raw: str) -> list[str]:
    """One byline string to cleaned names: prefixes, roles, dates and URLs removed."""
    text = " ".join(raw.split())
    if not text or _URL.search(text):
        return []
    text = _PREFIX.sub("", text)
    out: list[str] = []
    for part in (p for chunk in _SPLIT.split(text) for p in _people(chunk)):
        part = _PREFIX.sub("", _LABEL.sub("", part)).strip(" .:-–—()[]\"'")
        part = _AFFILIATION.sub("", part)
        if len(part.split()) > 1:
            part = _FOOTNOTE.sub("", part)
        part = _CJK_ROLE.sub("", part).strip()
        part = _DATELINE.sub("", part)
        if (
            not part
            or _URL.search(part)
            or _DATE.search(part)
            or _NOT_NAME.match(part)
            or _BARE_PREFIX.match(part)
        ):
            continue
        if _ROLE.search(part):
            # "Jane Doe, Staff Writer" arrives as its own segment; a role alone is no name
            stripped = _ROLE.sub("", part).strip(" ,-")
            if len(stripped.split()) < 2:
                continue
            part = stripped
        if len(part.split()) > 5 or len(part) > 60:
            continue  # a sentence or a job description, not a name
        out.append(part)
    if len(out) > 1 and _PLACE.match(out[-1]) and len(out[-2].split()) > 1:
        # "Von Seb Dumitru, Lille": a dateline after the last person, not an author; an
        # agency ("dpa", "SDA", "AFP") is written in lower case or capitals
        out.pop()
    return out


# What marks a visible byline across templates: the microdata and link relations for it, a
# link to an author page, or a class or id naming the author or byline.
_AUTHOR_HREF = re.compile(
    r"/(authors?|autor(en|in)?|autoren|profiles?|people|staff|journalists?|reporters?)/"
    r"|[/_-]author[_-]",
    re.I,
)
_BYLINE_ATTR = re.compile(r"author|byline|autor", re.I)
# marked elements that are not the article's byline: reader comments, teasers of other
# articles, the author's portrait or biography box, share buttons
_NOT_BYLINE = re.compile(
    r"comment|teaser|related|recommend|footer|avatar|image|img|photo|picture|bio|social|share|"
    r"follow|more|description",
    re.I,
)
_PARTICLES = {
    "van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin",
    "al", "el", "dos", "das", "do", "ter", "ten", "zu", "y", "e",
}  # fmt: skip


_NOT_TEXT = {"script", "style", "meta", "link"}


def _marked(el: lxml_html.HtmlElement) -> bool:
    if el.tag in _NOT_TEXT:
        return False
    if el.get("rel") == "author" or el.get("itemprop") == "author":
        return True
    if el.tag == "a" and _AUTHOR_HREF.search(el.get("href") or ""):
        return True
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(_BYLINE_ATTR.search(attrs)) and not _NOT_BYLINE.search(attrs)


def _looks_like_a_name(name: str) -> bool:
    """A visible byline's segment is a name when its lower-case words are only particles:
    "Rachel Brazil is a freelance writer" is a biography, "Iñigo Sáenz de Ugarte" a name."""
    words = name.split()
    return len(words) < 2 or all(w[:1].isupper() or w in _PARTICLES for w in words)


def _dom_bylines(tree: lxml_html.HtmlElement) -> list[str]:
    """Names in the visible byline: innermost marked elements in page order, from the first
    one that names someone and those around it (at most 4 elements)."""
    marked = [el for el in tree.iter() if isinstance(el.tag, str) and _marked(el)]
    containers = {id(a) for el in marked for a in el.iterancestors()}
    found: list[str] = []
    block: lxml_html.HtmlElement | None = None  # the first byline's surroundings
    elements = 0
    for el in marked:
        if id(el) in containers:
            continue  # a byline container: its marked children say it more precisely
        ancestors = list(el.iterancestors())
        if any(a.tag == "nav" for a in ancestors):  # menus; an <aside> may hold the byline
            continue
        ancestry = " ".join(f"{a.get('class', '')} {a.get('id', '')}" for a in ancestors)
        if re.search(r"comment|teaser|related|recommend|footer", ancestry, re.I):
            continue
        if block is not None and block not in ancestors:
            continue  # a byline of some other article on the page (a teaser, a list)
        text = " ".join(el.text_content().split())
        if not text or len(text) > 80 or "©" in text:
            continue
        names = [n for n in split_names(text) if _looks_like_a_name(n)]
        if not names:
            continue  # a date or a label in a byline element: it does not place the byline
        if block is None:
            block = ancestors[2] if len(ancestors) > 2 else None
        found.extend(names)
        elements += 1
        if elements >= 4:
            break
    return found


def _dedupe(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(alnum_key(name), name)
    return [v for k, v in seen.items() if k]


# Author sources in the order they are trusted, from counts on the look part of metadata-dev
# (``archiver eval metadata --split look --signals``): the share of the names each source
# gives that the ground truth lists, on the pages where it gives any.
#
#   source            pages  names  right  share
#   json-ld people      57     78     74    .95
#   meta people         33     42     33    .79
#   byline people       52     67     55    .82
#   outlets (any)        5      5      1    .20
#
# Visible bylines score as well as meta names on the look part, but putting them first lost
# on the check part (authors F1 .932 -> .914), so meta keeps its place.
#
# The first source that names a person wins; outlets are kept beside the people of the
# same source (an agency credited with a reporter), or alone when nobody is named.
SOURCES = ("json-ld", "meta", "byline")


def sources(
    data: StructuredData, tree: lxml_html.HtmlElement, sites: set[str]
) -> dict[str, tuple[list[str], list[str]]]:
    """(people, outlets) named by each source, in ``SOURCES`` order; empty sources left out."""

    def is_outlet(name: str) -> bool:
        key = alnum_key(name)
        return any(key == s or (len(key) >= 4 and (key in s or s in key)) for s in sites)

    found: dict[str, tuple[list[str], list[str]]] = {}

    def add(source: str, raw: str, org: bool = False) -> None:
        people, outlets = found.setdefault(source, ([], []))
        for name in split_names(raw):
            if is_outlet(name):
                outlets.append(name)
            elif org:
                agencies.setdefault(source, []).append(name)
            else:
                people.append(name)

    agencies: dict[str, list[str]] = {}

    for raw, org in _names(data.resolve(data.jsonld_value("author"))):
        add("json-ld", raw, org)
    for meta in _META_NAMES:
        for raw in data.meta.get(meta, []):
            add("meta", raw)
        if found.get("meta", ([], []))[0]:
            break  # the first meta name that names a person; later ones repeat it
    for name in _dom_bylines(tree):
        add("byline", name)
    # an agency credited beside the reporters is an author; alone it is an outlet
    for source, names in agencies.items():
        people, outlets = found[source]
        (people if people else outlets).extend(names)
    return {k: (_dedupe(p), _dedupe(o)) for k, (p, o) in found.items() if p or o}


def choose(found: dict[str, tuple[list[str], list[str]]]) -> list[str]:
    """The authors from ``sources``: the people of the first source naming any, else the
    first outlets named. (Taking a later source's fuller list when it names all of those
    people too was measured and lost check pages: the extra names are often not authors.)"""
    for source in SOURCES:
        people, _ = found.get(source, ([], []))
        if people:
            return people
    return next((outlets for _, outlets in found.values() if outlets), [])


def authors(data: StructuredData, tree: lxml_html.HtmlElement, sites: set[str]) -> list[str]:
    return choose(sources(data, tree, sites))
