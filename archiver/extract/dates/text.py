"""Date signals in the visible text: labelled dates, bylines, date elements, prose,
relative phrases, age banners and dates without a year."""

from __future__ import annotations

import re
from datetime import datetime

from archiver.extract.dates.evidence import (
    MODIFIED,
    PUBLISHED,
    TEXT,
    TEXT_AGE_BANNER,
    TEXT_AS_OF,
    TEXT_BOILERPLATE,
    TEXT_DATE_ELEMENT,
    TEXT_LABEL,
    TEXT_OWN_LINE,
    TEXT_RELATIVE,
    TEXT_YEARLESS,
    UNKNOWN,
    Signal,
    Tier,
)
from archiver.extract.dates.lexicon import (
    MODIFIED_LABELS,
    PUBLISHED_LABELS,
    unspaced,
    words_pattern,
)
from archiver.extract.dates.markup import _hint
from archiver.extract.dates.normalize import Found, Parsed, find_dates, find_yearless
from archiver.extract.dates.pagetext import PageText
from archiver.extract.dates.phrases import find_relative


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

# Runs of spaces are collapsed where read.
_SPACES = re.compile(r"\s+")


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


def _fills_element(page: PageText, start: int, raw: str) -> bool:
    """Whether a phrase is all the text of a date element ("<p class=date>Yesterday</p>")."""
    whole = page.element_text(start)
    return whole is not None and whole.rstrip(".:").casefold() == raw.casefold()


def _plain(page: PageText, found: Found) -> Signal:
    """A date cited in prose ("Quelle: ... (Stand: 2018)"): body text, the weakest kind."""
    signal = Signal(TEXT, UNKNOWN, found.raw, Tier.PROSE, found.parsed)
    if page.in_boilerplate(found.start):
        signal.source, signal.tier = TEXT_BOILERPLATE, Tier.PERIPHERAL
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
        signal = Signal(TEXT_AS_OF, UNKNOWN, found.raw, Tier.RECOVERED, found.parsed)
        signal.rejected = found.reason
        return signal
    located = page.element_at(found.start)
    if located is None:
        if role:
            source, tier = TEXT_LABEL, Tier.LABELLED
        elif _own_line(text, found.start, found.raw):
            source, tier = TEXT_OWN_LINE, Tier.WEAK  # a date standing alone, as bylines do
        else:
            source, tier = TEXT, Tier.PROSE
        if not role and page.in_boilerplate(found.start):
            source, tier = TEXT_BOILERPLATE, Tier.PERIPHERAL
    else:
        el, boiler = located
        role = role or _hint(el)
        source, tier = TEXT_DATE_ELEMENT, Tier.LABELLED if role == PUBLISHED else Tier.WEAK
        if boiler:
            role, tier = UNKNOWN, Tier.PERIPHERAL
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
        source = TEXT_AGE_BANNER if rel.kind == "banner" else TEXT_RELATIVE
        label = _label_role(head, rel.start)
        label = None if label == ASOF else label
        if rel.needs_label and label is None and not _fills_element(page, rel.start, rel.raw):
            continue  # a bare "yesterday" is prose; alone in a dateline it is the date
        if rel.kind == "relative" and label is None and not _own_line(head, rel.start, rel.raw):
            continue  # "vor zwei Jahren" in a sentence tells of events, not of the page
        role = label or PUBLISHED
        parsed = Parsed(rel.value, rel.precision) if rel.value and rel.precision else None
        out.append(Signal(source, role, rel.raw, Tier.PERIPHERAL, parsed, rel.earliest, rel.latest))
    for yl in find_yearless(head, lang):
        raw = " ".join(head[yl.start : yl.end].split())
        out.append(Signal(TEXT_YEARLESS, PUBLISHED, raw, Tier.YEARLESS, yearless=yl))
    return out
