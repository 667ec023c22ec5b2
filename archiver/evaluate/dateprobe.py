"""A probe of dates in every language dateparser knows, generated from its own locale data.

The hand-written rows of the language tests were written by the people who wrote the
phrase layer, so they show what it reads, not where it falls short. This probe is made
mechanically from dateparser's ``date_translation_data``: for each language in its
``language_order``, a phrase from every "N units ago" pattern of ``relative-type-regex``
(a number put in the number group; a pattern with more regex than that is skipped and
counted), its yesterday and today words (``relative-type`` "1 day ago" / "0 day ago")
alone and before a clock time (after each short connector its ``skip`` words give), and a
full date with each month's longest name in the language's ``date_order``. Further
families (``VARIANTS``): every other month name and a time after the date ("forms"), and
a sample of each phrase after the language's ``skip`` words and after the project's
publication labels ("context"); ``run_undeclared`` puts a sentence on a page that
declares no language and runs the whole extractor.

Each sentence is shown as a news page shows a dateline (``<p class="date">`` under the
``<h1>``), resolved with the project's resolver at a fixed capture time and compared with
what ``dateparser.parse`` itself gives for it (``RELATIVE_BASE`` = the capture time, the
language given): dateparser is the reference, and a sentence it reads nothing in is not
counted. A month sentence whose name belongs to one month alone in the data has that
month's day as its reference: dateparser misreads some ("3 મે 2024" as 1 March 2025), and
those are counted apart. Languages fall into the look or check part by a salted hash of
their code, as the corpora's sites do (``split.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import Any

import dateparser
from dateparser.data.languages_info import language_order

from archiver.evaluate.split import split_of
from archiver.extract import extract_article, structured
from archiver.extract.dates import lexicon, resolve_dates
from archiver.extract.dates.normalize import locale_info
from archiver.extract.parse import parse_page

NOW = datetime.fromisoformat("2025-06-01T09:30:00+02:00")
URL = "https://example.org/news/story"
MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
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
    kind: str  # ago:<unit> | yesterday | yesterday-time | today | today-time | month | ...
    text: str
    core: str | None = None  # the phrase dateparser is asked about, when text holds more
    # The date a month sentence was made from, when its name belongs to that month alone in
    # the language's data: the reference, as dateparser misreads some ("3 મે 2024").
    expected: date | None = None


# The sentence families: the first ones, every month form and a time after the date, and
# the phrases inside a dateline (after the language's skip words, after a label).
VARIANTS = ("base", "forms", "context")


@dataclass
class Outcome:
    case: Case
    reference: date | None  # dateparser's day
    value: str | None  # the resolver's publication value
    earliest: str | None
    latest: str | None
    detected: str | None = None  # the extractor's language, on a page that declares none
    misread: bool = False  # dateparser's day is not the day the sentence was made from

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
    for key in MONTH_KEYS:
        names = info.get(key) or []
        if not names:
            continue
        name = _longest(names)
        yield Case(lang, "month", _date(info, name), expected=_made_from(info, key, name))


def _longest(names: list[str]) -> str:
    """A month's full name, not an abbreviation (the longest; ties broken by the text)."""
    return max(names, key=lambda n: (len(n), n))


def _made_from(info: dict[str, Any], key: str, name: str) -> date | None:
    """3 <month> 2024, when no other month of the language has that name."""
    fold = name.casefold().rstrip(".")
    others = [k for k in MONTH_KEYS if k != key for n in info.get(k) or [] if n.casefold() == fold]
    return None if others else date(2024, MONTH_KEYS.index(key) + 1, 3)


def _date(info: dict[str, Any], name: str) -> str:
    parts = {"D": "3", "M": name, "Y": "2024"}
    return " ".join(parts[c] for c in str(info.get("date_order", "DMY")))


def _form_cases(lang: str, info: dict[str, Any]) -> Iterator[Case]:
    """Every name the data gives a month (genitives, abbreviations, and with a dot after
    a name that is the start of a longer one), and the longest with a clock time after the date."""
    for key in MONTH_KEYS:
        names = list(dict.fromkeys(info.get(key) or []))
        if not names:
            continue
        longest = _longest(names)
        seen = set()
        for name in names:
            forms = [name]
            shortened = any(o.casefold().startswith(name.casefold()) for o in names if o != name)
            if shortened and not name.endswith(".") and name.isalpha():
                forms.append(f"{name}.")  # "3 бер. 2024"
            for form in forms:
                if form.casefold() != longest.casefold() and form.casefold() not in seen:
                    seen.add(form.casefold())
                    made = _made_from(info, key, name)
                    yield Case(lang, "month-form", _date(info, form), expected=made)
        made = _made_from(info, key, longest)
        for sep in (", ", " "):
            text = f"{_date(info, longest)}{sep}{YESTERDAY_TIME}"
            yield Case(lang, "month-time", text, expected=made)


# A word of the skip list, not punctuation: "le", "den", "около", "cirka".
_SKIP_WORD = re.compile(r"[^\W\d_][^\W\d_.]*\.?")


def _sample(lang: str, info: dict[str, Any]) -> list[Case]:
    """A phrase of each family to put inside a dateline: the first "days ago" and "hours
    ago", yesterday before a time, a date with the longest name of March."""
    picked: dict[str, Case] = {}
    for case in (*_ago_cases(lang, info, Generated()), *_day_cases(lang, info)):
        if case.kind in ("ago:day", "ago:hour", "yesterday-time", "today-time"):
            picked.setdefault(case.kind, case)
    names = info.get("march") or []
    if names:
        name = _longest(names)
        made = _made_from(info, "march", name)
        picked["month"] = Case(lang, "month", _date(info, name), expected=made)
    return list(picked.values())


