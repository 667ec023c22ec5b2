"""Title, authors, dates, body and language against the metadata-dev corpus.

The metrics are the corpus README's: title exact (NFKC, format characters dropped,
whitespace collapsed) and token F1; authors P/R/F1 of normalised names; publication day and
minute (``datematch``); the body shingle F1; the language's primary subtag.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections import Counter
from pathlib import Path

from archiver.evaluate.datematch import day_correct, has_time, minute_correct
from archiver.evaluate.extraction import (
    CORPUS_CONTENT_TYPE,
    REGRESSION_GAP,
    load_corpus,
    plain_trafilatura,
)
from archiver.evaluate.shingles import corpus_scores, overlap

_TOKEN = re.compile(r"\w+")
_NON_WORD = re.compile(r"[\W_]+")


def norm_title(value: str | None) -> str:
    text = unicodedata.normalize("NFKC", value or "")
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split())


def title_token_f1(pred: str | None, gold: str) -> float:
    p = Counter(_TOKEN.findall((pred or "").casefold()))
    g = Counter(_TOKEN.findall(gold.casefold()))
    tp = sum((p & g).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(p.values()), tp / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def norm_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def author_scores(pred: list[str], gold: list[str]) -> tuple[float | None, float, float]:
    """(precision or None when nothing was predicted, recall, F1) for one page."""
    p = {norm_name(n) for n in pred} - {""}
    g = {norm_name(n) for n in gold} - {""}
    hit = len(p & g)
    precision = hit / len(p) if p else None
    recall = hit / len(g) if g else 0.0
    f1 = 2 * hit / (len(p) + len(g)) if p and g and hit else 0.0
    return precision, recall, f1


def language_key(code: str | None) -> str | None:
    if not code:
        return None
    primary = re.split(r"[-_]", code.strip().lower())[0]
    return "no" if primary in ("nb", "nn") else primary


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", type=Path, help="corpus folder (<id>.html + ground-truth.json)")
    parser.add_argument(
        "--no-peer", action="store_true", help="skip the plain trafilatura body comparison"
    )
    parser.add_argument(
        "--show",
        choices=["title", "authors", "day", "minute", "body", "language"],
        action="append",
        default=[],
        help="list the pages that miss on this field (repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    from archiver.extract import extract_article

    pages = load_corpus(args.corpus)
    exact, tok, a_p, a_r, a_f, day, minute, lang = [], [], [], [], [], [], [], []
    bodies: list[tuple[str, str]] = []
    misses: dict[str, list[str]] = {k: [] for k in args.show}
    peer_worse: list[str] = []
    for page in pages:
        gold = page.truth
        art = extract_article(
            page.html, page.url, gold["crawl_date"], content_type=CORPUS_CONTENT_TYPE
        )
        ok = norm_title(art.title) == norm_title(gold["title"])
        exact.append(float(ok))
        tok.append(title_token_f1(art.title, gold["title"]))
        if not ok and "title" in misses:
            misses["title"].append(f"{page.id}: {art.title!r} != {gold['title']!r}")
        if gold.get("authors"):
            p, r, f = author_scores(art.authors, gold["authors"])
            if p is not None:
                a_p.append(p)
            a_r.append(r)
            a_f.append(f)
            if f < 1 and "authors" in misses:
                misses["authors"].append(f"{page.id}: {art.authors} != {gold['authors']}")
        value = art.published.value
        day.append(float(day_correct(value, gold["date_published"])))
        if not day[-1] and "day" in misses:
            misses["day"].append(f"{page.id}: {value} != {gold['date_published']}")
        if gold.get("date_has_time", has_time(gold["date_published"])):
            minute.append(float(minute_correct(value, gold["date_published"])))
            if not minute[-1] and "minute" in misses:
                misses["minute"].append(f"{page.id}: {value} != {gold['date_published']}")
        got, want = language_key(art.language), language_key(gold["language"])
        lang.append(float(got == want))
        if got != want and "language" in misses:
            misses["language"].append(f"{page.id}: {got} != {want}")
        bodies.append((art.text, gold["body_text"]))
        if "body" in misses:
            ov = overlap(art.text, gold["body_text"])
            if ov.f1 < 0.95:
                misses["body"].append(
                    f"{page.id}: F1 {ov.f1:.3f} P {ov.precision:.3f} R {ov.recall:.3f}"
                )
        if not args.no_peer:
            theirs = overlap(plain_trafilatura(page.html, page.url), gold["body_text"]).f1
            mine = overlap(art.text, gold["body_text"]).f1
            if mine < theirs - REGRESSION_GAP:
                peer_worse.append(f"{page.id}: {mine:.3f} vs {theirs:.3f}")

    body = corpus_scores(bodies)
    authors_p, authors_r = _mean(a_p), _mean(a_r)
    print(f"{args.corpus.name}: {len(pages)} pages\n")
    print(
        "| tool | title exact | title tok-F1 | authors P | authors R | authors F1 "
        "| publication day | publication minute | body F1 | language |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| archiver | {_mean(exact):.3f} | {_mean(tok):.3f} | {authors_p:.3f} | {authors_r:.3f} "
        f"| {_mean(a_f):.3f} | {_mean(day):.3f} | {_mean(minute):.3f} ({len(minute)} pages) "
        f"| {body['f1']:.3f} | {_mean(lang):.3f} |"
    )
    if not args.no_peer:
        print(f"\npages > {REGRESSION_GAP:.2f} body F1 below plain trafilatura: {len(peer_worse)}")
        for line in peer_worse:
            print(f"  {line}")
    for field, lines in misses.items():
        print(f"\n{field} misses ({len(lines)}):")
        for line in lines:
            print(f"  {line}")
    return 0
