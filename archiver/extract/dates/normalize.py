"""Strings to dates: machine values (ISO 8601, RFC 2822, epochs) and dates written for people.

Why not ``dateparser.parse`` on everything: it returns None once a label precedes the date,
reads ``05/11/2015`` month-first when given several languages, accepts weekdays that
contradict the date, and costs milliseconds a call. So month and weekday names come from
dateparser's own locale data (every language it knows), the page's language picks the
numeric order, and the matching here is regular expressions, fast enough to scan a page.
Nothing here invents an offset: a time without a zone stays a naive (wall-clock) datetime.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from dateparser.languages.loader import default_loader

MAIN_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")
MONTH_KEYS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
WEEKDAY_KEYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MIN_YEAR = 1990  # before the web: a number, not a publication date


class Rejected(ValueError):
    """A date-like string that is not a usable date; the message is the reason shown."""


@dataclass(frozen=True)
class Parsed:
    """A date or datetime and how much of it the page stated."""

    value: date | datetime  # datetime: aware when the page gave a zone, naive otherwise
    precision: str  # second|minute|hour|day|month|year

    @property
    def day(self) -> date:
        return self.value.date() if isinstance(self.value, datetime) else self.value


def check_calendar(year: int, month: int, day: int) -> date:
    """``date`` with the rejection reasons people need to read in ``archiver dates``."""
    if year < MIN_YEAR:
        raise Rejected(f"year {year} is before {MIN_YEAR}")
    if year > 2200:
        raise Rejected(f"year {year} is absurd")
    if not 1 <= month <= 12:
        raise Rejected(f"month {month} does not exist")
    try:
        return date(year, month, day)
    except ValueError:
        raise Rejected(f"{day:02d}/{month:02d}/{year} does not exist") from None


# --- time zones -------------------------------------------------------------------------

_FIXED_ZONES = {
    "z": 0, "utc": 0, "gmt": 0, "wet": 0, "wez": 0,
    "bst": 60, "cet": 60, "mez": 60, "west": 60, "wesz": 60,
    "cest": 120, "mesz": 120, "eet": 120, "oez": 120, "eest": 180, "oesz": 180, "msk": 180,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360,
    "pst": -480, "pdt": -420, "jst": 540, "kst": 540, "aest": 600, "aedt": 660,
    "akst": -540, "akdt": -480, "hst": -600, "nzst": 720, "nzdt": 780, "acst": 570,
    "acdt": 630, "awst": 480, "sgt": 480, "hkt": 480, "pkt": 300, "sast": 120, "wib": 420,
    "wita": 480, "мск": 180, "seč": 60, "selč": 120,
    # Canadian French: heure normale / avancée de l'Est, du Centre, des Rocheuses, du
    # Pacifique, de l'Atlantique, de Terre-Neuve
    "hne": -300, "hae": -240, "hnc": -360, "hac": -300, "hnr": -420, "har": -360,
    "hnp": -480, "hap": -420, "hna": -240, "haa": -180, "hnt": -210,
}  # fmt: skip
# Zones named without their season: the date decides the offset (given, not invented).
_REGION_ZONES = {
    "et": "America/New_York",
    "ct": "America/Chicago",
    "mt": "America/Denver",
    "pt": "America/Los_Angeles",
}
ZONE_PATTERN = (
    r"(?P<zone>[+-]\d{2}:?\d{2}\b|Z\b|(?:UTC|GMT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|"
    + "|".join(sorted((k.upper() for k in _FIXED_ZONES if k != "z"), key=len, reverse=True))
    + r"|ET|CT|MT|PT)"
)


def zone_for(name: str, day: date, wall: tuple[int, int]) -> tzinfo | None:
    """The offset a zone name or ``+01:00`` gives on that day; None if not a zone we know."""
    key = name.strip().lower()
    if key in _FIXED_ZONES:
        return timezone(timedelta(minutes=_FIXED_ZONES[key]))
    if key in _REGION_ZONES:
        local = datetime(day.year, day.month, day.day, *wall, tzinfo=ZoneInfo(_REGION_ZONES[key]))
        offset = local.utcoffset()
        return timezone(offset) if offset is not None else None
    m = re.fullmatch(r"(?:utc|gmt)?\s?([+-])(\d{1,2}):?(\d{2})?", key)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        if minutes > 14 * 60:
            return None
        return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))
    return None


# --- machine values ---------------------------------------------------------------------

_ISO = re.compile(
    r"(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{1,2})(?:[.,:]\d+)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?",
    re.I,
)


def parse_machine(raw: str) -> Parsed:
    """A value from JSON-LD, a meta tag or ``datetime=``; raise Rejected with the reason."""
    text = raw.strip()
    if not text:
        raise Rejected("empty value")
    if re.fullmatch(r"1\d{9}", text):
        return Parsed(datetime.fromtimestamp(int(text), UTC), "second")
    if re.fullmatch(r"1\d{12}", text):  # milliseconds since 1970, as JavaScript writes them
        return Parsed(datetime.fromtimestamp(int(text) // 1000, UTC), "second")
    if re.fullmatch(r"\d{12,14}", text) and not re.fullmatch(r"(19|20)\d{6}(\d{4,6})?", text):
        raise Rejected("a 12- to 14-digit number that is no epoch and no date")
    m = _ISO.match(text)
    if m and (m.end() == len(text) or not text[m.end()].isdigit()):
        day = check_calendar(int(m["y"]), int(m["m"]), int(m["d"]))
        if m["H"] is None:
            return Parsed(day, "day")
        hour, minute, second = int(m["H"]), int(m["M"]), int(m["S"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise Rejected(f"time {hour}:{minute:02d} does not exist")
        moment = datetime(day.year, day.month, day.day, hour, minute, second)
        if m["zone"]:
            zone = zone_for(m["zone"], day, (hour, minute))
            if zone is None:
                raise Rejected(f"offset {m['zone']} does not exist")
            moment = moment.replace(tzinfo=zone)
        return Parsed(moment, "second" if m["S"] else "minute")
    if re.match(r"[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            raise Rejected("malformed RFC 2822 date") from None
        check_calendar(moment.year, moment.month, moment.day)
        return Parsed(moment, "second")
    for found in find_dates(text, None):
        if found.parsed is None:
            raise Rejected(found.reason or "not a date")
        return found.parsed
    raise Rejected("not a date")


# --- dates written for people -----------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A date found in text, with where it was (to look for labels in front of it).

    ``parsed`` is None for a date-shaped string that is not a date; ``reason`` says why."""

    parsed: Parsed | None
    start: int
    end: int
    raw: str
    reason: str | None = None


