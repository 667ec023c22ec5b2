"""Main text against snippets-dev: must-have and must-not-have snippets, dataset and extractor.

The corpus (``pages/<id>/`` fixture folders plus ``truth.json``) comes from trafilatura's
own evaluation set, so the metric is the one its ``tests/eval_common.py`` counts: after
whitespace normalisation, a "with" snippet found in the text is a true positive, one missing
a false negative; a "without" snippet found is a false positive, one missing a true negative;
counts are summed over pages. Three rows score the same pages:

- the **dataset**: the records the real pipeline writes (``archiver replay`` on the page
  folders, in a child process, with its process pool); a page written no record (skipped,
  typed non-article, invalid) counts as empty output;
- the **extractor** alone (``extract_article`` on every page, whatever its type);
- plain **trafilatura** (``trafilatura.extract(html, include_comments=False)``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from archiver.evaluate.replayed import ReplayFailed, finish_replay, records_by_url, start_replay
from archiver.evaluate.split import add_split_argument, in_split

DATASET, EXTRACTOR, PEER = "dataset", "extractor", "trafilatura"


class CorpusError(Exception):
    """The folder is not a snippets corpus, or a page it names is missing."""


@dataclass(frozen=True)
class SnippetPage:
    id: str
    url: str
    folder: Path
    with_: tuple[str, ...]
    without: tuple[str, ...]


@dataclass
class Counts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fn + self.fp + self.tn
        return (self.tp + self.tn) / total if total else 0.0


@dataclass
class PageResult:
    counts: Counts
    missed: list[str] = field(default_factory=list)  # "with" snippets not found
    kept: list[str] = field(default_factory=list)  # "without" snippets found


def normalise(text: str) -> str:
    return " ".join(text.split())


def judge(text: str, page: SnippetPage) -> PageResult:
    """One page's counts for one output text (empty when the page gave no record)."""
    norm = normalise(text)
    result = PageResult(Counts())
    for snippet in page.with_:
        if norm and normalise(snippet) in norm:
            result.counts.tp += 1
        else:
            result.counts.fn += 1
            result.missed.append(snippet)
    for snippet in page.without:
        if norm and normalise(snippet) in norm:
            result.counts.fp += 1
            result.kept.append(snippet)
        else:
            result.counts.tn += 1
    return result


def total(texts: Mapping[str, str], pages: Iterable[SnippetPage]) -> Counts:
    counts = Counts()
    for page in pages:
        counts.add(judge(texts.get(page.id, ""), page).counts)
    return counts


