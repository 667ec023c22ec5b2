"""Discovery without a crawl: sitemaps, feeds, link rules, profiles, and the hints that the
spider puts on article requests."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from twisted.python.failure import Failure

from archiver import __version__
from archiver.discovery.feeds import NotAFeed, announced_feeds, parse_feed
from archiver.discovery.links import Kind
from archiver.discovery.pending import late_hints
from archiver.discovery.sitemaps import parse_sitemap
from archiver.meta import HINTS
from archiver.politeness import contact_user_agent
from archiver.sites import ProfileError, SiteProfile, find_profile, profile_names
from archiver.spiders.news import NewsSpider
from tests.conftest import ROOT, SEED, read_jsonl
from tests.crawl_helpers import run_files, scripted_site

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://example.org/news/2024/05/02/vote.html</loc>
    <lastmod>2024-05-02T18:00:00+02:00</lastmod>
    <news:news>
      <news:publication><news:name>Example</news:name><news:language>fr</news:language>
      </news:publication>
      <news:publication_date>2024-05-02T09:15:00+02:00</news:publication_date>
      <news:title>Le vote du budget</news:title>
    </news:news>
  </url>
  <url><loc>https://example.org/news/2024/05/01/older.html</loc></url>
</urlset>
"""


def test_news_sitemap_fields_are_kept() -> None:
    parsed = parse_sitemap(NEWS_SITEMAP)
    assert parsed.kind == "urlset" and parsed.problem is None
    first, second = parsed.entries
    assert first.hints() == {
        "sitemap_lastmod": "2024-05-02T18:00:00+02:00",
        "news_publication_date": "2024-05-02T09:15:00+02:00",
        "news_title": "Le vote du budget",
    }
    assert (second.loc, second.hints()) == ("https://example.org/news/2024/05/01/older.html", {})


def test_gzipped_sitemap_index() -> None:
    index = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://example.org/s1.xml.gz</loc><lastmod>2024-01-01</lastmod>"
        b"</sitemap><sitemap><loc>https://example.org/s2.xml</loc></sitemap></sitemapindex>"
    )
    parsed = parse_sitemap(gzip.compress(index))
    assert parsed.kind == "sitemapindex"
    assert [e.loc for e in parsed.entries] == [
        "https://example.org/s1.xml.gz",
        "https://example.org/s2.xml",
    ]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (NEWS_SITEMAP[:400], "malformed XML at line"),
        (b"<html><body>Not here</body></html>", "not a sitemap (root element <html>)"),
        (b"", "not XML"),
        (b"\x1f\x8b\x08garbage", "not a readable gzip file"),
    ],
)
def test_bad_sitemaps_say_why(body: bytes, problem: str) -> None:
    parsed = parse_sitemap(body)
    assert parsed.problem is not None and parsed.problem.startswith(problem)


def test_cut_sitemap_keeps_only_complete_entries() -> None:
    cut = NEWS_SITEMAP[: NEWS_SITEMAP.index(b"older.html")]
    parsed = parse_sitemap(cut)
    assert [e.loc for e in parsed.entries] == ["https://example.org/news/2024/05/02/vote.html"]
    assert parsed.problem is not None and "malformed XML" in parsed.problem


def test_rss_and_atom_items_with_dates() -> None:
    rss = (
        b'<rss version="2.0"><channel><title>T</title>'
        b"<item><title>One</title><link>/a/one.html</link>"
        b"<pubDate>Tue, 17 Nov 2015 20:41:00 +0100</pubDate></item>"
        b'<item><guid isPermaLink="true">https://example.org/a/two.html</guid></item>'
        b"</channel></rss>"
    )
    entries = parse_feed(rss, "https://example.org/feed.xml")
    assert [(e.link, e.hints()) for e in entries] == [
        ("https://example.org/a/one.html", {"feed_published": "Tue, 17 Nov 2015 20:41:00 +0100"}),
        ("https://example.org/a/two.html", {}),
    ]
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        b'<entry><title>Three</title><link rel="alternate" href="https://example.org/3"/>'
        b"<published>2024-02-03T04:05:06Z</published><updated>2024-02-04T00:00:00Z</updated>"
        b'</entry><entry><link rel="edit" href="https://example.org/edit"/></entry></feed>'
    )
    (entry,) = parse_feed(atom, "https://example.org/atom")
    assert (entry.link, entry.published, entry.title) == (
        "https://example.org/3",
        "2024-02-03T04:05:06Z",
        "Three",
    )
    with pytest.raises(NotAFeed, match="not RSS or Atom"):
        parse_feed(b"<html><body/></html>", "https://example.org/")


