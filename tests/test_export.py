"""archiver export: a crawl's and a replay's datasets read together by pandas, DuckDB and
Hugging Face datasets, with one type per column."""

from __future__ import annotations

import csv
import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest

from archiver.export import arrow_schema, latest_versions
from archiver.export.read import given_datasets
from archiver.schema import record_schema
from tests.conftest import FIXTURES, read_jsonl, run_cli
from tests.run_outputs import RunOutputs, run_outputs

TECHCRUNCH = json.loads((FIXTURES / "techcrunch.com/1ace8c85aaee/info.json").read_text())["url"]
ENTERMEDIA = json.loads((FIXTURES / "entermedia.co.kr/0ec95c7261d1/info.json").read_text())["url"]


@pytest.fixture(scope="module")
def runs() -> RunOutputs:
    return run_outputs()


def export(*args: str) -> str:
    proc = run_cli("export", *args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stderr


@pytest.fixture(scope="module")
def parquets(runs: RunOutputs, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The crawl's and the replay's datasets, each exported on its own."""
    folder = tmp_path_factory.mktemp("parquet")
    export(str(runs.crawl), "-o", str(folder / "crawl.parquet"))
    export(str(runs.replay), "--to", "parquet", "-o", str(folder / "replay.parquet"))
    return [folder / "crawl.parquet", folder / "replay.parquet"]


def expected_rows(runs: RunOutputs) -> int:
    return len(read_jsonl(runs.crawl)) + len(read_jsonl(runs.replay))


def test_pandas_reads_both_with_one_type_per_column(runs: RunOutputs, parquets: list[Path]) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.concat([pd.read_parquet(p) for p in parquets], ignore_index=True)
    assert len(frame) == expected_rows(runs) == len(runs.articles) + 13
    assert str(frame["date_published_utc"].dtype) == "datetime64[us, UTC]"
    assert str(frame["fetched_at"].dtype) == "datetime64[us, UTC]"
    row = frame.set_index("url").loc[TECHCRUNCH]
    assert row["date_published_utc"] == pd.Timestamp("2019-11-19T04:58:46Z")
    assert row["date_published"] == "2019-11-18T20:58:46-08:00"  # the local value, as written
    assert (
        list(row["authors"])
        == json.loads((FIXTURES / "techcrunch.com/1ace8c85aaee/expected.json").read_text())[
            "authors"
        ]
    )
    assert pd.isna(frame.set_index("url").loc[ENTERMEDIA]["date_published_utc"])  # no zone
    # An all-null column keeps its type instead of becoming float.
    assert frame["date_modified_earliest"].isna().all()
    assert str(frame["date_modified_earliest"].dtype) in ("object", "str", "string")


def test_duckdb_reads_both(runs: RunOutputs, parquets: list[Path]) -> None:
    duckdb = pytest.importorskip("duckdb")
    files = [str(p) for p in parquets]
    con = duckdb.connect()
    types = dict(
        con.execute(
            "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", [files]
        ).fetchall()
    )
    assert types["date_published_utc"] == "TIMESTAMP WITH TIME ZONE"
    assert types["fetched_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["authors"] == "VARCHAR[]"
    assert types["date_published_raw"] == "VARCHAR"
    assert types["warc_offset"] == "BIGINT"
    con.execute("SET TimeZone = 'UTC'")
    (count, published) = con.execute(
        "SELECT count(*), max(CASE WHEN url = ? THEN strftime(date_published_utc, "
        "'%Y-%m-%dT%H:%M:%SZ') END) FROM read_parquet(?)",
        [TECHCRUNCH, files],
    ).fetchone()
    assert count == expected_rows(runs)
    assert published == "2019-11-19T04:58:46Z"


def test_hugging_face_datasets_loads_both(
    runs: RunOutputs, parquets: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The loader documented in the README; offline, its cache in the test's folder.
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = pytest.importorskip("datasets")
    data = datasets.load_dataset(
        "parquet",
        data_files=[str(p) for p in parquets],
        split="train",
        cache_dir=str(tmp_path / "cache"),
    )
    assert data.num_rows == expected_rows(runs)
    features = data.features
    assert features["date_published_utc"].dtype == "timestamp[us, tz=UTC]"
    assert features["date_published_raw"].dtype == "string"
    assert features["authors"].feature.dtype == "string"
    row = data.filter(lambda r: r["url"] == TECHCRUNCH)[0]
    assert row["date_published_utc"].isoformat() == "2019-11-19T04:58:46+00:00"


def test_arrow_schema_follows_the_record_schema() -> None:
    schema = arrow_schema()
    assert schema.names == list(record_schema()["properties"])
    assert str(schema.field("tags").type) == "list<item: string>"
    assert str(schema.field("date_modified_utc").type) == "timestamp[us, tz=UTC]"
    assert str(schema.field("date_published").type) == "string"  # local value, mixed forms
    assert str(schema.field("version").type) == "int64"


def test_latest_version_per_url_by_default(runs: RunOutputs, tmp_path: Path) -> None:
    # The crawl and the replay of its WARCs hold the same URLs.
    out = tmp_path / "both.jsonl.gz"
    message = export(str(runs.crawl), str(runs.warc_replay), "-o", str(out))
    with gzip.open(out, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    assert sorted(r["url"] for r in records) == sorted(runs.articles)
    assert f"{len(runs.articles)} older versions left out" in message
    names = list(record_schema()["properties"])
    assert all(list(r) == names for r in records)  # every field on every line, in order
    every = tmp_path / "every.jsonl.gz"
    export(str(runs.crawl), str(runs.warc_replay), "--all-versions", "-o", str(every))
    with gzip.open(every, "rt", encoding="utf-8") as lines:
        assert sum(1 for _ in lines) == 2 * len(runs.articles)


def _record(url: str, fetched_at: str, version: int | None, title: str) -> dict[str, Any]:
    record: dict[str, Any] = {"url": url, "fetched_at": fetched_at, "title": title}
    if version is not None:
        record["version"] = version
    return record


def test_newest_is_last_fetched_then_highest_version_then_last_listed() -> None:
    records = [
        _record("https://a.example/1", "2024-01-02T10:00:00+01:00", 2, "a2"),
        _record("https://a.example/1", "2024-01-02T09:30:00Z", 1, "a-later-instant"),
        _record("https://b.example/1", "2024-01-01T00:00:00Z", 3, "b3"),
        _record("https://b.example/1", "2024-01-01T00:00:00Z", 2, "b2"),
        _record("https://c.example/1", "2024-01-01T00:00:00Z", None, "c-first"),
        _record("https://c.example/1", "2024-01-01T00:00:00Z", None, "c-listed-last"),
    ]
    kept = latest_versions(records)
    assert [r["title"] for r in kept] == ["a-later-instant", "b3", "c-listed-last"]


def test_csv_writes_lists_as_json(runs: RunOutputs, tmp_path: Path) -> None:
    out = tmp_path / "replay.csv"
    export(str(runs.replay), "-o", str(out))
    with out.open(encoding="utf-8", newline="") as f:
        rows = {row["url"]: row for row in csv.DictReader(f)}
    source = {r["url"]: r for r in read_jsonl(runs.replay)}
    assert set(rows) == set(source)
    row = rows[TECHCRUNCH]
    assert json.loads(row["authors"]) == source[TECHCRUNCH]["authors"]
    assert json.loads(row["tags"]) == source[TECHCRUNCH]["tags"]
    assert row["date_published_utc"] == "2019-11-19T04:58:46Z"
    assert row["text"] == source[TECHCRUNCH]["text"]  # newlines and quotes survive
    assert rows[ENTERMEDIA]["date_published_utc"] == ""


def test_damaged_lines_are_counted_and_the_rest_exported(runs: RunOutputs, tmp_path: Path) -> None:
    lines = runs.replay.read_text("utf-8").splitlines()
    damaged = tmp_path / "killed.jsonl"
    damaged.write_text("\n".join(lines[:5]) + "\n" + lines[5][:40], "utf-8")  # a cut line
    out = tmp_path / "out.parquet"
    message = export(str(damaged), "-o", str(out))
    assert "5 records" in message and "1 damaged lines skipped" in message


def test_unknown_suffix_asks_for_a_format(runs: RunOutputs, tmp_path: Path) -> None:
    proc = run_cli("export", str(runs.replay), "-o", str(tmp_path / "out.xlsx"))
    assert proc.returncode == 2
    assert "--to parquet|jsonl.gz|csv" in proc.stderr
    assert not os.listdir(tmp_path)


def test_skip_ledgers_in_a_glob_are_left_out(runs: RunOutputs, tmp_path: Path) -> None:
    ledger = tmp_path / "run.skipped.jsonl"
    ledger.write_text(json.dumps({"url": "https://s.example/1", "reason": "binary"}) + "\n")
    out = tmp_path / "out.jsonl.gz"
    message = export(str(runs.replay), str(ledger), "-o", str(out))
    with gzip.open(out, "rt", encoding="utf-8") as lines:
        urls = [json.loads(line)["url"] for line in lines]
    assert len(urls) == len(read_jsonl(runs.replay)) and "https://s.example/1" not in urls
    assert "in 1 files" in message


def test_given_datasets_leave_out_ledgers_and_name_missing_files(tmp_path: Path) -> None:
    data, ledger = tmp_path / "run.jsonl", tmp_path / "run.skipped.jsonl"
    data.write_text("", encoding="utf-8")
    ledger.write_text("", encoding="utf-8")
    assert given_datasets([data, ledger]) == ([data], None)
    assert given_datasets([ledger]) == ([], "no dataset given (only skip ledgers)")
    gone = tmp_path / "gone.jsonl"
    assert given_datasets([data, gone]) == ([data, gone], f"no such file: {gone}")
