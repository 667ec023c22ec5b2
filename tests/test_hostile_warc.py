"""Damage in a WARC stays where it is: the records around it are read, one line says what
was skipped, and no raw byte of the damage reaches the log."""

from __future__ import annotations

import gzip
from pathlib import Path

from archiver.testing.hostile import corrupt_member, misstate_length, write_warc
from archiver.transport import warc
from archiver.transport.entry import Entry, Problem

HTML = {"Content-Type": "text/html; charset=utf-8"}


def pages(n: int) -> list[tuple[str, dict[str, str], bytes]]:
    return [
        (f"http://news.example/{i}.html", HTML, b"<html><body><p>page %d</p></body></html>" % i)
        for i in range(n)
    ]


def scanned(path: Path) -> tuple[list[Entry], list[Problem]]:
    items = list(warc.scan([path]))
    return [e for e in items if isinstance(e, Entry)], [p for p in items if isinstance(p, Problem)]


def test_one_corrupt_member_in_400_costs_one_record(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    offsets = write_warc(path, pages(400))
    corrupt_member(path, offsets[200], offsets[201])
    entries, problems = scanned(path)
    assert len(entries) == 399
    assert "http://news.example/200.html" not in {e.url for e in entries}
    assert [e.url for e in entries][199:201] == [
        "http://news.example/199.html",
        "http://news.example/201.html",
    ]
    (problem,) = problems
    assert problem.reason == "damaged_warc"
    skipped = offsets[201] - offsets[200]
    where, _, rest = problem.message.partition(": damaged WARC: ")
    detail, _, then = rest.partition("; ")
    assert where == f"{path}#{offsets[200]}"
    # How warcio trips over flipped bytes depends on where they fall in the deflate stream.
    assert detail in ("corrupt gzip data", "no WARC record starts here")
    assert then == f"{skipped} bytes skipped, reading on at #{offsets[201]}"


def test_a_wrong_content_length_costs_its_record_only(tmp_path: Path) -> None:
    for delta in (-7, +7):
        path = tmp_path / f"length{delta}.warc.gz"
        offsets = write_warc(path, pages(5))
        next_record = misstate_length(path, offsets[2], offsets[3], delta)
        entries, problems = scanned(path)
        assert [e.url.rsplit("/", 1)[1] for e in entries] == [
            "0.html",
            "1.html",
            "3.html",
            "4.html",
        ]
        (problem,) = problems
        assert problem.message.startswith(f"{path}#{offsets[2]}: damaged WARC: ")
        assert problem.message.endswith(f"bytes skipped, reading on at #{next_record}")


def test_a_plain_warc_resynchronises_on_the_next_header(tmp_path: Path) -> None:
    packed = tmp_path / "plain.warc.gz"
    offsets = write_warc(packed, pages(4))
    members = [
        gzip.decompress(packed.read_bytes()[a:b])
        for a, b in zip(offsets, [*offsets[1:], packed.stat().st_size], strict=True)
    ]
    # Record 1 claims 50 bytes more than it has: it swallows the start of record 2.
    members[1] = members[1].replace(b"Content-Length: ", b"Content-Length: 5", 1)
    plain = tmp_path / "plain.warc"
    plain.write_bytes(b"".join(members))
    entries, problems = scanned(plain)
    assert [e.url.rsplit("/", 1)[1] for e in entries] == ["0.html", "2.html", "3.html"]
    (problem,) = problems
    start = len(members[0])
    assert problem.message.startswith(f"{plain}#{start}: damaged WARC: ")
    assert problem.message.endswith(f"reading on at #{start + len(members[1])}")