def test_feeds_announced_in_a_page_head() -> None:
    pairs = [
        ("application/rss+xml", "/rss.xml"),
        ("application/atom+xml; charset=utf-8", "https://example.org/atom"),
        ("text/html", "/en/"),
        (None, "/x"),
    ]
    assert announced_feeds(pairs, "https://example.org/news/") == [
        "https://example.org/rss.xml",
        "https://example.org/atom",
    ]


def test_shipped_profile_classifies_urls() -> None:
    profile = find_profile("franceinfo")
    assert profile.language == "fr"
    assert profile.settings["DOWNLOAD_DELAY"] == 1.0
    rules = profile.rules
    article = (
        "https://www.francetvinfo.fr/monde/attentats-de-paris/"
        "attentats-de-paris-les-etats-unis-aux-cotes-de-la-france_1178473.html"
    )
    assert rules.classify(article) is Kind.ARTICLE
    assert rules.classify("https://www.francetvinfo.fr/monde/") is Kind.LISTING
    assert rules.classify("https://www.francetvinfo.fr/monde/page-2.html") is Kind.LISTING
    assert rules.classify("https://www.francetvinfo.fr/faits-divers/terrorisme/") is Kind.LISTING
    seed = json.loads((SEED / "info.json").read_text(encoding="utf-8"))["url"]
    assert rules.classify(seed) is Kind.ARTICLE
    assert rules.classify("https://www.francetvinfo.fr/tag/paris/") is Kind.IGNORE
    assert rules.classify("https://www.francetvinfo.fr/replay-jt/x_123.html") is Kind.IGNORE
    assert rules.classify("https://www.lemonde.fr/monde/x_123.html") is Kind.IGNORE


def test_user_profiles_come_first_and_errors_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "franceinfo.toml").write_text(
        'domains = ["franceinfo.test"]\n[start]\npages = ["https://franceinfo.test/"]\n', "utf-8"
    )
    assert find_profile("franceinfo", [tmp_path]).domains == ("franceinfo.test",)
    (tmp_path / "bad.toml").write_text(
        '[start]\npages = ["https://bad.test/"]\n[articles]\nallow = ["(unclosed"]\n', "utf-8"
    )
    with pytest.raises(ProfileError, match=r"bad\.toml: bad URL pattern '\(unclosed'"):
        find_profile("bad", [tmp_path])
    assert profile_names([tmp_path]) == ["bad", "franceinfo"]
    with pytest.raises(ProfileError, match="sites folder not found"):
        find_profile("x", [tmp_path / "missing"])


def test_ad_hoc_profile_for_a_url() -> None:
    profile = SiteProfile.for_url("http://127.0.0.1:8080/news/")
    assert (profile.name, profile.domains, profile.pages) == (
        "127.0.0.1_8080",
        ("127.0.0.1",),
        ("http://127.0.0.1:8080/news/",),
    )
    assert profile.rules.classify("http://127.0.0.1:9999/any/page") is Kind.ARTICLE
    assert profile.rules.classify("http://example.org/") is Kind.IGNORE
    assert profile.rules.classify("mailto:desk@127.0.0.1") is Kind.IGNORE


