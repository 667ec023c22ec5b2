"""The two date commands end to end: ``archiver dates`` and ``archiver eval dates``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.cli import main

PAGE = """<html lang="fr"><head>
<meta property="article:published_time" content="2015-11-17T20:41:00+01:00">
<meta property="article:modified_time" content="0000-00-00T00:00:00Z">
</head><body><p>Publié le 17/11/2015 à 20h41</p><p>Texte.</p></body></html>"""


def test_dates_command_prints_signals_rejections_and_resolution(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    code = main(
        [
            "dates",
            str(page),
            "--url",
            "https://example.fr/a",
            "--fetched-at",
            "2025-06-01T09:30:00+02:00",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "[published] meta:article:published_time tier 0: '2015-11-17T20:41:00+01:00'" in out
    assert (
        "[published] text:label tier 2: '17/11/2015 à 20h41' -> 2015-11-17T20:41:00 (minute)" in out
    )
    assert "because year 0 is before 1990" in out
    assert "  value      2015-11-17T20:41:00+01:00" in out


def _write_dates_dev(root: Path) -> None:
    (root / "html").mkdir(parents=True)
    (root / "html" / "a.html").write_text(
        '<html><head><meta property="article:published_time" content="2020-04-28T10:00:00+02:00">'
        "</head><body></body></html>",
        encoding="utf-8",
    )
    (root / "html" / "b.html").write_text("<html><body><p>Kein Datum.</p></body></html>")
    (root / "html" / "c.html").write_text(
        "<html><body><p>Veröffentlicht am 03.05.2019</p></body></html>", encoding="utf-8"
    )
    truth = {
        "a.html": {"date": "2020-04-28", "url": "https://example.de/a"},
        "b.html": {"date": "2021-01-01", "url": "https://example.de/b"},
        "c.html": {"date": "2019-05-04", "url": "https://example.de/c"},
    }
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")


def test_eval_dates_on_the_dates_dev_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_dates_dev(tmp_path)
    assert main(["eval", "dates", str(tmp_path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["tp"], summary["wrong (fp)"], summary["missing (fn)"]) == (1, 1, 1)
    assert summary["accuracy"] == pytest.approx(1 / 3)
    assert summary["precision"] == pytest.approx(0.5)
    assert summary["recall"] == pytest.approx(0.5)
    assert "minute accuracy" not in summary


def test_eval_dates_on_the_metadata_dev_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "de_X_2024_05_16.html").write_text(
        '<html><head><meta property="article:published_time" content="2024-05-16T09:26:10Z">'
        "</head><body></body></html>",
        encoding="utf-8",
    )
    truth = {
        "de_X_2024_05_16": {
            "date_published": "2024-05-16T11:26:10+02:00",
            "crawl_date": "2024-05-16T13:25:13.687319",
            "url": "https://example.de/x",
        }
    }
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    assert main(["eval", "dates", str(tmp_path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["tp"] == 1
    assert summary["minute pages"] == 1
    assert summary["minute accuracy"] == 1.0


def test_eval_dates_replay_scores_the_records_the_pipeline_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = " ".join(["The council met on Tuesday and agreed the new budget for schools."] * 12)
    pages = {
        # text drawn by script; the structured data declares a news article and its date
        "shell.html": (
            '<html><head><title>Budget vote</title><script type="application/ld+json">'
            '{"@type": "NewsArticle", "headline": "Budget vote",'
            ' "datePublished": "2021-03-02T08:00:00+01:00"}</script></head>'
            "<body><h1>Budget vote</h1><div id='app'></div></body></html>"
        ),
        "story.html": (
            "<html><body><article><h1>Schools budget</h1><p>Published 14 May 2019</p>"
            f"<p>{story}</p></article></body></html>"
        ),
        "gone.html": "<html><head><title>404 Not Found</title></head><body></body></html>",
    }
    (tmp_path / "html").mkdir()
    for name, html in pages.items():
        (tmp_path / "html" / name).write_text(html, encoding="utf-8")
    truth = {
        "shell.html": {"date": "2021-03-02", "url": "https://example.org/news/budget-vote"},
        "story.html": {"date": "2019-05-14", "url": "https://example.org/news/schools"},
        "gone.html": {"date": "2018-01-01", "url": "https://example.org/news/gone"},
    }
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    assert main(["eval", "dates", str(tmp_path), "--replay", "--errors"]) == 0
    out = capsys.readouterr().out
    assert "replay: 3 pages seen = 2 records + 1 ledger lines" in out
    assert "== archiver replay on" in out
    assert "  tp                   2\n" in out
    # the error page is written no record: its date counts as missing
    assert "  missing (fn)         1\n" in out
    assert "fn gone.html  gold=2018-01-01  got=None" in out
