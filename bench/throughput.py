"""Throughput of the project's crawl against the machine's limit, in one interleaved run.

    python bench/throughput.py [--pages 2000] [--source fixtures/] [--quick]

Builds a local news site of N real recorded pages (archiver.testing.newssite), serves it
on 127.0.0.1 with nginx (Python's http.server if nginx is missing; the report says so),
then runs each variant in its own process tree, round after round so that noise from
other work on the machine falls on every variant alike:

- core_1 / core_n: the project's extraction core alone, no network, 1 and N processes
  (N = cores; core_n is "the limit");
- crawl: the project's news spider over the site's article URLs, every pipeline;
- naive: a plain Scrapy spider calling trafilatura.extract(with_metadata=True) in its
  callback; fetch: the same spider extracting nothing;
- replay: the same pages as fixture folders, offline, through the project's spider;
- cpu_per_page: CPU of the core vs plain trafilatura.extract on the same pages;
- crawl_large: the project's crawl on --memory-pages pages, for memory growth.

For each: pages/s from the first page to the last (the pool's start included, the
interpreter's and Scrapy's start-up not: a long crawl pays those once), pages/s over the
whole process, CPU ms per page and peak resident memory of the whole process tree (both
start-up included). Ratios against the targets of issue 7 close the report.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from proctree import Measurement, become_subreaper, run_measured
from staticserver import free_port, serve

from archiver.testing.newssite import build

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ROUND_VARIANTS = ["core_1", "core_n", "crawl", "naive", "fetch", "replay"]
LABELS = {
    "core_1": "extraction core alone, 1 process, no network",
    "core_n": "extraction core alone, {workers} processes, no network (the limit)",
    "crawl": "project crawl (news spider, pool pipeline, JSON Lines)",
    "naive": "Scrapy + trafilatura.extract in the callback",
    "fetch": "Scrapy fetch-only, no extraction",
    "replay": "project offline replay of the same pages (fixture folders)",
    "crawl_large": "project crawl, {memory_pages} pages (memory growth)",
}
REPLAY_INFO = {"fetched_at": "2024-06-01T12:00:00+00:00", "status": 200}


@dataclass
class Run:
    variant: str
    pages: int
    measurement: Measurement
    result: dict[str, object] = field(default_factory=dict)

    @property
    def pages_per_s(self) -> float:
        """From the first page to the last: what a long crawl sustains."""
        work = self.result.get("work_s")
        return self.pages / float(work) if work else self.startup_pages_per_s  # type: ignore[arg-type]

    @property
    def startup_pages_per_s(self) -> float:
        """Over the whole process, interpreter start-up and imports included."""
        return self.pages / self.measurement.wall

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.measurement.cpu / self.pages

    @property
    def cores_used(self) -> float:
        return self.measurement.cpu / self.measurement.wall

    def idle_estimate(self, cores: int) -> float:
        """Pages/s if CPU were the only limit and every core were free: the cores the
        variant can use, divided by its CPU time per page. Single-process variants use
        one core; the crawl is also capped by its main process."""
        cpu_s = self.cpu_ms / 1000
        if self.variant in ("core_1", "naive", "fetch"):
            return 1 / cpu_s
        estimate = cores / cpu_s
        main_cpu = self.result.get("main_cpu_s")
        if main_cpu:
            estimate = min(estimate, self.pages / float(main_cpu))  # type: ignore[arg-type]
        return estimate

    @property
    def peak_mib(self) -> float:
        return self.measurement.peak_rss / 2**20


def make_replay(work: Path, base_url: str, pages: int) -> None:
    """The site's first pages as fixture folders; bodies are hard links, not copies."""
    manifest = json.loads((work / "site" / "manifest.json").read_text())[:pages]
    for i, article in enumerate(manifest):
        folder = work / "replay" / f"{i:06d}"
        folder.mkdir(parents=True)
        source = work / "site" / article["path"].lstrip("/")
        try:
            os.link(source, folder / "body.html")
        except OSError:
            shutil.copyfile(source, folder / "body.html")
        info = {
            "url": base_url + article["path"],
            **REPLAY_INFO,
            "headers": {"Content-Type": "text/html; charset=utf-8"},
        }
        (folder / "info.json").write_text(json.dumps(info))


