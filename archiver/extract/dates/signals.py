"""Every date signal a page carries, with its kind, raw text and (if unusable) the reason.

A signal is evidence, not a decision: resolution (``resolve.py``) weighs them. Collecting
reads the tree and never changes it (the body extractor gets the same tree afterwards).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from copy import deepcopy as copy_tree
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from archiver.extract.dates.lexicon import (
    MODIFIED_LABELS,
    PUBLISHED_LABELS,
    unspaced,
    words_pattern,
)
from archiver.extract.dates.normalize import (
    Found,
    Parsed,
    Rejected,
    YearLess,
    check_calendar,
    find_dates,
    find_yearless,
    parse_machine,
)
from archiver.extract.dates.phrases import find_relative
from archiver.extract.structured import StructuredData

PUBLISHED, MODIFIED, UNKNOWN = "published", "modified", "unknown"
BOILERPLATE_TIER = 6  # dates in sidebars, comments, teasers: after the body text


@dataclass
class Signal:
    """One piece of date evidence. ``tier`` orders trust (0 best) within a role."""

    source: str  # e.g. "json-ld:datePublished", "url", "text:label"
    role: str  # published | modified | unknown
    raw: str
    tier: int
    parsed: Parsed | None = None
    earliest: date | datetime | None = None
    latest: date | datetime | None = None
    yearless: YearLess | None = None
    rejected: str | None = None  # why resolution must not use it
    in_article: bool = False  # inside <article> or <main>: the page's own content

    @property
    def kind(self) -> str:
        """What the signal is, for counting how often such signals are right: the source,
        "meta:*" for site-specific meta names, and the tier where one source spans several."""
        source = self.source
        if source.startswith("meta:") and self.tier == 4 and source not in _WEAK_META_SOURCES:
            source = "meta:*"
        return f"{source} tier {self.tier}"

    @property
    def is_bound(self) -> bool:
        return self.parsed is None and (self.earliest is not None or self.latest is not None)


# --- structured metadata ----------------------------------------------------------------

_JSONLD = {"datePublished": PUBLISHED, "dateCreated": PUBLISHED, "uploadDate": PUBLISHED}
_WEAKER_KEYS = {"dateCreated"}  # a draft's creation can precede publication by days
_JSONLD_MODIFIED = {"dateModified": MODIFIED}
_META_PUBLISHED = [
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "og:article:published_time",
    "published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "originalpublicationdate",
    "article_date_original",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "date.available",
    "datecreated",
    "release_date",
]
_META_WEAK = ["dc.date", "dcterms.date", "date", "pubdate", "dc.created", "created", "displaydate"]
_META_MODIFIED = [
    "article:modified_time",
    "og:updated_time",
    "article:updated_time",
    "datemodified",
    "og:article:modified_time",
    "modified_time",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "revision_date",
    "updated_time",
]


_WEAK_META_SOURCES = {f"meta:{name}" for name in _META_WEAK}
RAW_LIMIT = 200  # a meta tag can hold anything; the record keeps a readable excerpt


def _machine_signal(source: str, role: str, raw: Any, tier: int) -> Signal:
    if isinstance(raw, dict) and isinstance(raw.get("@value"), str):
        raw = raw["@value"]  # JSON-LD value object
    text = raw if isinstance(raw, str) else str(raw)
    signal = Signal(source, role, text.strip()[:RAW_LIMIT], tier)
    if not isinstance(raw, (str, int)):
        signal.rejected = "not a string"
        return signal
    try:
        signal.parsed = parse_machine(text)
    except Rejected as exc:
        signal.rejected = str(exc)
    return signal


_LD_KEYS = re.compile(r'"(datePublished|dateCreated|uploadDate|dateModified)"\s*:\s*"([^"]{0,60})"')
_GENERIC_PUBLISHED = re.compile(r"publish|upload|creat|release|issued|\bdate\b", re.I)
_GENERIC_MODIFIED = re.compile(r"modif|updat|revis", re.I)


# Dates the crawl found before the page (request hints): the publisher's own statements,
# machine-readable but not on the page, so just below the page's main structured data.
_HINT_SIGNALS = {
    "news_publication_date": ("sitemap:news:publication_date", PUBLISHED, 1),
    "feed_published": ("feed:published", PUBLISHED, 1),
    "sitemap_lastmod": ("sitemap:lastmod", MODIFIED, 2),
}


def from_hints(hints: Mapping[str, str]) -> list[Signal]:
    return [
        _machine_signal(source, role, hints[key], tier)
        for key, (source, role, tier) in _HINT_SIGNALS.items()
        if hints.get(key)
    ]


def from_jsonld_text(tree: lxml_html.HtmlElement, data: StructuredData) -> list[Signal]:
    """Dates in JSON-LD objects that are not articles (HowTo, Recipe, a broken script):
    read from the script text, weaker than an article's own."""
    known = {key for obj in data.jsonld for key in obj}
    out: list[Signal] = []
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        for m in _LD_KEYS.finditer(script.text or ""):
            if m[1] in known:
                continue
            role = MODIFIED if m[1] == "dateModified" else PUBLISHED
            out.append(_machine_signal(f"json-ld-text:{m[1]}", role, m[2], 3))
            known.add(m[1])
    return out