def test_sitemap_and_feed_dates_travel_on_the_request(tmp_path: Path) -> None:
    crawler = Crawler(NewsSpider, {"ARCHIVER_OUTPUT_DIR": str(tmp_path)})  # settings still open
    spider = NewsSpider.from_crawler(crawler, site="https://example.org/")
    crawler.stats = MemoryStatsCollector(crawler)  # set by Crawler.crawl in a real run
    url = "https://example.org/sitemap-news.xml"
    sitemap = XmlResponse(url, body=NEWS_SITEMAP, request=Request(url))
    first, second = spider.parse_sitemap(sitemap)

    def schedule(*requests: Request, dropped: bool = False) -> None:
        for request in requests:
            crawler.signals.send_catch_log(signals.request_scheduled, request=request)
            if dropped:
                crawler.signals.send_catch_log(signals.request_dropped, request=request)

    schedule(first, second)
    assert first.url == "https://example.org/news/2024/05/02/vote.html"
    assert first.meta[HINTS]["news_title"] == "Le vote du budget"
    assert first.meta[HINTS]["news_publication_date"] == "2024-05-02T09:15:00+02:00"
    assert second.meta[HINTS] == {}
    # The same URL also in a feed: its date joins the sitemap's when the page is parsed.
    rss = (
        b'<rss version="2.0"><channel><item><link>https://example.org/news/2024/05/02/vote.html'
        b"</link><pubDate>Thu, 02 May 2024 07:15:00 GMT</pubDate></item></channel></rss>"
    )
    feed = TextResponse(
        "https://example.org/rss", body=rss, request=Request("https://example.org/rss")
    )
    assert list(spider.parse_feed(feed)) == []  # one request a URL: the sitemap's
    assert first.meta[HINTS] == {  # its own copy, by value
        "sitemap_lastmod": "2024-05-02T18:00:00+02:00",
        "news_publication_date": "2024-05-02T09:15:00+02:00",
        "news_title": "Le vote du budget",
    }
    late: list[dict[str, str]] = []
    crawler.signals.connect(lambda response, hints: late.append(hints), late_hints, weak=False)
    page = HtmlResponse(first.url, body=(SEED / "body.html").read_bytes(), request=first)
    item = next(iter(spider.parse_article(page)))
    merged = {**first.meta[HINTS], "feed_published": "Thu, 02 May 2024 07:15:00 GMT"}
    assert item.hints == merged
    assert late == [merged]  # for the WARC capture, which wrote the page before the feed
    # Nothing stays behind for a page parsed, failed, or dropped by the scheduler.
    assert len(spider.pending_hints) == 1  # the older page's request is still out
    duplicate = Request(second.url, meta=dict(second.meta))  # same URL, another route
    schedule(duplicate, dropped=True)  # dropped: the first request's entry stays
    assert len(spider.pending_hints) == 1
    failure = Failure(IgnoreRequest("offsite"))
    failure.request = second  # type: ignore[attr-defined]
    spider.fetch_failed(failure)
    assert len(spider.pending_hints) == 0
    again = list(spider.parse_sitemap(sitemap))  # found again: the duplicate filter drops them
    assert len(again) == 2
    assert len(spider.pending_hints) == 0  # not scheduled yet (a DEPTH_LIMIT may drop them)
    schedule(*again, dropped=True)
    assert len(spider.pending_hints) == 0


def test_ad_hoc_crawl_with_scrapy_crawl(tmp_path: Path) -> None:
    """``scrapy crawl news -a site=URL``: robots.txt sitemap, the feed named in the page
    head and the page's links each lead to one story; the start page is not a record."""
    story = (SEED / "body.html").read_bytes()
    with scripted_site() as site:
        site.page("/robots.txt", f"Sitemap: {site.url('/sitemap.xml')}\n".encode(), "text/plain")
        site.page(
            "/sitemap.xml",
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
            + site.url("/story-2.html").encode()
            + b"</loc></url></urlset>",
            "application/xml",
        )
        site.page(
            "/feed.atom",
            b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/story-3.html"/>'
            b"<updated>2024-01-01T00:00:00Z</updated></entry></feed>",
            "application/atom+xml",
        )
        site.page(
            "/",
            b'<html><head><link rel="alternate" type="application/atom+xml" href="/feed.atom">'
            b'</head><body><a href="/story-1.html">one</a></body></html>',
        )
        for n in (1, 2, 3):
            site.page(f"/story-{n}.html", story)
        proc = subprocess.run(
            [
                sys.executable, "-m", "scrapy", "crawl", "news",
                "-a", f"site={site.url('/')}", "-s", f"ARCHIVER_OUTPUT_DIR={tmp_path}",
            ],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]
        (output,) = run_files(tmp_path, f"127.0.0.1_{site.port}")
        paths = sorted(str(r["url"]).removeprefix(site.url("")) for r in read_jsonl(output))
    assert paths == ["/story-1.html", "/story-2.html", "/story-3.html"]


def test_contact_url_reaches_the_user_agent() -> None:
    settings = Settings()
    settings.setmodule("archiver.settings", priority="project")
    contact_user_agent(settings)
    assert settings["USER_AGENT"] == f"archiver/{__version__}"  # no placeholder address
    settings.set("ARCHIVER_CONTACT_URL", "https://lab.example/crawler", priority="cmdline")
    contact_user_agent(settings)
    assert settings["USER_AGENT"] == f"archiver/{__version__} (+https://lab.example/crawler)"
    settings.set("USER_AGENT", "mybot/1.0", priority="cmdline")
    contact_user_agent(settings)
    assert settings["USER_AGENT"] == "mybot/1.0"
