"""Table test: dates and phrases in French, English, German, Spanish and Italian.

Each row: language, the text as a page shows it, and what it must read as against the
reference time ``NOW`` (2025-06-01 09:30 +02:00): a value (ISO 8601, offset only when the
text gives one) or bounds, and for labelled bylines the role.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from archiver.extract.dates import read_text
from archiver.extract.dates.normalize import _alternation, names_for

NOW = datetime.fromisoformat("2025-06-01T09:30:00+02:00")

VALUES = [
    # French
    ("fr", "Publié le 17/11/2015 à 20h41", "2015-11-17T20:41:00", "published"),
    ("fr", "Mis à jour le 18 novembre 2015", "2015-11-18", "modified"),
    ("fr", "Publié le 05/11/2015", "2015-11-05", "published"),
    ("fr", "mardi 17 novembre 2015", "2015-11-17", None),
    ("fr", "17 nov. 2015 à 08:05", "2015-11-17T08:05:00", None),
    ("fr", "1er décembre 2019", "2019-12-01", None),
    ("fr", "il y a 3 heures", "2025-06-01T06:30:00+02:00", None),
    ("fr", "il y a 2 jours", "2025-05-30", None),
    ("fr", "hier à 18h30", "2025-05-31T18:30:00", None),
    ("fr", "aujourd'hui à 07h15", "2025-06-01T07:15:00", None),
    ("fr", "il y a 10 minutes", "2025-06-01T09:20:00+02:00", None),
    # English
    ("en", "Updated: Nov. 17, 2015, 8:41 p.m. ET", "2015-11-17T20:41:00-05:00", "modified"),
    ("en", "Published November 17, 2015", "2015-11-17", "published"),
    ("en", "Tuesday, November 17th, 2015 at 8:41 pm", "2015-11-17T20:41:00", None),
    ("en", "Posted on 11/05/2015", "2015-11-05", "published"),
    ("en", "17 November 2015 10:00 GMT", "2015-11-17T10:00:00+00:00", None),
    ("en", "Jun 3, 2020, 4:05 AM EDT", "2020-06-03T04:05:00-04:00", None),
    ("en", "Jul 3, 2020, 4:05 PM ET", "2020-07-03T16:05:00-04:00", None),
    ("en", "2 days ago", "2025-05-30", None),
    ("en", "3 hours ago", "2025-06-01T06:30:00+02:00", None),
    ("en", "an hour ago", "2025-06-01T08:30:00+02:00", None),
    ("en", "yesterday at 8:30", "2025-05-31T08:30:00", None),
    ("en", "Last updated 2015-11-18 09:00 CET", "2015-11-18T09:00:00+01:00", "modified"),
    # German
    ("de", "Veröffentlicht am 17.11.2015", "2015-11-17", "published"),
    ("de", "17.11.2015, 14:30 Uhr", "2015-11-17T14:30:00", None),
    ("de", "Dienstag, 17. November 2015", "2015-11-17", None),
    ("de", "Aktualisiert am 18.11.2015 um 09:15 Uhr", "2015-11-18T09:15:00", "modified"),
    ("de", "17. Nov. 2015", "2015-11-17", None),
    ("de", "Stand: 09.10.2017, 01:40 Uhr", "2017-10-09T01:40:00", "unknown"),  # as of
    ("de", "17.11.2015 14:30 MEZ", "2015-11-17T14:30:00+01:00", None),
    ("de", "vor 3 Stunden", "2025-06-01T06:30:00+02:00", None),
    ("de", "vor 2 Tagen", "2025-05-30", None),
    ("de", "gestern, 18:30", "2025-05-31T18:30:00", None),
    # Spanish
    ("es", "Actualizado el 17 nov 2015", "2015-11-17", "modified"),
    ("es", "17 de noviembre de 2015", "2015-11-17", None),
    ("es", "Publicado el 05/11/2015", "2015-11-05", "published"),
    ("es", "martes, 17 de noviembre de 2015 a las 20:41", "2015-11-17T20:41:00", None),
    ("es", "hace 2 días", "2025-05-30", None),
    ("es", "hace 3 horas", "2025-06-01T06:30:00+02:00", None),
    ("es", "ayer a las 18:30", "2025-05-31T18:30:00", None),
    # Italian
    ("it", "Pubblicato il 17 novembre 2015", "2015-11-17", "published"),
    ("it", "17/11/2015 alle 20:41", "2015-11-17T20:41:00", None),
    ("it", "martedì 17 novembre 2015", "2015-11-17", None),
    ("it", "Aggiornato il 18 novembre 2015 ore 09:15", "2015-11-18T09:15:00", "modified"),
    ("it", "3 giorni fa", "2025-05-29", None),
    ("it", "2 ore fa", "2025-06-01T07:30:00+02:00", None),
    ("it", "ieri alle 18:30", "2025-05-31T18:30:00", None),
]

BOUNDS = [
    # (language, text, earliest, latest): "plus de" gives only a latest date
    ("fr", "il y a plus de neuf ans", None, "2016-06-01"),
    ("fr", "Cet article date de plus de neuf ans.", None, "2016-06-01"),
    ("fr", "il y a moins de deux heures", "2025-06-01T07:30:00+02:00", "2025-06-01T09:30:00+02:00"),
    ("fr", "il y a un an", "2023-06-01", "2024-06-01"),
    ("en", "more than nine years ago", None, "2016-06-01"),
    ("en", "This article is more than 9 years old", None, "2016-06-01"),
    ("en", "less than a minute ago", "2025-06-01T09:29:00+02:00", "2025-06-01T09:30:00+02:00"),
    ("en", "two weeks ago", "2025-05-11", "2025-05-18"),
    ("de", "vor mehr als neun Jahren", None, "2016-06-01"),
    ("de", "Dieser Artikel ist mehr als 9 Jahre alt", None, "2016-06-01"),
    ("de", "vor einem Jahr", "2023-06-01", "2024-06-01"),
    ("de", "vor weniger als 5 Minuten", "2025-06-01T09:25:00+02:00", "2025-06-01T09:30:00+02:00"),
    ("es", "hace nueve años", "2015-06-01", "2016-06-01"),
    ("es", "hace más de nueve años", None, "2016-06-01"),
    ("es", "Este artículo tiene más de 9 años", None, "2016-06-01"),
    ("es", "hace menos de una hora", "2025-06-01T08:30:00+02:00", "2025-06-01T09:30:00+02:00"),
    ("it", "più di nove anni fa", None, "2016-06-01"),
    ("it", "Questo articolo ha più di 9 anni", None, "2016-06-01"),
    ("it", "un anno fa", "2023-06-01", "2024-06-01"),
]


def test_table_is_large_enough() -> None:
    assert len(VALUES) + len(BOUNDS) >= 60
    assert {row[0] for row in VALUES + BOUNDS} == {"fr", "en", "de", "es", "it"}


@pytest.mark.parametrize(("lang", "text", "expected", "role"), VALUES)
def test_value(lang: str, text: str, expected: str, role: str | None) -> None:
    signals = [s for s in read_text(text, lang, NOW) if not s.rejected and s.parsed]
    assert signals, f"nothing read in {text!r}"
    first = signals[0]
    assert first.parsed is not None
    assert first.parsed.value.isoformat() == expected
    if role is not None:
        assert first.role == role


@pytest.mark.parametrize(("lang", "text", "earliest", "latest"), BOUNDS)
def test_bound(lang: str, text: str, earliest: str | None, latest: str | None) -> None:
    signals = [s for s in read_text(text, lang, NOW) if s.is_bound]
    assert len(signals) == 1, f"expected one bound in {text!r}"
    s = signals[0]
    assert (s.earliest.isoformat() if s.earliest else None) == earliest
    assert (s.latest.isoformat() if s.latest else None) == latest


def test_weekday_that_contradicts_the_date_is_rejected() -> None:
    (signal,) = read_text("lundi 17 novembre 2015", "fr", NOW)
    assert signal.parsed is None
    assert signal.rejected == "weekday lundi contradicts 2015-11-17"


def test_impossible_day_is_rejected() -> None:
    (signal,) = read_text("Publié le 31/02/2015", "fr", NOW)
    assert signal.rejected == "31/02/2015 does not exist"


def test_month_first_only_for_english() -> None:
    (fr,) = read_text("05/11/2015", "fr", NOW)
    (en,) = read_text("05/11/2015", "en", NOW)
    assert fr.parsed and fr.parsed.value.isoformat() == "2015-11-05"
    assert en.parsed and en.parsed.value.isoformat() == "2015-05-11"


@pytest.mark.parametrize("lang", [None, "en", "fr", "de", "tr", "el", "ru", "pl", "ja"])
def test_name_trie_matches_as_the_flat_alternation(lang: str | None) -> None:
    names = names_for(lang)
    for words in (names.months, names.weekdays):
        flat = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        tries = re.compile(rf"(?:{_alternation(words)})\.?\s*(\d+)", re.I)
        flats = re.compile(rf"(?:{flat})\.?\s*(\d+)", re.I)
        for word in words:
            for text in (f"{word} 17", f"{word.upper()}. 2015", f"x{word}s 3", word[:-1] + " 9"):
                a, b = tries.search(text), flats.search(text)
                assert (a and a.span(), a and a.group(1)) == (b and b.span(), b and b.group(1))


def test_name_trie_keeps_the_flat_alternation_when_letters_fold_together() -> None:
    assert _alternation({"ſep": 9, "sep": 9}) == "ſep|sep"  # ſ and s match alike
    assert _alternation({"mar": 3, "march": 3, "mars": 3}) == "mar(?:ch|s)?"
