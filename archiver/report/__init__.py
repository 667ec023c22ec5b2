"""``archiver report``: one self-contained HTML page about one or more datasets."""

from __future__ import annotations

from pathlib import Path

from archiver.export import latest_versions, read_datasets
from archiver.report.figures import Figures, compute
from archiver.report.ledger import ledger_path, skip_reasons
from archiver.report.page import render

__all__ = ["Figures", "build", "ledger_path"]


def build(datasets: list[Path]) -> tuple[str, Figures]:
    """The page and the figures on it; each URL counted once (its newest record)."""
    read = read_datasets(datasets)
    records = latest_versions(read.records)
    figures = compute(
        records,
        skip_reasons(datasets),
        all_records=len(read.records),
        files=read.files,
        damaged=read.damaged,
    )
    return render(figures, [p.name for p in datasets]), figures
