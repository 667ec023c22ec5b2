"""Where the dev corpora live, for the tests that read real pages from them.

The corpora sit in ``shared/corpus`` beside the repository (the working copy and CI alike);
a checkout without them skips these tests rather than failing them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from archiver.evaluate.extraction import CORPUS_CONTENT_TYPE
from archiver.extract import Article, extract_article

CORPUS_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def corpus(name: str) -> Path:
    folder = CORPUS_ROOT / name
    if not (folder / "ground-truth.json").is_file():
        pytest.skip(f"corpus {name} not found at {folder}")
    return folder


@lru_cache(maxsize=4)
def truth(name: str) -> dict[str, Any]:
    return json.loads((corpus(name) / "ground-truth.json").read_text(encoding="utf-8"))


def extract_corpus_page(name: str, page_id: str) -> Article:
    record = truth(name)[page_id]
    html = (corpus(name) / f"{page_id}.html").read_bytes()
    fetched = record.get("crawl_date", "2020-01-01T00:00:00+00:00")
    return extract_article(html, record["url"], fetched, content_type=CORPUS_CONTENT_TYPE)
