"""Relative phrases, age banners and bounds: what dateparser reads badly or not at all.

dateparser 1.5 parses "il y a 9 ans" but not "il y a plus de neuf ans", "more than nine
years ago" or "hace nueve años" inside a line of text. Those phrases are evidence of a
different kind: "plus de neuf ans" does not date the page, it bounds it (published before
fetched_at - 9 years). The words (units, "ago" words before or after the number,
yesterday and today, number words) come from dateparser's locale data for the page's
language and the main ones (``lexicon.py``); this layer adds the qualifiers, the banners
and the arithmetic against ``fetched_at``, and returns a value only when the phrase fixes
one, otherwise earliest/latest bounds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from archiver.extract.dates.lexicon import (
    BANNER_NOUNS,
    LESS,
    MORE,
    MORE_AFTER,
    OLD,
    VAGUE,
    Vocabulary,
    languages_for,
    number_value,
    vocabulary,
    words_pattern,
)
from archiver.extract.dates.normalize import lines_with

_LEAD = re.compile(r"(?<!\w)[^\W\d]{2,6}\s+$")


@dataclass(frozen=True)
class Grammar:
    vocab: Vocabulary
    anchor: re.Pattern[str]
    banner: re.Pattern[str]
    ago: re.Pattern[str]
    ago_first: re.Pattern[str]  # the unit before the amount (sw "saa 3 iliyopita")
    day_word: re.Pattern[str]


def _number(vocab: Vocabulary, name: str) -> str:
    words = words_pattern(list(vocab.numbers))
    inflected = "|".join(p.pattern for p, _ in vocab.number_patterns)
    if inflected:
        words += rf"|(?<!\w)(?:{inflected})(?!\w)"
    return rf"(?P<{name}>(?<![\d.,:/])\d{{1,3}}(?![\d]|[.,:]\d)|{words})"


@lru_cache(maxsize=64)
def grammar(langs: tuple[str, ...]) -> Grammar:
    vocab = vocabulary(langs)
    units = words_pattern(list(vocab.units))
    more, less, vague = words_pattern(MORE), words_pattern(LESS), words_pattern(VAGUE)
    qual = rf"(?:(?P<more>{more})|(?P<less>{less})|{vague})"
    after = rf"(?:\s*(?P<after>{words_pattern(MORE_AFTER)}))?"
    fill = rf"(?:(?:{words_pattern(vocab.fillers)})\s+)?"
    # In an "ago" frame a unit may be one letter, and written against the number ("3d ago")
    glued = r"(?<![^\W\d])"
    ago_units = words_pattern([*vocab.units, *vocab.letters]).replace(r"(?<!\w)", glued)
    amount = rf"(?:{qual}\s*)?{_number(vocab, 'n')}\s*{fill}(?P<unit>{ago_units}){after}"
    ago = re.compile(
        rf"(?:(?P<pre>{words_pattern(vocab.prefixes)})\s*)?{amount}"
        rf"(?:\s*(?P<suf>{words_pattern(vocab.suffixes)}))?",
        re.I,
    )
    first_pre = words_pattern([p for p, _ in vocab.unit_first if p])
    first_suf = words_pattern([s for _, s in vocab.unit_first if s])
    ago_first = re.compile(
        rf"(?:(?P<pre>{first_pre})\s*)?(?P<unit>{units})\s*{_number(vocab, 'n')}"
        rf"(?:\s*(?P<suf>{first_suf}))?"
        if vocab.unit_first
        else "(?!)(?P<unit>)(?P<n>)",
        re.I,
    )
    # A banner names the page and its age: "Denne artikkelen er over ti år gammel".
    nouns = words_pattern(BANNER_NOUNS).replace(r"(?!\w)", "")  # stems: "artikkel(en)"
    banner = re.compile(
        rf"(?<!\w)(?:{nouns})"
        r"\w*[^\n.!?]{0,40}?"
        rf"(?:{qual}\s*{_number(vocab, 'n')}?|{_number(vocab, 'n2')})\s*(?P<unit>{units}){after}"
        rf"(?:\s+(?P<old>{words_pattern(OLD)}))?",
        re.I,
    )
    days = words_pattern(list(vocab.yesterday | vocab.today))
    pm = words_pattern(list(vocab.pm)) if vocab.pm else "(?!)"
    # "yesterday at 18:30", "i går kl. 21.15", "Вчера в 18:30", "昨天 18:30": up to two short
    # words (or a comma) between the day and the time.
    day_word = re.compile(
        rf"(?P<day>{days})(?:(?P<conn>(?:\s*,)?(?:\s*[^\W\d]{{1,5}}[.-]?){{0,2}})\s*"
        r"(?P<H>[01]?\d|2[0-3])\s*[:h.]\s*(?P<M>[0-5]\d)(?!\d)"
        rf"(?:\s*(?P<ampm>[ap]\.?\s?m\.?(?!\w)|{pm}))?)?",
        re.I,
    )
    # Every phrase holds one of these: a line without any is not read further.
    anchors = vocab.prefixes | vocab.suffixes | vocab.fused | vocab.yesterday | vocab.today
    anchors |= {w for frame in vocab.unit_first for w in frame if w}
    anchors |= {*MORE, *MORE_AFTER, *LESS, *OLD}
    anchor = re.compile(words_pattern(list(anchors)), re.I)
    return Grammar(vocab, anchor, banner, ago, ago_first, day_word)


@dataclass(frozen=True)
class Relative:
    """What a phrase says: a value (with precision) or bounds; ``kind`` tells them apart."""

    kind: str  # "banner" (age of the page) | "relative" (ago / yesterday)
    raw: str
    value: date | datetime | None
    precision: str | None
    earliest: date | datetime | None
    latest: date | datetime | None
    start: int
    needs_label: bool = False  # "yesterday" without a time: a date only after a label


def _amount(m: re.Match[str], vocab: Vocabulary) -> tuple[int, str] | None:
    g = m.groupdict()
    word = g["n"] or g.get("n2") or ""
    if not word:
        # "yli vuoden", "more than a year": a bound with no number means one unit
        number: int | None = 1 if (g.get("more") or g.get("less")) else None
    else:
        number = number_value(word, vocab)
    word = " ".join(m["unit"].casefold().split())
    unit = vocab.units.get(word) or vocab.letters.get(word)
    if number is None or unit is None:
        return None
    return number, unit


def _delta(number: int, unit: str) -> relativedelta:
    return {
        "second": relativedelta(seconds=number),
        "minute": relativedelta(minutes=number),
        "hour": relativedelta(hours=number),
        "day": relativedelta(days=number),
        "week": relativedelta(weeks=number),
        "month": relativedelta(months=number),
    }.get(unit, relativedelta(years=number))


def _from_amount(
    m: re.Match[str], kind: str, fetched_at: datetime, vocab: Vocabulary
) -> Relative | None:
    amount = _amount(m, vocab)
    if amount is None:
        return None
    number, unit = amount
    near = fetched_at - _delta(number, unit)  # the latest moment the phrase allows
    far = fetched_at - _delta(number + 1, unit)
    raw = " ".join(m.group(0).split())
    fine = unit in ("second", "minute", "hour")
    g = m.groupdict()
    if g.get("more") or g.get("after"):
        return Relative(kind, raw, None, None, None, near if fine else near.date(), m.start())
    if g.get("less"):
        return Relative(kind, raw, None, None, near if fine else near.date(), fetched_at, m.start())
    if fine:
        return Relative(kind, raw, near, unit, far, near, m.start())
    if unit == "day":
        return Relative(kind, raw, near.date(), "day", near.date(), near.date(), m.start())
    return Relative(kind, raw, None, None, far.date(), near.date(), m.start())


def _said_ago(m: re.Match[str], vocab: Vocabulary) -> bool:
    """Whether the words around the amount make it an "ago" phrase in one of the page's
    languages: "vor 3 Tagen" and "3 dage siden", not "3 Tage vor der Wahl"."""
    pre = " ".join((m["pre"] or "").casefold().split())
    suf = " ".join((m["suf"] or "").casefold().split())
    unit = " ".join(m["unit"].casefold().split())
    if m.re.groupindex["unit"] < m.re.groupindex["n"]:  # "saa 3 iliyopita": its frame only
        return bool(pre or suf) and (pre, suf) in vocab.unit_first
    frames = vocab.frames if unit in vocab.units else vocab.letter_frames
    if (pre, suf) in frames and (pre or suf):
        return True
    if pre and (pre, "") in frames or suf and ("", suf) in frames:
        return True
    return not pre and not suf and unit in vocab.fused


def find_relative(text: str, fetched_at: datetime, lang: str | None = None) -> list[Relative]:
    """Age banners, "ago" phrases and yesterday/today, resolved against ``fetched_at``, in
    the page's language and the main ones."""
    rules = grammar(languages_for(lang, text[:2000]))
    out: list[Relative] = []
    for offset, line in lines_with(rules.anchor, text):
        out += [
            Relative(
                r.kind, r.raw, r.value, r.precision, r.earliest, r.latest, r.start + offset,
                r.needs_label,
            )
            for r in _find_relative_line(line, fetched_at, rules)
        ]  # fmt: skip
    return out


