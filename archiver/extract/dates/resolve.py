"""From signals to (published, modified): the rules of ``docs/dates.md``, in code.

Every rule that overrules a signal says so in ``notes`` and every signal set aside gets a
``rejected`` reason, so ``archiver dates`` can show why a page got its date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from archiver.extract.article import DateValue
from archiver.extract.dates.evidence import (
    MODIFIED,
    PUBLISHED,
    TEXT,
    TEXT_DATE_ELEMENT,
    TEXT_LABEL,
    UNKNOWN,
    URL,
    URL_STATUS_ID,
    Signal,
    Tier,
)
from archiver.extract.dates.normalize import Parsed
from archiver.extract.dates.weights import weight

# Sources a reader sees as local time: they settle which day a UTC stamp belongs to.
LOCAL_SOURCES = (URL, TEXT_LABEL, TEXT_DATE_ELEMENT, "itemprop:datePublished")
MAX_OFFSET = timedelta(hours=14)


@dataclass
class Resolution:
    published: DateValue
    modified: DateValue
    signals: list[Signal]
    notes: list[str] = field(default_factory=list)


def iso(value: date | datetime, precision: str) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if precision == "month":
        return value.strftime("%Y-%m")
    if precision == "year":
        return value.strftime("%Y")
    return value.isoformat()


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _as_day(bound: date | datetime | None) -> date | None:
    return None if bound is None else _day(bound)


def screen(signals: Iterable[Signal], fetched_at: datetime) -> None:
    """Reject what cannot be true at capture time: dates after ``fetched_at``."""
    today = fetched_at.date()
    for s in signals:
        if s.rejected or s.parsed is None:
            continue
        v = s.parsed.value
        if isinstance(v, datetime) and v.tzinfo is not None:
            if v > fetched_at + timedelta(hours=1):
                s.rejected = f"after fetched_at ({fetched_at.isoformat()})"
        elif _day(v) > today + timedelta(days=1):
            s.rejected = f"after fetched_at ({fetched_at.isoformat()})"


def settled_by_markup(signals: list[Signal], fetched_at: datetime) -> bool:
    """Whether the machine-readable signals already decide the publication date, so the
    page text (the costly part) need not be read: the best structured date has a time and
    an offset, and either the URL shows the same day or the offset is not UTC (a UTC stamp
    may need the page's local day)."""
    screen(signals, fetched_at)
    best = [s for s in _usable(signals, (PUBLISHED,)) if s.tier == Tier.STRUCTURED]
    if not best or best[0].parsed is None:
        return False
    moment = best[0].parsed.value
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        return False
    url = [s for s in signals if s.source == URL and s.parsed and s.parsed.precision == "day"]
    if url and url[0].parsed is not None:
        return moment.date() == url[0].parsed.value
    return moment.utcoffset() != timedelta(0)


def _usable(signals: Iterable[Signal], roles: tuple[str, ...]) -> list[Signal]:
    return [s for s in signals if s.role in roles and s.parsed is not None and not s.rejected]


# A month- or year-only value ranks after any day-level body date (MARKUP + 4 > PROSE).
COARSE_SHIFT = 4


def _rank(s: Signal) -> int:
    """The tier, shifted for a month- or year-only value."""
    assert s.parsed is not None
    return s.tier + (COARSE_SHIFT if s.parsed.precision in ("month", "year") else 0)


def _value(s: Signal, *, source: str | None = None, parsed: Parsed | None = None) -> DateValue:
    p = parsed or s.parsed
    assert p is not None
    if p.precision in ("month", "year"):
        # Not a date: the record's value is a date or datetime, coarser knowledge is a range.
        first = _day(p.value)
        if p.precision == "month":
            last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        else:
            last = first.replace(month=12, day=31)
        return DateValue(
            raw=s.raw,
            precision=p.precision,
            source=source or s.source,
            earliest=first.isoformat(),
            latest=last.isoformat(),
        )
    return DateValue(
        value=iso(p.value, p.precision), raw=s.raw, precision=p.precision, source=source or s.source
    )


def _local_offset(utc_moment: datetime, local_day: date) -> bool:
    """Whether some real offset (-12h..+14h) puts this instant on ``local_day``."""
    u = utc_moment.astimezone(UTC).replace(tzinfo=None)
    return (u - timedelta(hours=12)).date() <= local_day <= (u + MAX_OFFSET).date()


# Instants whose visible dates are rendered for the viewer (a status page shows the capturing
# browser's day), so the page's text is no witness of a publisher's local day.
VIEWER_LOCAL_SOURCES = frozenset({URL_STATUS_ID})


def _settle_zone(win: Signal, pool: list[Signal], notes: list[str]) -> DateValue | None:
    """A stamp with an offset whose day the URL (or, failing a URL date, every labelled local
    date) contradicts by one day: the stamp is UTC (or another zone) and readers saw the
    local day. A wall-clock time on that day, where there is one, gives the offset."""
    assert win.parsed is not None
    moment = win.parsed.value
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        return None
    if win.source in VIEWER_LOCAL_SOURCES:
        # The page renders this instant in the reader's zone, not a publisher's.
        return None
    if moment.utcoffset() == timedelta(0):
        same = _same_instant_in_local_time(win, moment, pool, notes)
        if same is not None:
            return same
    local = _local_day_signals(win, pool)
    days = {_day(s.parsed.value) for s in local if s.parsed}
    if len(days) != 1 or moment.date() in days:
        return None
    return _to_local_day(win, moment, days.pop(), local, pool, notes)


def _same_instant_in_local_time(
    win: Signal, moment: datetime, pool: list[Signal], notes: list[str]
) -> DateValue | None:
    """A UTC stamp that another signal gives as the same instant with a local offset."""
    assert win.parsed is not None
    for s in pool:
        other = s.parsed.value if s.parsed else None
        if (
            isinstance(other, datetime)
            and other.tzinfo is not None
            and other.utcoffset() != timedelta(0)
            and abs((other - moment).total_seconds()) < 60
        ):
            notes.append(f"{win.source} is UTC; {s.source} gives the same instant in local time")
            return _value(win, parsed=Parsed(moment.astimezone(other.tzinfo), win.parsed.precision))
    return None


def _local_day_signals(win: Signal, pool: list[Signal]) -> list[Signal]:
    """The day readers saw: the URL's, else every labelled local publication date."""
    url = [s for s in pool if s.source == URL and s.parsed and s.parsed.precision == "day"]
    if url:
        return url
    return [
        s
        for s in pool
        if s.source in LOCAL_SOURCES
        and s.role == PUBLISHED
        and s.tier <= Tier.LABELLED
        and s is not win
        and s.parsed
    ]


def _to_local_day(
    win: Signal,
    moment: datetime,
    target: date,
    local: list[Signal],
    pool: list[Signal],
    notes: list[str],
) -> DateValue | None:
    """The stamp moved to the local day one day off: to the offset a wall-clock time on that
    day implies, else to the local day alone."""
    assert win.parsed is not None
    walls = [
        s
        for s in pool
        if s.parsed
        and isinstance(s.parsed.value, datetime)
        and s.parsed.value.tzinfo is None
        and s.parsed.value.date() == target
    ]
    for s in walls + local:
        assert s.parsed is not None
        other = s.parsed.value
        if abs((_day(other) - moment.date()).days) != 1 or not _local_offset(moment, _day(other)):
            continue
        if isinstance(other, datetime) and other.tzinfo is None:
            # A wall-clock time on the page gives the offset: derived, not invented.
            shift = (other - moment.astimezone(UTC).replace(tzinfo=None)).total_seconds() / 60
            minutes = round(shift / 15) * 15  # offsets are whole quarter hours
            if abs(shift - minutes) < 2 and abs(minutes) <= 14 * 60:
                zone = timezone(timedelta(minutes=minutes))
                notes.append(f"offset {zone} read from {s.source} {s.raw!r}")
                local_moment = moment.astimezone(zone)
                return _value(win, parsed=Parsed(local_moment, win.parsed.precision))
        notes.append(
            f"{win.source} {win.raw!r} falls on {moment.date()} in its own offset; "
            f"{s.source} shows {_day(other)}: the local day wins"
        )
        return _value(s, parsed=Parsed(_day(other), "day"))
    return None


def _naive(s: Signal) -> bool:
    v = s.parsed.value if s.parsed else None
    return not (isinstance(v, datetime) and v.tzinfo is not None)


def _with_time(win: Signal, pool: list[Signal], notes: list[str]) -> DateValue:
    """A day-level winner borrows the time of another signal on the same day; a wall-clock
    winner gives way to a stamp with an offset showing the same moment (a byline's "3:48"
    may be 15:48 on a 12-hour clock whose "p.m." sits elsewhere)."""
    assert win.parsed is not None
    v = win.parsed.value
    if isinstance(v, datetime) and v.tzinfo is None:
        for s in pool:
            w = s.parsed.value if s.parsed else None
            if (
                isinstance(w, datetime)
                and w.tzinfo is not None
                and w.date() == v.date()
                and (w.hour % 12, w.minute) == (v.hour % 12, v.minute)
            ):
                notes.append(f"{win.source} {win.raw!r} is the moment {s.source} stamps")
                return _value(s)
        return _value(win)
    if win.parsed.precision not in ("day",):
        return _value(win)
    day = _day(win.parsed.value)
    timed = [
        s
        for s in pool
        if s.parsed and isinstance(s.parsed.value, datetime) and _day(s.parsed.value) == day
    ]
    if not timed:
        return _value(win)
    best = min(timed, key=lambda s: (_naive(s), s.tier))
    notes.append(f"{win.source} day confirmed, time from {best.source}")
    return _value(best)


def _url_check(win: Signal, pool: list[Signal], notes: list[str]) -> Signal:
    """The URL date is written once, at publication: a stamp days later is an update, and a
    stamp days earlier belongs to something else on the page (a comment, a teaser)."""
    url = next((s for s in pool if s.source == URL and s.parsed), None)
    if url is None or url is win or url.parsed is None or win.parsed is None:
        return win
    if url.parsed.precision != "day":
        return win
    gap = (_day(win.parsed.value) - url.parsed.value).days
    if abs(gap) > 1:
        same = [s for s in pool if s.parsed and _day(s.parsed.value) == url.parsed.value]
        chosen = min(same, key=_rank)
        notes.append(
            f"{win.source} {win.raw!r} is {gap:+} days off the URL date: {chosen.source} wins"
        )
        win.rejected = f"{gap:+} days off the URL date {url.parsed.value}"
        return chosen
    return win


def _bounds(signals: list[Signal]) -> tuple[date | None, date | None, list[Signal]]:
    used = [s for s in signals if not s.rejected and (s.earliest or s.latest)]
    lows = [d for s in used if (d := _as_day(s.earliest)) is not None]
    highs = [d for s in used if (d := _as_day(s.latest)) is not None]
    return (max(lows) if lows else None), (min(highs) if highs else None), used


def _place_yearless(
    signals: list[Signal], low: date | None, high: date | None, fetched_day: date
) -> tuple[Signal, date] | None:
    """The most recent year in the bounds where the day exists and the weekday matches.

    Without a latest bound, a year-less date reads as the last twelve months: only its
    most recent occurrence before fetched_at is tried, and its weekday must match."""
    top = high or fetched_day
    for s in signals:
        yl = s.yearless
        if yl is None or s.rejected:
            continue
        if yl.weekday is None and high is None:
            continue  # neither weekday nor bound: any year would be a guess
        years = range(top.year, top.year - 30, -1) if high else range(top.year, top.year - 2, -1)
        for year in years:
            try:
                candidate = date(year, yl.month, yl.day)
            except ValueError:
                continue
            if candidate > top or (low and candidate < low):
                continue
            if yl.weekday is not None and candidate.weekday() != yl.weekday:
                if high is None:
                    break  # the recent occurrence has another weekday: no guess
                continue
            return s, candidate
    return None


def resolve(signals: list[Signal], fetched_at: datetime) -> Resolution:
    screen(signals, fetched_at)
    notes: list[str] = []
    published = _resolve_published(signals, fetched_at, notes)
    modified = _resolve_modified(signals, published, notes)
    return Resolution(published, modified, signals, notes)


def _instant(s: Signal) -> datetime:
    """For ordering only: aware values as UTC, naive ones and days as if in UTC."""
    assert s.parsed is not None
    v = s.parsed.value
    if not isinstance(v, datetime):
        return datetime(v.year, v.month, v.day, tzinfo=UTC)
    return v.astimezone(UTC) if v.tzinfo else v.replace(tzinfo=UTC)


def _wall(s: Signal) -> tuple[int, ...] | None:
    v = s.parsed.value if s.parsed else None
    return (v.year, v.month, v.day, v.hour, v.minute) if isinstance(v, datetime) else None


def _mislabelled_utc(s: Signal, others: list[Signal]) -> bool:
    """A "+00:00" stamp whose wall clock another stamp gives with a real offset: the
    CMS appended UTC to a local time."""
    v = s.parsed.value if s.parsed else None
    if not isinstance(v, datetime) or v.utcoffset() != timedelta(0):
        return False
    return any(
        o.parsed is not None
        and isinstance(o.parsed.value, datetime)
        and o.parsed.value.utcoffset() not in (None, timedelta(0))
        and _wall(o) == _wall(s)
        for o in others
    )


def _agree(a: Signal, b: Signal) -> bool:
    """Whether two signals state the same publication: the same instant, the same wall-clock
    minute, or (where one gives only a day) the same day as written."""
    assert a.parsed is not None and b.parsed is not None
    v, w = a.parsed.value, b.parsed.value
    if isinstance(v, datetime) and isinstance(w, datetime):
        if v.tzinfo is not None and w.tzinfo is not None:
            return abs((v - w).total_seconds()) < 60
        return (v.date(), v.hour, v.minute) == (w.date(), w.hour, w.minute)
    return _day(v) == _day(w)


def _same_moment(a: Signal, b: Signal) -> bool:
    """Whether two stamps state one moment: they agree, or one is the other's instant as a
    local wall clock ("2019-11-18 20:58:46" beside "2019-11-19T04:58:46Z"): to the second,
    at a real offset (whole quarter hours, at most 14 hours)."""
    if a is b or _agree(a, b):
        return True
    assert a.parsed is not None and b.parsed is not None
    v, w = a.parsed.value, b.parsed.value
    if not (isinstance(v, datetime) and isinstance(w, datetime)):
        return False
    if (v.tzinfo is None) == (w.tzinfo is None):
        return False
    if a.parsed.precision != "second" or b.parsed.precision != "second":
        return False
    wall, aware = (v, w) if v.tzinfo is None else (w, v)
    shift = (wall - aware.astimezone(UTC).replace(tzinfo=None)).total_seconds()
    return abs(shift) <= MAX_OFFSET.total_seconds() and shift % 900 == 0


def _evidence(s: Signal, pool: list[Signal]) -> tuple[float, list[str]]:
    """The weight of the signals below the stamps that state what ``s`` states: each kind
    counts with the log-odds of its being right on the look part (``weights.py``). Other
    stamps are left out: the CMS writes one value into several tags, so they echo each
    other rather than confirm; which is right is what the rest of the page tells."""
    kinds: dict[str, float] = {}
    for o in pool:
        if o.parsed is not None and o.tier > Tier.STRUCTURED and _agree(s, o):
            kinds.setdefault(o.kind, weight(o.kind))  # one vote per kind
    return sum(kinds.values()), sorted(kinds, key=lambda k: -kinds[k])


def _pick(pool: list[Signal], notes: list[str], updates: Sequence[Signal] = ()) -> Signal:
    """The most trusted signal; among unlabelled body dates, the day the page repeats most."""
    best = min(_rank(s) for s in pool)
    top = [s for s in pool if _rank(s) == best]
    if best == 0 and any(not _same_moment(a, b) for a in top for b in top):
        # Publication stamps that disagree: the evidence decides (every signal below them
        # stating the same moment or day, weighed by how often such signals are right); on
        # a tie, the earlier release (the later is often a local time mislabelled as UTC,
        # or a re-publication).
        top = [s for s in top if not _mislabelled_utc(s, top)]
        # A stamp later than another and equal to the update stamp was rewritten at the
        # update: what the page shows of that moment shows the update.
        first = min(_instant(s) for s in top)
        restamped = {
            id(s) for s in top if _instant(s) > first and any(_agree(s, u) for u in updates)
        }
        scored = {id(s): _evidence(s, pool) for s in top}
        win = min(
            top,
            key=lambda s: (id(s) in restamped, -round(scored[id(s)][0], 6), _instant(s)),
        )
        if len({_instant(s) for s in top}) > 1:
            parts = [
                f"{s.source} {s.raw!r} {scored[id(s)][0]:.1f} ({', '.join(scored[id(s)][1])})"
                for s in sorted(top, key=lambda s: -scored[id(s)][0])
            ]
            if restamped and len(restamped) < len(top):
                parts.append("a stamp equal to the update stamp comes last")
            notes.append(f"publication stamps disagree; evidence: {'; '.join(parts)}")
        return win
    if best == 0:
        # One moment, written with an offset and as a local wall clock: the offset's form
        return next((s for s in top if not _naive(s)), top[0])
    if best >= 4 and any(s.in_article for s in top):
        top = [s for s in top if s.in_article]  # the article's own dates before the page's
    if top[0].source != TEXT:
        return top[0]
    counts = Counter(_day(s.parsed.value) for s in top if s.parsed)
    return max(top, key=lambda s: counts[_day(s.parsed.value)] if s.parsed else 0)


def _update_bound(signals: list[Signal], pool: list[Signal], notes: list[str]) -> None:
    """A page updated on day U was published on or before U: weak dates after U are not it.
    And when the page labels its update but offers nothing better than prose dates for
    its publication, those tell of events: the update only bounds the publication."""
    updates = [
        s
        for s in _usable(signals, (MODIFIED,))
        if s.parsed and s.tier <= Tier.LABELLED and s.parsed.precision not in ("month", "year")
    ]
    if not updates:
        return
    # The latest update: a page can say "as of" about its figures.
    last = max(updates, key=_instant)
    assert last.parsed is not None
    bound = _day(last.parsed.value)
    if isinstance(last.parsed.value, datetime) and last.parsed.value.utcoffset() == timedelta(0):
        bound += timedelta(days=1)  # a UTC stamp may fall on the local day before
    prose_only = all(s.tier >= Tier.PROSE for s in pool)
    for s in pool:
        if s.tier >= Tier.WEAK and s.parsed and _day(s.parsed.value) > bound:
            s.rejected = f"after the page's update date {bound}"
        elif prose_only and s.tier >= Tier.PROSE and any(u.source == TEXT_LABEL for u in updates):
            s.rejected = "a prose date on a page whose only stated date is its update"


def _url_month_bound(pool: list[Signal]) -> None:
    """A /2018/08/ permalink was made in August 2018: weak dates outside it are not it."""
    month = next(
        (s for s in pool if s.source == URL and s.parsed and s.parsed.precision == "month"),
        None,
    )
    if month is None or month.parsed is None:
        return
    first = _day(month.parsed.value)
    for s in pool:
        if s.tier < Tier.WEAK or s.parsed is None or s is month:
            continue
        day = _day(s.parsed.value)
        if (day.year, day.month) != (first.year, first.month):
            s.rejected = f"outside the URL month {first:%Y-%m}"


# How far before a re-stamped publication date the page's own shown date may lie.
RESTAMP_DAYS = 3
_SHOWN_SOURCES = (TEXT_DATE_ELEMENT, TEXT_LABEL)


def _restamped(win: Signal, signals: list[Signal], pool: list[Signal], notes: list[str]) -> Signal:
    """A publication stamp equal to the page's modification stamp was written at the last
    update, not at publication: a date the page shows in its own date element or after a
    label, a few days earlier, is the first release."""
    value = win.parsed.value if win.parsed else None
    if not isinstance(value, datetime) or value.tzinfo is None or win.tier > Tier.MARKUP:
        return win
    same = [
        s
        for s in signals
        if s.role == MODIFIED
        and s.parsed
        and isinstance(s.parsed.value, datetime)
        and s.parsed.value.tzinfo is not None
        and abs((s.parsed.value - value).total_seconds()) < 60
    ]
    if not same:
        return win
    earlier = [
        s
        for s in pool
        if s.source in _SHOWN_SOURCES
        and s.tier <= Tier.WEAK
        and s.parsed
        and 1 <= (_day(value) - _day(s.parsed.value)).days <= RESTAMP_DAYS
    ]
    if not earlier:
        return win
    shown = min(earlier, key=_rank)
    notes.append(
        f"{win.source} equals {same[0].source} (a re-stamp at the update); "
        f"{shown.source} {shown.raw!r} shows the first release"
    )
    return shown


def _resolve_published(signals: list[Signal], fetched_at: datetime, notes: list[str]) -> DateValue:
    pool = _usable(signals, (PUBLISHED, UNKNOWN))
    _update_bound(signals, pool, notes)
    _url_month_bound(pool)
    pool = [s for s in pool if not s.rejected]
    low, high, bound_signals = _bounds([s for s in signals if s.role == PUBLISHED])
    while pool:
        updates = [
            s
            for s in _usable(signals, (MODIFIED,))
            if s.tier == Tier.STRUCTURED and s.parsed and isinstance(s.parsed.value, datetime)
        ]
        win = _url_check(_pick(pool, notes, updates), pool, notes)
        win = _restamped(win, signals, pool, notes)
        assert win.parsed is not None
        day = _day(win.parsed.value)
        outside = (high and day > high + timedelta(days=1)) or (low and day < low)
        if outside and win.tier >= Tier.PROSE:
            notes.append(f"{win.source} {day} outside the page's age bounds: set aside")
            win.rejected = f"outside the bounds {low}..{high}"
            pool = [s for s in pool if not s.rejected]
            continue
        if outside:
            notes.append(f"{win.source} {day} contradicts the age bounds {low}..{high}")
        return _settle_zone(win, pool, notes) or _with_time(win, pool, notes)
    placed = _place_yearless(signals, low, high, fetched_at.date())
    if placed:
        s, day = placed
        names = [s.source] + [b.source for b in bound_signals]
        raws = [s.raw] + [b.raw for b in bound_signals]
        notes.append(f"year-less {s.raw!r} placed in {day.year}")
        return DateValue(iso(day, "day"), " | ".join(raws), "day", "+".join(names))
    relative = [s for s in bound_signals if s.parsed]
    if relative:
        return _value(relative[0])
    if low or high:
        return DateValue(
            raw=" | ".join(b.raw for b in bound_signals),
            source="+".join(b.source for b in bound_signals),
            earliest=low.isoformat() if low else None,
            latest=high.isoformat() if high else None,
        )
    return DateValue()


def _resolve_modified(signals: list[Signal], published: DateValue, notes: list[str]) -> DateValue:
    pool = _usable(signals, (MODIFIED,))
    if published.value:
        start = published.value[:10]
        for s in pool:
            assert s.parsed is not None
            if _day(s.parsed.value).isoformat() < start:
                s.rejected = f"before the publication date {start}"
        pool = [s for s in pool if not s.rejected]
    if not pool:
        return DateValue()
    win = min(pool, key=_rank)
    return _with_time(win, pool, notes)
