"""Score publication dates against a corpus: accuracy, precision, recall, F1, wrong vs missing.

Two layouts are read. ``dates-dev`` (htmldate's benchmark): ``ground-truth.json`` maps
``file -> {date, url}``, pages under ``html/``, no capture time, so every page is resolved
against 2024-01-01T00:00:00Z. ``metadata-dev`` (Fundus): ``ground-truth.json`` maps
``id -> {date_published, crawl_date, url}``, pages at ``<id>.html``, and the crawl date is
the capture time; there the minute is also scored where the gold value has a time.

``--replay`` scores the publication date of the records ``archiver replay`` writes for the
pages instead of the resolver alone: a page written no record counts as missing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from archiver.evaluate.datematch import day_correct, has_time, minute_correct, parse_iso
from archiver.evaluate.replayed import ReplayFailed, finish_replay, records_by_url, start_replay
from archiver.evaluate.split import add_split_argument, in_split
from archiver.extract.errors import ExtractionError
from archiver.extract.fetched import parse_fetched_at
from archiver.transport.fixtures import write_fixture

UNDATED_FETCHED_AT = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass
class Case:
    """One labelled page: where it is, where it came from, its gold date and capture time."""

    name: str
    path: Path
    url: str
    gold: str | None
    fetched_at: datetime


def load_cases(corpus: Path) -> list[Case]:
    """Read either corpus layout; raise ValueError for a folder that is neither."""
    truth_path = corpus / "ground-truth.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    cases: list[Case] = []
    for name, rec in sorted(truth.items()):
        if "date_published" in rec:
            moment = parse_fetched_at(rec["crawl_date"]) if rec.get("crawl_date") else None
            cases.append(
                Case(
                    name=name,
                    path=corpus / f"{name}.html",
                    url=rec["url"],
                    gold=rec["date_published"],
                    fetched_at=moment or UNDATED_FETCHED_AT,
                )
            )
        elif "date" in rec:
            cases.append(
                Case(
                    name=name,
                    path=corpus / "html" / name,
                    url=rec["url"],
                    gold=rec["date"],
                    fetched_at=UNDATED_FETCHED_AT,
                )
            )
        else:
            raise ValueError(f"{truth_path}: entry {name!r} has neither date nor date_published")
    return cases


@dataclass
class Outcome:
    case: Case
    predicted: str | None
    verdict: str  # tp | fp | fn | tn
    seconds: float  # wall clock
    cpu_seconds: float  # this process's CPU time: stable when other jobs share the machine
    minute_ok: bool | None = None  # None when the gold value has no time


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    timed: bool = True  # False when the dates came from a dataset: no clock to report

    def count(self, verdict: str) -> int:
        return sum(1 for o in self.outcomes if o.verdict == verdict)

    def summary(self) -> dict[str, float | int]:
        tp, fp, fn, tn = (self.count(v) for v in ("tp", "fp", "fn", "tn"))
        n = len(self.outcomes)
        timed = [o.seconds * 1000 for o in self.outcomes]
        cpu = [o.cpu_seconds * 1000 for o in self.outcomes]
        minutes = [o.minute_ok for o in self.outcomes if o.minute_ok is not None]
        out: dict[str, float | int] = {
            "pages": n,
            "tp": tp,
            "wrong (fp)": fp,
            "missing (fn)": fn,
            "tn": tn,
            "accuracy": (tp + tn) / n if n else 0.0,
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        }
        if self.timed:
            out["ms/page median"] = statistics.median(timed) if timed else 0.0
            out["ms/page mean"] = statistics.fmean(timed) if timed else 0.0
            out["cpu ms/page median"] = statistics.median(cpu) if cpu else 0.0
            out["cpu ms/page mean"] = statistics.fmean(cpu) if cpu else 0.0
        if minutes:
            out["minute pages"] = len(minutes)
            out["minute accuracy"] = sum(minutes) / len(minutes)
        return out


def judge(case: Case, predicted: str | None, seconds: float = 0.0, cpu: float = 0.0) -> Outcome:
    """The corpus metric: a wrong date (fp) and a missing one (fn) are counted apart."""
    if predicted is not None and parse_iso(predicted) is None:
        verdict = "fp"  # not ISO 8601 counts as wrong
    elif case.gold is None:
        verdict = "tn" if predicted is None else "fp"
    elif predicted is None:
        verdict = "fn"
    else:
        verdict = "tp" if day_correct(predicted, case.gold) else "fp"
    minute_ok = minute_correct(predicted, case.gold) if case.gold and has_time(case.gold) else None
    return Outcome(case, predicted, verdict, seconds, cpu, minute_ok)


# A predictor returns its value, the wall-clock seconds and the CPU seconds it spent.
Predictor = Callable[[Case, bytes], tuple[str | None, float, float]]


def evaluate(cases: Iterable[Case], predict: Predictor) -> Report:
    """Run ``predict`` on every page and judge it."""
    report = Report()
    for case in cases:
        body = case.path.read_bytes()
        predicted, seconds, cpu = predict(case, body)
        report.outcomes.append(judge(case, predicted, seconds, cpu))
    return report


def predict_project(case: Case, body: bytes) -> tuple[str | None, float, float]:
    """The project's resolver; the clock covers date resolution only, as in extraction,
    where the tree and the structured data are already built for the other fields."""
    from archiver.extract import structured
    from archiver.extract.dates import resolve_dates
    from archiver.extract.language import declared
    from archiver.extract.parse import parse_page

    try:
        tree = parse_page(body)
    except ExtractionError:
        return None, 0.0, 0.0
    data = structured.collect(tree)
    lang = declared(data)
    start, cpu = time.perf_counter(), time.process_time()
    published, _ = resolve_dates(tree, case.url, case.fetched_at, lang, data)
    return published.value, time.perf_counter() - start, time.process_time() - cpu


def evaluate_replayed(cases: list[Case]) -> tuple[Report, str]:
    """Judge each page's record in the dataset ``archiver replay`` writes for all of them,
    and the replay's own summary line. Pages are replayed as their bytes, without a content
    type, as the resolver alone reads them."""
    with tempfile.TemporaryDirectory(prefix="archiver-dates-") as scratch:
        root = Path(scratch)
        folders = [
            write_fixture(root / f"{n:05d}", c.path.read_bytes(), c.url, c.fetched_at.isoformat())
            for n, c in enumerate(cases)
        ]
        output = root / "dataset.jsonl"
        summary = finish_replay(start_replay(folders, output, root / "replay.log"), output)
        records = records_by_url(output)
    report = Report(timed=False)
    for case in cases:
        record = records.get(case.url)
        report.outcomes.append(judge(case, record.get("date_published") if record else None))
    return report, summary


def signal_counts(cases: Iterable[Case]) -> dict[str, tuple[int, int]]:
    """(pages where the kind gives a usable publication day, pages where that day is right)
    per signal kind: the first such signal of a kind on a page counts."""
    from archiver.extract import structured
    from archiver.extract.dates import collect_signals
    from archiver.extract.dates.resolve import screen
    from archiver.extract.language import declared
    from archiver.extract.parse import parse_page

    counts: dict[str, list[int]] = {}
    for case in cases:
        if not case.gold:
            continue
        try:
            tree = parse_page(case.path.read_bytes())
        except ExtractionError:
            continue
        data = structured.collect(tree)
        signals = collect_signals(tree, case.url, case.fetched_at, declared(data), data)
        screen(signals, case.fetched_at)
        seen: set[str] = set()
        for s in signals:
            if s.rejected or s.parsed is None or s.role == "modified" or s.kind in seen:
                continue
            if s.parsed.precision in ("month", "year"):
                continue
            seen.add(s.kind)
            row = counts.setdefault(s.kind, [0, 0])
            row[0] += 1
            row[1] += day_correct(s.parsed.value.isoformat(), case.gold)
    return {kind: (n, right) for kind, (n, right) in counts.items()}


def print_signal_counts(counts: dict[str, tuple[int, int]]) -> None:
    print(f"  {'signal kind':<44} {'pages':>6} {'right':>6} {'share':>6}")
    for kind, (n, right) in sorted(counts.items(), key=lambda kv: -kv[1][0]):
        print(f"  {kind:<44} {n:>6} {right:>6} {right / n:>6.3f}")


def print_report(title: str, report: Report, *, show_errors: bool = False) -> None:
    print(f"== {title}")
    for key, value in report.summary().items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"  {key:<20} {shown}")
    if show_errors:
        for o in report.outcomes:
            if o.verdict in ("fp", "fn") or o.minute_ok is False:
                mark = o.verdict if o.verdict != "tp" else "min"
                print(f"  {mark} {o.case.name}  gold={o.case.gold}  got={o.predicted}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", type=Path, help="corpus folder holding ground-truth.json")
    parser.add_argument("--errors", action="store_true", help="list every wrong or missing page")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_split_argument(parser)
    parser.add_argument(
        "--replay",
        action="store_true",
        help="score the records archiver replay writes for the pages (the real pipeline; "
        "a page written no record counts as missing) instead of the resolver alone",
    )
    parser.add_argument(
        "--signal-counts",
        action="store_true",
        help="count, for each kind of date signal, how often its day is the gold day "
        "(the counts the resolver's weights are taken from)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        cases = [c for c in load_cases(args.corpus) if in_split(c.url, args.split)]
    except (OSError, ValueError, KeyError) as exc:
        print(f"archiver eval dates: {exc}", file=sys.stderr)
        return 2
    if args.signal_counts:
        print_signal_counts(signal_counts(cases))
        return 0
    if args.replay:
        try:
            report, summary = evaluate_replayed(cases)
        except ReplayFailed as exc:
            print(f"archiver eval dates: {exc}", file=sys.stderr)
            return 1
        print(summary)
    else:
        report = evaluate(cases, predict_project)
    if args.json:
        json.dump(report.summary(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        part = f" ({args.split} part)" if args.split else ""
        how = "archiver replay" if args.replay else "archiver dates"
        print_report(f"{how} on {args.corpus}{part}", report, show_errors=args.errors)
    return 0
