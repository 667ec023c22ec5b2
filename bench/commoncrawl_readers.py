"""WARC reading paths on the same files: warcio with ISA-L (archiver's) against FastWARC.

    python bench/commoncrawl_readers.py [--records 1000] [--files 4] [--wanted 0.1] [--runs 3]

Files: a CC-NEWS-like layout (archiver.testing.ccnews) whose HTML pages are the recorded
fixture pages, request/response pairs as Common Crawl writes them. Each reader does what a
filtered stream needs: every record's WARC headers; for response records of the wanted host
(``--wanted`` of them), the HTTP headers and the decoded payload. Reported per reader: the
best of ``--runs``, as records/s and MB/s (compressed bytes), and the payload bytes read, so
both can be seen to read the same thing. FastWARC is an optional dependency of the bench
only (``pip install fastwarc``).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from archiver.commoncrawl.reader import read_records
from archiver.pipelines.filters import host_matches
from archiver.testing.ccnews import WANTED_HOST, build
from archiver.transport.entry import Entry

ROOT = Path(__file__).resolve().parent.parent
WANTED = frozenset({WANTED_HOST})


def with_warcio(path: Path) -> tuple[int, int]:
    records = payload = 0
    with path.open("rb") as fh:
        for streamed in read_records(fh, path.name, 0, lambda u: host_matches(u, WANTED)):
            records += 1
            if isinstance(streamed.item, Entry):
                payload += len(streamed.item.load_body())
    return records, payload


def with_fastwarc(path: Path) -> tuple[int, int]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    records = payload = 0
    kinds = WarcRecordType.response | WarcRecordType.revisit
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh, record_types=kinds, parse_http=False):
            records += 1
            url = record.headers.get("WARC-Target-URI") or ""
            if not host_matches(url, WANTED):
                continue
            record.parse_http(auto_decode="all")
            payload += len(record.reader.read())
    return records, payload


def measure(
    read: Callable[[Path], tuple[int, int]], files: list[Path], runs: int
) -> dict[str, float]:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        totals = [read(f) for f in files]
        best = min(best, time.perf_counter() - start)
    records = sum(t[0] for t in totals)
    size = sum(f.stat().st_size for f in files)
    return {
        "records": records,
        "payload_bytes": sum(t[1] for t in totals),
        "seconds": round(best, 3),
        "records_per_s": round(records / best),
        "mb_per_s": round(size / 1e6 / best, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000, help="response records per file")
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--wanted", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bodies = [p.read_bytes() for p in sorted((ROOT / "fixtures").rglob("body.html"))]
    with tempfile.TemporaryDirectory() as tmp:
        layout = build(
            Path(tmp), args.records, args.wanted, args.files, damage=False, bodies=bodies
        )
        files = [layout.root / f for f in layout.files]
        size = sum(f.stat().st_size for f in files)
        print(f"{len(files)} files, {size / 1e6:.1f} MB, {len(layout.pages)} response records")
        for name, read in (("warcio+isal", with_warcio), ("fastwarc", with_fastwarc)):
            print(name, measure(read, files, args.runs))


if __name__ == "__main__":
    main()
