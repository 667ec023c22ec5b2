"""Page-type false negatives: the share of article pages not typed ``article``, per corpus.

    python bench/page_types.py [--split look|check] [--list]

Every page of the four development corpora is an article (news items, blog posts, small
sites' news pages), so each page typed ``listing``, ``video``, ``paywall`` or ``error`` is a
lost record. The rate is measured per corpus and by look/check part; ``--list`` names the
pages typed wrong, for the look part only unless ``--split check`` is asked for
explicitly. Fronts (the other side of the rule) are covered by the fixtures' expectations
and tests/test_quality_page_type.py.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from archiver.evaluate.extraction import CORPUS_CONTENT_TYPE, DEFAULT_FETCHED_AT
from archiver.evaluate.split import SPLITS, split_of
from archiver.extract import extract_article
from archiver.extract.errors import ExtractionError
from archiver.pipelines.pool import usable_cpus

CORPORA = Path(__file__).resolve().parent.parent / ".." / "shared" / "corpus"
# corpus, page id, path, url, fetched_at, content type (None: the page's own charset)
Job = tuple[str, str, str, str, str, str | None]
UNDATED = "2024-01-01T00:00:00+00:00"  # as archiver eval dates: no capture time recorded


def _jobs(root: Path) -> list[Job]:
    jobs: list[Job] = []
    folder = root / "extraction-dev"
    for key, rec in json.loads((folder / "ground-truth.json").read_text("utf-8")).items():
        path = str(folder / f"{key}.html")
        jobs.append(
            ("extraction-dev", key, path, rec["url"], DEFAULT_FETCHED_AT, CORPUS_CONTENT_TYPE)
        )
    folder = root / "metadata-dev"
    for key, rec in json.loads((folder / "ground-truth.json").read_text("utf-8")).items():
        path = str(folder / f"{key}.html")
        jobs.append(("metadata-dev", key, path, rec["url"], rec["crawl_date"], CORPUS_CONTENT_TYPE))
    folder = root / "snippets-dev"
    for key, rec in json.loads((folder / "truth.json").read_text("utf-8"))["pages"].items():
        page = folder / "pages" / key
        info = json.loads((page / "info.json").read_text("utf-8"))
        jobs.append(
            ("snippets-dev", key, str(page / "body.html"), rec["url"], info["fetched_at"], None)
        )
    folder = root / "dates-dev"
    for key, rec in json.loads((folder / "ground-truth.json").read_text("utf-8")).items():
        jobs.append(("dates-dev", key, str(folder / "html" / key), rec["url"], UNDATED, None))
    return jobs


def _page_type(job: Job) -> tuple[str, str, str, str]:
    corpus, key, path, url, fetched_at, content_type = job
    try:
        art = extract_article(Path(path).read_bytes(), url, fetched_at, content_type=content_type)
    except ExtractionError as exc:
        return corpus, key, url, f"refused ({exc.reason})"
    return corpus, key, url, art.page_type


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--split", choices=SPLITS)
    parser.add_argument("--list", action="store_true", help="name the pages typed wrong")
    args = parser.parse_args()

    jobs = [j for j in _jobs(args.corpora) if args.split is None or split_of(j[3]) == args.split]
    with ProcessPoolExecutor(usable_cpus()) as pool:
        results = list(pool.map(_page_type, jobs, chunksize=4))

    part = args.split or "whole"
    print(f"| corpus ({part}) | pages | not typed article | false-negative rate | types |")
    print("|---|---|---|---|---|")
    corpora = sorted({r[0] for r in results})
    for corpus in [*corpora, "all"]:
        rows = [r for r in results if corpus in ("all", r[0])]
        wrong = Counter(r[3] for r in rows if r[3] != "article")
        n = sum(wrong.values())
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(wrong.items())) or "-"
        print(f"| {corpus} | {len(rows)} | {n} | {n / len(rows):.2%} | {kinds} |")
    if args.list:
        shown = [r for r in results if r[3] != "article"]
        if args.split != "check":
            shown = [r for r in shown if split_of(r[2]) == "look"]
        print(f"\npages typed wrong ({args.split or 'look'} part):")
        for corpus, key, url, kind in shown:
            print(f"  {kind:10} {corpus}/{key}  {url}")


if __name__ == "__main__":
    main()