def from_structured(data: StructuredData) -> list[Signal]:
    out: list[Signal] = []
    for rank, obj in enumerate(data.jsonld):
        for key, role in (_JSONLD | _JSONLD_MODIFIED).items():
            if key in obj and obj[key] not in (None, [], {}):
                value = obj[key][0] if isinstance(obj[key], list) else obj[key]
                tier = 0 if rank == 0 and key not in _WEAKER_KEYS else 1
                out.append(_machine_signal(f"json-ld:{key}", role, value, tier))
    for names, role, tier in (
        (_META_PUBLISHED, PUBLISHED, 0),
        (_META_MODIFIED, MODIFIED, 0),
        (_META_WEAK, UNKNOWN, 4),
    ):
        for name in names:
            for value in data.meta.get(name, [])[:1]:
                out.append(_machine_signal(f"meta:{name}", role, value, tier))
    known = set(_META_PUBLISHED + _META_MODIFIED + _META_WEAK)
    for name, values in data.meta.items():
        # Site-specific names ("five_hundred_pixels:uploaded", "bt:pubdate"): weaker, and
        # kept only when they hold a date (most meta tags are not about dates at all).
        if name in known or not values:
            continue
        if _GENERIC_MODIFIED.search(name):
            role = MODIFIED
        elif _GENERIC_PUBLISHED.search(name):
            role = PUBLISHED
        else:
            continue
        signal = _machine_signal(f"meta:{name}", role, values[0], 4)
        if signal.parsed is not None:
            out.append(signal)
    return out


# --- markup: itemprop, <time>, hAtom ----------------------------------------------------

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
        out.append(_machine_signal(f"itemprop:{prop}", role, raw[:200], 1))
    for el in tree.iter("time"):
        if el.get("itemprop") or "datetime" not in el.attrib:
            continue
        role = PUBLISHED if el.get("pubdate") is not None else _hint(el)
        tier = 1 if role == PUBLISHED else 4
        if in_boilerplate(el):
            tier, role = BOILERPLATE_TIER, UNKNOWN
        signal = _machine_signal("time[datetime]", role, el.get("datetime", ""), tier)
        signal.in_article = any(a.tag in ("article", "main") for a in el.iterancestors())
        out.append(signal)
    for el in tree.xpath("//abbr[@title and (contains(@class,'published') or "
                         "contains(@class,'updated'))]"):  # fmt: skip
        role = MODIFIED if "updated" in el.get("class", "") else PUBLISHED
        out.append(_machine_signal("abbr[title]", role, el.get("title", ""), 2))
    return out


# --- the URL ----------------------------------------------------------------------------

_URL_DATE = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d{2})(?P<s>[/_.-]?)(?P<m>[01]\d)(?P=s)(?P<d>[0-3]\d)(?![\d])"
    r"|/(?P<y2>(?:19|20)\d{2})/(?P<m2>[01]?\d)/(?P<d2>[0-3]?\d)(?:/|$)"
    r"|/(?P<y3>(?:19|20)\d{2})/(?P<m3>[01]?\d)/"
    r"|(?<![\d])(?P<d4>[0-3]\d)-(?P<m4>[01]\d)-(?P<y4>(?:19|20)\d{2})(?![\d])"
)


