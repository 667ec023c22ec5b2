"""End-of-run monitors (spidermon): verdicts in the stats, in the log and in the exit
status; a site whose pages lose their authors between two runs is called out."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, run_cli
from tests.crawl_helpers import served_directory, write_profile

SITE = "monitored"
PAGES = 24
WORDS = "The council met on Tuesday to discuss the new budget for the harbour district. "


def write_site(root: Path, with_authors: bool, edition: int) -> None:
    """A home page linking PAGES articles; each names its author unless ``with_authors``
    is off (a redesign that dropped the byline), and ``edition`` changes every text."""
    links = []
    for i in range(PAGES):
        path = f"/news/world/2024/01/{i % 28 + 1:02d}/story-{i}.html"
        links.append(f'<a href="{path}">Story {i}</a>')
        author = '<meta name="author" content="Jane Doe">' if with_authors else ""
        byline = '<p class="byline">By Jane Doe</p>' if with_authors else ""
        body = "".join(f"<p>{WORDS * 6} Paragraph {n} of story {i}.</p>" for n in range(4))
        page = (
            f"<!DOCTYPE html><html lang='en'><head><title>Story {i}</title>{author}"
            f"</head><body><article><h1>Story {i}</h1>{byline}{body}"
            f"<p>Edition {edition}.</p></article></body></html>"
        )
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, "utf-8")
    home = f"<!DOCTYPE html><html><body><main>{''.join(links)}</main></body></html>"
    (root / "index.html").write_text(home, "utf-8")


def stat(stderr: str, key: str) -> str | None:
    found = re.search(rf"'{re.escape(key)}': ([^,\n}}]+)", stderr)
    return found.group(1) if found else None


def test_authors_falling_to_zero_fail_the_run(tmp_path: Path) -> None:
    root, out = tmp_path / "site", tmp_path / "out"
    root.mkdir()
    with served_directory(root) as site:
        sites = write_profile(tmp_path / "sites", SITE, site.base_url).parent
        crawl = ("crawl", SITE, "--sites", str(sites), "--output-dir", str(out))
        settings = ("-s", "ARCHIVER_MONITOR_MIN_PAGES=10", "-s", "ARCHIVER_PROGRESS=off")
        write_site(root, with_authors=True, edition=1)
        first = run_cli(*crawl, *settings)
        assert first.returncode == 0, first.stderr[-3000:]
        assert stat(first.stderr, "archiver/monitors/failed") == "0"
        assert stat(first.stderr, "archiver/monitors/FillRates.test_fill_rates_hold") == (
            "'SKIPPED'"  # nothing to compare with yet
        )
        (history,) = [json.loads(line) for line in (out / SITE / ".monitor-history.ndjson").open()]
        assert history["records"] == PAGES
        assert history["fill"]["authors"] == 1.0

        write_site(root, with_authors=False, edition=2)  # every page changed, no byline
        second = run_cli(*crawl, *settings)
    assert second.returncode == 1, second.stderr[-3000:]
    assert "24 records written (0 new, 24 changed)" in second.stderr
    assert stat(second.stderr, "archiver/monitors/failed") == "1"
    failure = [line for line in second.stderr.splitlines() if "monitor failed:" in line]
    assert len(failure) == 1
    assert failure[0].endswith(
        "monitor failed: FillRates.test_fill_rates_hold: authors filled in 0% of records, "
        "100% in the site's last 1 runs (has the site's layout changed?)"
    )
    lines = (out / SITE / ".monitor-history.ndjson").read_text("utf-8").splitlines()
    assert json.loads(lines[-1])["fill"].get("authors", 0.0) == 0.0  # the new normal, kept


def test_a_site_minimum_of_records(tmp_path: Path) -> None:
    proc = run_cli(
        "replay", str(FIXTURES), "-o", str(tmp_path / "out.jsonl"),
        "-s", "ARCHIVER_MONITOR_MIN_RECORDS=100",
    )  # fmt: skip
    assert proc.returncode == 1
    assert (
        "monitor failed: Records.test_records_written: 13 records written, fewer than the "
        "minimum 100"
    ) in proc.stderr
    assert stat(proc.stderr, "archiver/monitors/Records.test_records_written") == "'FAIL'"
    # The fixtures are fewer than the 20 pages a ratio needs: judged as skipped, not passed.
    assert stat(proc.stderr, "archiver/monitors/Ratios.test_skip_ratio") == "'SKIPPED'"
    assert stat(proc.stderr, "archiver/monitors/skipped") == "4"


def test_a_skip_ratio_over_its_limit(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    shutil.copytree(FIXTURES / "techcrunch.com", pages / "techcrunch.com")
    binary = pages / "other" / "binary"
    binary.mkdir(parents=True)
    (binary / "body.html").write_bytes(bytes(range(256)) * 40)
    info = {"url": "https://other.example/file", "fetched_at": "2024-01-01T00:00:00Z"}
    (binary / "info.json").write_text(json.dumps(info), "utf-8")
    proc = run_cli(
        "replay", str(pages), "-o", str(tmp_path / "out.jsonl"),
        "-s", "ARCHIVER_MONITOR_MIN_PAGES=1", "-s", "ARCHIVER_MONITOR_MAX_SKIP_RATIO=0.25",
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "monitor failed: Ratios.test_skip_ratio: 1 of 2 pages skipped, over 25%" in proc.stderr
    assert stat(proc.stderr, "archiver/monitors/Ratios.test_error_ratio") == "'OK'"
    assert stat(proc.stderr, "archiver/monitors/failed") == "1"
