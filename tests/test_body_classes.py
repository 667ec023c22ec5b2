"""Body failure classes, each on a synthetic page written from the class's description."""

from __future__ import annotations

from archiver.extract import extract_article

FETCHED = "2024-06-01T12:00:00+00:00"
URL = "https://news.example.org/2024/05/31/breakwater-work-begins"
TITLE = "Breakwater work begins in the harbour"
BODY = (
    "<p>The harbour authority said the new breakwater would protect the eastern quay from "
    "winter storms, which flooded the fish market twice last year and closed the ferry "
    "terminal for a week.</p>"
    "<p>Engineers began driving the first steel piles on Monday. The work is expected to take "
    "eighteen months and will be paid for by a regional grant and a levy on cruise ship "
    "landings.</p>"
    "<p>Local fishermen welcomed the project but asked that the quay stay open during "
    "construction, since most of their catch is landed there before dawn.</p>"
    "<p>The mayor told the council that a temporary landing stage would be built on the "
    "western side of the harbour before the piling reaches the quay.</p>"
)
FIRST = "Crews arrived at the eastern quay at six in the morning with two floating cranes."


def _page(article: str) -> str:
    return (
        f"<!doctype html><html lang='en'><head><title>{TITLE} | Coastal Times</title>"
        f"<meta property='og:title' content='{TITLE}'></head><body>"
        "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
        "<li><a href='/sport'>Sport</a></li></ul></nav></header>"
        f"<main><article><h1>{TITLE}</h1>{article}</article></main>"
        "<footer><p>Coastal Times, 1 Harbour Road</p></footer></body></html>"
    )


def _text(article: str) -> str:
    return extract_article(_page(article), URL, FETCHED).text


def test_text_after_an_empty_byline_element_is_kept() -> None:
    # the byline slot was filled by a script that did not run: an empty element, then text
    text = _text(
        f"<div class='article-body'><p><span class='byline'></span>{FIRST}</p>{BODY}</div>"
    )
    assert text.startswith(FIRST)
    assert "Engineers began driving the first steel piles on Monday." in text


def test_text_after_an_empty_icon_between_line_breaks_is_kept() -> None:
    second = "The first pile went in before noon, watched by a crowd on the promenade."
    text = _text(
        f"<div class='article-body'><p><i class='icon-pin'></i> {FIRST}<br><br>{second}</p>"
        f"{BODY}</div>"
    )
    assert FIRST in text
    assert second in text
    assert "Coastal Times, 1 Harbour Road" not in text


def test_text_after_a_link_without_text_is_kept() -> None:
    # a named anchor, and a picture's link in a floated wrapper, opening a paragraph
    second = "Engineers began driving the first steel piles on Monday, ahead of the timetable."
    for opening in (
        "<a name='part-2'></a>",
        "<span class='image floatleft'><a href='/pictures/crane.jpg'><img src='/c.jpg'></a></span>",
    ):
        text = _text(
            f"<div class='article-body'><p>{FIRST} The harbour master watched from the pier.</p>"
            f"<p>{opening}{second} The first pile went in before noon.</p>{BODY}</div>"
        )
        assert f"{second} The first pile went in before noon." in text.split("\n\n")
        assert "The harbour master watched from the pier." in text


def test_heading_with_an_empty_permalink_anchor_is_kept() -> None:
    # headings carry an anchor link with no text (or only an icon) to link to themselves
    for anchor in (
        "<a href='#who-pays' class='anchor'></a>",
        "<a href='#who-pays' aria-hidden='true'><svg viewBox='0 0 16 16'></svg></a>",
    ):
        text = _text(
            f"<div class='post-content'>{BODY}<h2 id='who-pays'><b>Who pays for the works?</b>"
            f"{anchor}</h2><p>The regional grant covers two thirds of the cost, and the levy on "
            "cruise ship landings is expected to raise the rest within six years.</p></div>"
        )
        paragraphs = text.split("\n\n")
        assert "Who pays for the works?" in paragraphs
        assert paragraphs.index("Who pays for the works?") == len(paragraphs) - 2
        assert text.endswith("is expected to raise the rest within six years.")