# Status URLs of Twitter/X carry their creation instant in the ID (a "snowflake": the
# milliseconds since the service's epoch, shifted left 22 bits), exact to the millisecond.
_STATUS_HOSTS = ("twitter.com", "x.com")
_STATUS_PATH = re.compile(r"^/[^/]+/status(?:es)?/(\d{15,20})(?:/|$)")
_SNOWFLAKE_EPOCH_MS = 1288834974657


def _status_id_signal(url: str) -> Signal | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("mobile.")
    match = _STATUS_PATH.match(parts.path) if host in _STATUS_HOSTS else None
    if match is None:
        return None
    ms = (int(match[1]) >> 22) + _SNOWFLAKE_EPOCH_MS
    moment = datetime.fromtimestamp(ms // 1000, UTC)
    return Signal("url:status-id", PUBLISHED, match[1], 0, Parsed(moment, "second"))


def from_url(url: str) -> list[Signal]:
    path = urlsplit(url).path
    status = _status_id_signal(url)
    out: list[Signal] = [status] if status is not None else []
    for m in _URL_DATE.finditer(path):
        raw = m.group(0).strip("/")
        try:
            if m["y"] or m["y2"] or m["y4"]:
                if m["y"]:
                    y, mo, d = m["y"], m["m"], m["d"]
                elif m["y2"]:
                    y, mo, d = m["y2"], m["m2"], m["d2"]
                else:
                    y, mo, d = m["y4"], m["m4"], m["d4"]
                if m["y"] and not m["s"] and not re.search(r"(?:^|\D)" + raw + r"(?:\D|$)", path):
                    continue
                day = check_calendar(int(y), int(mo), int(d))
                out.append(Signal("url", PUBLISHED, raw, 2, Parsed(day, "day")))
            else:
                day = check_calendar(int(m["y3"]), int(m["m3"]), 1)
                out.append(Signal("url", PUBLISHED, raw, 3, Parsed(day, "month")))
        except Rejected as exc:
            out.append(Signal("url", PUBLISHED, raw, 3, rejected=str(exc)))
        break  # the first date in a path is the one the CMS put there
    return out


# --- visible text -----------------------------------------------------------------------

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "title", "option", "select"}
_BLOCK = set(
    [
        "p",
        "div",
        "li",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "time",
        "span",
        "td",
        "dd",
        "dt",
        "figcaption",
    ]
)


def _labels(words: tuple[str, ...]) -> re.Pattern[str]:
    """Labels as whole words; in scripts without spaces ("公開", "更新"), which also occur
    inside compounds, only right before the date (a colon or space between)."""
    spaced = words_pattern([w for w in words if not unspaced(w)])
    dense = words_pattern([w for w in words if unspaced(w)])
    return re.compile(rf"{spaced}|(?:{dense})(?:日|日時|时间|時間|於|于)?(?=[\s:：]*$)", re.I)


_PUB_LABEL = _labels(PUBLISHED_LABELS)
_MOD_LABEL = _labels(MODIFIED_LABELS)
# "Stand: 09.10.2017" states which version the reader sees: for a page never updated that
# is its publication, for an updated one its update. Neither role, but a labelled date.
_ASOF_LABEL = re.compile(r"\b(?:stand|as of|état au|a fecha de)\b", re.I)
# ... but only as a line's own label: "(Stand: 28. November 2018)" after a source cites it.
_ASOF_LINE = re.compile(r"[\[(\s]*(?:stand|as of|état au|a fecha de)\s*[:\-–]?\s*", re.I)
ASOF = "as-of"
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|&copy;", re.I)
TEXT_LIMIT = 200_000


