"""The probe generated from dateparser's locale data, and the classes of phrase it showed.

A few languages of the probe's check part run here whole (``bench/dates_languages.py`` runs
every language); the rest are the classes of failure the look part showed, each fixed in
the generic phrase layer: a word between the amount and its unit (ro), the unit before the
amount (sw), a language in another script (zh-Hant, bs-Cyrl), one-letter units inside an
"ago" frame, and a bare yesterday or today that is all of a dateline. The families added
later (every month form, a time after the date, skip words and labels around a phrase, a
page that declares no language) are sampled on check-part languages.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date

import pytest

from archiver.evaluate.dateprobe import (
    NOW,
    Case,
    body_text,
    generate,
    label_groups,
    page,
    part_of,
    run,
    run_undeclared,
    undeclared_page,
)
from archiver.extract import structured
from archiver.extract.dates import read_text, resolve_dates
from archiver.extract.dates.lexicon import languages_for, vocabulary
from archiver.extract.dates.normalize import find_dates
from archiver.extract.parse import parse_page


@pytest.fixture(autouse=True)
def _quiet() -> None:
    logging.getLogger("htmldate").setLevel(logging.ERROR)


def test_sentences_come_from_dateparser_data() -> None:
    generated = generate(["uk"])
    texts = {(c.kind, c.text) for c in generated.cases}
    assert ("ago:hour", "11 години тому") in texts  # "\\1 hour ago": "(\\d+...) години тому"
    assert ("yesterday-time", "учора о 18:30") in texts  # "о" is one of uk's skip words
    assert ("today", "сьогодні") in texts
    assert ("month", "3 березень 2024") in texts  # date_order DMY, the longest name
    assert generated.skipped["uk"] == 0


def test_the_page_is_a_dateline_under_a_headline() -> None:
    html = page(Case("pl", "yesterday", "wczoraj")).decode()
    assert "<h1>Story</h1><p class='date'>wczoraj</p>" in html
    assert "<html lang='pl'>" in html


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("uk", {"same": 43, "range": 9}),
        ("hr", {"same": 32, "range": 12}),
        ("ko", {"same": 24, "range": 4}),
    ],
)
def test_check_part_languages(lang: str, counts: dict[str, int]) -> None:
    assert part_of(lang) == "check"
    outcomes = [run(case) for case in generate([lang]).cases]
    assert dict(Counter(o.verdict for o in outcomes)) == counts


@pytest.mark.parametrize(
    ("lang", "text", "value", "reference"),
    [
        ("uk", "11 годину тому", "2025-05-31T22:30:00+02:00", date(2025, 5, 31)),
        ("uk", "учора о 18:30", "2025-05-31T18:30:00", date(2025, 5, 31)),
        ("hr", "prije 3 d", "2025-05-29", date(2025, 5, 29)),
        ("ko", "3일 전", "2025-05-29", date(2025, 5, 29)),
        ("ko", "2024 3월 3", "2024-03-03", date(2024, 3, 3)),
    ],
)
def test_resolved_like_dateparser(lang: str, text: str, value: str, reference: date) -> None:
    outcome = run(Case(lang, "probe", text))
    assert outcome.reference == reference
    assert outcome.value == value
    assert outcome.verdict == "same"


def test_weeks_ago_are_a_range_holding_dateparsers_day() -> None:
    outcome = run(Case("hr", "ago:week", "prije 2 tjedna"))
    assert outcome.reference == date(2025, 5, 18)
    assert (outcome.value, outcome.earliest, outcome.latest) == (None, "2025-05-11", "2025-05-18")
    assert outcome.verdict == "range"


def _values(text: str, lang: str | None) -> list[str]:
    return [s.parsed.value.isoformat() for s in read_text(text, lang, NOW) if s.parsed]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # a word between the amount and its unit: 11 hours, not 11 days
        ("ro", "acum 11 de ore", "2025-05-31T22:30:00+02:00"),
        ("ro", "acum 3 de zile", "2025-05-29"),
        # the unit before the amount
        ("sw", "saa 11 iliyopita", "2025-05-31T22:30:00+02:00"),
        ("sw", "siku 3 zilizopita", "2025-05-29"),
        # the page's language in another script than its first
        ("zh", "11 小時前", "2025-05-31T22:30:00+02:00"),
        ("bs", "прије 3 дана", "2025-05-29"),
        # one-letter units inside an "ago" frame, and against the number
        ("en", "3d ago", "2025-05-29"),
        ("en", "11h ago", "2025-05-31T22:30:00+02:00"),
        ("sv", "för 3 d sedan", "2025-05-29"),
        ("sr", "пре 11 ч", "2025-05-31T22:30:00+02:00"),
        ("et", "3 p eest", "2025-05-29"),
        ("fr", "il y a 3 j", "2025-05-29"),
    ],
)
def test_ago_phrase_classes(lang: str, text: str, expected: str) -> None:
    assert _values(text, lang) == [expected]


def test_an_ago_word_is_no_unit() -> None:
    # sw patterns are "siku 3 iliyopita": "iliyopita" (ago) was taken as the unit word
    vocab = vocabulary(languages_for("sw"))
    assert "iliyopita" not in vocab.units
    assert vocab.units["saa"] == "hour"
    assert ("", "iliyopita") in vocab.unit_first
    (signal,) = read_text("miaka 3 iliyopita", "sw", NOW)
    assert (signal.earliest, signal.latest) == (date(2021, 6, 1), date(2022, 6, 1))


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "3 d"),  # one letter without its frame
        ("en", "Add 3 m of cable"),
        ("de", "il y a 3 j"),  # a French frame with a German letter ("j" is a year there)
        ("hi", "कल 18:30"),  # "कल" is yesterday and tomorrow: neither
    ],
)
def test_not_read(lang: str, text: str) -> None:
    assert [s for s in read_text(text, lang, NOW) if s.parsed or s.is_bound] == []


def _published(body: str, lang: str) -> str | None:
    html = f"<html lang='{lang}'><body><article><h1>T</h1>{body}</article></body></html>"
    tree = parse_page(html.encode())
    published, _ = resolve_dates(tree, "https://example.org/a", NOW, lang, structured.collect(tree))
    return published.value


def test_a_bare_day_word_that_is_a_whole_dateline_dates_the_page() -> None:
    assert _published("<p class='date'>i går</p><p>Tekst.</p>", "sv") == "2025-05-31"
    assert _published("<span class='date'>Today</span><p>Text.</p>", "en") == "2025-06-01"


def test_a_bare_day_word_elsewhere_stays_prose() -> None:
    assert _published("<p>i går</p><p>Tekst.</p>", "sv") is None
    assert _published("<p class='date'>Today we went out</p><p>Text.</p>", "en") is None


# --- the families added to the probe: check-part languages (uk, hr), values asserted -----


def test_every_month_form_and_a_time_after_the_date() -> None:
    cases = generate(["uk"], ("forms",)).cases
    texts = {(c.kind, c.text) for c in cases}
    assert ("month-form", "3 березня 2024") in texts  # the genitive
    assert ("month-form", "3 бер. 2024") in texts  # "бер" starts "березень": a dot after it
    assert ("month-form", "3 березень 2024") not in texts  # the longest is the base family's
    assert ("month-time", "3 березень 2024, 18:30") in texts
    assert ("month-time", "3 березень 2024 18:30") in texts
    assert {c.kind for c in cases} == {"month-form", "month-time"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3 березня 2024", "2024-03-03"),
        ("3 бер. 2024", "2024-03-03"),
        ("3 березень 2024, 18:30", "2024-03-03T18:30:00"),
        ("3 березень 2024 18:30", "2024-03-03T18:30:00"),
        ("близько 3 день тому", "2025-05-29"),  # "близько" (about) is a uk skip word
    ],
)
def test_new_families_resolved_like_dateparser(text: str, value: str) -> None:
    outcome = run(Case("uk", "probe", text))
    assert outcome.reference == date.fromisoformat(value[:10])
    assert (outcome.value, outcome.verdict) == (value, "same")


def test_labels_come_from_the_projects_table_by_its_language_comments() -> None:
    groups = label_groups()
    assert "opublikowano" in groups["pl"] and groups["pl"] == groups["cs"]
    assert "publiceret" in groups["da"] and "julkaistu" in groups["fi"]
    cases = [c for c in generate(["uk"], ("context",)).cases if c.kind == "label"]
    assert Case("uk", "label", "Опубліковано: учора 18:30", "учора 18:30") in cases
    assert Case("uk", "label", "Опубліковано 11 год тому", "11 год тому") in cases
    # labels in the page's script only: the group's Latin ones are left out for uk
    assert not any(c.text.startswith("Objavljeno") for c in cases)


def test_a_labelled_phrase_is_compared_with_dateparsers_reading_of_the_phrase() -> None:
    outcome = run(Case("uk", "label", "Опубліковано: учора 18:30", "учора 18:30"))
    assert outcome.reference == date(2025, 5, 31)  # dateparser reads nothing with the label
    assert outcome.value == "2025-05-31T18:30:00"


@pytest.mark.parametrize("lang", ["uk", "hr"])
def test_check_part_languages_in_the_new_families(lang: str) -> None:
    outcomes = [run(case) for case in generate([lang], ("forms", "context")).cases]
    assert dict(Counter(o.verdict for o in outcomes)) == {"same": {"uk": 196, "hr": 212}[lang]}


def test_body_text_is_the_languages_date_words() -> None:
    body = body_text("uk")
    assert body is not None
    assert body.startswith("Понеділок вівторок середа")
    assert "учора" in body and body.count(".") == 3


@pytest.mark.parametrize(
    ("case", "value"),
    [
        (Case("uk", "ago:hour", "11 годину тому"), "2025-05-31T22:30:00+02:00"),
        (Case("hr", "yesterday-time", "jučer u 18:30"), "2025-05-31T18:30:00"),
    ],
)
def test_a_page_that_declares_no_language(case: Case, value: str) -> None:
    body = body_text(case.lang)
    assert body is not None
    assert b"lang" not in undeclared_page(case, body)
    outcome = run_undeclared(case)
    assert outcome is not None
    assert outcome.detected == case.lang
    assert (outcome.value, outcome.verdict) == (value, "same")


def test_a_month_sentence_has_the_day_it_was_made_from_as_reference() -> None:
    cases = [c for c in generate(["gu"]).cases if c.kind == "month"]
    may = next(c for c in cases if c.text == "3 મે 2024")
    assert may.expected == date(2024, 5, 3)
    outcome = run(may)
    assert outcome.misread  # dateparser reads 1 March 2025
    assert (outcome.reference, outcome.value, outcome.verdict) == (
        date(2024, 5, 3),
        "2024-05-03",
        "same",
    )


# the class the look part showed in the new families: a year first, set off by a space alone
# ("Publicerad: 2024 mars 3"), read only as a year, so a label made it a year-long range


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("sv", "Publicerad 2024 mars 3 kl 18:30", "2024-03-03T18:30:00"),
        ("ja", "公開: 2024 三月 3", "2024-03-03"),
        ("hu", "2024 március 3", "2024-03-03"),
    ],
)
def test_year_first_with_a_space_in_a_year_first_language(lang: str, text: str, value: str) -> None:
    assert [f.parsed.value.isoformat() for f in find_dates(text, lang) if f.parsed] == [value]
    assert _published(f"<p class='date'>{text}</p><p>Text.</p>", lang) == value


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Published 2024 March 3"),  # month first in English: not its order
        ("sv", "Sedan 2024 mars 3000 personer"),
    ],
)
def test_year_first_with_a_space_only_in_its_order(lang: str, text: str) -> None:
    assert find_dates(text, lang) == []
