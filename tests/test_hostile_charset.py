"""Pages whose declared charset is wrong: read with the encoding that fits, and said so."""

from __future__ import annotations

from archiver.extract.decode import charset_problem, decode_html
from archiver.extract.job import ExtractionJob
from archiver.extract.worker import extract_record
from tests.conftest import SEED

TEXT = "Le président a déclaré à l'Élysée : « ça suffit », même en été."


def page(body: str) -> str:
    return (
        "<html><head><title>Déclaration</title></head><body><article>"
        f"<h1>Déclaration</h1><p>{body}</p><p>{body}</p></article></body></html>"
    )


def test_utf8_bytes_labelled_latin1_in_the_header() -> None:
    body = page(TEXT).encode("utf-8")
    text, encoding = decode_html(body, "text/html; charset=ISO-8859-1")
    assert encoding == "utf-8"
    assert TEXT in text
    assert charset_problem(body, "text/html; charset=ISO-8859-1") == (
        "charset: declared iso-8859-1, read as utf-8"
    )


def test_utf8_bytes_labelled_latin1_in_a_meta_tag() -> None:
    body = page(TEXT).replace("<head>", '<head><meta charset="windows-1252">').encode()
    text, _ = decode_html(body)
    assert TEXT in text
    assert charset_problem(body) == "charset: declared windows-1252, read as utf-8"


def test_latin1_bytes_labelled_utf8() -> None:
    body = page(TEXT).encode("cp1252")
    text, encoding = decode_html(body, "text/html; charset=utf-8")
    assert (encoding, TEXT in text) == ("cp1252", True)
    assert charset_problem(body, "text/html; charset=utf-8") == (
        "charset: declared utf-8, read as windows-1252"
    )


def test_true_labels_are_kept_without_a_problem() -> None:
    for charset, codec in (("utf-8", "utf-8"), ("iso-8859-1", "cp1252")):
        body = page(TEXT).encode(codec)
        text, _ = decode_html(body, f"text/html; charset={charset}")
        assert TEXT in text
        assert charset_problem(body, f"text/html; charset={charset}") is None
    ascii_only = b"<html><body><p>plain words</p></body></html>"
    assert charset_problem(ascii_only, "text/html; charset=iso-8859-1") is None
    assert charset_problem(page(TEXT).encode(), None) is None  # nothing declared


def test_the_record_carries_the_problem() -> None:
    body = (SEED / "body.html").read_bytes()  # a real page, UTF-8
    url, moment = "https://news.example/a.html", "2024-01-01T00:00:00Z"
    record = extract_record(ExtractionJob(body, url, moment, "text/html; charset=iso-8859-1"))
    assert record["problems"] == [
        {"field": "text", "reason": "charset: declared iso-8859-1, read as utf-8"}
    ]
    assert "Ã" not in str(record["text"]) and "é" in str(record["text"])
    clean = extract_record(ExtractionJob(body, url, moment, "text/html; charset=utf-8"))
    assert "problems" not in clean
    assert clean["text"] == record["text"]
