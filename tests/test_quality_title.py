"""Titles: the headline without site or section suffixes, typography as published."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from quality_corpus import extract_corpus_page

from archiver.extract.structured import collect
from archiver.extract.title import (
    SIGNALS,
    candidates,
    h1_text,
    repair,
    site_names,
    strip_site,
    title,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Steigende US-Zinsen setzen Dax zu | Börsen-Zeitung", "Steigende US-Zinsen setzen Dax zu"),
        ("Bubi-Bomber wieder da | Sport | BILD.de", "Bubi-Bomber wieder da"),
        (
            "Akkutechnik: Hat Quantumscape genug Akkus? - Golem.de",
            "Akkutechnik: Hat Quantumscape genug Akkus?",
        ),
        (
            "장동혁, 한동훈 제명했지만 외연 확장 부담 커졌다-정치ㅣ한국일보",
            "장동혁, 한동훈 제명했지만 외연 확장 부담 커졌다",
        ),
        # a dash inside the headline stays when what follows is not the site
        (
            "Your $1 bill could be worth THOUSANDS - here's how to check",
            "Your $1 bill could be worth THOUSANDS - here's how to check",
        ),
        ("Vädjar efter attackerna – ”kritiskt”", "Vädjar efter attackerna – ”kritiskt”"),
        # a segment that merely mentions the site is part of the headline
        ("Take C.A.R.E. - Golem auf der DMEXCO 2018", "Take C.A.R.E. - Golem auf der DMEXCO 2018"),
        # the site before a guillemet or a slash separator, and a longer name ending in the site
        ("Golem » Akkus im Test", "Akkus im Test"),
        ("golem.de // » Akkus im Test", "Akkus im Test"),
        ("Akkus im Test - Europäische Redaktion Golemde", "Akkus im Test"),
        # ...but not a phrase that merely ends in the site's name
        ("Outdoor - Neue Karten auf golem.de", "Outdoor - Neue Karten auf golem.de"),
        # a section label between the headline and the site goes with the site...
        ("Hendel im Porträt: Ein Marathon - Sport - Golem.de", "Hendel im Porträt: Ein Marathon"),
        # ...but a date range is not a section label
        ("Wochenbericht 14. - 20. Januar 2022 - Golem", "Wochenbericht 14. - 20. Januar 2022"),
        # guillemets used as quotes stay
        (
            "Chiesa ruft zum «politischen Widerstand» auf",
            "Chiesa ruft zum «politischen Widerstand» auf",
        ),
    ],
)
def test_strip_site(raw: str, expected: str) -> None:
    sites = {"borsenzeitung", "boersenzeitung", "bildde", "bild", "golemde", "golem", "한국일보"}
    assert strip_site(raw, sites) == expected


def test_repair_double_escaping_and_mojibake() -> None:
    assert repair("Türkiye&#039;de orman yangınları") == "Türkiye'de orman yangınları"
    assert repair("協賛企業&quot;総スカン&quot;") == '協賛企業"総スカン"'
    assert repair("tras su sanciÃ³n") == "tras su sanción"
    assert repair("„Gamechanger“ mit Restrisiko") == "„Gamechanger“ mit Restrisiko"


@pytest.mark.parametrize(
    ("page_id", "expected"),
    [
        ("de_Golem_2024_04_28", "LTE-Patent: Samsung soll wegen Patentklage Smartphones zerstören"),
        (
            "jp_MainichiShimbun_2025_01_14",
            "イスラエルとハマスの停戦「最も合意に近い」 最終案に双方同意か",
        ),
        ("ch_ZwanzigMinuten_2024_12_17", "Tiktok: Brüssel untersucht Wahleinmischung"),
    ],
)
def test_real_pages(page_id: str, expected: str) -> None:
    assert extract_corpus_page("metadata-dev", page_id).title == expected


def test_h1_holding_the_site_logo_is_not_the_title() -> None:
    html = (
        "<html><head><title>엘제이-류화영 진흙탕 싸움, 공적인 사안으로 봐야하는 이유</title></head>"
        "<body><h1>엔터 미디어</h1><h2>엘제이-류화영 진흙탕 싸움</h2><p>본문</p></body></html>"
    )
    tree = lxml_html.fromstring(html)
    sites = site_names(collect(tree), "http://entermedia.co.kr/news/news_view.html?idx=8576")
    assert title(collect(tree), tree, "http://entermedia.co.kr/x", sites) == (
        "엘제이-류화영 진흙탕 싸움, 공적인 사안으로 봐야하는 이유"
    )


def _head(meta: str, body: str = "") -> lxml_html.HtmlElement:
    return lxml_html.fromstring(f"<html><head>{meta}</head><body>{body}</body></html>")


def test_truncated_headline_gives_way_to_the_full_one() -> None:
    tree = _head(
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "headline":'
        ' "Council approves the budget after a long night of..."}</script>'
        "<title>Council approves the budget after a long night of debate | Daily Example</title>",
        "<h1>Council approves the budget after a long night of debate</h1>",
    )
    data = collect(tree)
    assert title(data, tree, "https://dailyexample.com/a", {"dailyexample"}) == (
        "Council approves the budget after a long night of debate"
    )


def test_truncated_headline_kept_when_only_a_suffixed_copy_is_longer() -> None:
    tree = _head(
        "<meta property='og:title' content='Alles hat seine Zeit...'>"
        "<title>Alles hat seine Zeit… | Marktplatz</title>"
    )
    assert title(collect(tree), tree, "https://x.org/a", {"xorg"}) == "Alles hat seine Zeit..."


def test_candidates_name_their_signal_in_precedence_order() -> None:
    tree = _head(
        "<meta property='og:title' content='Budget passes | Daily Example'>"
        "<title>Budget passes late - Daily Example</title>",
        "<h1>Budget passes late</h1>",
    )
    found = candidates(collect(tree), tree, {"dailyexample"})
    assert found == [
        ("og:title", "Budget passes"),
        ("h1", "Budget passes late"),
        ("title", "Budget passes late"),
    ]
    assert [kind for kind, _ in found] == [k for k in SIGNALS if k in dict(found)]


def test_h1_in_the_page_header_gives_way_to_the_article_h1() -> None:
    tree = _head(
        "<title>Haltet die Seen sauber - Segelblog</title>",
        "<header><h1>Der Segelblog aus Berlin</h1></header>"
        "<article><h1>Haltet die Seen sauber</h1><p>Text.</p></article>",
    )
    assert h1_text(tree, {"segelblog"}) == "Haltet die Seen sauber"
    assert h1_text(tree) == "Der Segelblog aus Berlin"  # without site names: the first h1
