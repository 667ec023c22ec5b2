"""The skip ledger beside a dataset: ``<dataset>.skipped.jsonl``, one JSON line per page
the run fetched or replayed but did not write, with its ``reason``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from archiver.export.read import LEDGER_SUFFIX, read_lines


def ledger_path(dataset: Path) -> Path:
    """``run.jsonl`` -> ``run.skipped.jsonl`` (``run.jsonl.gz`` -> ``run.skipped.jsonl``)."""
    name = dataset.name.removesuffix(".gz").removesuffix(".jsonl")
    return dataset.with_name(name + LEDGER_SUFFIX)


def skip_reasons(datasets: Iterable[Path]) -> Counter[str]:
    """Skipped pages by reason over every dataset's ledger; no ledger means no skips."""
    reasons: Counter[str] = Counter()
    for dataset in datasets:
        for candidate in (ledger_path(dataset), ledger_path(dataset).with_suffix(".jsonl.gz")):
            if candidate.is_file():
                for entry in read_lines(candidate):
                    reasons[str(entry.get("reason") or "unknown")] += 1
                break
    return reasons
