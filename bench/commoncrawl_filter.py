"""A site filter applied on WARC headers, against a replay of the same file unfiltered.

    python bench/commoncrawl_filter.py [--records 1000] [--wanted 0.1] [--runs 2]

One CC-NEWS-like WARC file (archiver.testing.ccnews, recorded fixture pages as its HTML)
of ``--records`` response records, ``--wanted`` of them on the wanted host. Timed, each in
a fresh process: ``archiver commoncrawl news --paths LISTING --site HOST`` reading the file
from a ``file:`` data address, and ``archiver replay FILE`` with no filter. Reported: the
best of ``--runs`` wall times, as WARC response records per second and MB (compressed) per
second, and the records each run wrote.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from archiver.testing.ccnews import LISTING, WANTED_HOST, build

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str], out: Path, runs: int) -> tuple[float, int]:
    best = float("inf")
    for _ in range(runs):
        for stale in out.parent.glob(f"{out.stem}.*"):
            stale.unlink()
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "archiver.cli", *args, "-o", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        best = min(best, time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(proc.stderr[-3000:])
    return best, sum(1 for _ in out.open())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--wanted", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    bodies = [p.read_bytes() for p in sorted((ROOT / "fixtures").rglob("body.html"))]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "cc"
        layout = build(root, args.records, args.wanted, files=1, damage=False, bodies=bodies)
        warc = root / layout.files[0]
        size = warc.stat().st_size
        print(f"{warc.name}: {size / 1e6:.1f} MB, {args.records} response records")
        commoncrawl = [
            "commoncrawl", "news", "--paths", str(root / LISTING), "--site", WANTED_HOST,
            "-s", f"ARCHIVER_COMMONCRAWL_DATA_URL={root.as_uri()}/", "-L", "WARNING",
        ]  # fmt: skip
        replay = ["replay", str(warc), "-L", "WARNING"]
        for name, command in (("commoncrawl --site", commoncrawl), ("replay, no filter", replay)):
            seconds, written = timed(command, Path(tmp) / "out.jsonl", args.runs)
            print(
                f"{name}: {seconds:.2f} s, {args.records / seconds:.0f} records/s, "
                f"{size / 1e6 / seconds:.1f} MB/s, {written} records written"
            )


if __name__ == "__main__":
    main()
