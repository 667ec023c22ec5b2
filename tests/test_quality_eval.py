"""``archiver eval extraction`` and ``archiver eval metadata`` on small corpora made here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.cli import main

PARAGRAPHS = [
    "The city council approved the new school budget on Tuesday evening after a long debate.",
    "Parents welcomed the decision, which adds forty teachers across the district next year.",
    "The mayor said the money would come from savings in the transport department.",
]


def _page(title: str, lang: str = "en") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!doctype html><html lang='{lang}'><head><title>{title} | Example Post</title>"
        "<meta property='og:site_name' content='Example Post'>"
        "<script type='application/ld+json'>"
        + json.dumps(
            {
                "@type": "NewsArticle",
                "headline": title,
                "datePublished": "2024-05-03T15:47:00+02:00",
                "author": {"@type": "Person", "name": "By Ada Lovelace and Grace Hopper"},
            }
        )
        + f"</script></head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def test_eval_extraction_prints_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "p1.html").write_text(_page("Council passes budget"), encoding="utf-8")
    truth = {"p1": {"url": "https://example.com/a", "articleBody": "\n\n".join(PARAGRAPHS)}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    assert main(["eval", "extraction", str(tmp_path), "--no-peer"]) == 0
    out = capsys.readouterr().out
    assert "| archiver | 1.000 | 1.000 | 1.000 | 1.000 |" in out


def test_eval_metadata_prints_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p1.html").write_text(_page("Council passes budget"), encoding="utf-8")
    truth = {
        "p1": {
            "url": "https://example.com/a",
            "crawl_date": "2024-05-04T08:00:00",
            "title": "Council passes budget",
            "authors": ["Ada Lovelace", "Grace Hopper"],
            "date_published": "2024-05-03T15:47:00+02:00",
            "date_has_time": True,
            "body_text": "\n\n".join(PARAGRAPHS),
            "language": "en",
        }
    }
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    assert main(["eval", "metadata", str(tmp_path), "--no-peer", "--show", "title"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("| archiver"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    # title exact, tok-F1, authors P, R, F1, (day, minute: the date resolver's), body, language
    assert cells[1:6] == ["1.000"] * 5
    assert cells[8:] == ["1.000", "1.000"]
    assert "title misses (0)" in out


def test_eval_refuses_a_folder_without_ground_truth(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "metadata", str(tmp_path)]) == 2
    assert "no readable ground-truth.json" in capsys.readouterr().err