@dataclass
class PageText:
    """The page's readable text in reading order, and where date-classed elements are in it."""

    text: str
    # (start, end, element, in boilerplate) of short elements whose class says "date"
    date_elements: list[tuple[int, int, Any, bool]]
    # (start, end) of the outermost sidebars, comments, menus
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    # (start, end) of the outermost <article> and <main> elements
    articles: list[tuple[int, int]] = field(default_factory=list)

    def in_article(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.articles)

    def in_boilerplate(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.boilerplate)

    def element_at(self, pos: int) -> tuple[Any, bool] | None:
        # Children are recorded before their parents: the first hit is the innermost.
        for start, end, el, boiler in self.date_elements:
            if start <= pos < end:
                return el, boiler
        return None


# Runs of spaces are collapsed where read.
_SPACES = re.compile(r"\s+")
_MAIN = ("article", "main")


def visible_text(tree: lxml_html.HtmlElement) -> PageText:
    """One pass over the tree (read only). Sidebars stay in the text: cutting them loses
    more page dates than it removes noise; their date elements are marked instead.

    The hottest loop of date extraction: lxml's iterwalk rather than recursion, and the
    class/id verdicts cached, since templates repeat a few class names many times."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    if root.xpath("boolean(.//comment()|.//processing-instruction())"):
        # iterwalk does not visit these, so their tails would be lost: merge them away in
        # a copy (parsed pages have none: the parser drops them)
        root = copy_tree(root)
        etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    parts: list[str] = []
    append = parts.append
    size = 0
    ranges: list[tuple[int, int, Any, bool]] = []
    boilerplate: list[tuple[int, int]] = []
    articles: list[tuple[int, int]] = []
    verdicts: dict[str, tuple[bool, bool]] = {}  # class and id -> (boilerplate, date-ish)
    # what the open element's children inherit: inside <article>/<main>, inside boilerplate
    in_article = boiler = False
    # per open element: start offset, its flags, and the context to restore at its end
    stack: list[tuple[int, bool, bool, bool, bool, bool, bool] | None] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            tag = el.tag
            if tag in _SKIP or size > TEXT_LIMIT:
                walker.skip_subtree()
                stack.append(None)
                continue
            get = el.get
            cls, ident = get("class"), get("id")
            if cls is None and ident is None:
                marks_boiler = dateish = False
            else:
                marks = f"{cls or ''} {ident or ''}"
                verdict = verdicts.get(marks)
                if verdict is None:
                    verdict = verdicts[marks] = (
                        _marks_boilerplate(marks),
                        bool(_DATEISH.search(marks)),
                    )
                marks_boiler, dateish = verdict
            if tag == "time" and get("datetime") is None:
                dateish = True  # a <time> without the attribute: its text is the date
            outer_boiler = not boiler and _boilerplate_verdict(tag, in_article, marks_boiler)
            block = tag in _BLOCK
            if block:
                append("\n")
                size += 1
            outer_main = not in_article and tag in _MAIN
            stack.append((size, dateish, outer_boiler, outer_main, block, in_article, boiler))
            in_article = in_article or outer_main
            boiler = boiler or outer_boiler
            chunk = el.text
            if chunk:
                if chunk.isspace():  # indentation: keep the break, not the run
                    chunk = "\n" if "\n" in chunk else " "
                append(chunk)
                size += len(chunk)
            continue
        entry = stack.pop()
        if entry is not None:
            start, dateish, outer_boiler, outer_main, block, in_article, parent_boiler = entry
            if size > start:
                if dateish and size - start <= DATE_ELEMENT_MAX:
                    ranges.append((start, size, el, boiler))
                if outer_boiler:
                    boilerplate.append((start, size))
                if outer_main:
                    articles.append((start, size))
            boiler = parent_boiler
            if block:
                append("\n")
                size += 1
        chunk = el.tail
        if chunk and stack:  # the root's tail is not the page's
            if chunk.isspace():
                chunk = "\n" if "\n" in chunk else " "
            append(chunk)
            size += len(chunk)
    # single-character replaces keep offsets valid and, unlike translate, stay on the fast path
    text = "".join(parts)[:TEXT_LIMIT]
    for blank in "\t\r\f\v\xa0":
        text = text.replace(blank, " ")
    return PageText(text, ranges, boilerplate, articles)


def _label_role(text: str, start: int) -> str | None:
    """The label just before a date (same line, within 45 characters), if any."""
    window = text[max(0, start - 200) : start].rsplit("\n", 1)[-1]
    window = _SPACES.sub(" ", window)[-45:]
    pub = list(_PUB_LABEL.finditer(window))
    mod = list(_MOD_LABEL.finditer(window))
    asof = list(_ASOF_LABEL.finditer(window))
    ends = {
        PUBLISHED: pub[-1].end() if pub else -1,
        MODIFIED: mod[-1].end() if mod else -1,
        ASOF: asof[-1].end() if asof else -1,
    }
    role = max(ends, key=lambda k: ends[k])
    return role if ends[role] >= 0 else None


def _own_line(text: str, start: int, raw: str) -> bool:
    """Whether a phrase is (nearly) alone on its line, as in a byline or a teaser stamp."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = _SPACES.sub(" ", text[line_start : line_end if line_end >= 0 else len(text)])
    return len(line.strip()) <= len(raw) + 25


