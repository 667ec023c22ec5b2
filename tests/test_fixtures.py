"""The extraction core on every bundled fixture, field by field against expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archiver.evaluate.shingles import corpus_scores, overlap
from archiver.extract import extract_article
from archiver.schema import record_validator
from tests.conftest import FIXTURES, SEED, fixture_folders

# Measured on the bundled corpus pages (`archiver eval extraction fixtures/`: worst page
# .846, mean .978): every page at least this...
PAGE_F1_FLOOR = 0.80
# ...and their mean at least this.
MEAN_F1_FLOOR = 0.96

_records: dict[Path, dict[str, object]] = {}


def record_of(folder: Path) -> dict[str, object]:
    if folder not in _records:
        info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
        content_type = info.get("headers", {}).get("Content-Type")
        article = extract_article(
            (folder / "body.html").read_bytes(),
            info["url"],
            info["fetched_at"],
            content_type=content_type,
        )
        _records[folder] = article.to_record()
    return _records[folder]


def expected_fields() -> list[tuple[Path, str, object]]:
    cases = []
    for folder in fixture_folders():
        path = folder / "expected.json"
        if path.is_file():
            for name, value in json.loads(path.read_text(encoding="utf-8")).items():
                cases.append((folder, name, value))
    return cases


def test_every_fixture_has_an_expectation() -> None:
    folders = fixture_folders()
    assert len(folders) >= 11
    assert [f for f in folders if not (f / "expected.json").is_file()] == []


@pytest.mark.parametrize(
    ("folder", "name", "value"),
    expected_fields(),
    ids=lambda v: str(v.relative_to(FIXTURES)) if isinstance(v, Path) else str(v)[:20],
)
def test_field_matches_expected(folder: Path, name: str, value: object) -> None:
    assert record_of(folder)[name] == value


@pytest.mark.parametrize("folder", fixture_folders(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_record_validates(folder: Path) -> None:
    errors = [e.message for e in record_validator().iter_errors(record_of(folder))]
    assert errors == []


def corpus_folders() -> list[Path]:
    return [f for f in fixture_folders() if (f / "truth.txt").is_file()]


@pytest.mark.parametrize("folder", corpus_folders(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_corpus_page_text_close_to_truth(folder: Path) -> None:
    truth = (folder / "truth.txt").read_text(encoding="utf-8")
    assert overlap(str(record_of(folder)["text"]), truth).f1 >= PAGE_F1_FLOOR


def test_corpus_pages_mean_f1() -> None:
    folders = corpus_folders()
    assert len(folders) >= 10
    pairs = [
        (str(record_of(f)["text"]), (f / "truth.txt").read_text(encoding="utf-8")) for f in folders
    ]
    assert corpus_scores(pairs)["f1"] >= MEAN_F1_FLOOR


def test_seed_text_is_body_and_subheading_only() -> None:
    paragraphs = str(record_of(SEED)["text"]).split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Ce mardi 17 novembre, John Kerry")
    assert paragraphs[2] == "Troupes au sol"
    assert paragraphs[3].endswith("souligne aussi John Kerry.")
    text = str(record_of(SEED)["text"])
    for furniture in (
        "Cet article date",
        "Publié",
        "Temps de lecture",
        "Article rédigé par",
        "(FRANCE 2)",
        "Commentaires",
        "Connectez-vous",
        "Partager",
        "Mentions légales",
    ):
        assert furniture not in text
