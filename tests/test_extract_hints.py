"""What the crawl learns before a page (sitemap and feed dates, the profile's language and
selectors) reaches extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from archiver.extract import extract_article
from archiver.extract.job import ExtractionJob
from archiver.extract.worker import extract_record
from archiver.sites.profile import ProfileError, SiteProfile

BODY = "".join(
    f"<p>The council met on the harbour question for the {n}th time and voted again.</p>"
    for n in range(5, 11)
)
UNDATED = (
    "<html><head><title>Harbour vote</title></head><body><header><nav>Home</nav></header>"
    f"<article><h1 class='headline'>Harbour vote</h1><div class='byline'>Ann Lee</div>{BODY}"
    "</article></body></html>"
)


def test_news_sitemap_date_dates_an_undated_page() -> None:
    article = extract_article(
        UNDATED,
        "https://example.org/harbour",
        "2024-05-02T08:00:00Z",
        hints={"news_publication_date": "2024-05-01T17:45:00+02:00"},
    )
    assert article.published.value == "2024-05-01T17:45:00+02:00"
    assert article.published.source == "sitemap:news:publication_date"
    assert article.published.precision == "second"


def test_feed_date_and_lastmod_keep_their_roles() -> None:
    article = extract_article(
        UNDATED,
        "https://example.org/harbour",
        "2024-05-03T08:00:00Z",
        hints={"feed_published": "2024-05-01T15:45:00Z", "sitemap_lastmod": "2024-05-02"},
    )
    assert article.published.value == "2024-05-01T15:45:00+00:00"
    assert article.published.source == "feed:published"
    assert article.modified.value == "2024-05-02"
    assert article.modified.source == "sitemap:lastmod"


def test_page_own_date_beats_a_hint() -> None:
    dated = UNDATED.replace(
        "<title>", '<meta property="article:published_time" content="2024-04-30T09:00:00Z"><title>'
    )
    article = extract_article(
        dated,
        "https://example.org/harbour",
        "2024-05-03T08:00:00Z",
        hints={"feed_published": "2024-05-01T15:45:00Z"},
    )
    assert article.published.value == "2024-04-30T09:00:00+00:00"
    assert article.published.source == "meta:article:published_time"


def test_site_language_decides_when_the_text_cannot() -> None:
    short = "<html><body><article><h1>Ja</h1><p>Ok.</p></article></body></html>"
    record = extract_record(
        ExtractionJob(
            short.encode(), "https://example.org/kort", "2024-01-01", hints={"site_language": "da"}
        )
    )
    assert record["language"] == "da"


def test_profile_selectors_reach_the_worker() -> None:
    profile = SiteProfile.from_dict(
        {
            "domains": ["example.org"],
            "start": {"pages": ["https://example.org/"]},
            "extract": {"title": "h1.headline", "authors": [".byline"]},
        },
        source="test.toml",
        default_name="example",
    )
    record = extract_record(
        ExtractionJob(
            UNDATED.replace("Harbour vote</h1>", "Harbour vote passes</h1>").encode(),
            "https://example.org/harbour",
            "2024-05-02T08:00:00Z",
            site_rules=profile.extract,
        )
    )
    assert record["title"] == "Harbour vote passes"
    assert record["authors"] == ["Ann Lee"]


@pytest.mark.parametrize(
    ("extract", "message"),
    [({"headline": "h1"}, "extract.headline: unknown"), ({"body": 3}, "extract.body must be")],
)
def test_bad_extract_table_is_named(
    extract: dict[str, object], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ProfileError, match=message):
        SiteProfile.from_dict(
            {
                "domains": ["example.org"],
                "start": {"pages": ["https://example.org/"]},
                "extract": extract,
            },
            source="bad.toml",
            default_name="bad",
        )
