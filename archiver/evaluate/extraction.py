"""Body text against the extraction-dev corpus: 4-token shingle F1, P, R, exact match.

Reads a folder laid out as ``<id>.html`` plus ``ground-truth.json`` ({id: {"articleBody",
"url"}}), or a tree of fixture folders that keep a reference body in ``truth.txt``, runs
``extract_article`` on every page and prints the README's metric. Plain
trafilatura runs beside it by default, because the acceptance rule counts the pages where
the project falls more than 0.10 below it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archiver.evaluate.shingles import corpus_scores, overlap
from archiver.evaluate.split import add_split_argument, in_split

# The benchmark pages carry no capture time; bodies do not depend on it, dates are not scored.
DEFAULT_FETCHED_AT = "2020-01-01T00:00:00+00:00"
REGRESSION_GAP = 0.10
# Both corpus READMEs state every page is stored as UTF-8, whatever its <meta charset> says.
CORPUS_CONTENT_TYPE = "text/html; charset=utf-8"


@dataclass
class Page:
    id: str
    url: str
    html: bytes
    truth: dict


class CorpusError(Exception):
    """The folder is not a corpus: no ground truth, or a page it names is missing."""


def load_fixture_truths(folder: Path) -> list[Page]:
    """Fixture folders (``body.html``, ``info.json``) that keep a ``truth.txt`` beside."""
    pages = []
    for truth_path in sorted(folder.rglob("truth.txt")):
        fixture = truth_path.parent
        info = json.loads((fixture / "info.json").read_text(encoding="utf-8"))
        pages.append(
            Page(
                id=str(fixture.relative_to(folder)),
                url=info["url"],
                html=(fixture / "body.html").read_bytes(),
                truth={"articleBody": truth_path.read_text(encoding="utf-8")},
            )
        )
    return pages


def load_corpus(folder: Path) -> list[Page]:
    """Every page of a corpus folder with its ground-truth record, in id order."""
    if not (folder / "ground-truth.json").is_file():
        fixtures = load_fixture_truths(folder) if folder.is_dir() else []
        if fixtures:
            return fixtures
    try:
        truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{folder}: no readable ground-truth.json ({exc})") from exc
    missing = [key for key in truth if not (folder / f"{key}.html").is_file()]
    if missing:
        raise CorpusError(f"{folder}: {len(missing)} pages missing, e.g. {missing[0]}.html")
    return [
        Page(
            id=key,
            url=truth[key].get("url", ""),
            html=(folder / f"{key}.html").read_bytes(),
            truth=truth[key],
        )
        for key in sorted(truth)
    ]


def plain_trafilatura(html: bytes, url: str) -> str:
    """The reference peer: one ``trafilatura.extract`` call with its defaults."""
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def row(name: str, pairs: list[tuple[str, str]]) -> str:
    s = corpus_scores(pairs)
    return (
        f"| {name} | {s['f1']:.3f} | {s['precision']:.3f} | {s['recall']:.3f} "
        f"| {s['accuracy']:.3f} |"
    )


def regressions(
    ours: list[str], peer: list[str], truths: list[str], ids: list[str]
) -> list[tuple[str, float, float]]:
    """Pages where our body F1 is more than REGRESSION_GAP below the peer's."""
    out = []
    for key, mine, theirs, truth in zip(ids, ours, peer, truths, strict=True):
        a, b = overlap(mine, truth).f1, overlap(theirs, truth).f1
        if a < b - REGRESSION_GAP:
            out.append((key, a, b))
    return out


def print_worst(ids: list[str], preds: list[str], truths: list[str], n: int) -> None:
    scored = [(overlap(p, t), key) for key, p, t in zip(ids, preds, truths, strict=True)]
    print(f"\nworst {n} pages (F1 P R):")
    for ov, key in sorted(scored, key=lambda x: x[0].f1)[:n]:
        print(f"  {ov.f1:.3f} {ov.precision:.3f} {ov.recall:.3f}  {key}")


def project_bodies(pages: list[Page], fetched_at: Callable[[Page], str]) -> list[str]:
    from archiver.extract import extract_article

    return [
        extract_article(p.html, p.url, fetched_at(p), content_type=CORPUS_CONTENT_TYPE).text
        for p in pages
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "corpus",
        type=Path,
        help="corpus folder (<id>.html + ground-truth.json), or fixtures with truth.txt",
    )
    parser.add_argument(
        "--no-peer", action="store_true", help="skip the plain trafilatura comparison"
    )
    add_split_argument(parser)
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="list the N worst pages")


def run(args: argparse.Namespace) -> int:
    try:
        pages = load_corpus(args.corpus)
    except CorpusError as exc:
        print(f"archiver eval extraction: {exc}", file=sys.stderr)
        return 2
    pages = [p for p in pages if in_split(p.url, args.split)]
    truths = [p.truth["articleBody"] for p in pages]
    ids = [p.id for p in pages]
    ours = project_bodies(pages, lambda p: DEFAULT_FETCHED_AT)
    part = f", {args.split} part" if args.split else ""
    print(f"{args.corpus.name}{part}: {len(pages)} pages, 4-token shingle body metric\n")
    print("| extractor | F1 | P | R | exact |")
    print("|---|---|---|---|---|")
    print(row("archiver", list(zip(ours, truths, strict=True))))
    if not args.no_peer:
        peer = [plain_trafilatura(p.html, p.url) for p in pages]
        print(row("trafilatura 2.3.1 extract()", list(zip(peer, truths, strict=True))))
        worse = regressions(ours, peer, truths, ids)
        print(f"\npages > {REGRESSION_GAP:.2f} below plain trafilatura: {len(worse)}")
        for key, a, b in worse:
            print(f"  {key}: {a:.3f} vs {b:.3f}")
    if args.worst:
        print_worst(ids, ours, truths, args.worst)
    return 0
