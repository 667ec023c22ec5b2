"""``archiver eval metadata --split look|check``: each part scores only its own publishers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.cli import main
from archiver.evaluate.split import split_of

BODY = "The council approved the new school budget on Tuesday evening after a long debate."


def _family(side: str) -> str:
    """A parser-family name that the salted split puts on ``side``."""
    return next(f"Family{i}Parser" for i in range(100) if split_of(f"Family{i}Parser") == side)


def _write(folder: Path) -> None:
    truth = {}
    for side, page_title in (("look", "Council passes budget"), ("check", "Mayor resigns")):
        html = (
            f"<html lang='en'><head><title>{page_title}</title></head>"
            f"<body><article><h1>{page_title}</h1><p>{BODY}</p></article></body></html>"
        )
        (folder / f"{side}.html").write_text(html, encoding="utf-8")
        truth[side] = {
            "url": f"https://{side}.example.com/a",
            "crawl_date": "2024-05-04T08:00:00",
            # the check page's gold title differs from its headline: a miss only there
            "title": page_title if side == "look" else "Somebody else",
            "authors": None,
            "date_published": "2024-05-03",
            "date_has_time": False,
            "body_text": BODY,
            "language": "en",
            "split_key": _family(side),
        }
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")


def _title_exact(out: str) -> str:
    row = next(line for line in out.splitlines() if line.startswith("| archiver"))
    return row.strip("|").split("|")[1].strip()


def test_split_scores_each_part_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path)
    assert main(["eval", "metadata", str(tmp_path), "--no-peer"]) == 0
    assert _title_exact(capsys.readouterr().out) == "0.500"
    assert main(["eval", "metadata", str(tmp_path), "--no-peer", "--split", "look"]) == 0
    out = capsys.readouterr().out
    assert "look part: 1 pages" in out
    assert _title_exact(out) == "1.000"
    assert main(["eval", "metadata", str(tmp_path), "--no-peer", "--split", "check"]) == 0
    assert _title_exact(capsys.readouterr().out) == "0.000"


def test_check_part_lists_no_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path)
    args = ["eval", "metadata", str(tmp_path), "--no-peer", "--show", "title"]
    assert main([*args, "--split", "check"]) == 0
    out = capsys.readouterr().out
    assert "Somebody else" not in out
    assert "failures are not listed" in out
    assert main(args) == 0
    assert "Somebody else" in capsys.readouterr().out


def test_signals_count_each_kind_and_pair(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = (
        "<html lang='en'><head><title>Mayor resigns | Example Post</title>"
        "<meta property='og:title' content='Mayor steps down'>"
        "<script type='application/ld+json'>"
        '{"@type": "NewsArticle", "headline": "Mayor resigns",'
        ' "author": {"@type": "Person", "name": "Ada Lovelace"}}</script>'
        f"</head><body><article><h1>Mayor resigns</h1><p>{BODY}</p></article></body></html>"
    )
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    truth = {
        "p": {
            "url": "https://example.com/a",
            "crawl_date": "2024-05-04T08:00:00",
            "title": "Mayor resigns",
            "authors": ["Ada Lovelace"],
            "date_published": "2024-05-03",
            "body_text": BODY,
            "language": "en",
        }
    }
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    assert main(["eval", "metadata", str(tmp_path), "--no-peer", "--signals"]) == 0
    out = capsys.readouterr().out
    assert "json-ld | 1 | 1 | 1.000" in out
    assert "og:title | 1 | 0 | 0.000" in out
    assert "json-ld / og:title | 1 | 1 | 0" in out
    assert "og:title / h1 | 1 | 0 | 1" in out
    assert "json-ld / h1" not in out  # they agree
    assert "json-ld people | 1 | 1 | 1 | 1.000" in out
    # left without JSON-LD the page falls back on og:title, which is not the headline
    assert "all signals | 1 | 1.000" in out
    assert "without json-ld | 1 | 0.000" in out
    assert "from h1 and <title> only | 1 | 1.000" in out
    assert "without json-ld | 1 | 0.000" in out.split("authors chosen")[1]
