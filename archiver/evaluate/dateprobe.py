"""A probe of dates in every language dateparser knows, generated from its own locale data.

The hand-written rows of the language tests were written by the people who wrote the
phrase layer, so they show what it reads, not where it falls short. This probe is made
mechanically from dateparser's ``date_translation_data``: for each language in its
``language_order``, a phrase from every "N units ago" pattern of ``relative-type-regex``
(a number put in the number group; a pattern with more regex than that is skipped and
counted), its yesterday and today words (``relative-type`` "1 day ago" / "0 day ago")
alone and before a clock time (after each short connector its ``skip`` words give), and a
full date with each month's longest name in the language's ``date_order``.

Each sentence is shown as a news page shows a dateline (``<p class="date">`` under the
``<h1>``), resolved with the project's resolver at a fixed capture time and compared with
what ``dateparser.parse`` itself gives for it (``RELATIVE_BASE`` = the capture time, the
language given): dateparser is the reference, and a sentence it reads nothing in is not
counted. Languages fall into the look or check part by a salted hash of their code, as the
corpora's sites do (``split.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import Any

import dateparser
from dateparser.data.languages_info import language_order

from archiver.evaluate.split import split_of
from archiver.extract import structured
from archiver.extract.dates import resolve_dates
from archiver.extract.dates.normalize import locale_info
from archiver.extract.parse import parse_page

NOW = datetime.fromisoformat("2025-06-01T09:30:00+02:00")
URL = "https://example.org/news/story"
MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
# The amount put into each unit's pattern: eleven hours crosses midnight at 09:30.
AMOUNTS = {"second": 30, "minute": 45, "hour": 11, "day": 3, "week": 2, "month": 2, "year": 3}
NUMBER_GROUP = r"(\d++[.,]?\d*+)"
_META = re.compile(r"[\\()\[\]*+?{}|^$]")
# A connector between a day word and its time: a short word of the language's skip list.
_CONNECTOR = re.compile(r"[^\W\d_][^\W\d_.]{0,4}\.?")
YESTERDAY_TIME, TODAY_TIME = "18:30", "08:15"


@dataclass(frozen=True)
class Case:
    lang: str
    kind: str  # ago:<unit> | yesterday | yesterday-time | today | today-time | month
    text: str


@dataclass
class Outcome:
    case: Case
    reference: date | None  # dateparser's day
    value: str | None  # the resolver's publication value
    earliest: str | None
    latest: str | None

    @property
    def verdict(self) -> str:
        """same | range (bounds that hold the reference day) | wrong | none | unreferenced"""
        if self.reference is None:
            return "unreferenced"
        day = self.reference.isoformat()
        if self.value is not None:
            return "same" if self.value[:10] == day else "wrong"
        if self.earliest or self.latest:
            low = (self.earliest or "0000")[:10]
            high = (self.latest or "9999")[:10]
            return "range" if low <= day <= high else "wrong"
        return "none"


@dataclass
class Generated:
    cases: list[Case] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # patterns not instantiated


def _ago_cases(lang: str, info: dict[str, Any], out: Generated) -> Iterator[Case]:
    for key, patterns in (info.get("relative-type-regex") or {}).items():
        m = re.fullmatch(r"\\1 (\w+) ago", key)
        if m is None or m[1] not in AMOUNTS:
            continue
        for pattern in patterns:
            pre, sep, post = pattern.partition(NUMBER_GROUP)
            if not sep or _META.search(pre + post):
                out.skipped[lang] += 1
                continue
            yield Case(lang, f"ago:{m[1]}", f"{pre}{AMOUNTS[m[1]]}{post}".strip())


def _day_cases(lang: str, info: dict[str, Any]) -> Iterator[Case]:
    relative = info.get("relative-type") or {}
    connectors = [w for w in info.get("skip", []) or [] if _CONNECTOR.fullmatch(w)]
    for key, kind, clock in (
        ("1 day ago", "yesterday", YESTERDAY_TIME),
        ("0 day ago", "today", TODAY_TIME),
    ):
        for word in dict.fromkeys(relative.get(key, [])):
            yield Case(lang, kind, word)
            yield Case(lang, f"{kind}-time", f"{word} {clock}")
            for conn in connectors:
                yield Case(lang, f"{kind}-time", f"{word} {conn} {clock}")


def _month_cases(lang: str, info: dict[str, Any]) -> Iterator[Case]:
    order = str(info.get("date_order", "DMY"))
    for key in MONTH_KEYS:
        names = info.get(key) or []
        if not names:
            continue
        name = max(names, key=lambda n: (len(n), n))  # the full name, not an abbreviation
        parts = {"D": "3", "M": name, "Y": "2024"}
        yield Case(lang, "month", " ".join(parts[c] for c in order))


def generate(langs: list[str] | None = None) -> Generated:
    out = Generated()
    for lang in langs or list(language_order):
        info = locale_info(lang)
        if info is None:
            continue
        out.cases += [*_ago_cases(lang, info, out), *_day_cases(lang, info)]
        out.cases += _month_cases(lang, info)
    return out


def page(case: Case) -> bytes:
    """The sentence as a dateline under a headline."""
    return (
        f"<html lang='{case.lang}'><head><title>Story</title></head><body><article>"
        f"<h1>Story</h1><p class='date'>{escape(case.text)}</p>"
        "<p>The text of the story goes on for a while here.</p></article></body></html>"
    ).encode()


def reference(case: Case) -> date | None:
    base = NOW.replace(tzinfo=None)
    try:
        found = dateparser.parse(case.text, languages=[case.lang], settings={"RELATIVE_BASE": base})
    except Exception:  # a sentence dateparser trips over has no reference
        return None
    return found.date() if found is not None else None


def run(case: Case) -> Outcome:
    ref = reference(case)
    if ref is None:
        return Outcome(case, None, None, None, None)
    tree = parse_page(page(case))
    published, _ = resolve_dates(tree, URL, NOW, case.lang, structured.collect(tree))
    return Outcome(case, ref, published.value, published.earliest, published.latest)


def part_of(lang: str) -> str:
    return split_of(lang)
