"""Relative phrases, yesterday/today, age banners and labels beyond the first five languages.

The words come from dateparser's locale data (``lexicon.py``); each row is a sentence a page
could show, resolved against the fixed capture time ``NOW`` (2025-06-01 09:30 +02:00).
"""

from __future__ import annotations

from datetime import datetime

import pytest

from archiver.extract import structured
from archiver.extract.dates import read_text, resolve_dates
from archiver.extract.dates.lexicon import languages_for, vocabulary
from archiver.extract.parse import parse_page

NOW = datetime.fromisoformat("2025-06-01T09:30:00+02:00")

VALUES = [
    # (language, text, value): "N hours ago" is an instant in fetched_at's offset
    ("pl", "2 godziny temu", "2025-06-01T07:30:00+02:00"),
    ("pl", "7 godzin temu", "2025-06-01T02:30:00+02:00"),
    ("pl", "wczoraj o 07:45", "2025-05-31T07:45:00"),
    ("cs", "před 4 dny", "2025-05-28"),
    ("cs", "včera v 22:10", "2025-05-31T22:10:00"),
    ("sk", "pred 2 hodinami", "2025-06-01T07:30:00+02:00"),
    ("da", "for 5 timer siden", "2025-06-01T04:30:00+02:00"),
    ("da", "Opdateret i dag kl. 08.05", "2025-06-01T08:05:00"),
    ("nb", "4 dager siden", "2025-05-28"),
    ("nb", "i går kl. 23:40", "2025-05-31T23:40:00"),
    ("sv", "för 6 minuter sedan", "2025-06-01T09:24:00+02:00"),
    ("sv", "igår 06:15", "2025-05-31T06:15:00"),
    ("fi", "3 tuntia sitten", "2025-06-01T06:30:00+02:00"),
    ("fi", "eilen klo 19.20", "2025-05-31T19:20:00"),
    ("nl", "5 dagen geleden", "2025-05-27"),
    ("nl", "gisteren om 11:00", "2025-05-31T11:00:00"),
    ("pt", "há 6 horas", "2025-06-01T03:30:00+02:00"),
    ("ro", "acum 3 zile", "2025-05-29"),
    ("hu", "2 napja", "2025-05-30"),
    ("hu", "tegnap 17:45", "2025-05-31T17:45:00"),
    ("tr", "5 saat önce", "2025-06-01T04:30:00+02:00"),
    ("tr", "dün 09:10", "2025-05-31T09:10:00"),
    ("ru", "8 часов назад", "2025-06-01T01:30:00+02:00"),
    ("ru", "вчера в 21:05", "2025-05-31T21:05:00"),
    ("uk", "3 дні тому", "2025-05-29"),
    ("uk", "вчора о 12:30", "2025-05-31T12:30:00"),
    ("bg", "преди 2 часа", "2025-06-01T07:30:00+02:00"),
    ("el", "πριν από 6 ώρες", "2025-06-01T03:30:00+02:00"),
    ("hr", "prije 2 dana", "2025-05-30"),
    ("sl", "pred 5 urami", "2025-06-01T04:30:00+02:00"),
    ("lt", "prieš 3 val.", "2025-06-01T06:30:00+02:00"),
    ("id", "5 jam yang lalu", "2025-06-01T04:30:00+02:00"),
    ("vi", "2 ngày trước", "2025-05-30"),
    ("ar", "منذ 4 ساعات", "2025-06-01T05:30:00+02:00"),
    ("he", "לפני 2 שעות", "2025-06-01T07:30:00+02:00"),
    ("hi", "5 घंटे पहले", "2025-06-01T04:30:00+02:00"),
    ("zh", "5小时前", "2025-06-01T04:30:00+02:00"),
    ("zh", "昨天 08:20", "2025-05-31T08:20:00"),
    ("ja", "3日前", "2025-05-29"),
    ("ja", "昨日 14:00", "2025-05-31T14:00:00"),
    ("ko", "2시간 전", "2025-06-01T07:30:00+02:00"),
    ("ko", "어제 오후 3:15", "2025-05-31T15:15:00"),
    ("ca", "fa 3 hores", "2025-06-01T06:30:00+02:00"),
]

