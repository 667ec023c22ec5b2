"""archiver report: the figures, and the page as Chromium shows it (no console message,
no request beyond the page itself, every chart drawn, a screenshot that is not blank)."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from archiver.report.figures import compute
from archiver.report.ledger import ledger_path
from tests.conftest import Quiet, read_jsonl, run_cli, serving
from tests.run_outputs import RunOutputs, run_outputs

CHARTS = ("published", "sites", "languages", "precision", "sources", "lengths", "fill", "skips")
CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium (.ci/run)")

# Loads the report in a frame of the same origin and writes what it finds into the page,
# which --dump-dom prints: the charts and whether each has a box and shapes in it.
CHECK_PAGE = """<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body>
<pre id="result">pending</pre>
<iframe id="report" src="report.html" width="1000" height="3000"></iframe>
<script>
document.getElementById("report").addEventListener("load", function (event) {
  var doc = event.target.contentDocument;
  var charts = Array.prototype.map.call(doc.querySelectorAll("figure.chart"), function (f) {
    var svg = f.querySelector("svg");
    var box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    return {id: f.id, width: box.width, height: box.height,
            shapes: svg ? svg.querySelectorAll("rect, text").length : 0,
            text: svg ? svg.textContent : ""};
  });
  document.getElementById("result").textContent = JSON.stringify(charts);
});
</script></body></html>"""


def record(url: str, **fields: Any) -> dict[str, Any]:
    return {"url": url, "text": "word " * 120, "fetched_at": "2024-03-05T10:00:00Z", **fields}


def test_figures_of_a_small_dataset() -> None:
    records = [
        record("https://www.a.example/1", title="A1", language="en", authors=["X"],
               date_published="2024-03-01T08:00:00+01:00", date_published_precision="second",
               date_published_source="json-ld:datePublished"),
        record("https://a.example/2", title="A2", language="en", authors=[],
               date_published="2024-03-03", date_published_precision="day",
               date_published_source="text:byline+url"),
        record("https://b.example/1", title=None, language="fr", text="mot " * 3000,
               date_published="2024-03", date_published_precision="month",
               date_published_source="url"),
    ]  # fmt: skip
    skips = Counter({f"reason_{i}": i for i in range(1, 13)})
    figures = compute(records, skips, all_records=4, files=2, damaged=1)
    assert figures.period == "day"
    assert figures.published == [("2024-03-01", 1), ("2024-03-02", 0), ("2024-03-03", 1)]
    assert figures.undated == 1  # a month only
    assert figures.sites == [("a.example", 2), ("b.example", 1)]
    assert figures.languages == [("en", 2), ("fr", 1)]
    assert dict(figures.precision) == {"second": 1, "day": 1, "month": 1}
    assert dict(figures.sources) == {"json-ld": 1, "text": 1, "url": 1}
    assert dict(figures.lengths)["100-249"] == 2 and dict(figures.lengths)["2000-4999"] == 1
    assert figures.fill[("a.example", "authors")] == 0.5
    assert figures.fill[("a.example", "title")] == 1.0
    assert figures.fill[("b.example", "title")] == 0.0
    assert figures.skips[0] == ("reason_12", 12) and len(figures.skips) == 10
    assert figures.skipped == sum(range(1, 13))
    assert (figures.urls, figures.records, figures.damaged) == (3, 4, 1)


def test_a_long_span_is_counted_per_month() -> None:
    records = [
        record("https://a.example/1", date_published="2015-11-17"),
        record("https://a.example/2", date_published="2019-11-18T20:58:46-08:00"),
    ]
    figures = compute(records, Counter(), all_records=2, files=1, damaged=0)
    assert figures.period == "month"
    assert figures.published[0] == ("2015-11", 1) and figures.published[-1] == ("2019-11", 1)
    assert len(figures.published) == 49 and sum(n for _, n in figures.published) == 2


def test_ledger_sits_beside_its_dataset() -> None:
    assert ledger_path(Path("out/site/20261128T081500Z.jsonl")) == Path(
        "out/site/20261128T081500Z.skipped.jsonl"
    )
    assert ledger_path(Path("run.jsonl.gz")) == Path("run.skipped.jsonl")


@pytest.fixture(scope="module")
def served_report(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, Path, list[str]]]:
    """The report of a crawl and a replay, with a skip ledger beside the replay, served
    on 127.0.0.1 with the page that inspects it; the paths requested are recorded."""
    runs: RunOutputs = run_outputs()
    folder = tmp_path_factory.mktemp("report")
    replay = folder / "replay.jsonl"
    shutil.copy(runs.replay, replay)
    reasons = ["not_article"] * 5 + ["http_404"] * 3 + ["binary"]
    ledger_path(replay).write_text(
        "".join(json.dumps({"url": f"https://s.example/{i}", "reason": r}) + "\n"
                for i, r in enumerate(reasons)),
        "utf-8",
    )  # fmt: skip
    proc = run_cli("report", str(runs.crawl), str(replay), "-o", str(folder / "report.html"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    (folder / "check.html").write_text(CHECK_PAGE, "utf-8")
    hits: list[str] = []

    class Handler(Quiet, SimpleHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            hits.append(self.path)
            super().do_GET()

    handler = functools.partial(Handler, directory=str(folder))
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), handler)) as port:
        yield f"http://127.0.0.1:{port}", folder, hits


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            *args,
        ],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@needs_chromium
def test_chromium_draws_every_chart(
    served_report: tuple[str, Path, list[str]], tmp_path: Path
) -> None:
    base, folder, hits = served_report
    runs = run_outputs()
    proc = chromium("--dump-dom", f"{base}/check.html", profile=tmp_path / "profile")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "CONSOLE" not in proc.stderr, proc.stderr[-2000:]
    result = re.search(r'<pre id="result">(.*?)</pre>', proc.stdout, re.S)
    assert result is not None, proc.stdout[-2000:]
    charts = {c["id"]: c for c in json.loads(result.group(1).replace("&quot;", '"'))}
    assert tuple(charts) == CHARTS
    for chart in charts.values():
        assert chart["width"] > 300 and chart["height"] > 30, chart
        assert chart["shapes"] > 2, chart
    assert "not_article" in charts["skips"]["text"] and "http_404" in charts["skips"]["text"]
    records = read_jsonl(runs.crawl) + read_jsonl(folder / "replay.jsonl")
    languages = Counter(str(r["language"]) for r in records)
    top_language, count = languages.most_common(1)[0]
    assert f"{top_language}: {count:,}" in charts["languages"]["text"]  # the bar's tooltip
    assert "127.0.0.1" in charts["sites"]["text"]  # the crawled site, by host
    assert sorted(set(hits)) == ["/check.html", "/report.html"]  # nothing else fetched


@needs_chromium
def test_screenshot_is_not_blank(
    served_report: tuple[str, Path, list[str]], tmp_path: Path
) -> None:
    image_module = pytest.importorskip("PIL.Image")
    base, _, _ = served_report
    shot = tmp_path / "report.png"
    proc = chromium(
        f"--screenshot={shot}", "--window-size=1000,2600", f"{base}/report.html",
        profile=tmp_path / "profile",
    )  # fmt: skip
    assert proc.returncode == 0 and shot.exists(), proc.stderr[-2000:]
    with image_module.open(shot) as image:
        assert image.size == (1000, 2600)
        pixels = image.convert("RGB")
        colours = pixels.getcolors(maxcolors=1 << 20) or []
        white = sum(n for n, rgb in colours if rgb == (255, 255, 255))
    assert len(colours) > 50  # text, bars and shades, not a flat page
    assert white < 0.97 * 1000 * 2600
