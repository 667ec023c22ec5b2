"""Date signals in markup (itemprop, ``<time datetime>``, hAtom), and which elements are
boilerplate: sidebars, comments, teasers, whose dates are not the page's."""

from __future__ import annotations

import re
from typing import Any

from lxml import html as lxml_html

from archiver.extract.dates.evidence import (
    ABBR_TITLE,
    MODIFIED,
    PUBLISHED,
    TIME_DATETIME,
    UNKNOWN,
    Signal,
    Tier,
)
from archiver.extract.dates.machine import machine_signal

# A bare "updated" class is hAtom markup many themes put on the post's only date: not a hint.
_MODIFIED_HINT = re.compile(
    r"modif|updated[-_]|[-_]updated|update[-_]date|aktualis|actualiz|aggiorn|mise-?a-?jour|\bmaj\b",
    re.I,
)
_PUBLISHED_HINT = re.compile(
    r"publi|posted|pubdate|created|erstellt|veroeff|veröff|entry-date|post-date|article-date|"
    r"byline|dateline|meta",
    re.I,
)
_DATEISH = re.compile(r"date|time|publi|byline|meta|datum|fecha|posted|updated", re.I)
DATE_ELEMENT_MAX = 160  # longer elements are paragraphs, not date lines


# Whole class/id tokens only: "layoutTwoColumnsRightSidebar" or "no-sidebars" on <body>
# say nothing about where a date sits.
_BOILERPLATE = re.compile(
    r"sidebar|sidebar[-_].*|secondary|widget-area|related|related[-_].*|.*[-_]related|"
    r"comments?|comment[-_].*|commentlist|kommentare|recommend.*|popular|most-?read|trending|"
    r"breadcrumbs?|menu|main-menu|navigation|navbar|site-footer|footer|teasers?|teaser-list|"
    r"recent-posts|similar-.*|more-stories",
    re.I,
)
_NEVER_BOILERPLATE = {"html", "body", "main", "article"}


def _marks_boilerplate(marks: str) -> bool:
    return any(_BOILERPLATE.fullmatch(token) for token in marks.split())


def _boilerplate_verdict(tag: str, in_article: bool, marked: bool) -> bool:
    """Asides, menus, comments, teasers of other articles: their dates are not the page's.
    ``marked``: the element's class or id names one of those."""
    if tag in ("aside", "nav") or (tag == "footer" and not in_article):
        return True
    return marked and tag not in _NEVER_BOILERPLATE


def _is_boilerplate(el: Any, tag: str, in_article: bool) -> bool:
    marks = f"{el.get('class') or ''} {el.get('id') or ''}"
    return _boilerplate_verdict(tag, in_article, _marks_boilerplate(marks))


def in_boilerplate(el: Any) -> bool:
    """Whether an element sits inside boilerplate (checked up its ancestors)."""
    chain = [el, *el.iterancestors()]
    in_article = any(a.tag == "article" for a in chain)
    return any(
        _is_boilerplate(a, a.tag if isinstance(a.tag, str) else "", in_article) for a in chain
    )


def _hint(el: lxml_html.HtmlElement) -> str:
    """Role from the element's own and two ancestors' class/id/itemprop."""
    parts = []
    node: Any = el
    for _ in range(3):
        if node is None or not isinstance(node.tag, str):
            break
        parts.append(" ".join(node.get(a, "") for a in ("class", "id", "itemprop", "rel")))
        node = node.getparent()
    own = parts[0] if parts else ""
    for text in (own, " ".join(parts)):
        if _MODIFIED_HINT.search(text) and not _PUBLISHED_HINT.search(text):
            return MODIFIED
        if _PUBLISHED_HINT.search(text):
            return PUBLISHED
    return UNKNOWN


_ITEMPROPS = frozenset({"datePublished", "dateModified", "dateCreated", "uploadDate"})


def from_markup(tree: lxml_html.HtmlElement) -> list[Signal]:
    out: list[Signal] = []
    # Filtered here, not in the XPath: comparing every element's itemprop with four names
    # in libxml2 costs three times as much as selecting the few that have one.
    for el in tree.xpath("//*[@itemprop]"):
        prop = el.get("itemprop")
        if prop not in _ITEMPROPS or el.tag == "meta":
            continue  # meta tags are already read as meta
        raw = el.get("datetime") or el.get("content") or el.text_content()
        role = MODIFIED if prop == "dateModified" else PUBLISHED
        out.append(machine_signal(f"itemprop:{prop}", role, raw[:200], Tier.MARKUP))
    for el in tree.iter("time"):
        if el.get("itemprop") or "datetime" not in el.attrib:
            continue
        role = PUBLISHED if el.get("pubdate") is not None else _hint(el)
        tier = Tier.MARKUP if role == PUBLISHED else Tier.WEAK
        if in_boilerplate(el):
            tier, role = Tier.PERIPHERAL, UNKNOWN
        signal = machine_signal(TIME_DATETIME, role, el.get("datetime", ""), tier)
        signal.in_article = any(a.tag in ("article", "main") for a in el.iterancestors())
        out.append(signal)
    for el in tree.xpath("//abbr[@title and (contains(@class,'published') or "
                         "contains(@class,'updated'))]"):  # fmt: skip
        role = MODIFIED if "updated" in el.get("class", "") else PUBLISHED
        out.append(machine_signal(ABBR_TITLE, role, el.get("title", ""), Tier.LABELLED))
    return out
