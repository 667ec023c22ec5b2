"""A crawl into a full disk, then a resume with room: nothing lost, nothing written twice.

    sudo python bench/full_disk.py [--pages 400] [--size 1m] [-s NAME=VALUE ...]

Builds the generated news site with ``--pages`` articles, serves it on 127.0.0.1, and
crawls it with ``archiver crawl`` into a ``--size`` tmpfs (``mount -t tmpfs``: needs root)
that holds the output folder: dataset, ledger, WARCs and state file alike. The disk fills
up during the crawl. Then the tmpfs is grown (``mount -o remount,size=256m``) and the run
is resumed (``--resume``). Reported: both runs' exit status and summary, and over the
datasets: articles lost, (URL, version) pairs written twice, partial lines.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from kill_loop import tally  # bench/ is the script's folder, first on sys.path
from localsite import QuietHandler, SiteServer

from archiver.testing.newssite import build

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = r"/news/[a-z]+/\d{4}/\d{2}/\d{2}/[^/]+\.html$"
SITE = "fullsite"
TIMEOUT = 300  # seconds
SETTINGS: list[str] = []  # -s NAME=VALUE for both runs


def crawl(sites: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """One ``archiver crawl``; a run still going after TIMEOUT seconds is killed and reported
    with return code None (it hung)."""
    extra = (*extra, *(f"-s{s}" for s in SETTINGS))
    command = [sys.executable, "-m", "archiver.cli", "crawl", SITE, "--sites", str(sites)]
    proc = subprocess.Popen(
        [*command, "--output-dir", str(out), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the workers die with it
    )
    try:
        stdout, stderr = proc.communicate(timeout=TIMEOUT)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        code = None
    return subprocess.CompletedProcess(proc.args, code, stdout, stderr)  # type: ignore[arg-type]


def summary(proc: subprocess.CompletedProcess[str]) -> str:
    lines = [x for x in proc.stderr.splitlines() if x.startswith(f"crawl {SITE}")]
    if proc.returncode is None:
        lines += [
            f"(hung: killed after {TIMEOUT} s; its last lines:)",
            *proc.stderr.splitlines()[-12:],
        ]
    elif proc.returncode and not any("pages seen = " in x and " 0 pages" not in x for x in lines):
        lines += ["(did not crawl; its last lines:)", *proc.stderr.splitlines()[-12:]]
    return f"exit {proc.returncode}\n    " + "\n    ".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--size", default="1m")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    SETTINGS.extend(args.settings)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root, out, sites = work / "site", work / "out", work / "sites"
        for folder in (root, out, sites):
            folder.mkdir()
        server = SiteServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
        base = f"http://127.0.0.1:{server.server_address[1]}"
        build(root, args.pages, ROOT / "fixtures", base)
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        articles = {base + a["path"] for a in manifest}
        (sites / f"{SITE}.toml").write_text(
            f'name = "{SITE}"\ndomains = ["127.0.0.1"]\nlanguage = "en"\n'
            f'[start]\npages = ["{base}/"]\nfeeds = ["{base}/rss.xml"]\n'
            f"[articles]\nallow = ['{ARTICLES}']\n[follow]\nallow = ['/section/']\n",
            encoding="utf-8",
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        mount = ["mount", "-t", "tmpfs", "-o", f"size={args.size}", "tmpfs", str(out)]
        subprocess.run(mount, check=True)
        try:
            first = crawl(sites, out)
            used = subprocess.run(["df", "-k", out], capture_output=True, text=True).stdout
            subprocess.run(["mount", "-o", "remount,size=256m", out], check=True)
            resumed = crawl(sites, out, "--resume")
            counts = tally(out, articles, SITE)
        finally:
            subprocess.run(["umount", out], check=False)
            server.shutdown()
    print(f"first run ({args.size} tmpfs): {summary(first)}")
    print(f"disk after the first run:\n{used.strip()}")
    print(f"resume with room: {summary(resumed)}")
    print(
        f"{args.pages} articles: lost {counts['lost']}, written twice {counts['twice']}, "
        f"partial lines {counts['partial']}, records {counts['records']}"
    )


if __name__ == "__main__":
    main()
