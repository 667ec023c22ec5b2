"""htmldate as a last candidate, for pages where none of the project's signals gives a date.

htmldate's extensive search reads places this package does not (image paths, script
strings, free text patterns). It runs only when resolution found nothing, so its cost
falls on a few pages, not on every one; it is given ``fetched_at`` as its latest date (it
would otherwise use the machine clock) and a copy of the tree (it prunes what it reads).
"""

from __future__ import annotations

import copy
import logging
from datetime import datetime

from lxml import html as lxml_html

from archiver.extract.dates.evidence import UNKNOWN, Signal, Tier
from archiver.extract.dates.normalize import Parsed, Rejected, parse_machine

_log = logging.getLogger(__name__)


def htmldate_signal(tree: lxml_html.HtmlElement, url: str, fetched_at: datetime) -> Signal | None:
    from htmldate import find_date

    try:
        found = find_date(
            copy.deepcopy(tree),
            extensive_search=True,
            original_date=True,
            url=url,
            max_date=fetched_at.strftime("%Y-%m-%d"),
        )
    except Exception as exc:  # a bug in the peer must not cost the page
        _log.debug("htmldate failed on %s: %s", url, exc)
        return None
    if not found:
        return None
    signal = Signal("htmldate", UNKNOWN, found, Tier.FALLBACK)
    try:
        signal.parsed = parse_machine(found)
    except Rejected as exc:
        signal.rejected = str(exc)
        return signal
    if found.endswith("-01-01"):
        # htmldate fills a year found alone (a copyright line, a path) with 1 January.
        signal.parsed = Parsed(signal.parsed.day, "year")
    return signal