@dataclass(frozen=True)
class YearLess:
    """ "mardi 17 novembre": a day and month, maybe a weekday, the year left to resolution."""

    month: int
    day: int
    weekday: int | None
    start: int
    end: int


@dataclass(frozen=True)
class Names:
    months: dict[str, int]
    weekdays: dict[str, int]
    order: str  # DMY | MDY | YMD for numeric dates


# Codes the language detector gives that dateparser spells otherwise.
LOCALE_ALIASES = {"no": "nb", "zh-cn": "zh", "zh-tw": "zh-Hant", "iw": "he", "tl": "fil"}


def locale_info(lang: str) -> dict[str, Any] | None:
    """dateparser's data for a language code (``None`` if it has none)."""
    try:
        return default_loader.get_locale(LOCALE_ALIASES.get(lang.lower(), lang)).info
    except (KeyError, ValueError):
        return None


_locale_info = locale_info


def _fold(word: str) -> str:
    return word.casefold().rstrip(".")


@lru_cache(maxsize=64)
def names_for(lang: str | None) -> Names:
    """Month and weekday names of the page's language first, then of the main languages."""
    langs = [lang] if lang else []
    langs += [x for x in MAIN_LANGUAGES if x != lang]
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    order = "DMY"  # unknown language: most of the world writes the day first
    for i, code in enumerate(langs):
        info = _locale_info(code)
        if info is None:
            continue
        if i == 0 and lang:
            order = str(info.get("date_order", "DMY"))
        for n, key in enumerate(MONTH_KEYS, 1):
            for name in info.get(key, []):
                if len(_fold(name)) >= 3 or not name.isascii():
                    months.setdefault(_fold(name), n)
        for n, key in enumerate(WEEKDAY_KEYS):
            for name in info.get(key, []):
                if len(_fold(name)) >= 3:
                    weekdays.setdefault(_fold(name), n)
    months.update({"sept": 9, "sep": 9})
    return Names(months, weekdays, order)


