"""``archiver record URL... --into fixtures/<site>/ [--from FILE.warc.gz]``: new fixtures.

Pages come from a WARC (``--from``), or are fetched live by the news spider with WARC
capture on, into a temporary WARC read back the same way: one path from response to
fixture, and a fixture holds exactly what a replay of the capture would give. Each page
becomes a fixture folder (``body.html`` decoded, ``info.json``, and an ``expected.json``
drafted from the current extractor for a person to check before committing it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from archiver.commands.crawling import add_scrapy_options, project_settings, run_spider
from archiver.transport.entry import Problem
from archiver.transport.fixtures import BODY, EXPECTED, INFO
from archiver.transport.sources import expand, iter_sources

if TYPE_CHECKING:
    from archiver.transport.entry import Entry

# The fields a person checks by eye; the others follow from them or from the run.
DRAFTED_FIELDS = (
    "url",
    "canonical_url",
    "title",
    "text",
    "authors",
    "language",
    "site_name",
    "date_published",
    "date_published_precision",
    "date_modified",
    "fetched_at",
    "page_type",
)
# body.html is stored decoded; these described the bytes on the wire, not the file.
_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "record",
        help="record pages as fixture folders (live, or from a WARC)",
        description="Fetch pages (live, or from WARC files with --from) and write one "
        "fixture folder per page under --into: body.html (decoded), info.json (url, "
        "fetched_at, status, headers) and expected.json drafted from the current "
        "extractor, to be checked by a person. A folder already holding the same URL is "
        "re-recorded in place.",
    )
    p.add_argument("urls", nargs="+", metavar="URL", help="pages to record")
    p.add_argument("--into", required=True, type=Path, help="e.g. fixtures/<site>/")
    p.add_argument(
        "--from",
        dest="warcs",
        action="append",
        default=[],
        metavar="WARC",
        help="take the pages from this WARC file (may be repeated; globs allowed)",
    )
    add_scrapy_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.warcs:
        return record_from(expand(args.warcs), args.urls, args.into)
    with tempfile.TemporaryDirectory(prefix="archiver-record-") as tmp:
        settings = project_settings(
            args,
            {
                "ARCHIVER_WARC_ENABLED": True,
                "ARCHIVER_WARC_PREFIX": str(Path(tmp) / "record"),
                "ARCHIVER_WARC_DEDUP": False,
                "ITEM_PIPELINES": {},  # the fixture is made from the WARC, below
                "LOG_LEVEL": "WARNING",
            },
        )
        result = run_spider(settings, "news", args, urls=",".join(args.urls))
        if not result.ok:
            print(f"record: the fetch failed ({result.finish_reason})", file=sys.stderr)
            return 1
        return record_from(sorted(Path(tmp).glob("record-*.warc.gz")), args.urls, args.into)


def record_from(sources: list[Path], urls: list[str], into: Path) -> int:
    from archiver.extract import ExtractionError  # see archiver.cli

    found: dict[str, Entry] = {}
    for item in iter_sources(sources):
        if isinstance(item, Problem):
            if item.reason not in ("not_html", "redirect"):
                print(f"record: {item.message}", file=sys.stderr)
        elif item.url in urls:
            found[item.url] = item  # the last capture of a URL wins
    missing = 0
    for url in urls:
        entry = found.get(url)
        if entry is None:
            missing += 1
            print(f"record: {url}: no HTML response captured for it", file=sys.stderr)
            continue
        try:
            folder = write_fixture(entry, into)
        except (ExtractionError, OSError, ValueError) as exc:
            missing += 1
            print(f"record: {url}: {exc}", file=sys.stderr)
            continue
        print(f"{folder}  <- {url}")
    return 1 if missing else 0


def write_fixture(entry: Entry, into: Path) -> Path:
    from archiver.extract import extract_article  # see archiver.cli

    body = entry.load_body()
    headers = {k: v for k, v in entry.headers.items() if k.lower() not in _WIRE_HEADERS}
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    record = extract_article(
        body, entry.url, entry.fetched_at, content_type=content_type
    ).to_record()
    folder = fixture_folder(into, entry.url)
    folder.mkdir(parents=True, exist_ok=True)
    info = {
        "url": entry.url,
        "fetched_at": entry.fetched_at,
        "status": entry.status,
        "headers": headers,
    }
    (folder / BODY).write_bytes(body)
    _write_json(folder / INFO, info)
    _write_json(folder / EXPECTED, {name: record.get(name) for name in DRAFTED_FIELDS})
    return folder


def fixture_folder(into: Path, url: str) -> Path:
    """A readable, unique folder name from the URL's last path segment; the folder that
    already records this URL, if there is one."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    stem = re.sub(r"\.(s?html?|php|aspx?)$", "", segments[-1] if segments else "")
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:60]
    slug = slug or hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
    candidate, n = into / slug, 2
    while (candidate / INFO).is_file():
        try:
            if json.loads((candidate / INFO).read_text(encoding="utf-8")).get("url") == url:
                return candidate
        except ValueError:
            pass
        candidate, n = into / f"{slug}-{n}", n + 1
    return candidate


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
