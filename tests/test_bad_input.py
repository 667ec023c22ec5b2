"""Bad fixture folders are named, counted and skipped; legacy encodings are decoded right."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from archiver.extract import ExtractionError, extract_article
from tests.conftest import SEED, read_jsonl, run_cli

FRENCH = "Le président a été reçu à l'Élysée où il a évoqué la sûreté des côtes françaises."
PAGE = (
    "<html><head>{meta}<title>Côté été</title></head><body><article><h1>Côté été</h1>"
    + "".join(f"<p>{FRENCH} Paragraphe numéro {i} de l'article.</p>" for i in range(6))
    + "</article></body></html>"
)


def make_fixture(
    root: Path, name: str, body: bytes, info: object, raw_info: str | None = None
) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "body.html").write_bytes(body)
    if raw_info is not None:
        (folder / "info.json").write_text(raw_info, encoding="utf-8")
    elif info is not None:
        (folder / "info.json").write_text(json.dumps(info), encoding="utf-8")
    return folder


def info_for(name: str, **extra: object) -> dict[str, object]:
    return {"url": f"https://example.org/{name}", "fetched_at": "2024-03-01T12:00:00Z", **extra}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, object]], str]:
    root = tmp_path_factory.mktemp("bad")
    shutil.copytree(SEED, root / "good-seed")
    cp1252 = PAGE.format(meta='<meta charset="windows-1252">').encode("cp1252")
    make_fixture(root, "enc-meta", cp1252, info_for("enc-meta"))
    header_only = PAGE.format(meta="").encode("iso-8859-1")
    make_fixture(
        root,
        "enc-header",
        header_only,
        info_for("enc-header", headers={"Content-Type": "text/html; charset=ISO-8859-1"}),
    )
    make_fixture(root, "enc-none", PAGE.format(meta="").encode("cp1252"), info_for("enc-none"))
    make_fixture(root, "no-info", b"<html><body><p>x</p></body></html>", None)
    make_fixture(root, "broken-info", b"<html><body><p>x</p></body></html>", None, "{url: oops")
    make_fixture(root, "info-no-url", b"<html><body><p>x</p></body></html>", {"fetched_at": "2024"})
    make_fixture(root, "empty", b"", info_for("empty"))
    make_fixture(root, "binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, info_for("binary"))
    make_fixture(root, "not-html", b'{"not": "a page"}\n' * 20, info_for("not-html"))
    out = root / "out.jsonl"
    proc = run_cli("replay", str(root), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return read_jsonl(out), proc.stderr


def test_good_records_are_all_written(bad_run: tuple[list[dict[str, object]], str]) -> None:
    records, _ = bad_run
    assert sorted(str(r["url"]).rsplit("/", 1)[-1] for r in records) == sorted(
        [
            "enc-header",
            "enc-meta",
            "enc-none",
            json.loads((SEED / "info.json").read_text())["url"].rsplit("/", 1)[-1],
        ]
    )


def test_skips_are_counted_by_reason(bad_run: tuple[list[dict[str, object]], str]) -> None:
    _, stderr = bad_run
    summary = re.search(r"replay: (\d+) records written, (\d+) skipped \(([^)]*)\)", stderr)
    assert summary is not None, stderr[-2000:]
    assert summary.group(1) == "4"
    assert summary.group(2) == "6"
    assert summary.group(3) == "bad_fixture=3, binary=1, empty=1, not_html=1"


def test_skip_messages_name_the_folder(bad_run: tuple[list[dict[str, object]], str]) -> None:
    _, stderr = bad_run
    assert re.search(r"fixture \S*no-info: missing info\.json", stderr)
    assert re.search(r"fixture \S*broken-info: info\.json is not valid JSON", stderr)
    assert re.search(r"fixture \S*info-no-url: info\.json has no http\(s\) 'url'", stderr)
    # one line each: the page's URL, the reason, the message and the folder it came from
    assert re.search(r"skipped \S*/binary: binary \(binary body[^;]*; \S*/binary\)", stderr)
    assert re.search(r"skipped \S*/empty: empty \(empty body[^;]*; \S*/empty\)", stderr)
    not_html = r"skipped \S*/not-html: not_html \(no HTML markup[^;]*; \S*/not-html\)"
    assert re.search(not_html, stderr)


def test_legacy_encodings_are_decoded(bad_run: tuple[list[dict[str, object]], str]) -> None:
    records, _ = bad_run
    by_name = {str(r["url"]).rsplit("/", 1)[-1]: r for r in records}
    for name in ("enc-meta", "enc-header", "enc-none"):
        assert by_name[name]["title"] == "Côté été"
        assert FRENCH in str(by_name[name]["text"]), name


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t", "empty"),
        (b"\x00\x01\x02binary\x00" * 100, "binary"),
        (b"just some plain text, no markup at all\n" * 10, "not_html"),
        (b"<html>" + b"<p>x</p>" * 2_000_000, "too_large"),
    ],
)
def test_extract_refuses_bad_bodies(body: bytes, reason: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract_article(body, "https://example.org/x", "2024-01-01T00:00:00Z")
    assert info.value.reason == reason


def test_truncated_page_still_extracts() -> None:
    whole = PAGE.format(meta='<meta charset="utf-8">').encode("utf-8")
    cut = whole[: whole.index(b"Paragraphe num\xc3\xa9ro 4")]
    article = extract_article(cut, "https://example.org/cut", "2024-01-01T00:00:00Z")
    assert article.title == "Côté été"
    paragraphs = article.text.split("\n\n")
    # four whole paragraphs, then the fifth as far as the page goes
    assert paragraphs[3] == f"{FRENCH} Paragraphe numéro 3 de l'article."
    assert paragraphs[4] == FRENCH
    assert len(paragraphs) == 5
