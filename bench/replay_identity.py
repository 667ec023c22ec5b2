"""Does a replay of a crawl's own WARC give the crawl's records back? Identical / all.

    python bench/replay_identity.py [--pages 300] [--rules 'title = "title"']

A generated news site (bench/localsite.py) is crawled with ``archiver crawl`` under a
profile whose ``[extract]`` table holds ``--rules`` (start page, feed, robots.txt
sitemaps, article and listing patterns, as a real site's profile), then ``archiver
replay`` runs over the WARC files of that run. A crawl record is identical when the
replay wrote the same URL with every field equal, except the fields only a crawl's state
gives (``version``, ``previous_sha256``). Prints the counts and, for records that differ,
how many differ in each field.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from localsite import ROOT, served_site

SITE = "bench"
RUN_FIELDS = ("version", "previous_sha256")
ARTICLES = r"/news/[a-z]+/\d{4}/\d{2}/\d{2}/[^/]+\.html$"


def archiver(*args: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "archiver.cli", *args], cwd=ROOT, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"archiver {args[0]} failed:\n{proc.stderr[-3000:]}")


def read(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--rules", default='title = "title"', help="the [extract] table's body")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archiver-bench-") as tmp:
        root, sites, out = Path(tmp, "site"), Path(tmp, "sites"), Path(tmp, "out")
        root.mkdir()
        sites.mkdir()
        with served_site(root, args.pages) as (base, _):
            (sites / f"{SITE}.toml").write_text(
                f'name = "{SITE}"\ndomains = ["127.0.0.1"]\nlanguage = "en"\n'
                f'[start]\npages = ["{base}/"]\nfeeds = ["{base}/rss.xml"]\n'
                f"[articles]\nallow = ['{ARTICLES}']\n"
                "[follow]\nallow = ['/section/', '/tag/', '/author/']\n"
                f"[extract]\n{args.rules}\n",
                encoding="utf-8",
            )
            archiver("crawl", SITE, "--sites", str(sites), "--output-dir", str(out))
        runs = sorted(p for p in (out / SITE).glob("*.jsonl") if ".skipped." not in p.name)
        crawl = read(runs[-1])
        warcs = sorted(str(p) for p in (out / SITE).glob(f"{runs[-1].stem}-*.warc.gz"))
        replayed_path = Path(tmp, "replayed.jsonl")
        archiver("replay", *warcs, "-o", str(replayed_path))
        replayed = {str(r["url"]): r for r in read(replayed_path)}
    differing: Counter[str] = Counter()
    identical = missing = 0
    for record in crawl:
        again = replayed.get(str(record["url"]))
        if again is None:
            missing += 1
            continue
        fields = (set(record) | set(again)) - set(RUN_FIELDS)
        diff = sorted(f for f in fields if record.get(f) != again.get(f))
        differing.update(diff)
        identical += not diff
    print(f"rules: [extract] {args.rules}; {args.pages} articles generated")
    print(f"crawl records: {len(crawl)}; replay records: {len(replayed)}")
    print(f"identical records / all records: {identical} / {len(crawl)}")
    print(f"crawl records not in the replay: {missing}")
    if differing:
        print("fields that differ (records):", dict(differing.most_common()))


if __name__ == "__main__":
    main()
