"""Body text: paragraphs and subheadings kept apart, furniture and link blocks dropped."""

from __future__ import annotations

import json

import pytest
from lxml import etree
from lxml import html as lxml_html

from archiver.evaluate.shingles import overlap
from archiver.extract import extract_article
from archiver.extract.body import _disjoint, _nearer_headline, extract_body, split_chunks
from archiver.extract.boilerplate import clean_paragraphs, is_boilerplate
from archiver.extract.linkblocks import prune_link_blocks
from archiver.extract.siterules import SiteRules
from archiver.extract.structured import collect
from tests.conftest import FIXTURES

FETCHED = "2025-01-01T12:00:00+00:00"
SENTENCE = (
    "Le conseil municipal a voté mardi soir un budget en hausse pour les écoles de la ville. "
)


@pytest.mark.parametrize(
    "line",
    [
        "Cet article date de plus de neuf ans.",
        "Publié",
        "Publié le 17/11/2015 à 20h41",
        "Temps de lecture : 3 min",
        "4 min read",
        "Partager sur Facebook",
        "Commentaires",
        "Connectez-vous pour participer à la discussion.",
        "READ MORE: China plague outbreak confirmed",
        "DON'T MISS",
        "Lesen Sie auch: Die Zinsen steigen wieder",
        "Sign up for breaking news, reviews, opinion, top tech deals, and more.",
        "Follow TechRadar on Google News and add us as a preferred source.",
        "Got a story? Get in touch with our news team by emailing us at news@example.com.",
        "Photo: AFP",
        "Von Nina Magoley",
        "Uppdaterad 15.59 | Publicerad 14.14",
        "Stand: 22.04.2024, 06:00 Uhr",
        "Updated at 1:23 p.m.",
        "Veröffentlicht am 5. März 2024",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        SENTENCE,
        "Von Berlin aus fuhr der Zug weiter nach Hamburg, wo er am Abend ankam.",
        "Read the full statement below, which the ministry published on Monday.",
        "Related stories have appeared in the local press for years, he said.",
        "Published in 1998, the book sold two million copies.",
        "Themen wie Klima und Migration bestimmen den Wahlkampf.",
        "Many voters follow Musk on X, where he posts daily.",
        "Von Anfang an",
        "The polls close on 5.11.2024 at 20:00.",
        "More than 2,000 people attended the rally on Saturday.",
    ],
)
def test_prose_is_kept(line: str) -> None:
    assert not is_boilerplate(line)


def test_caption_repeating_headline_dropped() -> None:
    assert is_boilerplate(
        "Budget des écoles : la ville vote (Photo AFP)", "Budget des écoles : la ville vote"
    )


def _article(body: str, title: str = "Budget des écoles : la ville vote") -> str:
    return (
        f"<!doctype html><html lang='fr'><head><title>{title}</title></head><body>"
        "<header><nav><a href='/'>Accueil</a></nav></header>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>© Exemple</footer></body></html>"
    )


def test_paragraphs_and_subheadings_are_separate() -> None:
    html = _article(
        f"<p>{SENTENCE * 2}</p><p>Cet article date de plus de neuf ans.</p>"
        f"<h2>Les écoles d'abord</h2><p>Deux. {SENTENCE * 2}</p><p>Partager sur Facebook</p>"
        f"<p>Trois. {SENTENCE * 2}</p>"
    )
    text = extract_article(html, "https://example.fr/budget-ecoles", FETCHED).text
    paragraphs = text.split("\n\n")
    assert "Les écoles d'abord" in paragraphs
    assert len(paragraphs) == 4
    assert "Cet article date" not in text
    assert "Partager" not in text


def test_link_lists_and_their_heading_pruned() -> None:
    xml = etree.fromstring(
        "<body><p>Prose with <ref target='/a'>one link</ref> inside a long sentence of text.</p>"
        "<head>Auch interessant</head><list><item><ref target='/b'>Another story</ref></item>"
        "<item>Sport: <ref target='/c'>A third story with a long headline</ref></item></list>"
        "<p>READ MORE: <ref target='/d'>Yet another story about something else</ref></p></body>"
    )
    assert prune_link_blocks(xml) == 2
    assert [el.tag for el in xml] == ["p"]
    assert "one link" in "".join(xml.itertext())


