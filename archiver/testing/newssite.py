"""Build a static news site from recorded pages, for tests and benchmarks on 127.0.0.1.

Article pages are real recorded pages (fixture folders or a corpus folder) under new URLs,
each made unique by one added sentence, so content hashes differ page to page. Around them:
a home page, section fronts (paginated), tag pages, an author page, a video-only page, a
paywall page and a soft 404, plus robots.txt, a sitemap index, article sitemaps, a Google
News sitemap and an RSS 2.0 feed.

    python -m archiver.testing.newssite OUT_DIR --pages 300 [--source fixtures/]
"""

from __future__ import annotations

import argparse
import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from archiver.extract.decode import decode_html

SECTIONS = ("world", "politics", "science", "culture")
TAGS = ("elections", "climate", "markets", "health", "sports")
URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
PER_FRONT = 50
PER_SITEMAP = 500
BASE_DATE = datetime(2024, 1, 1, 6, 0, tzinfo=UTC)


@dataclass
class GeneratedArticle:
    index: int
    path: str  # URL path, e.g. /news/world/2024/01/01/story-7.html
    section: str
    tag: str
    published: datetime
    title: str
    marker: str  # the sentence that makes this page's text unique


def source_pages(source: Path) -> list[bytes]:
    """Recorded page bodies: fixture folders (body.html) or a corpus folder (*.html)."""
    bodies = sorted(source.rglob("body.html")) or sorted(source.glob("*.html"))
    if not bodies:
        raise SystemExit(f"newssite: no pages under {source}")
    return [p.read_bytes() for p in bodies]


def _uniquify(body: bytes, marker: str) -> str:
    """Append the marker to the page's longest paragraph, where extractors keep it."""
    text, _ = decode_html(body)
    tree = lxml_html.fromstring(text)
    paragraphs = [p for p in tree.iter("p") if p.text_content().strip()]
    if paragraphs:
        longest = max(paragraphs, key=lambda p: len(p.text_content()))
        tail = etree.SubElement(longest, "span")
        tail.text = f" {marker}"
    return "<!DOCTYPE html>\n" + lxml_html.tostring(tree, encoding="unicode")


def article_path(a_index: int, section: str, published: datetime) -> str:
    return f"/news/{section}/{published:%Y/%m/%d}/story-{a_index}.html"


def _page(title: str, links: list[tuple[str, str]], extra: str = "") -> str:
    items = "\n".join(f'<li><a href="{href}">{html.escape(text)}</a></li>' for href, text in links)
    nav = " ".join(f'<a href="/section/{s}/">{s.title()}</a>' for s in SECTIONS)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title></head><body><header><nav>{nav}</nav></header><main><h1>{html.escape(title)}"
        f"</h1>{extra}<ul>\n{items}\n</ul></main><footer>Local News</footer></body></html>\n"
    )


def _write(root: Path, path: str, content: str | bytes) -> None:
    target = root / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        target.write_text(content, encoding="utf-8")
    else:
        target.write_bytes(content)


