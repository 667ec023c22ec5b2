"""Publication dates: archiver's resolver next to htmldate, same pages, one run.

    python bench/dates_vs_htmldate.py ../shared/corpus/dates-dev [--errors] [--save out.json]

htmldate gets what a crawl would give it: the page text and the URL, with
``find_date(extensive_search=True, url=...)``, once with its default ``original_date=False``
and once with ``original_date=True`` (the setting that reproduces the .904 published for
dates-dev; the default gives a later, often modified, date). archiver gets the page, the
URL and the capture time.
Times: archiver's covers date resolution on an already parsed page (what it adds to
extraction); htmldate's covers its whole call, parsing included, as it would be used alone.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

from htmldate import find_date

from archiver.evaluate.dates import (
    Case,
    Predictor,
    Report,
    evaluate,
    load_cases,
    predict_project,
    print_report,
)
from archiver.extract.decode import decode_html


def htmldate_predictor(original_date: bool) -> Predictor:
    def predict(case: Case, body: bytes) -> tuple[str | None, float, float]:
        text, _ = decode_html(body)
        start, cpu = time.perf_counter(), time.process_time()
        try:
            value = find_date(
                text, extensive_search=True, original_date=original_date, url=case.url
            )
        except Exception:  # a crash of the peer counts as no date
            value = None
        return value, time.perf_counter() - start, time.process_time() - cpu

    return predict


def compare(ours: Report, theirs: Report) -> None:
    """Pages one side gets right and the other not (htmldate with original_date=True)."""
    pairs = list(zip(ours.outcomes, theirs.outcomes, strict=True))
    only_ours = sum(1 for a, b in pairs if a.verdict in ("tp", "tn") and b.verdict in ("fp", "fn"))
    only_theirs = sum(
        1 for a, b in pairs if b.verdict in ("tp", "tn") and a.verdict in ("fp", "fn")
    )
    print("== head to head")
    print(f"  right only for archiver  {only_ours}")
    print(f"  right only for htmldate  {only_theirs}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--errors", action="store_true", help="list archiver's wrong/missing pages")
    parser.add_argument("--save", type=Path, help="write both summaries as JSON here")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    cases = load_cases(args.corpus)
    ours = evaluate(cases, predict_project)
    default = evaluate(cases, htmldate_predictor(original_date=False))
    theirs = evaluate(cases, htmldate_predictor(original_date=True))
    print_report(f"archiver on {args.corpus}", ours, show_errors=args.errors)
    print_report("htmldate 1.11 find_date(extensive_search=True, url=...)", default)
    print_report("htmldate 1.11 find_date(extensive_search=True, original_date=True)", theirs)
    compare(ours, theirs)
    if args.save:
        summary = {
            "archiver": ours.summary(),
            "htmldate": default.summary(),
            "htmldate original_date": theirs.summary(),
        }
        args.save.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
