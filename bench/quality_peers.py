"""The project's quality rows next to its peers', on the same pages with the same metrics.

    python bench/quality_peers.py --extraction ../shared/corpus/extraction-dev \\
        --metadata ../shared/corpus/metadata-dev

Peers: trafilatura 2.3.1 (default, ``include_comments=False``, ``favor_precision=True``),
readability-lxml 0.9, and newspaper4k when it is importable (it is not a dependency of the
project; ``pip install newspaper4k==0.9.6`` to include it). news-please is left out: its
pinned dependencies conflict with the project's Scrapy.
"""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Callable
from pathlib import Path

import trafilatura
from lxml import html as lxml_html
from readability import Document as Readability

from archiver.evaluate import metadata as meta_eval
from archiver.evaluate.extraction import (
    CORPUS_CONTENT_TYPE,
    DEFAULT_FETCHED_AT,
    Page,
    load_corpus,
)
from archiver.evaluate.extraction import row as body_row
from archiver.extract import extract_article

BodyFn = Callable[[Page], str]


def _text(page: Page) -> str:
    return page.html.decode("utf-8", errors="replace")  # both corpora are stored as UTF-8


def archiver_body(page: Page) -> str:
    fetched = page.truth.get("crawl_date", DEFAULT_FETCHED_AT)
    return extract_article(page.html, page.url, fetched, content_type=CORPUS_CONTENT_TYPE).text


def trafilatura_body(**options: object) -> BodyFn:
    return lambda page: trafilatura.extract(_text(page), url=page.url, **options) or ""


def readability_body(page: Page) -> str:
    try:
        summary = Readability(_text(page)).summary(html_partial=True)
    except Exception:  # readability raises bare Exceptions on odd pages; an empty body scores 0
        return ""
    if not summary.strip():
        return ""
    return str(lxml_html.fromstring(summary).text_content())


def _newspaper() -> object | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import newspaper
    except ImportError:
        return None
    return newspaper


def newspaper_article(page: Page) -> object:
    newspaper = _newspaper()
    config = newspaper.Config()  # type: ignore[attr-defined]
    config.fetch_images = False  # it would download the top image: no network in a benchmark
    config.memoize_articles = False
    art = newspaper.Article(page.url, config=config)  # type: ignore[attr-defined]
    art.download(input_html=_text(page))
    art.parse()
    return art


def newspaper_body(page: Page) -> str:
    try:
        return str(newspaper_article(page).text or "")  # type: ignore[attr-defined]
    except Exception:  # e.g. Korean and Japanese need nltk, which newspaper4k leaves optional
        return ""


def body_peers() -> list[tuple[str, BodyFn]]:
    peers: list[tuple[str, BodyFn]] = [
        ("archiver", archiver_body),
        ("trafilatura 2.3.1 extract() default", trafilatura_body()),
        ("trafilatura, include_comments=False", trafilatura_body(include_comments=False)),
        ("trafilatura, favor_precision=True", trafilatura_body(favor_precision=True)),
        ("readability-lxml 0.9", readability_body),
    ]
    if _newspaper() is not None:
        peers.append(("newspaper4k 0.9.6", newspaper_body))
    return peers


def extraction_table(folder: Path) -> None:
    pages = load_corpus(folder)
    truths = [p.truth["articleBody"] for p in pages]
    print(f"\n## {folder.name}: {len(pages)} pages, body 4-token shingles\n")
    print("| extractor | F1 | P | R | exact |\n|---|---|---|---|---|")
    for name, fn in body_peers():
        print(body_row(name, [(fn(p), t) for p, t in zip(pages, truths, strict=True)]), flush=True)
    if _newspaper() is None:
        print("\n(newspaper4k not installed: row skipped)")


def trafilatura_prediction(page: Page) -> meta_eval.Prediction:
    doc = trafilatura.bare_extraction(_text(page), url=page.url, with_metadata=True)
    if doc is None:
        return meta_eval.Prediction()
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return meta_eval.Prediction(doc.title, authors, doc.date, doc.text or "", None)


def newspaper_prediction(page: Page) -> meta_eval.Prediction:
    try:
        art = newspaper_article(page)
    except Exception:  # see newspaper_body
        return meta_eval.Prediction()
    date = art.publish_date.isoformat() if art.publish_date else None  # type: ignore[attr-defined]
    return meta_eval.Prediction(
        art.title,  # type: ignore[attr-defined]
        list(art.authors),  # type: ignore[attr-defined]
        date,
        art.text or "",  # type: ignore[attr-defined]
        art.meta_lang or None,  # type: ignore[attr-defined]
    )


def metadata_table(folder: Path) -> None:
    pages = load_corpus(folder)
    print(f"\n## {folder.name}: {len(pages)} pages\n")
    print(meta_eval.TABLE_HEAD)
    tools: list[tuple[str, Callable[[Page], meta_eval.Prediction], bool, bool]] = [
        ("archiver", meta_eval.predict, True, True),
        ("trafilatura 2.3.1", trafilatura_prediction, False, False),
    ]
    if _newspaper() is not None:
        tools.append(("newspaper4k 0.9.6", newspaper_prediction, True, True))
    for name, predict, has_time, has_language in tools:
        scores = meta_eval.Scores()
        for page in pages:
            scores.add(page, predict(page))
        print(scores.row(name, has_time=has_time, has_language=has_language), flush=True)
    if _newspaper() is None:
        print("\n(newspaper4k not installed: row skipped)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extraction", type=Path, help="extraction-dev style corpus folder")
    parser.add_argument("--metadata", type=Path, help="metadata-dev style corpus folder")
    args = parser.parse_args()
    if args.extraction:
        extraction_table(args.extraction)
    if args.metadata:
        metadata_table(args.metadata)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
