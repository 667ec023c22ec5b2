"""Peak memory of a crawl or replay fed hostile input, and records kept from a damaged WARC.

Each case runs ``archiver`` in a fresh process against a loopback server started here (or
a WARC written here) and reports two peaks: the kernel's own maximum resident set size of
the crawl process (exact, from ``wait4``), and the largest sampled sum over its whole
process tree (the crawl, the forkserver, the extraction workers; sampled every 0.2 s).

    python bench/hostile_rss.py            # every case
    python bench/hostile_rss.py page_200mb warc_bomb

Cases: ``baseline`` (one ordinary article), ``page_200mb`` (a 200 MB page streamed with no
Content-Length), ``page_bomb`` (a page gzip-encoded to 1 GiB), ``sitemap_bomb`` (a gzipped
sitemap that decodes to 1 GiB), ``warc_bomb`` (replay of a WARC record whose gzip body
decodes to 1 GiB), ``warc_corrupt_400`` (replay of 400 article records, one corrupt gzip
member in the middle: how many records come out).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from proctree import PeakSampler, become_subreaper

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archiver.testing.hostile import (  # noqa: E402 (after the path is set)
    GIB,
    HostileSite,
    corrupt_member,
    gzip_bomb,
    page,
    serve,
    sitemap_bomb,
    streamed,
    write_warc,
)

SEED = ROOT / "fixtures" / "franceinfo" / "kerry-2015" / "body.html"
MIB = 1 << 20


def measure(args: list[str], log: Path) -> dict[str, object]:
    """Run ``archiver ARGS``; its exact peak RSS and its process tree's sampled peak."""
    sampler = PeakSampler(exclude=())
    sampler.start()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "archiver.cli", *args], cwd=ROOT, stdout=out, stderr=out
        )
        _, status, usage = os.wait4(proc.pid, 0)
    tree_peak = sampler.stop()
    text = log.read_text(encoding="utf-8", errors="replace")
    summary = [x for x in text.splitlines() if x.startswith(("crawl ", "replay:"))]
    return {
        "command": "archiver " + " ".join(args),
        "exit": os.waitstatus_to_exitcode(status),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # kB on Linux
        "tree_peak_rss_mb": round(tree_peak / MIB, 1),
        "log_bytes": len(text),
        "summary": summary[:2],
    }


def crawl_site(build: Callable[[HostileSite], None], tmp: Path) -> dict[str, object]:
    with serve() as site:
        build(site)
        return measure(
            ["crawl", site.url("/"), "--output-dir", str(tmp / "out")], tmp / "crawl.log"
        )


def home(*links: str) -> Callable[[HostileSite], None]:
    anchors = "".join(f'<a href="{x}">x</a>' for x in links)
    body = f"<html><body>{anchors}</body></html>".encode()
    return lambda site: site.routes.__setitem__("/", page(body))


def baseline(tmp: Path) -> dict[str, object]:
    def build(site: HostileSite) -> None:
        home("/news/a.html")(site)
        site.routes["/news/a.html"] = page(SEED.read_bytes())

    return crawl_site(build, tmp)


def page_200mb(tmp: Path) -> dict[str, object]:
    def build(site: HostileSite) -> None:
        home("/news/huge.html")(site)
        site.routes["/news/huge.html"] = streamed(200 * MIB)

    return crawl_site(build, tmp)


def page_bomb(tmp: Path) -> dict[str, object]:
    def build(site: HostileSite) -> None:
        home("/news/bomb.html")(site)
        site.routes["/news/bomb.html"] = page(gzip_bomb(GIB), **{"Content-Encoding": "gzip"})

    return crawl_site(build, tmp)


def sitemap_bomb_case(tmp: Path) -> dict[str, object]:
    def build(site: HostileSite) -> None:
        home()(site)
        robots = f"User-agent: *\nSitemap: {site.url('/sitemap.xml.gz')}\n".encode()
        site.routes["/robots.txt"] = page(robots, "text/plain")
        site.routes["/sitemap.xml.gz"] = page(sitemap_bomb(GIB), "application/x-gzip")

    return crawl_site(build, tmp)


def warc_bomb(tmp: Path) -> dict[str, object]:
    path = tmp / "bomb.warc.gz"
    html = {"Content-Type": "text/html; charset=utf-8"}
    write_warc(
        path,
        [
            ("http://news.example/a.html", html, SEED.read_bytes()),
            ("http://news.example/bomb.html", {**html, "Content-Encoding": "gzip"}, gzip_bomb(GIB)),
        ],
    )
    result = measure(["replay", str(path), "-o", str(tmp / "out.jsonl")], tmp / "replay.log")
    result["warc_bytes"] = path.stat().st_size
    return result


def warc_corrupt_400(tmp: Path) -> dict[str, object]:
    path = tmp / "400.warc.gz"
    body = SEED.read_bytes()
    html = {"Content-Type": "text/html; charset=utf-8"}
    records = [
        (f"http://news.example/{i}.html", html, body.replace(b"Kerry", b"Kerry %d" % i))
        for i in range(400)
    ]
    offsets = write_warc(path, records)
    corrupt_member(path, offsets[200], offsets[201])
    out = tmp / "out.jsonl"
    result = measure(["replay", str(path), "-o", str(out)], tmp / "replay.log")
    result["records_kept"] = sum(1 for line in out.read_text().splitlines() if line)
    log = (tmp / "replay.log").read_text(encoding="utf-8", errors="replace")
    result["damage_lines"] = [x.split("] ", 1)[-1] for x in log.splitlines() if "damaged WARC" in x]
    return result


CASES: dict[str, Callable[[Path], dict[str, object]]] = {
    "baseline": baseline,
    "page_200mb": page_200mb,
    "page_bomb": page_bomb,
    "sitemap_bomb": sitemap_bomb_case,
    "warc_bomb": warc_bomb,
    "warc_corrupt_400": warc_corrupt_400,
}


def main(names: list[str]) -> None:
    become_subreaper()
    for name in names or list(CASES):
        with tempfile.TemporaryDirectory(prefix=f"hostile-{name}-") as tmp:
            result = CASES[name](Path(tmp))
        print(json.dumps({"case": name, **result}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
