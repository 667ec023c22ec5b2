"""page_type: articles stay articles; error pages, walls, videos and listings are told apart."""

from __future__ import annotations

import pytest
from quality_corpus import extract_corpus_page, truth

from archiver.extract import extract_article

FETCHED = "2025-01-01T12:00:00+00:00"
PARA = (
    "<p>" + "Ein ganz gewöhnlicher Satz über die Politik der Stadt und ihre Folgen. " * 3 + "</p>"
)


def _page(head: str, body: str) -> str:
    return f"<!doctype html><html lang='en'><head>{head}</head><body>{body}</body></html>"


def test_error_page() -> None:
    html = _page(
        "<title>Page not found | Example News</title>",
        "<h1>404 - Page not found</h1><p>Sorry, we could not find that page.</p>"
        "<a href='/'>Back to the home page</a>",
    )
    assert extract_article(html, "https://example.com/x", FETCHED).page_type == "error"


def test_paywall_page() -> None:
    html = _page(
        "<title>Budget talks stall</title><script type='application/ld+json'>"
        '{"@type": "NewsArticle", "headline": "Budget talks stall", '
        '"isAccessibleForFree": false}</script>',
        "<article><h1>Budget talks stall</h1><p>The talks stalled on Monday.</p>"
        "<div class='wall'>Subscribe to continue reading. Already a subscriber? Log in.</div>"
        "</article>",
    )
    assert (
        extract_article(
            html, "https://example.com/politics/budget-talks-stall-123", FETCHED
        ).page_type
        == "paywall"
    )


def test_consent_wall() -> None:
    html = _page(
        "<title>Example News</title>",
        "<div><h2>We value your privacy</h2><p>We and our partners use cookies.</p>"
        "<button>Accept all cookies</button><button>Cookie settings</button></div>",
    )
    assert (
        extract_article(html, "https://example.com/2024/05/story", FETCHED).page_type == "paywall"
    )


def test_video_page() -> None:
    html = _page(
        "<title>Watch: storm hits the coast</title><meta property='og:type' content='video.other'>",
        "<h1>Watch: storm hits the coast</h1><video src='/v.mp4'></video>"
        "<p>Footage from Monday.</p>",
    )
    assert (
        extract_article(html, "https://example.com/video/storm-hits-coast", FETCHED).page_type
        == "video"
    )


def test_listing_page() -> None:
    links = "".join(
        f"<li><a href='/politics/story-{i}'>Headline {i} about the council budget vote</a></li>"
        for i in range(25)
    )
    html = _page(
        "<title>Politics | Example News</title><meta property='og:type' content='website'>",
        f"<h1>Politics</h1><ul>{links}</ul>",
    )
    assert extract_article(html, "https://example.com/politics/", FETCHED).page_type == "listing"


def test_plain_article_without_metadata() -> None:
    html = _page(
        "<title>Council votes</title>", "<article><h1>Council votes</h1>" + PARA * 4 + "</article>"
    )
    assert (
        extract_article(html, "https://example.com/news/council-votes", FETCHED).page_type
        == "article"
    )


@pytest.mark.parametrize("corpus_name", ["metadata-dev", "extraction-dev"])
def test_every_corpus_article_is_an_article(corpus_name: str) -> None:
    ids = sorted(truth(corpus_name))[::6]
    kinds = {page_id: extract_corpus_page(corpus_name, page_id).page_type for page_id in ids}
    assert {k: v for k, v in kinds.items() if v != "article"} == {}


def test_front_of_short_link_labels_is_a_listing() -> None:
    items = "".join(f"<li><a href='/news/story-{i}.html'>Story {i}</a></li>" for i in range(30))
    html = _page(
        "<title>Science news</title>", f"<main><h1>Science news</h1><ul>{items}</ul></main>"
    )
    assert extract_article(html, "https://example.com/section/science/", FETCHED).page_type == (
        "listing"
    )


def test_near_empty_page_of_links_is_a_listing() -> None:
    nav = "".join(f"<a href='/section/{s}/'>{s.title()}</a> " for s in ("world", "science", "arts"))
    html = _page(
        "<title>Local News</title>", f"<header><nav>{nav}</nav></header><h1>Local News</h1>"
    )
    assert extract_article(html, "https://example.com/", FETCHED).page_type == "listing"


