"""Body quality on both body corpora, by look/check part, in one pass over a process pool.

    python bench/quality_body.py [--save NOW.json] [--compare BEFORE.json]

Prints extraction-dev body F1/P/R and snippets-dev F1/P/R (the extractor alone, and the
extractor's text only where the page is typed ``article``, which is what the dataset keeps)
for the look part, the check part and the whole. ``--save`` keeps every page's text and type;
``--compare`` lists, for the look part only, the pages whose score moved against an earlier
save, and for the check part only counts them: failures are read on the look part alone.
``archiver eval extraction|snippets`` give the same figures one corpus at a time (the
latter through the real replay pipeline).
"""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from archiver.evaluate.extraction import CORPUS_CONTENT_TYPE, DEFAULT_FETCHED_AT, load_corpus
from archiver.evaluate.shingles import corpus_scores, overlap
from archiver.evaluate.snippets import Counts, SnippetPage, judge, load_snippets
from archiver.evaluate.split import SPLITS, split_of
from archiver.extract import extract_article
from archiver.extract.errors import ExtractionError
from archiver.pipelines.pool import usable_cpus

CORPORA = Path(__file__).resolve().parent.parent / ".." / "shared" / "corpus"
HEADER = (
    "| part | extraction F1 | P | R | snippets, extractor F1 | P | R "
    "| snippets, pages typed article F1 | P | R |"
)
Job = tuple[str, str, str, str, str | None]  # key, path, url, fetched_at, content type


def _extract(job: Job) -> tuple[str, str, str]:
    key, path, url, fetched_at, content_type = job
    try:
        art = extract_article(Path(path).read_bytes(), url, fetched_at, content_type=content_type)
    except ExtractionError:
        return key, "", "error"
    return key, art.text, art.page_type


def _jobs(extraction: Path, snippets: Path) -> tuple[list[Job], dict[str, dict], list[SnippetPage]]:
    jobs: list[Job] = []
    truths: dict[str, dict] = {}
    for page in load_corpus(extraction):
        key = f"extraction/{page.id}"
        path = str(extraction / f"{page.id}.html")
        jobs.append((key, path, page.url, DEFAULT_FETCHED_AT, CORPUS_CONTENT_TYPE))
        truths[key] = {"url": page.url, "body": page.truth["articleBody"]}
    pages = load_snippets(snippets)
    for sp in pages:
        info = json.loads((sp.folder / "info.json").read_text(encoding="utf-8"))
        jobs.append(
            (f"snippets/{sp.id}", str(sp.folder / "body.html"), sp.url, info["fetched_at"], None)
        )
    return jobs, truths, pages


def _snippet_counts(pages: list[SnippetPage], out: dict, articles_only: bool) -> Counts:
    counts = Counts()
    for sp in pages:
        text, kind = out[f"snippets/{sp.id}"]
        counts.add(judge(text if kind == "article" or not articles_only else "", sp).counts)
    return counts


def _page_score(key: str, out: dict, truths: dict, snippets: dict[str, SnippetPage]) -> float:
    text, kind = out[key]
    if key.startswith("extraction/"):
        return overlap(text, truths[key]["body"]).f1
    c = judge(text if kind == "article" else "", snippets[key]).counts
    return (c.tp + c.tn) / max(1, c.tp + c.tn + c.fp + c.fn)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extraction", type=Path, default=CORPORA / "extraction-dev")
    parser.add_argument("--snippets", type=Path, default=CORPORA / "snippets-dev")
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()

    jobs, truths, pages = _jobs(args.extraction, args.snippets)
    with ProcessPoolExecutor(usable_cpus()) as pool:
        out = {key: (text, kind) for key, text, kind in pool.map(_extract, jobs, chunksize=4)}

    print(HEADER)
    print("|---|---|---|---|---|---|---|---|---|---|")
    for part in (*SPLITS, None):
        ex = [k for k in truths if part is None or split_of(truths[k]["url"]) == part]
        s = corpus_scores([(out[k][0], truths[k]["body"]) for k in ex])
        sp = [p for p in pages if part is None or split_of(p.url) == part]
        c1, c2 = _snippet_counts(sp, out, False), _snippet_counts(sp, out, True)
        print(
            f"| {part or 'whole'} | {s['f1']:.3f} | {s['precision']:.3f} | {s['recall']:.3f} "
            f"| {c1.f1:.3f} | {c1.precision:.3f} | {c1.recall:.3f} "
            f"| {c2.f1:.3f} | {c2.precision:.3f} | {c2.recall:.3f} |"
        )
    if args.save:
        args.save.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    if args.compare:
        before = {k: tuple(v) for k, v in json.loads(args.compare.read_text("utf-8")).items()}
        by_key = {f"snippets/{p.id}": p for p in pages}
        urls = {**{k: v["url"] for k, v in truths.items()}, **{k: p.url for k, p in by_key.items()}}
        moved = {"look": [], "check": []}  # type: dict[str, list[tuple[str, float, float]]]
        for key in out:
            if key not in before:
                continue
            a = _page_score(key, before, truths, by_key)
            b = _page_score(key, out, truths, by_key)
            if abs(a - b) > 1e-9:
                moved[split_of(urls[key])].append((key, a, b))
        check = moved["check"]
        print(
            f"\ncheck part: {sum(b > a for _, a, b in check)} pages better, "
            f"{sum(b < a for _, a, b in check)} worse"
        )
        print(f"look part, {len(moved['look'])} pages moved:")
        for key, a, b in sorted(moved["look"], key=lambda m: m[2] - m[1]):
            print(f"  {a:.3f} -> {b:.3f}  {key}  {before[key][1]}->{out[key][1]}")


if __name__ == "__main__":
    main()
