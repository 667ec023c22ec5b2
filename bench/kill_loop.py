"""Crash safety, measured: a crawl SIGKILLed at random moments, resumed each time.

    python bench/kill_loop.py [--pages 500] [--kills 100] [--max-wait 6] [--seed 1]

Builds the generated news site (archiver.testing.newssite) with ``--pages`` articles and
serves it on 127.0.0.1, slowed down (``--delay`` seconds a page) so that a crawl takes
long enough to be killed in the middle. Then, in rounds, each into a fresh output folder:
``archiver crawl SITE --resume`` is started and SIGKILLed (its whole process group, so
the extraction workers die too) at a random moment (half the time after a random wait of
up to ``--max-wait`` seconds, half after a random number, up to ``--max-lines``, of new
records), again and again, up to ``--kills-per-round`` times, then left to finish; then
the next round starts, until at least ``--kills`` kills have been made. A last
``--resume`` of each round makes sure it is complete. Each round's datasets are then read:

- lost: articles of the site with no record;
- written twice: a (URL, version) pair on more than one line (the site never changes, so
  every article must be exactly one record, version 1);
- partial lines: lines that are not whole JSON objects (a torn line left by a kill is cut
  off by the next run before it writes; it is counted here if it survives).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

from localsite import SiteServer  # bench/ is the script's folder, first on sys.path

from archiver.testing.newssite import build

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = r"/news/[a-z]+/\d{4}/\d{2}/\d{2}/[^/]+\.html$"
SITE = "killsite"


class SlowHandler(SimpleHTTPRequestHandler):
    delay = 0.0

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        time.sleep(self.delay)
        # the crawl is killed mid-answer: that is the point
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


def profile(folder: Path, base: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{SITE}.toml").write_text(
        f'name = "{SITE}"\ndomains = ["127.0.0.1"]\nlanguage = "en"\n'
        f'[start]\npages = ["{base}/"]\nfeeds = ["{base}/rss.xml"]\n'
        f"[articles]\nallow = ['{ARTICLES}']\n[follow]\nallow = ['/section/', '/tag/']\n",
        encoding="utf-8",
    )
    return folder


def datasets(out: Path, site: str = SITE) -> list[Path]:
    files = (out / site).glob("*.jsonl")
    return sorted(p for p in files if not p.name.endswith(".skipped.jsonl"))


def start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "archiver.cli", *args],
            cwd=ROOT,
            stdout=sink,
            stderr=sink,
            start_new_session=True,  # its own process group: the workers die with it
        )


def lines(out: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in datasets(out))


def kill_at_random(
    proc: subprocess.Popen[bytes], out: Path, rng: random.Random, args: argparse.Namespace
) -> bool:
    """SIGKILL the run at a random moment; False if it finished first.

    Half the kills come after a random time from the start (so some land in start-up,
    reconciliation and discovery), half after a random number of new lines (so the crawl
    makes progress however slow start-up is on a loaded machine, and kills land between
    a line's write and its state commit)."""
    deadline = time.monotonic() + 120
    if rng.random() < 0.5:
        deadline = time.monotonic() + rng.uniform(0.3, args.max_wait)
        target = None
    else:
        target = lines(out) + rng.randint(1, args.max_lines)
    while proc.poll() is None and time.monotonic() < deadline:
        if target is not None and lines(out) >= target:
            break
        time.sleep(rng.uniform(0.0, 0.05))
    if proc.poll() is not None:
        return False
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


def tally(out: Path, articles: set[str], site: str = SITE) -> dict[str, int]:
    """Over a site's datasets: records, articles lost, (URL, version) pairs written twice,
    partial lines, records not at version 1."""
    seen: Counter[tuple[str, object]] = Counter()
    partial = 0
    for path in datasets(out, site):
        data = path.read_bytes()
        for line in data.split(b"\n"):
            if not line:
                continue
            try:
                record = json.loads(line)
            except ValueError:
                partial += 1
                continue
            seen[(str(record["url"]), record.get("version"))] += 1
    urls = {url for url, _ in seen}
    return {
        "records": sum(seen.values()),
        "lost": len(articles - urls),
        "twice": sum(n - 1 for n in seen.values() if n > 1),
        "partial": partial,
        "not_v1": sum(1 for _, v in seen if v != 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--max-wait", type=float, default=8.0, help="seconds, time kills")
    parser.add_argument("--max-lines", type=int, default=30, help="new lines, line kills")
    parser.add_argument("--kills-per-round", type=int, default=40)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    SlowHandler.delay = args.delay
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root = work / "site"
        root.mkdir()
        server = SiteServer(("127.0.0.1", 0), functools.partial(SlowHandler, directory=str(root)))
        base = f"http://127.0.0.1:{server.server_address[1]}"
        build(root, args.pages, ROOT / "fixtures", base)
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        articles = {base + a["path"] for a in manifest}
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sites = profile(work / "sites", base)
        kills, rounds, totals = 0, 0, Counter[str]()
        while kills < args.kills:
            rounds += 1
            out = work / f"round-{rounds}"
            log = work / f"round-{rounds}.log"
            command = ["crawl", SITE, "--sites", str(sites), "--output-dir", str(out), "--resume"]
            round_kills = 0
            while True:
                proc = start(command, log)
                if round_kills < args.kills_per_round and kill_at_random(proc, out, rng, args):
                    kills += 1
                    round_kills += 1
                    continue
                proc.wait()
                break  # finished on its own
            final = subprocess.run(
                [sys.executable, "-m", "archiver.cli", *command],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            counts = tally(out, articles)
            cut = log.read_text(encoding="utf-8", errors="replace").count("cutting an unfinished")
            totals.update(counts)
            totals["torn_lines_cut"] += cut
            print(
                f"round {rounds}: {round_kills} kills; last run exit {proc.returncode}, check run "
                f"exit {final.returncode}; {counts}; torn lines cut on resume: {cut}",
                flush=True,
            )
        server.shutdown()
    print(
        f"{args.pages} articles, {rounds} rounds, {kills} SIGKILLs: lost {totals['lost']}, "
        f"written twice {totals['twice']}, partial lines {totals['partial']} "
        f"(torn lines cut off by a resume: {totals['torn_lines_cut']}; records not version 1: "
        f"{totals['not_v1']})"
    )


if __name__ == "__main__":
    main()
