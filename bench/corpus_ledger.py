"""Every page of every corpus replayed through the pipeline: records, ledger lines, validity.

    python bench/corpus_ledger.py [--corpus ../shared/corpus] [--keep DIR]

Corpora of loose pages (``<id>.html`` plus ``ground-truth.json``) are turned into fixture
folders in a temporary folder (body.html + info.json with the page's URL and a capture
time: the corpus's crawl date where it has one, else the one its README names); a corpus
that is already a fixture tree (``pages/``) is replayed as it is. One ``archiver replay``
runs over all of them. Reported: pages, records, ledger lines by reason, invalid records
(``archiver validate``'s schema check on the dataset) and the share written as records.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from archiver.commands.validate import check
from archiver.transport.fixtures import write_fixture

ROOT = Path(__file__).resolve().parent.parent
UTF8 = {"Content-Type": "text/html; charset=utf-8"}  # the corpus READMEs: stored as UTF-8
# Capture times for corpora that record none, as their READMEs and the project's benches use.
FETCHED_AT = {"dates-dev": "2024-01-01T00:00:00Z", "extraction-dev": "2019-11-30T00:00:00Z"}


def _fetched_at(corpus: str, entry: dict[str, object]) -> str:
    crawl = entry.get("crawl_date")
    if isinstance(crawl, str) and crawl:
        return crawl if crawl.endswith("Z") or "+" in crawl[10:] else crawl + "+00:00"
    return FETCHED_AT.get(corpus, "2020-01-01T00:00:00Z")


def build_fixtures(corpus: Path, into: Path) -> tuple[Path, int]:
    """A fixture tree for one corpus, and its page count."""
    if (corpus / "pages").is_dir():
        return corpus / "pages", len(list((corpus / "pages").glob("*/body.html")))
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    html_dir = corpus / "html" if (corpus / "html").is_dir() else corpus
    headers = {} if corpus.name == "dates-dev" else UTF8  # dates-dev: encodings vary
    count = 0
    for n, (key, entry) in enumerate(sorted(truth.items())):
        page = html_dir / key  # dates-dev: the file name; the others: an id + ".html"
        page = page if page.is_file() else html_dir / f"{key}.html"
        if not page.is_file():
            continue
        folder, moment = into / corpus.name / f"{n:05d}", _fetched_at(corpus.name, entry)
        write_fixture(folder, page.read_bytes(), entry["url"], moment, headers)
        count += 1
    return into / corpus.name, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--keep", type=Path, help="write the dataset and ledger here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        trees, pages = [], {}
        for corpus in sorted(p for p in args.corpus.iterdir() if p.is_dir()):
            tree, count = build_fixtures(corpus, work / "fixtures")
            trees.append(str(tree))
            pages[corpus.name] = count
        out_dir = args.keep or work
        out_dir.mkdir(parents=True, exist_ok=True)
        out = out_dir / "corpus.jsonl"
        proc = subprocess.run(
            [sys.executable, "-m", "archiver.cli", "replay", *trees, "-o", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        summary = [line for line in proc.stderr.splitlines() if line.startswith("replay:")]
        print("\n".join(summary))
        report = check(out)
        ledger = [json.loads(x) for x in (out_dir / "corpus.skipped.jsonl").open(encoding="utf-8")]
    total = sum(pages.values())
    reasons = Counter(str(line["reason"]) for line in ledger)
    print(f"pages: {total} ({', '.join(f'{k} {v}' for k, v in pages.items())})")
    print(f"records: {report.records}; invalid records: {len(report.invalid)}")
    detail = ", ".join(f"{k}={v}" for k, v in sorted(reasons.items()))
    print(f"ledger lines: {len(ledger)} ({detail})")
    print(f"accounted: {report.records + len(ledger)} of {total}")
    print(f"written as records: {report.records / total:.1%}")
    print(f"exit status of the replay: {proc.returncode}")


if __name__ == "__main__":
    main()