def load_snippets(folder: Path, split: str | None = None) -> list[SnippetPage]:
    """The corpus's pages (those of one look/check part when ``split`` is given), id order."""
    try:
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["pages"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CorpusError(f"{folder}: no readable truth.json with 'pages' ({exc})") from exc
    pages = []
    for key in sorted(truth):
        entry = truth[key]
        page_dir = folder / "pages" / key
        if not (page_dir / "body.html").is_file():
            raise CorpusError(f"{folder}: page {key} has no pages/{key}/body.html")
        if not in_split(entry["url"], split):
            continue
        pages.append(
            SnippetPage(
                id=key,
                url=entry["url"],
                folder=page_dir,
                with_=tuple(entry.get("with", ())),
                without=tuple(entry.get("without", ())),
            )
        )
    return pages


def dataset_texts(dataset: Path, pages: list[SnippetPage]) -> dict[str, str]:
    """Each page's text in a JSON Lines dataset, matched by URL; pages without a record
    are absent (and so score as empty)."""
    records = records_by_url(dataset)
    return {p.id: records[p.url].get("text") or "" for p in pages if p.url in records}


def _fetched_at(folder: Path) -> str:
    info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
    return str(info["fetched_at"])


def extractor_text(folder: Path, url: str) -> str:
    """The extractor alone, given what the replay gives it (no content type: the corpus
    stores raw bytes with no charset)."""
    from archiver.extract import extract_article
    from archiver.extract.errors import ExtractionError

    try:
        return extract_article((folder / "body.html").read_bytes(), url, _fetched_at(folder)).text
    except ExtractionError:
        return ""


def trafilatura_text(folder: Path) -> str:
    import trafilatura

    return trafilatura.extract((folder / "body.html").read_bytes(), include_comments=False) or ""


def _both(args: tuple[Path, str, bool]) -> tuple[str, str]:
    folder, url, peer = args
    return extractor_text(folder, url), trafilatura_text(folder) if peer else ""


def run_extractors(pages: list[SnippetPage], peer: bool) -> tuple[dict[str, str], dict[str, str]]:
    """Extractor and trafilatura texts by page id, in a process pool (one page a task)."""
    from archiver.pipelines.pool import usable_cpus

    jobs = [(p.folder, p.url, peer) for p in pages]
    with ProcessPoolExecutor(max_workers=usable_cpus()) as pool:
        results = list(pool.map(_both, jobs, chunksize=4))
    ours = {p.id: r[0] for p, r in zip(pages, results, strict=True)}
    theirs = {p.id: r[1] for p, r in zip(pages, results, strict=True)}
    return ours, theirs


def table_row(name: str, counts: Counts) -> str:
    return (
        f"| {name} | {counts.f1:.3f} | {counts.precision:.3f} | {counts.recall:.3f} "
        f"| {counts.accuracy:.3f} | {counts.tp} | {counts.fn} | {counts.fp} | {counts.tn} |"
    )


def print_misses(pages: list[SnippetPage], texts: Mapping[str, str], n: int) -> None:
    """The pages with most wrong snippets, each with the snippets it got wrong."""
    results = [(judge(texts.get(p.id, ""), p), p) for p in pages]
    results = [(r, p) for r, p in results if r.missed or r.kept]
    results.sort(key=lambda rp: (-(len(rp[0].missed) + len(rp[0].kept)), rp[1].id))
    print(f"\n{len(results)} pages with a wrong snippet; the first {min(n, len(results))}:")
    for result, page in results[:n]:
        empty = "" if texts.get(page.id) else " (no text)"
        print(f"  {page.id}{empty}")
        for snippet in result.missed:
            print(f"    missing: {snippet[:100]!r}")
        for snippet in result.kept:
            print(f"    kept:    {snippet[:100]!r}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", type=Path, help="snippets corpus folder (pages/ + truth.json)")
    add_split_argument(parser)
    parser.add_argument(
        "--dataset",
        type=Path,
        metavar="FILE.jsonl",
        help="score this dataset instead of running archiver replay on the pages",
    )
    parser.add_argument(
        "--keep-dataset",
        type=Path,
        metavar="FILE.jsonl",
        help="where to write the replayed dataset (default: a temporary file)",
    )
    parser.add_argument("--no-peer", action="store_true", help="skip plain trafilatura")
    parser.add_argument(
        "--misses",
        type=int,
        default=0,
        metavar="N",
        help="list the N pages with most wrong snippets in the dataset",
    )


Texts = dict[str, str]


def _replay_and_extract(
    args: argparse.Namespace, pages: list[SnippetPage], scratch: Path
) -> tuple[Texts | None, Texts, Texts]:
    """The dataset's texts (None when the replay failed), the extractor's and the peer's.
    The extractors run while the replay runs: both are pools over the same CPUs."""
    peer = not args.no_peer
    if args.dataset:
        ours, theirs = run_extractors(pages, peer)
        return dataset_texts(args.dataset, pages), ours, theirs
    output = args.keep_dataset or scratch / "dataset.jsonl"
    child = start_replay([p.folder for p in pages], output, scratch / "replay.log")
    ours, theirs = run_extractors(pages, peer)
    try:
        summary = finish_replay(child, output)
    except ReplayFailed as exc:
        print(f"archiver eval snippets: {exc}", file=sys.stderr)
        return None, ours, theirs
    if summary:
        print(summary)
    return dataset_texts(output, pages), ours, theirs


def run(args: argparse.Namespace) -> int:
    try:
        pages = load_snippets(args.corpus, args.split)
    except CorpusError as exc:
        print(f"archiver eval snippets: {exc}", file=sys.stderr)
        return 2
    if not pages:
        print("archiver eval snippets: no pages to score", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="archiver-snippets-") as scratch:
        written, ours, theirs = _replay_and_extract(args, pages, Path(scratch))
    if written is None:
        return 1
    part = f", {args.split} part" if args.split else ""
    print(
        f"{args.corpus.name}{part}: {len(pages)} pages, {len(written)} written as records; "
        "snippets looked up in the whitespace-normalised text\n"
    )
    print("| output | F1 | P | R | accuracy | TP | FN | FP | TN |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(table_row("archiver, the dataset", total(written, pages)))
    print(table_row("archiver, the extractor", total(ours, pages)))
    if not args.no_peer:
        print(table_row("trafilatura 2.3.1, include_comments=False", total(theirs, pages)))
    if args.misses:
        print_misses(pages, written, args.misses)
    return 0
