"""Publication and modification dates as evidence: signals, normalisation, resolution.

``collect_signals`` lists every date the page shows (structured data, markup, the URL,
visible text, relative phrases, age banners); ``resolve`` weighs them by the rules written
down in ``docs/dates.md``. ``resolve_dates`` is what extraction calls.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urlsplit

from lxml import html as lxml_html

from archiver.extract.article import DateValue
from archiver.extract.dates.fallback import htmldate_signal
from archiver.extract.dates.resolve import Resolution, resolve, settled_by_markup
from archiver.extract.dates.signals import (
    Signal,
    from_hints,
    from_jsonld_text,
    from_markup,
    from_structured,
    from_text,
    from_url,
    visible_text,
)
from archiver.extract.structured import StructuredData

__all__ = ["Resolution", "Signal", "analyse", "collect_signals", "read_text", "resolve_dates"]

# English-language sites that write 05/11/2015 for 5 November.
_DMY_HOSTS = (".uk", ".au", ".nz", ".ie", ".in", ".za", ".ng", ".ke", ".pk", ".sg")


def _region_dmy(url: str, data: StructuredData) -> bool | None:
    host = urlsplit(url).hostname or ""
    declared = (data.html_lang or "").lower()
    if host.endswith(_DMY_HOSTS) or (declared.startswith("en-") and declared != "en-us"):
        return True
    return None


_CYRILLIC = re.compile("[\u0400-\u04ff]{3}")


def _language(language: str | None, data: StructuredData, text: str = "") -> str | None:
    """The page's language code; for an undeclared one, Cyrillic script means Russian month
    names (Latin-script pages are covered by the main languages' names anyway)."""
    lang = (language or data.html_lang or "").split("-")[0].split("_")[0].lower()
    if not lang and _CYRILLIC.search(text[:20000]):
        return "ru"
    return lang or None


def read_text(text: str, language: str | None, fetched_at: datetime) -> list[Signal]:
    """The signals a piece of visible text carries (a byline, a banner, a phrase)."""
    return from_text(text, _language(language, StructuredData()), fetched_at, None)


def collect_signals(
    tree: lxml_html.HtmlElement,
    url: str,
    fetched_at: datetime,
    language: str | None,
    data: StructuredData,
    *,
    complete: bool = True,
    hints: Mapping[str, str] | None = None,
) -> list[Signal]:
    """Every date signal of the page, in trust order of kind; the tree is not modified.

    With ``complete=False`` the visible text (most of the cost) is read only when the
    machine-readable signals do not settle the publication date on their own."""
    signals = from_structured(data) + from_hints(hints or {}) + from_jsonld_text(tree, data)
    signals += from_markup(tree) + from_url(url)
    if complete or not settled_by_markup(signals, fetched_at):
        page = visible_text(tree)
        lang = _language(language, data, page.text)
        region = _region_dmy(url, data)
        signals += from_text(page, lang, fetched_at, region)
    return signals


def analyse(
    tree: lxml_html.HtmlElement,
    url: str,
    fetched_at: datetime,
    language: str | None,
    data: StructuredData,
    *,
    complete: bool = True,
    hints: Mapping[str, str] | None = None,
) -> Resolution:
    """Signals and the resolution, with its notes: what ``archiver dates`` prints.

    When the page's own signals give no publication value, htmldate is asked for one
    last, weakest candidate (the project's rules still apply to it)."""
    signals = collect_signals(tree, url, fetched_at, language, data, complete=complete, hints=hints)
    result = resolve(signals, fetched_at)
    if result.published.value is None:
        if not complete:  # the fallback is judged against everything the page says
            signals = collect_signals(tree, url, fetched_at, language, data, hints=hints)
        extra = htmldate_signal(tree, url, fetched_at)
        if extra is not None:
            result = resolve([*signals, extra], fetched_at)
            result.notes.insert(0, "no date from the page's own signals: htmldate asked")
    return result


def resolve_dates(
    tree: lxml_html.HtmlElement,
    url: str,
    fetched_at: datetime,
    language: str | None,
    data: StructuredData,
    hints: Mapping[str, str] | None = None,
) -> tuple[DateValue, DateValue]:
    """Return (published, modified) for extraction: the text is read only when needed.

    ``hints`` are dates the crawl found before the page (``news_publication_date``,
    ``feed_published``, ``sitemap_lastmod``)."""
    result = analyse(tree, url, fetched_at, language, data, complete=False, hints=hints)
    return result.published, result.modified
