"""``archiver eval metadata --without-jsonld``: titles and authors as pages lacking JSON-LD
would get them, this project's and trafilatura's side by side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.cli import main
from archiver.evaluate.extraction import Page
from archiver.evaluate.without_jsonld import (
    ROWS,
    WithoutJsonld,
    split_trafilatura_authors,
    strip_jsonld,
)

BODY = "The council approved the new school budget on Tuesday evening after a long debate. " * 3
URL = "https://www.dailyexample.com/news/budget"
# The headline and the author are stated only in JSON-LD; og:title and <title> carry the
# site's name after a pipe.
PAGE = (
    "<html lang='en'><head><title>Council passes budget | Daily Example</title>"
    "<meta property='og:site_name' content='Daily Example'>"
    "<meta property='og:title' content='Council passes budget | Daily Example'>"
    "<SCRIPT Type=\"application/ld+json\" id='article'>"
    '{"@context": "https://schema.org", "@type": "NewsArticle",'
    ' "headline": "Council passes budget",'
    ' "author": {"@type": "Person", "name": "Ada Lovelace"}}</SCRIPT>'
    "<script type='application/json'>{\"app\": 1}</script>"
    f"</head><body><article><p>{BODY}</p></article></body></html>"
)
TRUTH = {
    "url": URL,
    "crawl_date": "2024-05-04T08:00:00",
    "title": "Council passes budget",
    "authors": ["Ada Lovelace"],
    "date_published": "2024-05-03",
    "date_has_time": False,
    "body_text": BODY,
    "language": "en",
}


def test_strip_jsonld_removes_only_the_jsonld_blocks() -> None:
    html = (
        b'<head><script type="application/ld+json">{"a": 1}</script>'
        b"<script TYPE='APPLICATION/LD+JSON' data-x=1>\n{\"b\": 2}\n</script >"
        b"<script type=application/ld+json>{}</script>"
        b"<script>var ld = 1;</script><script type='application/json'>{}</script></head>"
    )
    assert strip_jsonld(html) == (
        b"<head><script>var ld = 1;</script><script type='application/json'>{}</script></head>"
    )


def test_trafilatura_authors_split_as_this_projects_are() -> None:
    assert split_trafilatura_authors("By Jane Doe; John Roe and Ann Poe; jane doe") == [
        "Jane Doe",
        "John Roe",
        "Ann Poe",
    ]
    assert split_trafilatura_authors(None) == []


def test_each_tool_scored_with_and_without_jsonld() -> None:
    scored = WithoutJsonld()
    scored.add(Page("p", URL, PAGE.encode(), TRUTH))
    exact = {row: scored.tallies[row].exact for row in ROWS}
    authors = {row: scored.tallies[row].authors_f for row in ROWS}
    assert scored.pages_with_jsonld == 1
    # without JSON-LD this project still finds the headline, cleaned of the site's name
    assert exact == {
        "archiver, with json-ld": [1.0],
        "archiver, without json-ld": [1.0],
        "trafilatura, with json-ld": [0.0],
        "trafilatura, without json-ld": [0.0],
        "trafilatura cleaned, with json-ld": [1.0],
        "trafilatura cleaned, without json-ld": [1.0],
    }
    # the author is named only in JSON-LD: nobody finds it once that is gone
    assert authors == {
        "archiver, with json-ld": [1.0],
        "archiver, without json-ld": [0.0],
        "trafilatura, with json-ld": [1.0],
        "trafilatura, without json-ld": [0.0],
        "trafilatura cleaned, with json-ld": [1.0],
        "trafilatura cleaned, without json-ld": [0.0],
    }
    assert scored.misses("trafilatura, with json-ld") == [
        "p title: 'Council passes budget | Daily Example' != 'Council passes budget'"
    ]


def test_command_prints_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "ground-truth.json").write_text(json.dumps({"p": TRUTH}), encoding="utf-8")
    assert main(["eval", "metadata", str(tmp_path), "--no-peer", "--without-jsonld"]) == 0
    out = capsys.readouterr().out
    assert "(1 of 1 pages declare some)" in out
    assert "| archiver, without json-ld | 1.000 | 0.000 | 1 |" in out
    assert "| trafilatura cleaned, with json-ld | 1.000 | 1.000 | 1 |" in out
    assert main(["eval", "metadata", str(tmp_path), "--no-peer"]) == 0
    assert "without json-ld" not in capsys.readouterr().out