def build(root: Path, pages: int, source: Path, base_url: str) -> list[GeneratedArticle]:
    """Write the site under ``root``; ``base_url`` (``http://127.0.0.1:PORT``) makes the
    sitemap and feed locations absolute, as the protocols require."""
    bodies = source_pages(source)
    articles: list[GeneratedArticle] = []
    for i in range(pages):
        section, tag = SECTIONS[i % len(SECTIONS)], TAGS[i % len(TAGS)]
        published = BASE_DATE + timedelta(hours=i)
        path = article_path(i, section, published)
        marker = f"Local dispatch number {i} filed for the {section} desk."
        articles.append(GeneratedArticle(i, path, section, tag, published, f"Story {i}", marker))
        _write(root, path, _uniquify(bodies[i % len(bodies)], marker))
    newest_first = sorted(articles, key=lambda a: a.published, reverse=True)

    _write(root, "/", _page("Local News", [(f"/section/{s}/", s.title()) for s in SECTIONS]))
    for section in SECTIONS:
        in_section = [a for a in newest_first if a.section == section]
        chunks = [in_section[i : i + PER_FRONT] for i in range(0, len(in_section), PER_FRONT)]
        for n, chunk in enumerate(chunks or [[]], start=1):
            links = [(a.path, a.title) for a in chunk]
            if n < len(chunks):
                links.append((f"/section/{section}/page/{n + 1}/", "Older stories"))
            where = f"/section/{section}/" if n == 1 else f"/section/{section}/page/{n}/"
            _write(root, where, _page(f"{section.title()} news", links))
    for tag in TAGS:
        links = [(a.path, a.title) for a in newest_first if a.tag == tag][:PER_FRONT]
        _write(root, f"/tag/{tag}/", _page(f"Stories tagged {tag}", links))
    _write(
        root,
        "/author/desk/",
        _page("Our newsroom desk", [(a.path, a.title) for a in newest_first[:20]]),
    )
    _write(
        root,
        "/video/briefing.html",
        _page("Video briefing", [], '<video src="/v.mp4" controls></video>'),
    )
    _write(
        root,
        "/premium/exclusive.html",
        _page(
            "Subscribe to read",
            [],
            "<p>This article is for subscribers only. Subscribe now to continue reading.</p>",
        ),
    )
    _write(
        root,
        "/gone.html",
        _page("Page not found", [], "<p>Sorry, the page you requested could not be found.</p>"),
    )

    _write(
        root,
        "/robots.txt",
        f"User-agent: *\nDisallow: /private/\nSitemap: {base_url}/sitemap_index.xml\n",
    )
    _write_sitemaps(root, newest_first, base_url)
    _write_feed(root, newest_first[:PER_FRONT], base_url)
    manifest = [
        {
            "path": a.path,
            "section": a.section,
            "tag": a.tag,
            "published": a.published.isoformat(),
            "marker": a.marker,
        }
        for a in articles
    ]
    _write(root, "/manifest.json", json.dumps(manifest, indent=1))
    return articles


def _write_sitemaps(root: Path, articles: list[GeneratedArticle], base_url: str) -> None:
    chunks = [articles[i : i + PER_SITEMAP] for i in range(0, len(articles), PER_SITEMAP)]
    names = []
    for n, chunk in enumerate(chunks, start=1):
        name = f"/sitemap-articles-{n}.xml"
        names.append(name)
        urls = "".join(
            f"<url><loc>{base_url}{a.path}</loc><lastmod>{a.published:%Y-%m-%dT%H:%M:%S+00:00}</lastmod></url>"
            for a in chunk
        )
        _write(
            root,
            name,
            f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n',
        )
    news = "".join(
        f"<url><loc>{base_url}{a.path}</loc><news:news><news:publication>"
        "<news:name>Local News</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{a.published:%Y-%m-%dT%H:%M:%S+00:00}</news:publication_date>"
        f"<news:title>{html.escape(a.title)}</news:title></news:news></url>"
        for a in articles[:PER_FRONT]
    )
    _write(
        root,
        "/sitemap-news.xml",
        (f"{XML_DECL}{URLSET} {NEWS_NS}>{news}</urlset>\n"),
    )
    entries = "".join(
        f"<sitemap><loc>{base_url}{n}</loc></sitemap>" for n in [*names, "/sitemap-news.xml"]
    )
    _write(
        root,
        "/sitemap_index.xml",
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n'
        ),
    )


def _write_feed(root: Path, articles: list[GeneratedArticle], base_url: str) -> None:
    items = "".join(
        f"<item><title>{html.escape(a.title)}</title><link>{base_url}{a.path}</link>"
        f"<guid>{base_url}{a.path}</guid>"
        f"<pubDate>{a.published:%a, %d %b %Y %H:%M:%S +0000}</pubDate></item>"
        for a in articles
    )
    _write(
        root,
        "/rss.xml",
        (
            f'{XML_DECL}<rss version="2.0"><channel><title>Local News</title>'
            f"<link>{base_url}/</link><description>Latest stories</description>{items}"
            "</channel></rss>\n"
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--source", type=Path, default=Path("fixtures"))
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000")
    args = parser.parse_args()
    build(args.out, args.pages, args.source, args.base_url)


if __name__ == "__main__":
    main()