def test_player_without_text_is_a_video() -> None:
    html = _page(
        "<title>Video briefing</title>",
        "<main><h1>Video briefing</h1><video src='/v.mp4' controls></video></main>",
    )
    assert extract_article(html, "https://example.com/video/briefing", FETCHED).page_type == "video"


def test_page_with_no_text_is_never_an_article() -> None:
    index = _page(
        "<title>Index of /news/</title>",
        "<h1>Index of /news/</h1><ul><li><a href='2024/'>2024/</a></li></ul>",
    )
    blank = _page("<title>App</title>", "<div id='root'></div><script>start()</script>")
    assert extract_article(index, "https://example.com/news/", FETCHED).page_type == "listing"
    assert extract_article(blank, "https://example.com/app", FETCHED).page_type == "error"


def _headline_links(n: int) -> str:
    return "".join(
        f"<li><a href='/news/story-{i}'>Another headline about the council budget vote {i}</a></li>"
        for i in range(n)
    )


def test_short_news_item_declared_article_stays_an_article() -> None:
    # a two-sentence agency item among a sidebar of 30 headlines: og:type says article
    html = _page(
        "<title>Referee named for the cup final</title><meta property='og:type' content='article'>",
        "<main><h1>Referee named for the cup final</h1><p>(Agency) - The federation named "
        "the referee for Sunday's final on Tuesday. The match starts at 21.45.</p></main>"
        f"<aside><ul>{_headline_links(30)}</ul></aside>",
    )
    url = "https://example.com/sport/2020/07/28/referee-named-cup-final_c708a8fb.html"
    assert extract_article(html, url, FETCHED).page_type == "article"


def test_same_page_without_the_declaration_is_a_listing() -> None:
    html = _page(
        "<title>Sport</title><meta property='og:type' content='website'>",
        "<main><h1>Sport</h1><p>The latest from the federation.</p></main>"
        f"<aside><ul>{_headline_links(30)}</ul></aside>",
    )
    assert extract_article(html, "https://example.com/sport/", FETCHED).page_type == "listing"


def test_short_post_with_embedded_player_is_an_article() -> None:
    html = _page(
        "<title>Pleiades, M45</title><meta property='og:type' content='article'>",
        "<article><h1>Pleiades, M45</h1><p>Taken with the lens stopped down to f/5.6: "
        "bright star spikes and intensely blue nebulae.</p>"
        "<iframe src='https://www.youtube.com/embed/abc123'></iframe></article>",
    )
    url = "https://example.com/astrophoto/pleiades-m45/"
    assert extract_article(html, url, FETCHED).page_type == "article"


def test_post_addressed_by_query_number_is_not_a_front() -> None:
    sidebar = f"<aside><ul>{_headline_links(20)}</ul></aside>"
    paragraphs = "".join(
        f"<p>Paragraph {i}: the security debate after the failed attack goes on, and the "
        f"question {i} of why the measures did not work stays open.</p>"
        for i in range(8)
    )
    html = _page("<title>On the failed attack</title>", f"<article>{paragraphs}</article>")
    html = html.replace("</body>", sidebar + "</body>")
    assert extract_article(html, "http://blog.example.com/?p=959/", FETCHED).page_type == (
        "article"
    )
    # a slug of four words or more names an item too
    slug = "https://example.com/blog/ueber-den-gescheiterten-anschlag"
    assert extract_article(html, slug, FETCHED).page_type == "article"
    # the same page at the site's root, or a section's, is a front
    assert extract_article(html, "http://blog.example.com/", FETCHED).page_type == "listing"
    assert extract_article(html, "https://example.com/world-news/", FETCHED).page_type == (
        "listing"
    )


def test_script_drawn_item_declaring_an_article_stays_an_article() -> None:
    # the text is drawn by script, but the structured data names a news article
    data = (
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"headline": "Council passes the budget", "datePublished": "2024-05-02"}</script>'
    )
    html = _page(
        f"<title>Council passes the budget</title>{data}",
        "<div id='root'></div><script>start()</script>",
    )
    url = "https://example.com/politics/article/3046526/council-passes-budget"
    art = extract_article(html, url, FETCHED)
    assert (art.page_type, art.text, art.published.value) == ("article", "", "2024-05-02")
    # the same shell without the declaration is no page at all
    bare = html.replace(data, "")
    assert extract_article(bare, url, FETCHED).page_type == "error"