def _script(word: str) -> str:
    """The first letter's script, roughly: the first word of its Unicode name."""
    for ch in word:
        if ch.isalpha():
            return unicodedata.name(ch, "?").split()[0]
    return "?"


def label_groups() -> dict[str, tuple[str, ...]]:
    """The project's publication labels by language: each language gets its group's."""
    return {
        code: labels
        for codes, labels in lexicon.PUBLISHED_LABELS_BY_LANGUAGE.items()
        for code in codes
    }


def _context_cases(lang: str, info: dict[str, Any]) -> Iterator[Case]:
    samples = _sample(lang, info)
    skip = [w for w in dict.fromkeys(info.get("skip", []) or []) if _SKIP_WORD.fullmatch(w)]
    for word in skip:
        for case in samples:
            yield Case(lang, "skip", f"{word} {case.text}", expected=case.expected)
    script = _script(" ".join(c.text for c in samples if c.kind == "month") or lang)
    labels = [x for x in label_groups().get(lang.split("-")[0], ()) if _script(x) == script]
    for label in labels:
        for case in samples:
            text = f"{label[0].upper()}{label[1:]}"
            yield Case(lang, "label", f"{text}: {case.text}", case.text, case.expected)
            yield Case(lang, "label", f"{text} {case.text}", case.text, case.expected)


def generate(langs: list[str] | None = None, variants: tuple[str, ...] = ("base",)) -> Generated:
    out = Generated()
    for lang in langs or list(language_order):
        info = locale_info(lang)
        if info is None:
            continue
        if "base" in variants:
            out.cases += [*_ago_cases(lang, info, out), *_day_cases(lang, info)]
            out.cases += _month_cases(lang, info)
        if "forms" in variants:
            out.cases += _form_cases(lang, info)
        if "context" in variants:
            out.cases += _context_cases(lang, info)
    return out


def page(case: Case) -> bytes:
    """The sentence as a dateline under a headline."""
    return (
        f"<html lang='{case.lang}'><head><title>Story</title></head><body><article>"
        f"<h1>Story</h1><p class='date'>{escape(case.text)}</p>"
        "<p>The text of the story goes on for a while here.</p></article></body></html>"
    ).encode()


def reference(case: Case, read: date | None) -> date | None:
    """The reference day given dateparser's reading ``read``: that day, or the day the
    sentence was made from where that is known; None where dateparser reads nothing (the
    sentence is not counted)."""
    return None if read is None else case.expected or read


def parsed_by_dateparser(case: Case) -> date | None:
    base = NOW.replace(tzinfo=None)
    try:
        found = dateparser.parse(
            case.core or case.text, languages=[case.lang], settings={"RELATIVE_BASE": base}
        )
    except Exception:  # a sentence dateparser trips over has no reference
        return None
    return found.date() if found is not None else None


def run(case: Case) -> Outcome:
    read = parsed_by_dateparser(case)
    ref = reference(case, read)
    if ref is None:
        return Outcome(case, None, None, None, None)
    tree = parse_page(page(case))
    published, _ = resolve_dates(tree, URL, NOW, case.lang, structured.collect(tree))
    outcome = Outcome(case, ref, published.value, published.earliest, published.latest)
    outcome.misread = ref != read
    return outcome


def part_of(lang: str) -> str:
    return split_of(lang)


def body_text(lang: str) -> str | None:
    """Sentences in the language for a page that declares none. dateparser's data holds no
    prose, only date words: the weekday names, the month names and the relative words
    (yesterday, today, "ago" phrases), each family a sentence. None when the data has
    fewer than twenty such words."""
    info = locale_info(lang)
    if info is None:
        return None
    keys = [[*WEEKDAY_KEYS], [*MONTH_KEYS]]
    families = [[max(info.get(k) or [""], key=len) for k in group] for group in keys]
    relative = info.get("relative-type") or {}
    families.append([w for words in relative.values() for w in words])
    sentences = [" ".join(w for w in f if w) for f in families]
    if sum(len(s.split()) for s in sentences) < 20:
        return None
    return " ".join(f"{s[:1].upper()}{s[1:]}." for s in sentences if s)


def undeclared_page(case: Case, body: str) -> bytes:
    """The dateline on a page with no ``lang`` and no language meta, with body text."""
    return (
        "<html><head><title>Story</title></head><body><article>"
        f"<h1>Story</h1><p class='date'>{escape(case.text)}</p>"
        f"<p>{escape(body)}</p><p>{escape(body)}</p></article></body></html>"
    ).encode()


def run_undeclared(case: Case) -> Outcome | None:
    """The sentence through the whole extractor, which detects the page's language; None
    when the locale data gives no body text for the language."""
    body = body_text(case.lang)
    if body is None:
        return None
    read = parsed_by_dateparser(case)
    ref = reference(case, read)
    if ref is None:
        return Outcome(case, None, None, None, None)
    article = extract_article(undeclared_page(case, body), URL, NOW)
    outcome = Outcome(
        case,
        ref,
        article.published.value,
        article.published.earliest,
        article.published.latest,
        article.language,
    )
    outcome.misread = ref != read
    return outcome
