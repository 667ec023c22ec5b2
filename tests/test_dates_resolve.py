"""Resolution on whole pages built inline: which signal wins, and the rules that decide."""

from __future__ import annotations

from datetime import datetime

from archiver.extract import extract_article, structured
from archiver.extract.dates import Resolution, analyse, resolve_dates
from archiver.extract.parse import parse_page

SEED_URL = "https://www.francetvinfo.fr/monde/usa/attentats-de-paris-john-kerry_1178937.html"
SEED_FETCHED = datetime.fromisoformat("2025-06-01T09:30:00+02:00")

# The franceinfo page: an age banner, a "Publié" line without a date, no structured date,
# and a year-less "Ce mardi 17 novembre" in the lead.
SEED_HTML = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Attentats de Paris : les États-Unis aux côtés de la France</title></head><body>
<div class="banner">Cet article date de plus de neuf ans.</div>
<h1>Attentats de Paris : les États-Unis aux côtés de la France dans la lutte antiterroriste</h1>
<p class="publication-date">Publié</p><p>Temps de lecture : 1min - vidéo : 6min</p>
<p>Article rédigé par franceinfo</p>
<p>Ce mardi 17 novembre, John Kerry, secrétaire d'État américain a accordé une interview pour
le JT de 20 heures de France 2. Il revient sur les attentats du 13 novembre à Paris.</p>
<p>Le chef de la diplomatie américaine John Kerry était à Paris ce mardi 17 novembre pour
témoigner de son soutien à la France et rencontrer François Hollande.</p>
</body></html>"""


def _resolve(html: str, url: str, fetched_at: str, language: str | None = None) -> Resolution:
    tree = parse_page(html)
    data = structured.collect(tree)
    return analyse(tree, url, datetime.fromisoformat(fetched_at), language, data)


def test_seed_page_year_less_day_plus_age_bound() -> None:
    tree = parse_page(SEED_HTML)
    published, modified = resolve_dates(
        tree, SEED_URL, SEED_FETCHED, "fr", structured.collect(tree)
    )
    assert published.value == "2015-11-17"
    assert published.precision == "day"
    assert published.source == "text:yearless+text:age-banner"
    assert published.raw == "mardi 17 novembre | Cet article date de plus de neuf ans"
    assert modified.value is None


def test_seed_page_through_extract_article() -> None:
    record = extract_article(SEED_HTML, SEED_URL, "2025-06-01T09:30:00+02:00").to_record()
    assert record["date_published"] == "2015-11-17"
    assert record["date_published_precision"] == "day"
    assert record["date_published_source"] == "text:yearless+text:age-banner"


def test_year_less_day_without_weekday_or_bound_gives_no_date() -> None:
    html = "<html><body><p>Le 17 novembre, John Kerry était à Paris.</p></body></html>"
    result = _resolve(html, "https://example.fr/a", "2025-06-01T09:30:00+02:00", "fr")
    assert result.published.value is None


def test_age_banner_alone_gives_a_bound() -> None:
    html = "<html><body><p>This article is more than 9 years old</p><p>Text.</p></body></html>"
    result = _resolve(html, "https://example.com/a", "2025-06-01T09:30:00+02:00", "en")
    assert result.published.value is None
    assert result.published.latest == "2016-06-01"
    assert result.published.earliest is None
    assert result.published.source == "text:age-banner"


def test_jsonld_with_offset_kept_as_given() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "datePublished": "2015-11-17T20:41:00+01:00",
     "dateModified": "2015-11-18T08:00:00+01:00"}</script></head>
    <body><p>Publié le 17/11/2015 à 20h41</p></body></html>"""
    result = _resolve(html, "https://example.fr/a", "2025-06-01T09:30:00+02:00", "fr")
    assert result.published.value == "2015-11-17T20:41:00+01:00"
    assert result.published.source == "json-ld:datePublished"
    assert result.modified.value == "2015-11-18T08:00:00+01:00"
    assert result.modified.source == "json-ld:dateModified"


def test_utc_stamp_gets_the_offset_of_the_page_wall_clock() -> None:
    # Published 18:09 in Denver, stamped 01:09 UTC the next day; the URL has the local day.
    html = """<html><head><meta property="article:published_time" content="2023-11-09T01:09:55Z">
    </head><body><div class="byline">Published: November 8, 2023 at 6:09 p.m.</div></body></html>"""
    url = "https://www.example.com/2023/11/08/football-playoffs/"
    result = _resolve(html, url, "2024-01-01T00:00:00Z", "en")
    assert result.published.value == "2023-11-08T18:09:55-07:00"
    assert result.published.source == "meta:article:published_time"