def _alternation(words: dict[str, int]) -> str:
    """The words as one pattern that tries the longest first, written as a trie.

    A flat alternation of a few hundred names is entered name by name at every offset
    (under IGNORECASE the regex engine cannot skip one on its first letter), which made it
    most of the cost of reading dates; the trie matches the same text the same way. Only
    if two sibling letters could match the same character, where the trie's order could
    differ from the flat one, is the flat alternation kept."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    if _ambiguous(trie):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    if "" in node:  # greedy: the longer words through this node are tried first
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _ambiguous(node: dict[str, Any]) -> bool:
    letters = [ch for ch in node if ch]
    for i, a in enumerate(letters):
        for b in letters[i + 1 :]:
            if re.fullmatch(re.escape(a), b, re.I) or re.fullmatch(re.escape(b), a, re.I):
                return True
    return any(_ambiguous(child) for child in node.values())


_TIME = (
    r"(?:\s*(?:,|\.|-|–|—|\||/|à|a las|a la|às|um|at|alle|ore|om|kl\.?|klo|kello|pukul|saat|"
    r"lúc|στις|a les|la|ob|ve|v|u|o|в|о)?\s*(?P<half>오후|下午|午後|晚上|오전|上午|午前)?\s*"
    r"(?P<H>[01]?\d|2[0-3])\s*(?:[:h時时点시]|\.(?=\d\d(?:\s*Uhr|(?![\d.,]))))\s*"
    r"(?P<M>[0-5]\d|\d(?=\s*[分분]))?(?::(?P<S>[0-5]\d))?(?:\s*[分분])?"
    r"(?!\d)\s*(?P<ampm>[ap]\.?\s?m\.?(?![a-z]))?\s*(?:Uhr|h\b)?\s*(?:\(?"
    + ZONE_PATTERN
    + r"\)?)?)?"
)


# "Mittwoch, dem 3. März", "onsdag den 3. mars", "mercredi le 3 mars": a short article
# between the weekday and the day.
_ARTICLE = r"(?:[^\W\d]{1,3}\s+)?"


@lru_cache(maxsize=64)
def _patterns(lang: str | None) -> tuple[Names, re.Pattern[str], re.Pattern[str]]:
    names = names_for(lang)
    month = _alternation(names.months)
    weekday = _alternation(names.weekdays)
    d = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|°|\.)?"
    # "2024 mars 3", "2024 三月 3": a language that writes the year first (its date_order)
    # may set the year off by a space alone
    ymd_space = r"|(?=\s)" if names.order == "YMD" else ""
    dated = (
        # numeric: 17.11.2015, 17/11/2015, 2015-11-17, 2015/11/17
        r"(?<![\d.,/:-])(?:(?P<n1>\d{1,2})(?P<sep>[./-])\s?(?P<n2>\d{1,2})(?P=sep)\s?"
        r"(?P<ny>(?:19|20)\d{2})(?!\d)"
        r"|(?P<iy>(?:19|20)\d{2})(?P<isep>[./-])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?!\d)"
        # mardi 17 novembre 2015, 17. November 2015, 17 de noviembre de 2015
        rf"|(?:(?P<wd>{weekday})\.?,?\s+{_ARTICLE})?{d}\s*(?:de\s+)?(?P<mon>{month})\.?,?\s*"
        r"(?:de\s+|del\s+)?(?P<y>(?:19|20)\d{2})(?!\d)"
        # Tuesday, November 17, 2015 / Nov. 17th 2015
        rf"|(?:(?P<wd2>{weekday})\.?,?\s+)?(?P<mon2>{month})\.?\s+(?P<d2>[0-3]?\d)"
        r"(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d{2})(?!\d)"
        # year first with a month name: 2015. november 17. (hu), 2015 m. lapkričio 17 d. (lt),
        # 2015. gada 17. novembris (lv), 2015 november 17 (sv)
        rf"|(?P<yy>(?:19|20)\d{{2}})(?:\.|\s+m\.|\.?\s+évi{ymd_space})\s*(?P<ymon>{month})\.?\s+"
        r"(?P<yd>[0-3]?\d)(?!\d)(?:\.|\s*d\.)?"
        rf"|(?P<gy>(?:19|20)\d{{2}})\.?\s+gada\s+(?P<gd>[0-3]?\d)\.\s*(?P<gmon>{month})"
        # 2015年11月17日
        r"|(?P<cy>(?:19|20)\d{2})\s*[年년]\s*(?P<cm>\d{1,2})\s*[月월]\s*(?P<cd>\d{1,2})\s*[日일]"
        r"(?:\s*[(（][^\s()（）]{1,3}[)）])?)"
    )
    full = re.compile(dated + _TIME, re.I)
    yearless = re.compile(
        rf"(?<![\w.])(?:(?P<wd>{weekday})\.?,?\s+{_ARTICLE})(?P<d>[0-3]?\d)(?:er|\.)?\s*(?:de\s+)?"
        rf"(?P<mon>{month})\b(?!\.?,?\s*(?:de\s+)?\d)",
        re.I,
    )
    return names, full, yearless


def _numeric(names: Names, a: int, b: int, sep: str, region_dmy: bool | None) -> tuple[int, int]:
    """(month, day) of ``a/b/year``: forced when one side is over 12, else by locale;
    dotted dates (17.11.2015) are day-first everywhere."""
    if a > 12:
        return b, a
    if b > 12:
        return a, b
    month_first = names.order == "MDY" and not region_dmy and sep != "."
    return (a, b) if month_first else (b, a)


_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:19|20)\d{2}(?!\d)")
BEFORE, AFTER = 60, 50  # a weekday and a day before the year, a time and zone after it


def find_dates(
    text: str, lang: str | None, *, region_dmy: bool | None = None, limit: int = 400
) -> list[Found]:
    """Every full date (with its time and zone when written next to it) in ``text``.

    The big pattern only runs in a window around each year: scanning whole pages with an
    alternation of every month name costs tens of milliseconds, this one or two. Within the
    window it is tried at each offset up to the year, as ``finditer`` would, but stops there:
    a match starting after the year cannot hold it."""
    names, full, _ = _patterns(lang)
    match = full.match
    out: list[Found] = []
    done = -1
    for n, year in enumerate(_YEAR.finditer(text)):
        if n >= limit:
            break
        at = year.start()
        if at < done:
            continue
        pos, end = max(0, at - BEFORE, done), year.end() + AFTER
        while pos <= at:
            m = match(text, pos, end)
            if m is None:
                pos += 1
                continue
            if m.end() <= at:
                pos = m.end()  # a date before this year's: go on after it, as finditer does
                continue
            start = m.start()
            try:
                parsed = _build(m, names, region_dmy)
                if parsed.precision == "day":
                    before = _time_before(text, start, parsed.day)
                    if before is not None:
                        parsed, start = before
                found = Found(parsed, start, m.end(), " ".join(text[start : m.end()].split()))
            except Rejected as exc:
                found = Found(None, start, m.end(), " ".join(m.group(0).split()), str(exc))
            out.append(found)
            done = m.end()
            break
    return out


# "9:04 AM EDT, Mon May 26, 2025": a time written before its date, on the same line.
_TIME_BEFORE = re.compile(
    r"(?<![\d:.])(?P<H>[01]?\d|2[0-3])\s*[:h]\s*(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?(?![a-z]))?\s*(?:Uhr|h\b)?\s*(?:\(?" + ZONE_PATTERN + r"\)?)?"
    r"\s*[,|·•–—-]?\s*(?:[^\W\d]{1,3}\s+)?$",  # "14:30 Uhr am 3. März", "9 h 04 HNE le 26 mai"
    re.I,
)


def _time_before(text: str, start: int, day: date) -> tuple[Parsed, int] | None:
    window_start = max(0, start - 40, text.rfind("\n", 0, start) + 1)
    m = _TIME_BEFORE.search(text, window_start, start)
    if m is None:
        return None
    moment = _moment(day, m)
    if moment is None:
        return None
    return Parsed(moment, "second" if m["S"] else "minute"), m.start()


_AFTERNOON = {"오후", "下午", "午後", "晚上"}  # written before the time, as "p.m." is after it


def _moment(day: date, g: re.Match[str]) -> datetime | None:
    """The wall-clock time (with its zone, when one is named) of a matched time."""
    hour, minute = int(g["H"]), int(g["M"] or 0)
    half = g.groupdict().get("half")
    if g["ampm"] or half:
        if hour > 12:
            return None
        afternoon = half in _AFTERNOON if half else g["ampm"].lower().startswith("p")
        hour = hour % 12 + (12 if afternoon else 0)
    moment = datetime(day.year, day.month, day.day, hour, minute, int(g["S"] or 0))
    if g["zone"]:
        zone = zone_for(g["zone"], day, (hour, minute))
        if zone is not None:
            moment = moment.replace(tzinfo=zone)
    return moment


def _build(m: re.Match[str], names: Names, region_dmy: bool | None) -> Parsed:
    g = m.groupdict()
    if g["n1"]:
        year = int(g["ny"])
        month, dd = _numeric(names, int(g["n1"]), int(g["n2"]), g["sep"], region_dmy)
    elif g["iy"]:
        year, month, dd = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g["cy"]:
        year, month, dd = int(g["cy"]), int(g["cm"]), int(g["cd"])
    elif g["yy"]:
        year, month, dd = int(g["yy"]), names.months[_fold(g["ymon"])], int(g["yd"])
    elif g["gy"]:
        year, month, dd = int(g["gy"]), names.months[_fold(g["gmon"])], int(g["gd"])
    elif g["mon2"]:
        year, month, dd = int(g["y2"]), names.months[_fold(g["mon2"])], int(g["d2"])
    else:
        year, month, dd = int(g["y"]), names.months[_fold(g["mon"])], int(g["d"])
    day = check_calendar(year, month, dd)
    weekday = g["wd"] or g["wd2"]
    if weekday and names.weekdays.get(_fold(weekday)) not in (None, day.weekday()):
        raise Rejected(f"weekday {weekday} contradicts {day.isoformat()}")
    if g["H"] is None or (g["M"] is None and not g["ampm"] and not g["half"]):
        return Parsed(day, "day")
    moment = _moment(day, m)
    if moment is None:
        return Parsed(day, "day")
    return Parsed(moment, "second" if g["S"] else "minute")


def find_yearless(text: str, lang: str | None) -> list[YearLess]:
    """Dates with a weekday but no year ("Ce mardi 17 novembre"), for resolution to place."""
    names, _, pattern = _patterns(lang)
    out: list[YearLess] = []
    for offset, line in lines_with(_DIGIT, text):
        out += _yearless_line(line, offset, names, pattern)
    return out


def lines_with(anchor: re.Pattern[str], text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line of ``text`` where ``anchor`` (which never spans a line
    break) matches: one scan of the text rather than one search per line."""
    after = -1  # end of the last line given
    for m in anchor.finditer(text):
        if m.start() <= after:
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        after = text.find("\n", m.start())
        if after < 0:
            after = len(text)
        yield start, text[start:after]


def _yearless_line(
    text: str, offset: int, names: Names, pattern: re.Pattern[str]
) -> list[YearLess]:
    out: list[YearLess] = []
    for m in pattern.finditer(text):
        month = names.months[_fold(m["mon"])]
        dd = int(m["d"])
        if not 1 <= dd <= 31:
            continue
        weekday = names.weekdays.get(_fold(m["wd"])) if m["wd"] else None
        out.append(YearLess(month, dd, weekday, m.start() + offset, m.end() + offset))
    return out