def test_site_rule_body_overrides_generic_extractor() -> None:
    html = _article(
        f"<div class='teaser'><p>{SENTENCE}</p></div>"
        f"<div class='story-text'><p>Premier paragraphe. {SENTENCE}</p>"
        f"<figure><figcaption>Légende</figcaption></figure><p>Second paragraphe.</p></div>"
    )
    tree = lxml_html.fromstring(html)
    rules = SiteRules.from_mapping({"body": "div.story-text"})
    result = extract_body(tree, None, collect(tree), rules)
    assert result.source == "site-rule"
    assert result.text == f"Premier paragraphe. {SENTENCE.strip()}\n\nSecond paragraphe."


def test_site_rule_that_matches_nothing_falls_back() -> None:
    other = "Les parents d'élèves ont salué la décision lors de la réunion publique. "
    html = _article(f"<p>{SENTENCE * 3}</p><p>{other * 3}</p>")
    tree = lxml_html.fromstring(html)
    rules = SiteRules.from_mapping({"body": ["//div[@id='gone']"], "title": "h1.gone"})
    result = extract_body(tree, None, collect(tree), rules)
    assert result.source == "trafilatura"
    assert result.text.count("Le conseil municipal") == 3
    assert result.text.count("Les parents") == 3


def test_body_from_embedded_state_when_markup_is_empty() -> None:
    paragraphs = "".join(f"<p class='editor-p'>{SENTENCE} ({i})</p>" for i in range(6))
    state = '{"detail": {"contentHtml": ' + json.dumps(paragraphs) + "}}"
    html = (
        "<!doctype html><html><head><title>Budget</title></head><body><div id='root'></div>"
        f"<script>window.__STATE__ = {state};</script></body></html>"
    )
    tree = lxml_html.fromstring(html)
    result = extract_body(tree, None, collect(tree))
    assert result.source == "embedded-state"
    assert result.text.split("\n\n")[5] == f"{SENTENCE}(5)"


@pytest.mark.parametrize(
    "line",
    [
        "2025年1月14日 01時28分 (1月14日 01時40分更新)",
        "[1/5]Reuters visuals journalist takes a selfie in Maras, Turkey. REUTERS/Name",
        ">> Hier finden Sie außerdem alle Termine im Überblick",
        "移送のため警視庁を出る容疑者＝13日、東京で（潟沼義樹撮影）",
        "Reporting by Maya Gebeilly in Beirut; Editing by Daniel Flynn",
        "This is a breaking news story - more to follow",
        "Get Motor Cycle Monthly delivered through your letterbox every month.",
        "© The Financial Times Ltd. 2024",
        "Link zum YouTube-Inhalt",
        "おすすめ情報",
        "05.08.2024, 20:59 Uhr",
        "November 20, 2019 - 11:28 AMT",
        "Fox News’ Jessica Napoli contributed to this report.",
        "With files from The Associated Press",
        "Fehler gefunden?Jetzt melden.",
        "Most read in Football",
        "Article content",
        "<Copyright ⓒ 한국일보. All rights reserved. 무단 전재 및 재배포 금지>",
        "More AP NBA: https://apnews.com/NBA and https://twitter.com/AP_Sports",
        "Log in or create an account to continue",
        "* * *",
    ],
)
def test_stamps_captions_and_teaser_arrows(line: str) -> None:
    assert is_boilerplate(line)


def test_closing_more_from_block_ends_the_text() -> None:
    story = [f"Paragraph {i}. {SENTENCE}" for i in range(6)]
    closing = ["More from The Nation", "Another headline", "Its teaser sentence."]
    assert clean_paragraphs(story + closing) == story


def test_more_from_heading_early_in_the_text_is_kept_as_a_box() -> None:
    story = [f"Paragraph {i}. {SENTENCE}" for i in range(6)]
    paragraphs = story[:1] + ["Most read", "A box of links"] + story[1:]
    assert clean_paragraphs(paragraphs) == story[:1] + ["A box of links"] + story[1:]


def test_site_rules_for_title_and_authors_through_extract_article() -> None:
    html = _article(
        f"<p class='who'>Par Marie Dupont et Jean Martin</p><p>{SENTENCE * 3}</p>",
        title="Budget des écoles | Exemple",
    ).replace("<h1>", "<h1 class='headline'>")
    rules = {"title": "h1.headline", "authors": "p.who", "body": "//div[@id='gone']"}
    article = extract_article(html, "https://example.fr/x", FETCHED, site_rules=rules)
    assert article.title == "Budget des écoles | Exemple"
    assert article.authors == ["Marie Dupont", "Jean Martin"]
    assert article.text.count("Le conseil municipal") == 3