def test_utc_stamp_and_url_day_without_time_gives_the_local_day() -> None:
    html = """<html><head><meta property="article:published_time" content="2023-11-09T01:09:55Z">
    </head><body><p>Text.</p></body></html>"""
    url = "https://www.example.com/2023/11/08/football-playoffs/"
    result = _resolve(html, url, "2024-01-01T00:00:00Z", "en")
    assert result.published.value == "2023-11-08"
    assert result.published.precision == "day"
    assert result.published.source == "url"


def test_stamp_days_after_the_url_date_is_an_update() -> None:
    html = """<html><head><meta property="article:published_time" content="2019-03-02T10:00:00Z">
    </head><body><p>Text.</p></body></html>"""
    result = _resolve(html, "https://example.com/2019/01/15/story/", "2024-01-01T00:00:00Z")
    assert result.published.value == "2019-01-15"
    assert result.published.source == "url"
    rejected = next(s for s in result.signals if s.source == "meta:article:published_time")
    assert rejected.rejected == "+46 days off the URL date 2019-01-15"


def test_update_date_is_never_the_publication_date() -> None:
    html = """<html><body><p class="info">Aktualisiert: 30.12.2016</p>
    <p>Am 4. Januar 2017 beginnt die Ausstellung.</p></body></html>"""
    result = _resolve(html, "https://example.de/seite", "2024-01-01T00:00:00Z", "de")
    assert result.published.value is None
    assert result.modified.value == "2016-12-30"
    assert result.modified.source == "text:label"


def test_labelled_byline_beats_unlabelled_body_dates() -> None:
    html = """<html><body><p>Am 3. März 2020 und am 3. März 2020 wurde gewählt.</p>
    <p>Veröffentlicht am 17.11.2021 um 14:30 Uhr</p></body></html>"""
    result = _resolve(html, "https://example.de/a", "2024-01-01T00:00:00Z", "de")
    assert result.published.value == "2021-11-17T14:30:00"
    assert result.published.source == "text:label"


def test_day_level_winner_takes_the_time_of_a_same_day_signal() -> None:
    html = """<html><body><time class="published" datetime="2021-11-17T14:30:00+01:00">
    17.11.2021</time></body></html>"""
    result = _resolve(html, "https://example.de/2021/11/17/a", "2024-01-01T00:00:00Z", "de")
    assert result.published.value == "2021-11-17T14:30:00+01:00"


def test_url_month_alone_is_a_range_not_a_date() -> None:
    html = "<html><body><p>Irland, ein Roadtrip.</p></body></html>"
    url = "https://example.blogspot.com/2018/08/irland-roadtrip.html"
    result = _resolve(html, url, "2024-01-01T00:00:00Z", "de")
    assert result.published.value is None
    assert result.published.precision == "month"
    assert (result.published.earliest, result.published.latest) == ("2018-08-01", "2018-08-31")
    assert result.published.source == "url"


def test_url_month_rules_out_body_dates_of_other_months() -> None:
    html = """<html><body><p>Am 5. März 2017 war es kalt.</p>
    <p>Geschrieben am 2. August 2018</p></body></html>"""
    url = "https://example.blogspot.com/2018/08/irland-roadtrip.html"
    result = _resolve(html, url, "2024-01-01T00:00:00Z", "de")
    assert result.published.value == "2018-08-02"
    other = next(s for s in result.signals if s.raw == "5. März 2017")
    assert other.rejected == "outside the URL month 2018-08"


def test_stamps_that_disagree_the_one_the_page_shows_wins() -> None:
    html = """<html><head>
    <meta property="article:published_time" content="2025-01-28T02:39:19+00:00">
    <script type="application/ld+json">{"@type": "NewsArticle",
     "datePublished": "2025-01-28T11:30:00+00:00"}</script></head>
    <body><time datetime="2025-01-28T11:30:00+00:00">January 28, 2025 11:30 am</time>
    </body></html>"""
    result = _resolve(html, "https://example.co.uk/news/a-3504901", "2025-01-28T12:00:00Z", "en")
    assert result.published.value == "2025-01-28T11:30:00+00:00"
    assert result.published.source == "json-ld:datePublished"


def test_prose_dates_do_not_date_a_page_that_only_states_its_update() -> None:
    html = """<html><body><p>Am 4. August 2014 trafen sich die Kinder in Berlin und
    sprachen lange über ihre Arbeit und ihre Rechte.</p>
    <p class="info">Aktualisiert: 30.12.2016</p></body></html>"""
    result = _resolve(html, "https://example.de/seite", "2024-01-01T00:00:00Z", "de")
    assert result.published.value is None
    prose = next(s for s in result.signals if s.raw == "4. August 2014")
    assert prose.rejected == "a prose date on a page whose only stated date is its update"
    assert result.modified.value == "2016-12-30"


