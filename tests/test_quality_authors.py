"""Author cleaning: bylines to lists of people, outlets only when no person is named."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from quality_corpus import extract_corpus_page

from archiver.extract.authors import authors, sources, split_names
from archiver.extract.structured import collect


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By John Smith and Jane Doe", ["John Smith", "Jane Doe"]),
        ("Von Felix Schröder und Jörg Soldwisch, dpa", ["Felix Schröder", "Jörg Soldwisch", "dpa"]),
        ("Par Marie Dupont et Jean Martin", ["Marie Dupont", "Jean Martin"]),
        ("Por Ana García y Luis Pérez", ["Ana García", "Luis Pérez"]),
        ("Jane Doe, Staff Writer", ["Jane Doe"]),
        (
            "Mamokete Modiba, Claire Benit-Gbaffou and Tanya Zack",
            ["Mamokete Modiba", "Claire Benit-Gbaffou", "Tanya Zack"],
        ),
        ("박준석 기자", ["박준석"]),
        ("https://www.facebook.com/someoutlet", []),
        ("d.kuckelkorn@boersen-zeitung.de", []),
        ("srf/hosb", ["srf/hosb"]),
        ("Associated Press in Valencia", ["Associated Press"]),
        ("Jane Doe in New York", ["Jane Doe"]),
        ("Updated 12.05.2024, 14:30", []),
        # inverted names stay whole: "Last, First" is one person, not two
        ("Smith, John; Doe, Jane", ["Smith, John", "Doe, Jane"]),
        (
            "Von Müller, Hans und van der Berg, Anna-Lena",
            ["Müller, Hans", "van der Berg, Anna-Lena"],
        ),
        ("Smith, John, O’Brien, Sean", ["Smith, John", "O’Brien, Sean"]),
        ("Doe, J.", ["Doe, J"]),
        # agencies are not inverted names: written in capitals or lower case
        ("dpa, AFP", ["dpa", "AFP"]),
        ("Jane Doe, John Roe, dpa", ["Jane Doe", "John Roe", "dpa"]),
    ],
)
def test_split_names(raw: str, expected: list[str]) -> None:
    assert split_names(raw) == expected


def _page(jsonld: str, body: str = "") -> lxml_html.HtmlElement:
    return lxml_html.fromstring(
        "<html><head><meta property='og:site_name' content='Daily Example'>"
        f"<script type='application/ld+json'>{jsonld}</script></head><body>{body}</body></html>"
    )


def test_outlet_dropped_when_a_person_is_named() -> None:
    tree = _page(
        '{"@type": "NewsArticle", "author": [{"@type": "Organization", "name": "Daily Example"},'
        ' {"@type": "Person", "name": "By Ada Lovelace"}]}'
    )
    assert authors(collect(tree), tree, {"dailyexample"}) == ["Ada Lovelace"]


def test_agency_credited_beside_a_person_is_an_author() -> None:
    tree = _page(
        '{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ada Lovelace"},'
        ' {"@type": "Organization", "name": "SDA"}]}'
    )
    assert authors(collect(tree), tree, {"dailyexample"}) == ["Ada Lovelace", "SDA"]


def test_sources_report_people_and_outlets_per_signal() -> None:
    tree = _page(
        '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Daily Example"}}',
        "<article><p class='author'>By Grace Hopper</p></article>",
    )
    found = sources(collect(tree), tree, {"dailyexample"})
    assert found == {"json-ld": ([], ["Daily Example"]), "byline": (["Grace Hopper"], [])}


def test_outlet_kept_when_no_person_is_named() -> None:
    tree = _page('{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "AFP"}}')
    assert authors(collect(tree), tree, {"dailyexample"}) == ["AFP"]


def test_visible_byline_replaces_an_outlet_only_author() -> None:
    tree = _page(
        '{"@type": "NewsArticle", "author": {"name": "Daily Example"}}',
        "<article><p class='author'>By Grace Hopper</p><p>Text.</p></article>",
    )
    assert authors(collect(tree), tree, {"dailyexample"}) == ["Grace Hopper"]


@pytest.mark.parametrize(
    ("page_id", "expected"),
    [
        ("ca_GlobalNews_2026_05_24", ["Samya Kullab", "Vasilisa Stepanenko"]),
        ("de_BSZ_2024_05_16", ["Felix Schröder", "Jörg Soldwisch", "dpa"]),
        ("tz_HabariLeo_2025_01_23", ["Rahimu Fadhili"]),
    ],
)
def test_real_pages(page_id: str, expected: list[str]) -> None:
    assert extract_corpus_page("metadata-dev", page_id).authors == expected


def test_inverted_person_names_are_two_authors_not_four() -> None:
    tree = _page(
        '{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Lovelace, Ada"},'
        ' {"@type": "Person", "name": "Hopper, Grace"}]}'
    )
    assert authors(collect(tree), tree, {"dailyexample"}) == ["Lovelace, Ada", "Hopper, Grace"]


def test_author_reference_followed_through_the_graph() -> None:
    tree = _page(
        '{"@context": "https://schema.org", "@graph": ['
        '{"@type": "NewsArticle", "headline": "H", "author": {"@id": "https://x.org/#/person/1"}},'
        '{"@type": "Person", "@id": "https://x.org/#/person/1", "name": "Von Ada Lovelace"}]}'
    )
    assert authors(collect(tree), tree, {"dailyexample"}) == ["Ada Lovelace"]


def _byline_page(body: str) -> list[str]:
    tree = lxml_html.fromstring(f"<html><head></head><body>{body}</body></html>")
    return authors(collect(tree), tree, {"dailyexample"})


def test_byline_from_a_link_to_the_author_page() -> None:
    body = (
        "<nav><a href='/authors/'>Our authors</a></nav>"
        "<article><h1>Budget passes</h1><p>Von <a href='/autoren/ada-lovelace'>Ada Lovelace</a>"
        "</p><p>The council approved the budget.</p></article>"
    )
    assert _byline_page(body) == ["Ada Lovelace"]


def test_byline_innermost_element_and_its_neighbours_only() -> None:
    body = (
        "<main><article><header><div class='c-byline'><span class='c-byline__label'>By</span>"
        "<span class='c-byline__name'>Ada Lovelace</span>"
        "<span class='c-byline__name'>Grace Hopper</span></div></header><p>Text.</p></article>"
        "</main>"
        "<section><ul><li><div><div><span class='teaser-author'>Alan Turing</span></div></div>"
        "</li><li><div><div><span class='card__author'>Edsger Dijkstra</span></div></div></li>"
        "</ul></section>"
    )
    # the label is no name; the other articles' bylines further down are not this one's
    assert _byline_page(body) == ["Ada Lovelace", "Grace Hopper"]


def test_byline_cleaning() -> None:
    body = (
        "<article><div class='article-meta'><p class='authors'>"
        "<span class='author-name'>Xiaoying You1</span>"
        "<span class='author-name'>Dolores Chang For Dailymail.com</span>"
        "<span class='author-date'>2024</span></p></div>"
        "<div class='author-box'><p class='author-text'>Rachel Brazil is a freelance</p></div>"
        "</article>"
    )
    assert _byline_page(body) == ["Xiaoying You", "Dolores Chang"]


def test_date_in_a_byline_element_does_not_place_the_byline() -> None:
    body = (
        "<main><div class='article__byline-date'>17 April 2012</div></main>"
        "<article><aside><span class='e-byline'><span class='e-byline__label'>By</span>"
        "<span class='e-byline__author'>Poppie Platt</span></span></aside></article>"
    )
    assert _byline_page(body) == ["Poppie Platt"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Erstellt von Andri Bryner", ["Andri Bryner"]),
        ("Artikel von", []),
        ("Author", []),
        ("2020", []),
        ("TAG24", ["TAG24"]),
        ("Bundesministerium für Wirtschaft", ["Bundesministerium für Wirtschaft"]),
        ("Christoph Hein Chefredakteur", ["Christoph Hein"]),
        # a dateline place after the last person is no author; agencies stay
        ("Von Seb Dumitru, Lille", ["Seb Dumitru"]),
        ("Ada Lovelace, Grace Hopper, Paris", ["Ada Lovelace", "Grace Hopper"]),
        ("Paula Steiger, SDA", ["Paula Steiger", "SDA"]),
    ],
)
def test_split_names_labels_and_affiliations(raw: str, expected: list[str]) -> None:
    assert split_names(raw) == expected
