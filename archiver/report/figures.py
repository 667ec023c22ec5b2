"""The numbers a report shows, computed from a dataset's records and its skip ledger."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

# Fields whose fill rate says whether a site's extraction works (text is always there).
FILL_FIELDS = (
    "title",
    "authors",
    "language",
    "site_name",
    "description",
    "image",
    "tags",
    "date_published",
    "date_published_utc",
    "date_modified",
    "canonical_url",
)
LENGTH_BINS = (0, 100, 250, 500, 1000, 2000, 5000)  # words
MAX_DAY_COLUMNS = 400  # past this many days, articles are counted per month


def filled(value: Any) -> bool:
    """A value a reader can use: not null, not empty, not an empty list."""
    return value not in (None, "", [])


def site_of(record: dict[str, Any]) -> str:
    """The host the article came from (``site_name`` is often missing or varies)."""
    host = urlsplit(str(record.get("url", ""))).hostname or "unknown"
    return host.removeprefix("www.")


def signal_kind(source: str | None) -> str:
    """``json-ld:datePublished`` -> ``json-ld``; ``text:yearless+text:age-banner`` -> ``text``."""
    if not source:
        return "none"
    return source.split("+")[0].split(":")[0]


def length_bin(words: int) -> str:
    for low, high in zip(LENGTH_BINS, LENGTH_BINS[1:], strict=False):
        if words < high:
            return f"{low}-{high - 1}"
    return f"{LENGTH_BINS[-1]}+"


def _publication_day(record: dict[str, Any]) -> date | None:
    value = record.get("date_published")
    if not isinstance(value, str) or len(value) < 10:
        return None  # no date, or a month or a year only
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def per_day(days: list[date]) -> tuple[str, list[tuple[str, int]]]:
    """Articles per publication day, every day of the span shown (zeros too); per month
    when the span is too long for one column a day."""
    if not days:
        return "day", []
    first, last = min(days), max(days)
    counts = Counter(days)
    if (last - first).days + 1 <= MAX_DAY_COLUMNS:
        span = [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]
        return "day", [(d.isoformat(), counts[d]) for d in span]
    months: Counter[str] = Counter(d.isoformat()[:7] for d in days)
    series = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        key = f"{year:04d}-{month:02d}"
        series.append((key, months[key]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return "month", series


@dataclass
class Figures:
    records: int = 0
    urls: int = 0
    files: int = 0
    damaged: int = 0
    period: str = "day"
    published: list[tuple[str, int]] = field(default_factory=list)
    undated: int = 0
    sites: list[tuple[str, int]] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    precision: list[tuple[str, int]] = field(default_factory=list)
    sources: list[tuple[str, int]] = field(default_factory=list)
    lengths: list[tuple[str, int]] = field(default_factory=list)
    fill: dict[tuple[str, str], float] = field(default_factory=dict)
    fill_sites: list[str] = field(default_factory=list)
    skips: list[tuple[str, int]] = field(default_factory=list)
    skipped: int = 0


def compute(
    records: list[dict[str, Any]], skips: Counter[str], *, all_records: int, files: int,
    damaged: int,
) -> Figures:  # fmt: skip
    """``records`` holds one record per URL; ``all_records`` counts every version read."""
    days = [d for d in map(_publication_day, records) if d is not None]
    period, published = per_day(days)
    sites = Counter(site_of(r) for r in records)
    by_site: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_site.setdefault(site_of(record), []).append(record)
    fill = {
        (site, name): sum(filled(r.get(name)) for r in group) / len(group)
        for site, group in by_site.items()
        for name in FILL_FIELDS
    }
    lengths = Counter(length_bin(len(str(r.get("text") or "").split())) for r in records)
    bins = [length_bin(low) for low in LENGTH_BINS]
    return Figures(
        records=all_records,
        urls=len(records),
        files=files,
        damaged=damaged,
        period=period,
        published=published,
        undated=len(records) - len(days),
        sites=sites.most_common(30),
        languages=Counter(str(r.get("language") or "unknown") for r in records).most_common(20),
        precision=Counter(
            str(r.get("date_published_precision") or "none") for r in records
        ).most_common(),
        sources=Counter(signal_kind(r.get("date_published_source")) for r in records).most_common(),
        lengths=[(b, lengths[b]) for b in bins],
        fill=fill,
        fill_sites=[site for site, _ in sites.most_common(30)],
        skips=skips.most_common(10),
        skipped=sum(skips.values()),
    )
