"""What a date signal is: its role, its source, its tier of trust.

Every family of signals (``machine.py``, ``markup.py``, ``url.py``, ``text.py``) makes
``Signal`` objects; resolution (``resolve.py``) compares their tiers and sources by the
names defined here, never by bare numbers or strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum

from archiver.extract.dates.normalize import Parsed, YearLess

PUBLISHED, MODIFIED, UNKNOWN = "published", "modified", "unknown"


class Tier(IntEnum):
    """How far a kind of signal is trusted within its role, best first. Resolution compares
    tiers (``s.tier <= Tier.LABELLED``): the order is the contract. Printed as its number,
    which ``archiver dates`` shows and ``weights.py`` counts by."""

    STRUCTURED = 0  # the main JSON-LD object, published/modified meta tags, a status ID
    MARKUP = 1  # further JSON-LD objects, itemprop, <time> of a publication, sitemap/feed
    LABELLED = 2  # a labelled date, a dated URL, a publication date element, abbr, lastmod
    RECOVERED = 3  # JSON-LD read from script text, an "as of" line, a month-only URL
    WEAK = 4  # generic meta names, a date alone on its line, other date elements and <time>
    PROSE = 5  # a date cited in the body text
    PERIPHERAL = 6  # dates in sidebars, comments, teasers; relative phrases, age banners
    YEARLESS = 7  # a day and month without a year
    FALLBACK = 8  # htmldate's guess, when the page itself gave nothing usable


# Sources that resolution refers to by name (others are built from a key: "meta:NAME",
# "json-ld:KEY", "itemprop:KEY").
URL = "url"
URL_STATUS_ID = "url:status-id"
TEXT = "text"
TEXT_LABEL = "text:label"
TEXT_DATE_ELEMENT = "text:date-element"
TEXT_OWN_LINE = "text:own-line"
TEXT_BOILERPLATE = "text:boilerplate"
TEXT_AS_OF = "text:as-of"
TEXT_RELATIVE = "text:relative"
TEXT_AGE_BANNER = "text:age-banner"
TEXT_YEARLESS = "text:yearless"
TIME_DATETIME = "time[datetime]"
ABBR_TITLE = "abbr[title]"

# Generic meta names: counted by their own name, where site-specific ones count as "meta:*".
META_WEAK = ["dc.date", "dcterms.date", "date", "pubdate", "dc.created", "created", "displaydate"]
_WEAK_META_SOURCES = {f"meta:{name}" for name in META_WEAK}


@dataclass
class Signal:
    """One piece of date evidence. ``tier`` orders trust (``Tier.STRUCTURED`` best) within
    a role."""

    source: str  # e.g. "json-ld:datePublished", URL, TEXT_LABEL
    role: str  # published | modified | unknown
    raw: str
    tier: Tier
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
        if (
            source.startswith("meta:")
            and self.tier == Tier.WEAK
            and source not in _WEAK_META_SOURCES
        ):
            source = "meta:*"
        return f"{source} tier {self.tier}"

    @property
    def is_bound(self) -> bool:
        return self.parsed is None and (self.earliest is not None or self.latest is not None)
