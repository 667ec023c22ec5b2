"""``archiver validate FILE.jsonl...``: is this dataset whole, valid and free of repeats?

Checks every line against the record schema, finds a URL written twice (other than as
versions 1, 2, ... of a changed page), the same content under two URLs, and a partial last
line (a run killed mid-write); prints the fill rate of every field. ``--repair`` cuts a
partial last line off, after copying the file to ``FILE.bak``. Exit status: 0 no problem,
1 a problem found, 2 a file that cannot be read.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from archiver.schema import record_schema, record_validator

EXAMPLES = 3  # problems of each kind named in the report


@dataclass
class Report:
    path: Path
    records: int = 0
    invalid: list[str] = field(default_factory=list)  # "line N: field: message"
    unreadable: list[int] = field(default_factory=list)  # line numbers that are not JSON
    duplicate_urls: list[str] = field(default_factory=list)
    duplicate_hashes: list[str] = field(default_factory=list)
    partial_last_line: bool = False
    filled: Counter[str] = field(default_factory=Counter)

    @property
    def problems(self) -> int:
        return (
            len(self.invalid)
            + len(self.unreadable)
            + len(self.duplicate_urls)
            + len(self.duplicate_hashes)
            + self.partial_last_line
        )


def _open(path: Path) -> IO[bytes]:
    if path.suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def check(path: Path) -> Report:
    """Read the dataset once; raises OSError when it cannot be read."""
    report = Report(path)
    validator = record_validator()
    urls: Counter[tuple[str, object]] = Counter()
    hashes: dict[str, set[str]] = {}
    with _open(path) as lines:
        number = 0
        for number, raw in enumerate(lines, start=1):  # noqa: B007 (number used after)
            if not raw.endswith(b"\n"):
                report.partial_last_line = True
                break
            try:
                record = json.loads(raw)
            except ValueError:
                report.unreadable.append(number)
                continue
            if not isinstance(record, dict):
                report.unreadable.append(number)
                continue
            report.records += 1
            for error in validator.iter_errors(record):
                where = "/".join(str(p) for p in error.instance_path) or "(record)"
                report.invalid.append(f"line {number}: {where}: {error.message[:120]}")
                break
            for name, value in record.items():
                report.filled[name] += _filled(value)
            url = str(record.get("url"))
            urls[(url, record.get("version"))] += 1
            if record.get("content_sha256"):
                hashes.setdefault(str(record["content_sha256"]), set()).add(url)
    report.duplicate_urls = [
        f"{url}{f' (version {v})' if v else ''}" for (url, v), n in urls.items() if n > 1
    ]
    report.duplicate_hashes = [
        f"{digest[:12]}: {', '.join(sorted(u))}" for digest, u in hashes.items() if len(u) > 1
    ]
    return report


def repair(path: Path) -> Path:
    """Cut a partial last line off, keeping the file as it was in ``FILE.bak``."""
    backup = path.with_name(path.name + ".bak")
    shutil.copy2(path, backup)
    with path.open("rb+") as f:
        data = f.read()
        f.truncate(data.rfind(b"\n") + 1)
    return backup


def describe(report: Report) -> list[str]:
    name = report.path
    lines = [
        f"{name}: {report.records} records, {len(report.invalid)} invalid, "
        f"{len(report.unreadable)} unreadable lines, {len(report.duplicate_urls)} duplicate "
        f"URLs, {len(report.duplicate_hashes)} duplicate content hashes, partial last line: "
        f"{'yes' if report.partial_last_line else 'no'}"
    ]
    for title, items in (
        ("invalid", report.invalid),
        ("not JSON: line", [str(n) for n in report.unreadable]),
        ("duplicate URL", report.duplicate_urls),
        ("same content", report.duplicate_hashes),
    ):
        lines.extend(f"{name}: {title} {item}" for item in items[:EXAMPLES])
        if len(items) > EXAMPLES:
            lines.append(f"{name}: ... and {len(items) - EXAMPLES} more ({title})")
    if report.records:
        fields = list(record_schema()["properties"])
        fields += sorted(set(report.filled) - set(fields))
        rates = (f"{f} {100 * report.filled[f] / report.records:.1f}%" for f in fields)
        lines.append(f"{name}: filled: {', '.join(rates)}")
    return lines


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "validate",
        help="check JSON Lines datasets: schema, repeats, partial lines, fill rates",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="a .jsonl (or .jsonl.gz) dataset")
    p.add_argument(
        "--repair",
        action="store_true",
        help="cut off a partial last line (the file is first copied to FILE.bak)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            report = check(path)
        except (OSError, EOFError) as exc:
            print(f"{path}: cannot read: {exc}", file=sys.stderr)
            status = 2
            continue
        print("\n".join(describe(report)))
        if report.partial_last_line and args.repair:
            if path.suffix == ".gz":
                print(f"{path}: --repair does not rewrite a gzip file", file=sys.stderr)
            else:
                backup = repair(path)
                print(f"{path}: partial last line cut off (the file as it was: {backup})")
        if report.problems:
            status = max(status, 1)
    return status