BOUNDS = [
    # (language, text, earliest, latest): "more than" bounds, it does not date
    ("nb", "Denne saken er mer enn fem år gammel", None, "2020-06-01"),
    ("nb", "Artikkelen er over tolv år gammel", None, "2013-06-01"),
    ("de", "Dieser Beitrag ist älter als zwei Jahre", None, "2023-06-01"),
    ("sv", "Den här artikeln är äldre än ett år", None, "2024-06-01"),
    ("da", "Denne artikel er mere end 3 år gammel", None, "2022-06-01"),
    ("fi", "Tämä artikkeli on yli kaksi vuotta vanha", None, "2023-06-01"),
    ("nl", "Dit artikel is meer dan 4 jaar oud", None, "2021-06-01"),
    ("pl", "Ten artykuł ma ponad 6 lat", None, "2019-06-01"),
    ("cs", "Tento článek je starší než 2 roky", None, "2023-06-01"),
    ("pt", "Este artigo tem mais de 3 anos", None, "2022-06-01"),
    ("ru", "Эта статья опубликована более 2 лет назад", None, "2023-06-01"),
    ("pl", "ponad 3 lata temu", None, "2022-06-01"),
    ("ja", "1年以上前", None, "2024-06-01"),
    ("tr", "2 yıl önce", "2022-06-01", "2023-06-01"),
    ("es", "hace 3 semanas", "2025-05-04", "2025-05-11"),
]


@pytest.mark.parametrize(("lang", "text", "expected"), VALUES)
def test_value(lang: str, text: str, expected: str) -> None:
    signals = [s for s in read_text(text, lang, NOW) if not s.rejected and s.parsed]
    assert signals, f"nothing read in {text!r}"
    assert signals[0].parsed is not None
    assert signals[0].parsed.value.isoformat() == expected


@pytest.mark.parametrize(("lang", "text", "earliest", "latest"), BOUNDS)
def test_bound(lang: str, text: str, earliest: str | None, latest: str | None) -> None:
    found = [s for s in read_text(text, lang, NOW) if s.earliest or s.latest]
    assert len(found) == 1, f"expected one phrase in {text!r}"
    s = found[0]
    assert (s.earliest.isoformat()[:10] if s.earliest else None) == earliest
    assert (s.latest.isoformat()[:10] if s.latest else None) == latest


def test_table_spans_many_languages() -> None:
    assert len({row[0] for row in VALUES + BOUNDS}) >= 25


def test_words_come_from_dateparser_for_every_language_it_knows() -> None:
    # Polish, Czech and Korean words are in no list of this project: dateparser has them.
    pl = vocabulary(languages_for("pl"))
    assert pl.units["godzin"] == "hour" and ("", "temu") in pl.frames
    assert "wczoraj" in pl.yesterday
    ko = vocabulary(languages_for("ko"))
    assert ko.units["시간"] == "hour" and ("", "전") in ko.frames


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "3 Tage vor der Wahl"),  # "vor" goes before the amount in German
        ("en", "2 days before the vote"),
        ("en", "All content is licensed under a Creative Commons licence"),
        ("da", "i går"),  # a bare "yesterday" is prose
        ("en", "The article has 3 photos"),
    ],
)
def test_prose_is_not_a_date(lang: str, text: str) -> None:
    assert [s for s in read_text(text, lang, NOW) if s.parsed or s.is_bound] == []


def test_yesterday_after_a_label_is_a_day() -> None:
    (signal,) = read_text("Publiceret i går", "da", NOW)
    assert signal.parsed is not None and signal.parsed.value.isoformat() == "2025-05-31"
    assert signal.role == "published"