def _find_relative_line(text: str, fetched_at: datetime, rules: Grammar) -> list[Relative]:
    out: list[Relative] = []
    spans: list[tuple[int, int]] = []
    vocab = rules.vocab
    for m in rules.banner.finditer(text):
        if not (m["more"] or m["less"] or m["after"] or m["old"]):
            continue  # "the article has 3 photos": a banner states an age
        found = _from_amount(m, "banner", fetched_at, vocab)
        if found:
            # the raw text starts at the demonstrative before the noun ("Cet article")
            lead = _LEAD.search(text, max(0, m.start() - 8), m.start())
            if lead is not None:
                start = lead.start()
                raw = " ".join(text[start : m.end()].split())
                found = replace(found, raw=raw, start=start)
            out.append(found)
            spans.append((found.start, m.end()))
    for m in [*rules.ago.finditer(text), *rules.ago_first.finditer(text)]:
        if any(a <= m.start() < b for a, b in spans) or not _said_ago(m, vocab):
            continue
        found = _from_amount(m, "relative", fetched_at, vocab)
        if found:
            out.append(found)
            spans.append(m.span())
    for m in rules.day_word.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        word = " ".join(m["day"].casefold().split())
        day = fetched_at.date() - timedelta(days=1 if word in vocab.yesterday else 0)
        raw = " ".join(m.group(0).split())
        if m["H"] is None:
            # "Publiceret i går": a day, but only after a label (alone it is prose)
            out.append(Relative("relative", raw, day, "day", day, day, m.start(), True))
            continue
        hour = int(m["H"])
        conn = (m["conn"] or "").casefold()
        ampm = (m["ampm"] or "").casefold()
        afternoon = ampm.startswith("p") or (ampm and ampm in vocab.pm)
        if afternoon or any(w in vocab.pm for w in re.findall(r"[^\W\d]+", conn)):
            hour = hour % 12 + 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        # Wall-clock time on the page: no offset stated, none invented.
        value = datetime(day.year, day.month, day.day, hour, int(m["M"]))
        out.append(Relative("relative", raw, value, "minute", day, day, m.start()))
    return out
