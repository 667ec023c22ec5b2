"""Title, authors, dates, body and language against the metadata-dev corpus.

The metrics are the corpus README's: title exact (NFKC, format characters dropped,
whitespace collapsed) and token F1; authors P/R/F1 of normalised names; publication day and
minute (``datematch``); the body shingle F1; the language's primary subtag.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from archiver.evaluate.datematch import day_correct, has_time, minute_correct
from archiver.evaluate.extraction import (
    CORPUS_CONTENT_TYPE,
    REGRESSION_GAP,
    CorpusError,
    Page,
    load_corpus,
    plain_trafilatura,
)
from archiver.evaluate.shingles import corpus_scores, overlap
from archiver.evaluate.signals import SignalCounts
from archiver.evaluate.split import add_split_argument, in_split
from archiver.evaluate.without_jsonld import ROWS, TitleAuthors, WithoutJsonld

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
        help="list the pages that miss on this field (repeatable; not on the check part)",
    )
    parser.add_argument(
        "--signals",
        action="store_true",
        help="count how often each title and author signal is right (their precedence's basis)",
    )
    parser.add_argument(
        "--without-jsonld",
        action="store_true",
        help="also score titles and authors with the pages' JSON-LD removed, this project's "
        "and trafilatura's metadata side by side",
    )
    add_split_argument(parser)


def site_key(page: Page) -> str:
    """What the look/check split is drawn on: the publisher's parser family when the corpus
    names one (publishers sharing a template then fall on one side), else the page's site."""
    return str(page.truth.get("split_key") or page.url)


@dataclass
class Prediction:
    """What one tool said about one page, in the fields the corpus scores."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date_published: str | None = None
    text: str = ""
    language: str | None = None


@dataclass
class Scores:
    title_exact: list[float] = field(default_factory=list)
    title_tok: list[float] = field(default_factory=list)
    authors_p: list[float] = field(default_factory=list)
    authors_r: list[float] = field(default_factory=list)
    authors_f: list[float] = field(default_factory=list)
    day: list[float] = field(default_factory=list)
    minute: list[float] = field(default_factory=list)
    language: list[float] = field(default_factory=list)
    bodies: list[tuple[str, str]] = field(default_factory=list)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def add(self, page: Page, pred: Prediction) -> None:
        gold = page.truth
        ok = norm_title(pred.title) == norm_title(gold["title"])
        self.title_exact.append(float(ok))
        self.title_tok.append(title_token_f1(pred.title, gold["title"]))
        if not ok:
            self._miss("title", f"{page.id}: {pred.title!r} != {gold['title']!r}")
        if gold.get("authors"):
            p, r, f = author_scores(pred.authors, gold["authors"])
            if p is not None:
                self.authors_p.append(p)
            self.authors_r.append(r)
            self.authors_f.append(f)
            if f < 1:
                self._miss("authors", f"{page.id}: {pred.authors} != {gold['authors']}")
        value, want = pred.date_published, gold["date_published"]
        self.day.append(float(day_correct(value, want)))
        if not self.day[-1]:
            self._miss("day", f"{page.id}: {value} != {want}")
        if gold.get("date_has_time", has_time(want)):
            self.minute.append(float(minute_correct(value, want)))
            if not self.minute[-1]:
                self._miss("minute", f"{page.id}: {value} != {want}")
        got, lang = language_key(pred.language), language_key(gold["language"])
        self.language.append(float(got == lang))
        if got != lang:
            self._miss("language", f"{page.id}: {got} != {lang}")
        self.bodies.append((pred.text, gold["body_text"]))
        ov = overlap(pred.text, gold["body_text"])
        if ov.f1 < 0.95:
            self._miss("body", f"{page.id}: F1 {ov.f1:.3f} P {ov.precision:.3f} R {ov.recall:.3f}")

    def _miss(self, key: str, line: str) -> None:
        self.misses.setdefault(key, []).append(line)

    def row(self, name: str, *, has_time: bool = True, has_language: bool = True) -> str:
        body = corpus_scores(self.bodies)
        minute = f"{_mean(self.minute):.3f}" if has_time else "—"
        lang = f"{_mean(self.language):.3f}" if has_language else "—"
        return (
            f"| {name} | {_mean(self.title_exact):.3f} | {_mean(self.title_tok):.3f} "
            f"| {_mean(self.authors_p):.3f} | {_mean(self.authors_r):.3f} "
            f"| {_mean(self.authors_f):.3f} | {_mean(self.day):.3f} | {minute} "
            f"| {body['f1']:.3f} | {lang} |"
        )


TABLE_HEAD = (
    "| tool | title exact | title tok-F1 | authors P | authors R | authors F1 "
    "| publication day | publication minute | body F1 | language |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def predict(page: Page) -> Prediction:
    from archiver.extract import extract_article

    art = extract_article(
        page.html, page.url, page.truth["crawl_date"], content_type=CORPUS_CONTENT_TYPE
    )
    return Prediction(art.title, art.authors, art.published.value, art.text, art.language)


def run(args: argparse.Namespace) -> int:
    try:
        pages = load_corpus(args.corpus)
    except CorpusError as exc:
        print(f"archiver eval metadata: {exc}", file=sys.stderr)
        return 2
    split = getattr(args, "split", None)
    pages = [page for page in pages if in_split(site_key(page), split)]
    scores = Scores()
    signals = SignalCounts() if getattr(args, "signals", False) else None
    bare = WithoutJsonld() if getattr(args, "without_jsonld", False) else None
    peer_worse: list[str] = []
    for page in pages:
        pred = predict(page)
        scores.add(page, pred)
        if signals is not None:
            signals.add(page)
        if bare is not None:
            bare.add(page, with_jsonld=TitleAuthors(pred.title, pred.authors))
        if not args.no_peer:
            truth = page.truth["body_text"]
            theirs = overlap(plain_trafilatura(page.html, page.url), truth).f1
            mine = overlap(pred.text, truth).f1
            if mine < theirs - REGRESSION_GAP:
                peer_worse.append(f"{page.id}: {mine:.3f} vs {theirs:.3f}")
    part = f", {split} part" if split else ""
    print(f"{args.corpus.name}{part}: {len(pages)} pages ({len(scores.minute)} with a time)\n")
    print(TABLE_HEAD)
    print(scores.row("archiver"))
    if not args.no_peer:
        print(f"\npages > {REGRESSION_GAP:.2f} body F1 below plain trafilatura: {len(peer_worse)}")
        for line in peer_worse if split != "check" else []:
            print(f"  {line}")
    if signals is not None:
        print(f"\n{signals.report()}")
    if bare is not None:
        print(f"\n{bare.report(len(pages))}")
    if split == "check" and (args.show or peer_worse):
        # the check part's pages stay unread: only its figures are shown
        print("\ncheck part: failures are not listed")
        return 0
    for key in args.show:
        lines = scores.misses.get(key, [])
        print(f"\n{key} misses ({len(lines)}):")
        for line in lines:
            print(f"  {line}")
    if bare is not None and args.show:
        for row in (ROWS[1], ROWS[3]):
            lines = bare.misses(row)
            print(f"\n{row}: misses ({len(lines)}):")
            for line in lines:
                print(f"  {line}")
    return 0