@pytest.mark.parametrize(
    ("lang", "text", "published", "modified"),
    [
        ("cs", "Publikováno 3. 3. 2025, Aktualizováno 4. 3. 2025", "2025-03-03", "2025-03-04"),
        ("pl", "Opublikowano: 12.05.2025 Zaktualizowano: 14.05.2025", "2025-05-12", "2025-05-14"),
        ("sv", "Publicerad 2 maj 2025 Uppdaterad 3 maj 2025", "2025-05-02", "2025-05-03"),
        ("tr", "Yayınlanma: 10.04.2025 Güncelleme: 11.04.2025", "2025-04-10", "2025-04-11"),
        ("hu", "Közzétéve: 2025.04.10. Frissítve: 2025.04.12.", "2025-04-10", "2025-04-12"),
        ("zh", "发布时间：2025年04月10日 更新时间：2025年04月12日", "2025-04-10", "2025-04-12"),
        ("ko", "입력 2025.04.10 09:30 수정 2025.04.12 10:00", "2025-04-10", "2025-04-12"),
    ],
)
def test_publication_and_update_labels(lang: str, text: str, published: str, modified: str) -> None:
    html = f"<html lang='{lang}'><body><article><p>{text}</p><p>Text.</p></article></body></html>"
    tree = parse_page(html.encode())
    pub, mod = resolve_dates(tree, "https://example.org/a", NOW, lang, structured.collect(tree))
    assert (pub.value or "")[:10] == published
    assert (mod.value or "")[:10] == modified


def test_label_inside_a_compound_is_not_a_label() -> None:
    # "公開" (published) inside "公開調教" (a public training session) names no date
    (signal,) = read_text("公開調教シーン(2019/5/17撮影)", "ja", NOW)
    assert signal.role == "unknown"


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "Publié le 26 mai 2025 à 9 h 04 HNE", "2025-05-26T09:04:00-05:00"),
        ("fr", "Mis à jour le 2 janvier 2025 à 17 h 30 HAE", "2025-01-02T17:30:00-04:00"),
        ("en", "9:04 AM EDT, Mon May 26, 2025", "2025-05-26T09:04:00-04:00"),
        ("en", "Updated 10:15 p.m. ET, Tue June 3, 2025", "2025-06-03T22:15:00-04:00"),
        ("de", "14:30 Uhr | 3. März 2021", "2021-03-03T14:30:00"),
        ("de", "Seite 12: 3. März 2021", "2021-03-03"),  # a number before is no time
        ("de", "Am Mittwoch, dem 3. März 2021", "2021-03-03"),
        ("sv", "onsdag den 3 mars 2021 kl. 08:15", "2021-03-03T08:15:00"),
    ],
)
def test_zones_times_before_dates_and_articles(lang: str, text: str, expected: str) -> None:
    signals = [s for s in read_text(text, lang, NOW) if s.parsed]
    assert signals and signals[0].parsed is not None
    assert signals[0].parsed.value.isoformat() == expected


