"""``archiver merge RUN_DIR... -o OUT.jsonl``: the workers' files as one dataset.

Each worker of a distributed run writes its own ``<run-id>.<worker-id>.jsonl``. Merged,
they are one dataset ordered by URL and version, written atomically (a temporary file
beside OUT, renamed when complete). A second record of the same URL and version means
two workers wrote one article: the merge fails, naming it, and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


class DuplicateRecord(ValueError):
    pass


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "merge",
        help="merge the workers' JSON Lines of distributed runs into one dataset",
        description="Read every RUN-ID.WORKER-ID.jsonl (not the .skipped.jsonl ledgers) in "
        "each RUN_DIR (or the JSON Lines files named) and write one dataset ordered by URL "
        "and version. Exit status: 0 merged, 1 a URL and version found twice (nothing "
        "written), 2 bad arguments.",
    )
    p.add_argument("run_dirs", nargs="+", metavar="RUN_DIR", help="a site folder or a file")
    p.add_argument("-o", "--output", required=True, metavar="OUT.jsonl")
    p.set_defaults(func=run)


def datasets(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.glob("*.jsonl") if not p.name.endswith(".skipped.jsonl")
            )
        else:
            files.append(path)
    return files


def merged(files: list[Path]) -> list[tuple[str, int, str]]:
    """(url, version, line) of every record, sorted; ``DuplicateRecord`` on a repeat."""
    found: dict[tuple[str, int], Path] = {}
    rows = []
    for path in files:
        with path.open(encoding="utf-8") as lines:
            for n, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record: dict[str, Any] = json.loads(line)
                    key = (str(record["url"]), int(record.get("version") or 1))
                except (ValueError, KeyError, TypeError) as exc:
                    raise ValueError(f"{path}:{n}: not a record: {exc}") from None
                if key in found:
                    raise DuplicateRecord(
                        f"duplicate record: {key[0]} version {key[1]} "
                        f"(in {found[key]} and {path}:{n})"
                    )
                found[key] = path
                rows.append((key[0], key[1], line if line.endswith("\n") else line + "\n"))
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows


def run(args: argparse.Namespace) -> int:
    files = datasets([Path(p) for p in args.run_dirs])
    missing = [p for p in files if not p.is_file()]
    if missing or not files:
        print(f"merge: no dataset at {missing[0] if missing else ' '.join(args.run_dirs)}",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        rows = merged(files)
    except DuplicateRecord as exc:
        print(f"merge: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"merge: {exc}", file=sys.stderr)
        return 2
    out = Path(args.output)
    # AtomicOutput (archiver.commands.output) is shaped for a crawl's feed and ledger; a
    # merge has only a file to write, so the same temporary-then-rename, inline.
    temp = out.with_name(f".{out.name}.partial-{os.getpid()}")
    try:
        with temp.open("w", encoding="utf-8") as f:
            f.writelines(row[2] for row in rows)
        temp.replace(out)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        print(f"merge: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"merge: {len(rows)} records from {len(files)} files in {out}", file=sys.stderr)
    return 0