def test_bad_selectors_match_nothing() -> None:
    tree = lxml_html.fromstring(_article(f"<p>{SENTENCE}</p>"))
    rules = SiteRules.from_mapping({"body": ["div[", "//p[", "p:nth-child(x)"]})
    result = extract_body(tree, None, collect(tree), rules)
    assert result.source == "trafilatura"


def test_body_split_into_chunks_of_one_class_is_read_whole() -> None:
    """A Wired page cuts its body into containers of one class around pull quotes; the
    precision pass alone keeps the first (F1 .62 against the benchmark's reference)."""
    folder = FIXTURES / "wired.com" / "2f42ef1d3ea0"
    info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
    page = (folder / "body.html").read_bytes()
    tree = lxml_html.fromstring(page.decode("utf-8"))
    assert len(split_chunks(tree)) >= 2
    text = extract_article(page, info["url"], info["fetched_at"]).text
    truth = (folder / "truth.txt").read_text(encoding="utf-8")
    assert overlap(text, truth).recall >= 0.95
    assert "underlies the entire gig economy" in text  # from the third chunk


def test_nested_or_single_containers_are_not_chunks() -> None:
    para = "<p>" + "A sentence of ordinary article text, long enough to count. " * 5 + "</p>"
    single = f"<html><body><div class='article-body'>{para}{para}</div></body></html>"
    nested = (
        f"<html><body><div class='story-text'>{para}<div class='story-text'>{para}</div>"
        "</div></body></html>"
    )
    assert split_chunks(lxml_html.fromstring(single)) == []
    assert split_chunks(lxml_html.fromstring(nested)) == []


def test_post_made_of_links_keeps_its_links() -> None:
    # a blog's daily reading list: every paragraph is a link; pruning link blocks would
    # leave nothing, so the post is kept as it is
    items = "".join(
        f"<p><a href='https://example.org/{i}'>Study {i} questions state support for the press"
        f"</a> via <a href='https://example.org/'>example.org</a></p>"
        for i in range(12)
    )
    html = (
        "<html><head><title>Reading list 01/23/2020</title></head><body><article>"
        f"<h1>Reading list 01/23/2020</h1>{items}</article></body></html>"
    )
    art = extract_article(html, "https://blog.example.com/2020/01/23/reading-list/", FETCHED)
    assert "Study 3 questions state support for the press via example.org" in art.text
    assert art.page_type == "article"


def test_link_inside_a_loose_line_keeps_the_rest_of_the_line() -> None:
    # text between <br>s, not in a <p>: the words after the link and the link stay
    para = SENTENCE * 3
    items = "".join(f"<li><a href=/a{i}>Autre titre numéro {i} du jour</a></li>" for i in range(5))
    html = (
        "<html><body><article><section class='body'>"
        f"<p>{para}</p><br/>Voir le sommaire (<a href='/sommaire.pdf'>PDF</a>) : le livre "
        f"couvre tout le droit des réseaux. {para}<br/><br/>La suite. {para}"
        f"<ul>{items}</ul></section></article></body></html>"
    )
    tree = lxml_html.fromstring(html)
    text = extract_body(tree, None, collect(tree)).text
    assert "Voir le sommaire (PDF) : le livre couvre tout le droit des réseaux." in text
    assert "La suite." in text
    assert "Autre titre" not in text  # the link list is still pruned
    assert tree.find(".//section/a") is not None  # the caller's tree is left whole


def test_block_after_the_headline_wins_over_a_sidebar_block() -> None:
    html = (
        "<html><body><div id='sidebar'><p>A sidebar post from last year.</p></div>"
        "<div class='post'><h2>Nothing to do is an option</h2>"
        "<p>“I know I should not say this.”</p><p>– “Then don't.”</p></div>"
        "<div id='widgets'><p>A reader's comment on another post.</p></div></body></html>"
    )
    tree = lxml_html.fromstring(html)
    post = ["“I know I should not say this.”", "– “Then don't.”"]
    title = "Nothing to do is an option"
    assert _disjoint(["A reader's comment on another post."], post)
    assert not _disjoint(["– “Then don't.”"], post)
    # the post follows its headline; blocks before it or further down do not
    assert _nearer_headline(tree, title, post, ["A reader's comment on another post."])
    assert _nearer_headline(tree, title, post, ["A sidebar post from last year."])
    assert not _nearer_headline(tree, title, ["A reader's comment on another post."], post)
    assert not _nearer_headline(tree, title, ["A sidebar post from last year."], post)
    assert not _nearer_headline(tree, "Another headline", post, ["A sidebar post from last year."])
