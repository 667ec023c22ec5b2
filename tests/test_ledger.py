"""The ledger: every page a record or one line of ``<run>.skipped.jsonl``, and the counts
printed at the close equal the line counts of the two files."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.incremental.pipeline import Unchanged
from archiver.ledger import ledger_path, reason_of
from tests.conftest import SEED, read_jsonl, run_cli
from tests.crawl_helpers import ARTICLE_PATTERN, build_site, run_files, served_directory

LINKS = "".join(f'<a href="/s/{i}">Another headline of the day, number {i}</a>' for i in range(30))
PARAGRAPH = "A sentence of the story, long enough for a body that reads as an article. " * 12


def page(title: str, body: str, head: str = "") -> bytes:
    return (
        f"<html lang='en'><head><title>{title}</title>{head}</head>"
        f"<body><h1>{title}</h1>{body}</body></html>"
    ).encode()


def fixture(root: Path, name: str, body: bytes, info: dict[str, object] | None = None) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "body.html").write_bytes(body)
    if info is not False:
        info = info or {
            "url": f"https://example.org/news/{name}",
            "fetched_at": "2024-03-01T12:00:00Z",
        }
        (folder / "info.json").write_text(json.dumps(info), encoding="utf-8")


def warc(path: Path, base: str) -> None:
    """An article, an image and a redirect: one record and two ledger lines."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, status, ctype, body in (
            (
                f"{base}/story.html",
                "200 OK",
                "text/html",
                page("WARC story", f"<p>{PARAGRAPH}</p>"),
            ),
            (f"{base}/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
            (f"{base}/moved", "301 Moved Permanently", "text/html", b""),
        ):
            headers = [("Content-Type", ctype)]
            if status.startswith("301"):
                headers.append(("Location", f"{base}/story.html"))
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=http
            )
            writer.write_record(record)


def counts(stderr: str, what: str) -> tuple[int, int, int]:
    found = re.search(rf"{what}: (\d+) pages seen = (\d+) records \+ (\d+) ledger lines", stderr)
    assert found is not None, stderr[-3000:]
    seen, records, lines = (int(g) for g in found.groups())
    return seen, records, lines


def tally(stderr: str, what: str) -> dict[str, int]:
    found = re.search(rf"{what}: \d+ records written.*?, \d+ skipped(?: \(([^)]*)\))?", stderr)
    assert found is not None, stderr[-3000:]
    pairs = [p.split("=") for p in (found.group(1) or "").split(", ") if p]
    return {k: int(v) for k, v in pairs}


def test_ledger_path_sits_beside_the_dataset() -> None:
    assert ledger_path("out/run.jsonl") == Path("out/run.skipped.jsonl")
    assert ledger_path("out.jsonl.gz") == Path("out.skipped.jsonl")
    assert ledger_path("data") == Path("data.skipped.jsonl")


