"""Wall time of ``archiver --help`` against ``scrapy version``, alternating runs.

    python bench/cli_startup.py [--runs 15]

Each run is a fresh interpreter, as a user's shell starts it; the medians are printed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "archiver --help": [sys.executable, "-m", "archiver.cli", "--help"],
    "scrapy version": [sys.executable, "-m", "scrapy", "version"],
}


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():
        wall(command)  # warm the file cache once
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            times[name].append(wall(command))
    for name, values in times.items():
        print(
            f"{name:<16} median {statistics.median(values):.3f} s  "
            f"min {min(values):.3f} s  ({args.runs} runs)"
        )


if __name__ == "__main__":
    main()