def test_htmldate_is_asked_only_when_the_page_signals_give_nothing() -> None:
    html = """<html><body><p>Annual report.</p>
    <img src="https://example.org/files/2016/05/04/cover.png"></body></html>"""
    result = _resolve(html, "https://example.org/about/", "2024-01-01T00:00:00Z", "en")
    assert result.published.value == "2016-05-04"
    assert result.published.source == "htmldate"
    assert result.notes[0] == "no date from the page's own signals: htmldate asked"


def test_htmldate_candidate_is_not_taken_over_a_labelled_update() -> None:
    html = """<html><body><p class="info">Aktualisiert: 30.12.2016</p>
    <img src="https://example.org/files/2016/05/04/cover.png"></body></html>"""
    result = _resolve(html, "https://example.org/seite", "2024-01-01T00:00:00Z", "de")
    assert result.published.value is None
    assert result.modified.value == "2016-12-30"


def test_year_less_day_without_bound_is_placed_only_in_the_last_twelve_months() -> None:
    recent = "<html><body><p>Ce dimanche 25 mai, la fête a eu lieu.</p></body></html>"
    result = _resolve(recent, "https://example.fr/a", "2025-06-01T09:30:00+02:00", "fr")
    assert result.published.value == "2025-05-25"  # a Sunday
    old = "<html><body><p>Ce mardi 17 novembre, John Kerry était à Paris.</p></body></html>"
    result = _resolve(old, "https://example.fr/a", "2025-06-01T09:30:00+02:00", "fr")
    assert result.published.value is None  # 17 Nov 2024 was a Sunday: no guess


def test_byline_wall_clock_gives_way_to_the_stamp_of_the_same_moment() -> None:
    html = """<html><head>
    <meta name="article:published:time" content="2024-10-23T15:48:15+00:00"></head>
    <body><div class="article-date">Published October 23, 2024, 3:48</div></body></html>"""
    result = _resolve(html, "https://example.de/kapitalmaerkte/a", "2024-10-24T00:00:00Z", "en")
    assert result.published.value == "2024-10-23T15:48:15+00:00"
    assert result.published.source == "meta:article:published:time"


def test_as_of_line_dates_a_page_with_nothing_better_but_not_when_cited() -> None:
    html = """<html><body><p>Quelle: Rentenversicherung (Stand: 28. November 2018)</p>
    <p>[Stand: 09.10.2017, 01:40 Uhr]</p></body></html>"""
    result = _resolve(html, "https://example.de/seite", "2024-01-01T00:00:00Z", "de")
    assert result.published.value == "2017-10-09T01:40:00"
    assert result.published.source == "text:as-of"
    cited = next(s for s in result.signals if s.raw == "28. November 2018")
    assert cited.source == "text"
    assert result.modified.value is None


def test_dates_inside_the_article_come_before_the_page_header_date() -> None:
    html = """<html><body><div class="top"><p>Mittwoch, 01. November 2023</p></div>
    <article><h1>Kolumne</h1><p>31. Oktober 2023</p><p>Text der Kolumne.</p></article>
    </body></html>"""
    result = _resolve(html, "https://example.de/kolumne", "2024-01-01T00:00:00Z", "de")
    assert result.published.value == "2023-10-31"
    assert result.published.source == "text:own-line"


def test_status_url_id_gives_the_instant_and_the_viewer_day_does_not_move_it() -> None:
    # The ID is a snowflake: 1281836879789404160 was created at 2020-07-11T06:25:02Z; the page
    # shows the day in the capturing browser's zone (10 July, US time).
    html = (
        "<html><body><article><p>Breaking news from the wire, shared with followers.</p>"
        '<div class="tweet-date">10 Jul 2020</div></article></body></html>'
    )
    result = _resolve(
        html,
        "https://twitter.com/Reuters/status/1281836879789404160/photo/1",
        "2024-01-01T00:00:00Z",
    )
    assert result.published.value == "2020-07-11T06:25:02+00:00"
    assert result.published.source == "url:status-id"
    assert result.published.precision == "second"


def test_ids_on_other_hosts_are_not_read_as_snowflakes() -> None:
    html = (
        "<html><body><article><p>A page about status codes and numbers.</p></article></body></html>"
    )
    result = _resolve(
        html, "https://example.org/user/status/1281836879789404160", "2024-01-01T00:00:00Z"
    )
    assert result.published.value is None