def run_variant(
    name: str,
    work: Path,
    pages: int,
    workers: int,
    exclude: list[int],
    overrides: list[str] = [],  # noqa: B006 (never mutated)
) -> Run:
    command = [sys.executable, str(HERE / "variants.py"), name, "--work", str(work)]
    command += ["--pages", str(pages), "--workers", str(workers)]
    for override in overrides:
        command += ["--set", override]
    (work / f"{name}.json").unlink(missing_ok=True)
    load_before = os.getloadavg()[0]
    measurement = run_measured(command, exclude, log=work / f"{name}.out")
    load = max(load_before, os.getloadavg()[0])
    result_file = work / f"{name}.json"
    if measurement.returncode != 0 or not result_file.exists():
        tail = (work / f"{name}.out").read_text(errors="replace")[-2000:]
        raise SystemExit(f"bench: variant {name} failed ({measurement.returncode}):\n{tail}")
    result = json.loads(result_file.read_text())
    result["load"] = load
    return Run(name, int(result.get("pages", pages)), measurement, result)


def median_run(runs: list[Run]) -> Run:
    """The run with the median throughput (lower median for an even count)."""
    ordered = sorted(runs, key=lambda r: r.pages_per_s)
    return ordered[(len(ordered) - 1) // 2]


def fmt_ratio(value: float, target: str) -> str:
    return f"{value:.2f} (target {target})"


def report(
    args: argparse.Namespace,
    server_kind: str,
    workers: int,
    runs: dict[str, list[Run]],
    cpu: dict[str, float],
) -> str:
    lines = [
        f"machine: {os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}; server: {server_kind}",
        f"pages: {args.pages} from {args.source}; rounds: {args.rounds}; "
        f"pool workers: {workers}; started {args.started}"
        + (f"; project crawls with {' '.join(args.set)}" if args.set else ""),
        "",
        "| variant | pages/s | pages/s incl. start-up | CPU ms/page | main-process CPU ms/page "
        "| peak RSS, tree (MiB) | records | cores used | load avg | idle-machine estimate |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    best: dict[str, Run] = {}
    for name, label in LABELS.items():
        if not runs.get(name):
            continue
        run = best[name] = median_run(runs[name])
        main_cpu = run.result.get("main_cpu_s")
        main_ms = f"{1000 * float(main_cpu) / run.pages:.1f}" if main_cpu is not None else ""  # type: ignore[arg-type]
        spread = ""
        if len(runs[name]) > 1:
            rates = sorted(f"{r.pages_per_s:.1f}" for r in runs[name])
            spread = f" ({' / '.join(rates)})"
        label = label.format(workers=workers, memory_pages=args.memory_pages)
        lines.append(
            f"| {label} | {run.pages_per_s:.1f}{spread} | {run.startup_pages_per_s:.1f} "
            f"| {run.cpu_ms:.1f} | {main_ms} "
            f"| {run.peak_mib:.0f} | {run.result.get('records', '')} | {run.cores_used:.2f} "
            f"| {float(run.result['load']):.1f} | {run.idle_estimate(workers):.0f} |"  # type: ignore[arg-type]
        )
    lines += ["", "Ratios (median runs):", ""]

    def ratio(a: str, b: str) -> float | None:
        if a in best and b in best:
            return best[a].pages_per_s / best[b].pages_per_s
        return None

    def idle_ratio(a: str, b: str) -> str:
        if a in best and b in best:
            value = best[a].idle_estimate(workers) / best[b].idle_estimate(workers)
            return f"; idle-machine estimate {value:.2f}"
        return ""

    checks = [
        ("project crawl ÷ naive Scrapy + trafilatura", "crawl", "naive", ">= 2.0", 2.0),
        ("project crawl ÷ core in N processes", "crawl", "core_n", ">= 0.90", 0.90),
        ("offline replay ÷ core in N processes", "replay", "core_n", ">= 0.90", 0.90),
        ("core in N processes ÷ core in 1", "core_n", "core_1", "info", None),
    ]
    for label, a, b, target, floor in checks:
        value = ratio(a, b)
        if value is None:
            continue
        verdict = "" if floor is None else (" ok" if value >= floor else " BELOW TARGET")
        lines.append(f"- {label}: {fmt_ratio(value, target)}{verdict}{idle_ratio(a, b)}")
    if cpu:
        verdict = " ok" if cpu["ratio_of_medians"] <= 1.5 else " BELOW TARGET"
        lines.append(
            f"- core CPU ÷ trafilatura.extract(with_metadata=True) CPU per page: "
            f"{fmt_ratio(cpu['ratio_of_medians'], '<= 1.5')}{verdict} "
            f"(medians {cpu['core_ms']:.1f} ms vs {cpu['plain_ms']:.1f} ms over "
            f"{cpu['pages']:.0f} pages; median of per-page ratios {cpu['median_ratio']:.2f})"
        )
    if "crawl_large" in best and "crawl" in best:
        growth = best["crawl_large"].peak_mib / best["crawl"].peak_mib
        verdict = " ok" if growth <= 1.15 else " BELOW TARGET"
        lines.append(
            f"- peak memory, {args.memory_pages} pages ÷ {args.pages} pages: "
            f"{fmt_ratio(growth, '<= 1.15')}{verdict} "
            f"({best['crawl_large'].peak_mib:.0f} MiB vs {best['crawl'].peak_mib:.0f} MiB)"
        )
    return "\n".join(lines)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, help="article pages per variant (default 2000)")
    parser.add_argument(
        "--source", type=Path, default=ROOT / "fixtures", help="fixture folders or *.html"
    )
    parser.add_argument("--rounds", type=int, help="rounds of interleaved variants (default 2)")
    parser.add_argument(
        "--memory-pages", type=int, help="pages of the long crawl (default 10 x --pages; 0: skip)"
    )
    parser.add_argument("--workers", type=int, default=0, help="pool size (default: cores)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy or archiver setting for the project's crawls (crawl, replay, crawl_large)",
    )
    parser.add_argument("--quick", action="store_true", help="300 pages, 1 round: a smoke run")
    parser.add_argument("--only", help="comma-separated variants to run")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--markdown", type=Path, help="also write the report to this file")
    args = parser.parse_args()
    args.pages = args.pages or (300 if args.quick else 2000)
    args.rounds = args.rounds or (1 if args.quick else 2)
    if args.memory_pages is None:
        args.memory_pages = 10 * args.pages
    return args


def main() -> None:
    args = parse_args()
    args.started = time.strftime("%Y-%m-%d %H:%M %Z")
    # On SIGTERM, unwind like Ctrl-C does, so that the web server is stopped too.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if not become_subreaper():
        print("bench: cannot become a child subreaper; CPU of orphaned processes is lost")
    workers = args.workers or len(os.sched_getaffinity(0))
    wanted = set(args.only.split(",")) if args.only else None
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        site_pages = max(args.pages, args.memory_pages)
        print(f"bench: building a site of {site_pages} pages from {args.source} in {work}")
        shutil.rmtree(work / "site", ignore_errors=True)
        shutil.rmtree(work / "replay", ignore_errors=True)
        build(work / "site", site_pages, args.source, base_url)
        (work / "site.json").write_text(json.dumps({"base_url": base_url}))
        make_replay(work, base_url, args.pages)
        runs: dict[str, list[Run]] = {}
        cpu: dict[str, float] = {}
        with serve(work / "site", port) as server:
            print(f"bench: serving on {server.base_url} with {server.kind}")
            for round_no in range(args.rounds):
                order = ROUND_VARIANTS[round_no % 2 :] + ROUND_VARIANTS[: round_no % 2]
                for name in order:
                    if wanted and name not in wanted:
                        continue
                    run = run_variant(name, work, args.pages, args.workers, server.pids, args.set)
                    runs.setdefault(name, []).append(run)
                    print(
                        f"bench: round {round_no + 1} {name}: {run.pages_per_s:.1f} pages/s, "
                        f"{run.cpu_ms:.1f} CPU ms/page, {run.peak_mib:.0f} MiB, "
                        f"{run.result.get('records')} records",
                        flush=True,
                    )
            if not wanted or "cpu_per_page" in wanted:
                cpu_run = run_variant("cpu_per_page", work, args.pages, 1, server.pids)
                cpu = {k: float(v) for k, v in cpu_run.result.items()}  # type: ignore[arg-type]
            if args.memory_pages and (not wanted or "crawl_large" in wanted):
                print(f"bench: long crawl of {args.memory_pages} pages")
                run = run_variant(
                    "crawl_large", work, args.memory_pages, args.workers, server.pids, args.set
                )
                runs["crawl_large"] = [run]
            text = report(args, server.kind, workers, runs, cpu)
        print()
        print(text)
        if args.markdown:
            args.markdown.write_text(text + "\n")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