def test_year_less_day_after_an_article_is_placed_by_its_weekday() -> None:
    html = "<html lang='de'><body><article><p>Am Mittwoch, dem 3. März</p></article></body></html>"
    tree = parse_page(html.encode())
    moment = datetime.fromisoformat("2021-06-01T09:30:00+02:00")
    pub, _ = resolve_dates(tree, "https://example.de/a", moment, "de", structured.collect(tree))
    assert pub.value == "2021-03-03"  # 3 March 2021 was a Wednesday
    assert pub.source == "text:yearless"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 godziny temu", "2025-06-01T05:30:00+02:00"),  # Latin script: Europe's languages
        ("Opdateret i går kl. 07.50", "2025-05-31T07:50:00"),
        ("Сегодня в 08:10", "2025-06-01T08:10:00"),  # Cyrillic
        ("вчора о 16:00", "2025-05-31T16:00:00"),
        ("6小时前", "2025-06-01T03:30:00+02:00"),  # Han
        ("1時間前", "2025-06-01T08:30:00+02:00"),  # Japanese
        ("5분 전", "2025-06-01T09:25:00+02:00"),  # Hangul
    ],
)
def test_text_in_no_stated_language_is_read_by_its_script(text: str, expected: str) -> None:
    signals = [s for s in read_text(text, None, NOW) if s.parsed]
    assert signals and signals[0].parsed is not None
    assert signals[0].parsed.value.isoformat() == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected", "role"),
    [
        ("no", "Publisert 3. desember 2024 kl. 14.05", "2024-12-03T14:05:00", "published"),
        ("fi", "Julkaistu 3.12.2024 klo 14.05", "2024-12-03T14:05:00", "published"),
        ("pl", "Opublikowano 3 marca 2025 o 14:30", "2025-03-03T14:30:00", "published"),
        ("cs", "Aktualizováno 4. 3. 2025 v 9:15", "2025-03-04T09:15:00", "modified"),
        ("ru", "Обновлено 3 марта 2025 в 14:30", "2025-03-03T14:30:00", "modified"),
        ("de", "17.11.2015 12.50,- Euro", "2015-11-17", None),  # a price, not a time
    ],
)
def test_dates_with_times_in_more_languages(
    lang: str, text: str, expected: str, role: str | None
) -> None:
    signals = [s for s in read_text(text, lang, NOW) if s.parsed]
    assert signals and signals[0].parsed is not None
    assert signals[0].parsed.value.isoformat() == expected
    if role:
        assert signals[0].role == role


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "Publié à 9 h 04 HNE le 26 mai 2025", "2025-05-26T09:04:00-05:00"),
        ("en", "Posted 9:04 AM EDT on May 26, 2025", "2025-05-26T09:04:00-04:00"),
        ("ja", "公開日：2025年5月26日(月) 午後3:20", "2025-05-26T15:20:00"),
        ("ja", "2025年5月26日 9時04分", "2025-05-26T09:04:00"),
        ("ko", "입력 2025년 5월 26일 오후 9시 4분", "2025-05-26T21:04:00"),
        ("ko", "2025.05.26. 오후 3:20", "2025-05-26T15:20:00"),
        ("zh", "2025年05月26日 下午3点20分", "2025-05-26T15:20:00"),
        ("de", "17.11.2015. 12 Kommentare", "2015-11-17"),  # a count, not a time
    ],
)
def test_times_around_dates(lang: str, text: str, expected: str) -> None:
    signals = [s for s in read_text(text, lang, NOW) if s.parsed]
    assert signals and signals[0].parsed is not None
    assert signals[0].parsed.value.isoformat() == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("hu", "Frissítve: 2025. március 3. 14:20", "2025-03-03T14:20:00"),
        ("lt", "2025 m. kovo 3 d.", "2025-03-03"),
        ("lv", "2025. gada 3. martā", "2025-03-03"),
        ("id", "Senin, 3 Maret 2025 14:20 WIB", "2025-03-03T14:20:00+07:00"),
        ("cs", "3. března 2025", "2025-03-03"),
        ("el", "3 Μαρτίου 2025", "2025-03-03"),
        ("uk", "3 березня 2025 року", "2025-03-03"),
    ],
)
def test_month_names_in_more_languages(lang: str, text: str, expected: str) -> None:
    signals = [s for s in read_text(text, lang, NOW) if s.parsed]
    assert signals and signals[0].parsed is not None
    assert signals[0].parsed.value.isoformat() == expected


def test_year_first_needs_its_mark() -> None:
    # "2025." (hu) or "2025 m." (lt) before the month: "In 2015 May 3 people" is prose
    assert [s for s in read_text("In 2015 May 3 people came", "en", NOW) if s.parsed] == []
