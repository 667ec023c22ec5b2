"""Dates in every language dateparser knows: the project's resolver against dateparser itself.

    python bench/dates_languages.py [--split look|check] [--variants base,forms,context]
        [--undeclared] [--by-language] [--failures]

The sentences are generated from dateparser's locale data (``archiver/evaluate/dateprobe.py``
says how), each shown as a dateline on a small page and resolved at a fixed capture time;
dateparser's own reading of the sentence is the reference. Per part (languages split by a
salted hash of their code) and per kind of sentence: same day as dateparser, a range that
holds its day (weeks, months, years ago), another day (wrong), not resolved. Sentences
dateparser reads nothing in are not counted. ``--failures`` lists the wrong and unresolved
sentences; read them on the look part only. ``--variants`` picks the sentence families
(``base``: the first ones; ``forms``: every month name and a time after the date;
``context``: the phrases after the language's skip words and after a publication label).
``--undeclared`` runs each sentence through the whole extractor on a page that declares no
language (the extractor detects it from the text) and also counts the detected languages.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections import Counter, defaultdict

from archiver.evaluate.dateprobe import VARIANTS, Outcome, generate, part_of, run, run_undeclared
from archiver.evaluate.split import SPLITS

COLUMNS = ("same", "range", "wrong", "none")


def _row(name: str, counts: Counter[str]) -> None:
    n = sum(counts[c] for c in COLUMNS)
    cells = " ".join(f"{counts[c]:>6}" for c in COLUMNS)
    print(f"  {name:<22} {n:>6} {cells}")


def _header(title: str) -> None:
    print(f"== {title}")
    print(f"  {'':<22} {'sent.':>6} " + " ".join(f"{c:>6}" for c in COLUMNS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=SPLITS, help="one part only")
    parser.add_argument("--variants", default="base", help=f"comma list of {', '.join(VARIANTS)}")
    parser.add_argument("--undeclared", action="store_true", help="pages declaring no language")
    parser.add_argument("--by-language", action="store_true", help="a row per language")
    parser.add_argument("--failures", action="store_true", help="list wrong and unresolved")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    start = time.perf_counter()
    variants = tuple(v for v in args.variants.split(",") if v)
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        parser.error(f"unknown variants: {', '.join(sorted(unknown))}")
    generated = generate(variants=variants)
    outcomes: list[Outcome] = []
    no_body: set[str] = set()
    for case in generated.cases:
        if args.split not in (None, part_of(case.lang)):
            continue
        outcome = run_undeclared(case) if args.undeclared else run(case)
        if outcome is None:
            no_body.add(case.lang)
        else:
            outcomes.append(outcome)
    by_part: dict[str, Counter[str]] = defaultdict(Counter)
    by_kind: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    by_lang: dict[str, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        part, kind = part_of(o.case.lang), o.case.kind.split(":")[0]
        for counter in (by_part[part], by_kind[(part, kind)], by_lang[o.case.lang]):
            counter[o.verdict] += 1
    langs = {c.lang for c in generated.cases}
    skipped = sum(generated.skipped.values())
    print(f"{len(langs)} languages, {len(generated.cases)} sentences generated")
    print(f"  patterns not instantiated (more regex than a number group): {skipped}")
    for part in SPLITS:
        if part not in by_part:
            continue
        total = by_part[part]
        part_langs = sum(1 for lang in langs if part_of(lang) == part)
        _header(f"{part} part: {part_langs} languages")
        print(f"  {'no reference':<22} {total['unreferenced']:>6}")
        for (p, kind), counts in sorted(by_kind.items()):
            if p == part:
                _row(kind, counts)
        _row("all", total)
        misread = sum(o.misread for o in outcomes if part_of(o.case.lang) == part)
        print(f"  {'dateparser misreads':<22} {misread:>6} (the data's day is the reference)")
    if args.undeclared:
        counted = [o for o in outcomes if o.verdict != "unreferenced"]
        right = sum(o.detected == o.case.lang.split("-")[0].lower() for o in counted)
        print(f"  language detected as the sentence's own: {right} of {len(counted)}")
        print(f"  languages without body text from the data (not run): {len(no_body)}")
    if args.by_language:
        _header("by language")
        for lang, counts in sorted(by_lang.items()):
            _row(f"{lang} ({part_of(lang)})", counts)
    if args.failures:
        print("== failures")
        for o in outcomes:
            if o.verdict in ("wrong", "none"):
                got = o.value or (o.earliest, o.latest)
                seen = f" [{o.detected}]" if args.undeclared else ""
                print(
                    f"  {o.case.lang:<8} {o.verdict:<5} {o.case.text!r}{seen}: {got}"
                    f" vs {o.reference}"
                )
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
