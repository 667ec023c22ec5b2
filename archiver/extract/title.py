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
    r"\s+[|·•:»›/]{1,2}\s+|\s*[|ㅣ｜]\s*|\s+[-–—]\s+"
    r"|(?<=[\u3040-\u9fff\uac00-\ud7af])[-–—](?=\w+\Z)"
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
    words = len(segment.split())
    return any(
        key == s
        or (len(key) >= 4 and key in s)
        or (words <= 3 and s in key)
        # "European Championships Munich 2022" on munich2022.com: a longer name ending in it
        or (words <= 6 and len(s) >= 6 and key.endswith(s) and _capitalised(segment))
        for s in sites
    )


def _capitalised(segment: str) -> bool:
    """Every word capitalised, as in a name ("St. Georgs Chorknaben Ulm"), not a phrase."""
    return all(word[:1].isupper() or word[:1].isdigit() for word in segment.split())


_LEADING_SEPARATOR = re.compile(r"^[»›/|·•:]+\s+")


def strip_site(title: str, sites: set[str]) -> str:
    """Drop trailing (and leading) segments naming the site, and short section labels."""
    after_site = False  # a section label sits between the headline and the site's name
    for _ in range(3):
        parts = _SEPARATOR.split(title)
        seps = _SEPARATOR.findall(title)
        if len(parts) < 2:
            break
        last, sep = parts[-1], seps[-1]
        head = title[: len(title) - len(last) - len(sep)].rstrip()
        pipe = any(c in sep for c in "|ㅣ｜") or sep in ("-", "–", "—")
        # after a pipe any short label goes; after a dash only a wordy one that sat before the
        # site's name ("Porträt - Sport - SZ.de", but not "14. - 20. Januar 2022 - SLF")
        section = (
            (pipe or (after_site and not any(c.isdigit() for c in last)))
            and len(last.split()) <= 3
            and len(head) > 15
        )
        if _names_site(last, sites) or section:
            after_site = after_site or not section
            title = head
            continue
        first = parts[0]
        if _names_site(first, sites) and (pipe or ":" not in seps[0]):
            title = title[len(first) + len(seps[0]) :].lstrip()
            continue
        break
    return _LEADING_SEPARATOR.sub("", title.strip())


# page furniture: an h1 here holds the logo, a menu or a teaser, not the article's headline
_FURNITURE = {"nav", "header", "footer", "aside"}


def h1_text(tree: lxml_html.HtmlElement, sites: set[str] | None = None) -> str | None:
    """The visible headline: the first ``<h1>`` outside the page's furniture that does not
    just name the site; the first ``<h1>`` at all when every one is furniture."""
    first: str | None = None
    for h1 in tree.iter("h1"):
        text = " ".join(h1.text_content().split())
        if len(text) <= 5 or (sites and _names_site(text, sites)):
            continue
        first = first or text
        if sites is None or not any(a.tag in _FURNITURE for a in h1.iterancestors()):
            return text
    return first


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _agrees(h1: str, reference: str | None) -> bool:
    """An ``<h1>`` is the headline only if the ``<title>`` says much the same; templates put
    the site logo or a section name in ``<h1>`` too."""
    if not reference:
        return True
    words = _tokens(h1)
    return bool(words) and len(words & _tokens(reference)) >= 0.5 * len(words)


# Signal kinds in the order they win when they disagree. The order comes from counts on the
# look part of metadata-dev (64 pages, ``archiver eval metadata --split look --signals``):
# each pair's disagreements, and how often each side was the headline.
#
#   pair              disagree  first right  second right
#   json-ld / og         31         21            9
#   json-ld / h1         16         15            1
#   json-ld / <title>    25         23            0
#   og / h1              23         11            7
#   og / <title>         24         16            5
#   h1 / <title>         15          9            3
#
# A vote of agreeing kinds does worse (.72 on look, .91 on check, against .84 / .93): the
# copies a template writes (og, twitter, <title>, h1) agree with each other more often than
# they are right. Agreement is used instead to repair the winner (``_refine``).
SIGNALS = ("json-ld", "og:title", "twitter:title", "h1", "title")
_ELLIPSIS = re.compile(r"(\.\.\.|…)\Z")


def candidates(
    data: StructuredData, tree: lxml_html.HtmlElement, sites: set[str]
) -> list[tuple[str, str]]:
    """(signal kind, cleaned headline) for every signal the page has, in ``SIGNALS`` order."""
    raw: list[tuple[str, str]] = []
    headline = data.jsonld_value("headline")
    if isinstance(headline, str):
        raw.append(("json-ld", headline))
    for name in ("og:title", "twitter:title"):
        value = data.first_meta(name)
        if value:
            raw.append((name, value))
    node = tree.find(".//title")
    page_title = node.text_content() if node is not None and node.text_content().strip() else None
    h1 = h1_text(tree, sites)
    if h1 and _agrees(repair(h1), page_title):
        raw.append(("h1", h1))
    if page_title:
        raw.append(("title", page_title))
    out = [(kind, strip_site(repair(text), sites)) for kind, text in raw]
    return [(kind, text) for kind, text in out if len(text) > 3]


def _refine(best: str, others: list[str]) -> str:
    """The winner repaired by what the other signals agree on.

    A truncated headline ("... leader...") gives way to the full one it starts. Two repairs
    of the same kind were measured and not kept, each losing check pages: dropping a kicker
    ("Kicker: Headline") or an unknown suffix ("Headline - Whatever") when another signal
    states the bare headline. Kickers and such suffixes are often part of the headline.
    """
    stem = _ELLIPSIS.sub("", best).rstrip()
    if stem != best:
        longer = [
            o
            for o in others
            if o.startswith(stem)
            and o[len(stem) :].lstrip()[:1].isalnum()  # a continuation, not "… | Site"
            and len(o.split()) > len(stem.split())
        ]
        if longer:
            return max(longer, key=len)
    return best


def choose(found: list[tuple[str, str]], headings: list[str]) -> str | None:
    """The headline from ``candidates`` (precedence order) and the page's ``headings``."""
    if not found:
        return None
    best = found[0][1]
    return _refine(best, [text for _, text in found[1:] if text != best] + headings)


def title(
    data: StructuredData, tree: lxml_html.HtmlElement, url: str, sites: set[str]
) -> str | None:
    return choose(candidates(data, tree, sites), headings(tree))


def headings(tree: lxml_html.HtmlElement) -> list[str]:
    """Texts of the page's first headings and of their parts (a kicker and a headline are
    often two spans of one heading), for ``_refine`` to match against."""
    out: list[str] = []
    for heading in tree.xpath("(//h1|//h2)[position() <= 6]"):
        out.append(" ".join(heading.text_content().split()))
        out.extend(" ".join(child.text_content().split()) for child in heading)
    return [text for text in out if len(text) > 3]