def test_publication_stamp_equal_to_the_update_stamp_gives_way_to_the_shown_date() -> None:
    html = """<html><head>
<meta property="og:article:published_time" content="2020-01-20T09:49:32+0000">
<meta property="og:article:modified_time" content="2020-01-20T09:49:32+0000">
</head><body><article><h1>Parasite scores upset</h1>
<div class="ArticleHeader_date">January 19, 2020 / 12:25 PM</div>
<p>The film won the top prize of the evening on Sunday.</p></article></body></html>"""
    result = _resolve(html, "https://example.com/article/parasite-idUS1", "2024-01-01T00:00:00Z")
    assert result.published.value == "2020-01-19T12:25:00"
    assert result.published.source == "text:date-element"
    assert result.modified.value == "2020-01-20T09:49:32+00:00"


def test_publication_stamp_apart_from_the_update_stamp_stands() -> None:
    html = """<html><head>
<meta property="og:article:published_time" content="2020-01-20T09:49:32+0000">
<meta property="og:article:modified_time" content="2020-01-21T08:00:00+0000">
</head><body><article><h1>Parasite scores upset</h1>
<div class="ArticleHeader_date">January 19, 2020 / 12:25 PM</div>
<p>The film won the top prize of the evening on Sunday.</p></article></body></html>"""
    result = _resolve(html, "https://example.com/article/parasite-idUS1", "2024-01-01T00:00:00Z")
    assert result.published.value == "2020-01-20T09:49:32+00:00"


_STAMPS = """<html><head>
<meta property="article:published_time" content="2025-05-20T08:00:00+00:00">
<script type="application/ld+json">{{"@type": "NewsArticle",
 "datePublished": "2025-05-26T10:00:00+02:00"{modified}}}</script>
</head><body><article><h1>T</h1><div class="byline-date">{shown}</div>
<p>Text of the article.</p></article></body></html>"""


def test_disagreeing_stamps_are_settled_by_what_the_page_shows() -> None:
    # The page shows 26 May: the JSON-LD stamp wins over the earlier page-level meta stamp.
    html = _STAMPS.format(modified="", shown="26. Mai 2025")
    result = _resolve(html, "https://example.de/a", "2025-06-01T09:30:00+02:00", "de")
    assert result.published.value == "2025-05-26T10:00:00+02:00"
    assert result.published.source == "json-ld:datePublished"
    (note,) = [n for n in result.notes if n.startswith("publication stamps disagree")]
    assert "text:date-element tier 2" in note


def test_disagreeing_stamps_without_other_evidence_give_the_earlier() -> None:
    html = _STAMPS.format(modified="", shown="")
    result = _resolve(html, "https://example.de/a", "2025-06-01T09:30:00+02:00", "de")
    assert result.published.value == "2025-05-20T08:00:00+00:00"


def test_a_stamp_equal_to_the_update_stamp_comes_last() -> None:
    # The page shows the update (26 May); the stamp equal to it is a re-stamp.
    html = _STAMPS.format(
        modified=', "dateModified": "2025-05-26T10:00:00+02:00"', shown="26. Mai 2025"
    )
    result = _resolve(html, "https://example.de/a", "2025-06-01T09:30:00+02:00", "de")
    assert result.published.value == "2025-05-20T08:00:00+00:00"
    assert result.modified.value == "2025-05-26T10:00:00+02:00"


def test_a_local_wall_clock_of_the_same_moment_is_no_disagreement() -> None:
    # sailthru.date writes the JSON-LD instant as Pacific wall clock: one moment, and the
    # URL day (the local day) gives its offset.
    html = """<html><head><meta name="sailthru.date" content="2019-11-18 20:58:46">
    <script type="application/ld+json">{"@type": "NewsArticle",
    "datePublished": "2019-11-19T04:58:46Z", "dateModified": "2019-11-19T04:58:46Z"}</script>
    </head><body><p>Text.</p></body></html>"""
    result = _resolve(html, "https://example.com/2019/11/18/a/", "2019-11-30T00:00:00+00:00")
    assert result.published.value == "2019-11-18T20:58:46-08:00"
    assert not [n for n in result.notes if n.startswith("publication stamps disagree")]


def test_a_never_updated_page_keeps_its_stamp_equal_to_the_update() -> None:
    # published == modified (never updated) and earlier than the other stamp: it stands
    html = _STAMPS.format(
        modified=', "dateModified": "2025-05-26T10:00:00+02:00"', shown="26. Mai 2025"
    ).replace("2025-05-20T08:00:00+00:00", "2025-05-28T08:00:00+00:00")
    result = _resolve(html, "https://example.de/a", "2025-06-01T09:30:00+02:00", "de")
    assert result.published.value == "2025-05-26T10:00:00+02:00"