def _plain(page: PageText, found: Found) -> Signal:
    """A date cited in prose ("Quelle: ... (Stand: 2018)"): body text, the weakest kind."""
    signal = Signal("text", UNKNOWN, found.raw, 5, found.parsed)
    if page.in_boilerplate(found.start):
        signal.source, signal.tier = "text:boilerplate", BOILERPLATE_TIER
    return signal


def _text_signal(page: PageText, found: Found) -> Signal | None:
    """Role and tier of a date in the text: by its label, else by its element's class."""
    text = page.text
    role = _label_role(text, found.start)
    line_start = text.rfind("\n", 0, found.start) + 1
    if role is None and _COPYRIGHT.search(text[line_start : found.start]):
        return None
    if role == ASOF:
        if not _ASOF_LINE.fullmatch(text[line_start : found.start]):
            return None if found.parsed is None else _plain(page, found)
        signal = Signal("text:as-of", UNKNOWN, found.raw, 3, found.parsed)
        signal.rejected = found.reason
        return signal
    located = page.element_at(found.start)
    if located is None:
        if role:
            source, tier = "text:label", 2
        elif _own_line(text, found.start, found.raw):
            source, tier = "text:own-line", 4  # a date standing alone, as bylines do
        else:
            source, tier = "text", 5
        if not role and page.in_boilerplate(found.start):
            source, tier = "text:boilerplate", BOILERPLATE_TIER
    else:
        el, boiler = located
        role = role or _hint(el)
        source, tier = "text:date-element", 2 if role == PUBLISHED else 4
        if boiler:
            role, tier = UNKNOWN, BOILERPLATE_TIER
    signal = Signal(source, role or UNKNOWN, found.raw, tier, found.parsed)
    signal.rejected = found.reason
    return signal


def from_text(
    page: PageText | str, lang: str | None, fetched_at: datetime, region_dmy: bool | None
) -> list[Signal]:
    if isinstance(page, str):
        page = PageText(page, [])
    text = page.text
    out: list[Signal] = []
    for found in find_dates(text, lang, region_dmy=region_dmy, limit=300):
        signal = _text_signal(page, found)
        if signal is not None:
            signal.in_article = page.in_article(found.start)
            out.append(signal)
    head = text[:6000]
    for rel in find_relative(head, fetched_at, lang):
        source = "text:age-banner" if rel.kind == "banner" else "text:relative"
        label = _label_role(head, rel.start)
        label = None if label == ASOF else label
        if rel.needs_label and label is None:
            continue  # a bare "yesterday" is prose
        if rel.kind == "relative" and label is None and not _own_line(head, rel.start, rel.raw):
            continue  # "vor zwei Jahren" in a sentence tells of events, not of the page
        role = label or PUBLISHED
        parsed = Parsed(rel.value, rel.precision) if rel.value and rel.precision else None
        out.append(Signal(source, role, rel.raw, 6, parsed, rel.earliest, rel.latest))
    for yl in find_yearless(head, lang):
        raw = " ".join(head[yl.start : yl.end].split())
        out.append(Signal("text:yearless", PUBLISHED, raw, 7, yearless=yl))
    return out