def test_a_drop_without_skip_page_is_named_by_its_class() -> None:
    assert reason_of(Unchanged("same")) == "unchanged"
    from scrapy.exceptions import DropItem

    assert reason_of(DropItem("x")) == "dropped"


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("every-skip")
    tree = root / "pages"
    shutil.copytree(SEED, tree / "seed")
    fixture(
        tree,
        "relative-canonical",
        page("Relative canonical", f"<p>{PARAGRAPH}</p>", '<link rel="canonical" href="/c/1">'),
    )
    fixture(
        tree,
        "paywalled",
        page(
            "An exclusive",
            "<p>The first lines of the exclusive story, the part anyone may read.</p>"
            "<p>This article is for subscribers only. Subscribe to continue reading.</p>",
        ),
    )
    links = "".join(
        f'<a href="/s/{i}">Another headline of the day, number {i}</a>' for i in range(30)
    )
    fixture(tree, "front", page("Front", f"<nav>{links}</nav>"))
    fixture(tree, "gone", page("Page not found", "<p>Sorry, nothing here.</p>"))
    fixture(tree, "empty", b"")
    fixture(tree, "binary", b"\x00\x01\x02binary\x00" * 100)
    fixture(tree, "no-info", page("x", "<p>x</p>"), info=False)  # type: ignore[arg-type]
    warc(root / "capture.warc.gz", "http://127.0.0.1:9")
    out = root / "out.jsonl"
    proc = run_cli("replay", str(tree), str(root / "capture.warc.gz"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out, proc.stderr


def test_replay_accounts_for_every_page(replay: tuple[Path, str]) -> None:
    out, stderr = replay
    records, ledger = read_jsonl(out), read_jsonl(out.with_name("out.skipped.jsonl"))
    reasons = Counter(str(line["reason"]) for line in ledger)
    assert reasons == {
        "listing_page": 1,
        "error_page": 1,
        "empty": 1,
        "binary": 1,
        "bad_fixture": 1,
        "not_html": 1,
        "redirect": 1,
    }
    assert counts(stderr, "replay") == (len(records) + len(ledger), len(records), len(ledger))
    assert len(records) == 4  # seed, relative canonical, paywalled, the WARC's story
    assert tally(stderr, "replay") == reasons
    assert "Dropped" not in stderr and "<html" not in stderr  # never an item in the log


def test_ledger_lines_carry_what_is_known(replay: tuple[Path, str]) -> None:
    out, _ = replay
    ledger = {str(line["reason"]): line for line in read_jsonl(out.with_name("out.skipped.jsonl"))}
    assert ledger["listing_page"]["url"] == "https://example.org/news/front"
    assert ledger["listing_page"]["page_type"] == "listing"
    assert ledger["listing_page"]["fetched_at"] == "2024-03-01T12:00:00Z"
    assert ledger["listing_page"]["status"] == 200
    assert ledger["error_page"]["page_type"] == "error"
    assert ledger["redirect"]["warc_file"] == str(out.parent / "capture.warc.gz")
    assert isinstance(ledger["redirect"]["warc_offset"], int)
    assert ledger["bad_fixture"]["url"].endswith("no-info")


def test_paywalled_and_repaired_records_are_written(replay: tuple[Path, str]) -> None:
    out, _ = replay
    by_url = {str(r["url"]): r for r in read_jsonl(out)}
    paywalled = by_url["https://example.org/news/paywalled"]
    assert paywalled["paywalled"] is True
    assert paywalled["page_type"] == "article"
    assert "the part anyone may read" in str(paywalled["text"])
    relative = by_url["https://example.org/news/relative-canonical"]
    assert relative["canonical_url"] == "https://example.org/c/1"
    assert relative["paywalled"] is False
    assert relative["problems"] == []


def test_kept_page_types_are_records(tmp_path: Path) -> None:
    links = "".join(
        f'<a href="/s/{i}">Another headline of the day, number {i}</a>' for i in range(30)
    )
    fixture(
        tmp_path / "pages", "front", page("Front", f"<p>{PARAGRAPH[:300]}</p><nav>{links}</nav>")
    )
    out = tmp_path / "kept.jsonl"
    proc = run_cli(
        "replay", str(tmp_path / "pages"), "-o", str(out), "-s", "ARCHIVER_KEEP_PAGE_TYPES=listing"
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert [r["page_type"] for r in read_jsonl(out)] == ["listing"]
    assert read_jsonl(tmp_path / "kept.skipped.jsonl") == []
    assert counts(proc.stderr, "replay") == (1, 1, 0)


def test_a_crawl_accounts_for_every_page(tmp_path: Path) -> None:
    """A live crawl where the video page, the paywall, a soft 404 and a dead link are all
    article candidates: records + ledger lines = pages seen, equal to the files' lines."""
    root = tmp_path / "site"
    root.mkdir()
    with served_directory(root) as site:
        build_site(site, 20)
        home = root / "index.html"
        extra = ("/video/briefing.html", "/premium/exclusive.html", "/gone.html", "/dead.html")
        links = "".join(f'<a href="{p}">{p}</a>' for p in extra)
        home.write_text(home.read_text("utf-8").replace("</main>", links + "</main>"), "utf-8")
        profiles = tmp_path / "sites"
        profiles.mkdir()
        (profiles / "ledgered.toml").write_text(
            'name = "ledgered"\ndomains = ["127.0.0.1"]\nlanguage = "en"\n'
            f'[start]\npages = ["{site.base_url}/"]\n'
            f"[articles]\nallow = ['{ARTICLE_PATTERN}', '/(video|premium)/', "
            "'/(gone|dead)\\.html$']\n[follow]\nallow = ['/section/']\n",
            encoding="utf-8",
        )
        out = tmp_path / "out"
        proc = run_cli(
            "crawl", "ledgered", "--sites", str(profiles), "--output-dir", str(out),
            "-s", "RETRY_TIMES=0",
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    (dataset,) = run_files(out, "ledgered")
    records = read_jsonl(dataset)
    ledger = read_jsonl(ledger_path(dataset))
    assert Counter(str(line["reason"]) for line in ledger) == {
        "video_page": 1,
        "error_page": 1,
        "http_404": 1,
    }
    assert counts(proc.stderr, "crawl ledgered") == (len(records) + 3, len(records), 3)
    assert len(records) == 21  # the 20 articles and the paywalled one
    (paywalled,) = [r for r in records if r["paywalled"]]
    assert str(paywalled["url"]).endswith("/premium/exclusive.html")
    assert {line["status"] for line in ledger if line["reason"] == "http_404"} == {404}
