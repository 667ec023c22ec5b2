"""One live crawl of a generated site on 127.0.0.1 and two replays, made once per test
session: the datasets the export, report and monitoring tests read together."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import FIXTURES, run_cli
from tests.crawl_helpers import build_site, run_files, served_directory, write_profile

SITE = "localnews"
PAGES = 16
CONTACT = "ARCHIVER_CONTACT_URL=mailto:tests@archiver.invalid"


@dataclass(frozen=True)
class RunOutputs:
    root: Path
    crawl: Path  # the crawl's dataset, output/<site>/<run-id>.jsonl
    crawl_stderr: str
    replay: Path  # the bundled fixtures replayed
    replay_stderr: str
    warc_replay: Path  # the crawl's own WARCs replayed: the crawl's URLs again
    articles: tuple[str, ...]  # the generated site's article URLs


@functools.cache
def run_outputs() -> RunOutputs:
    root = Path(tempfile.mkdtemp(prefix="archiver-runs-"))
    atexit.register(shutil.rmtree, root, True)
    (root / "site").mkdir()
    with served_directory(root / "site") as site:
        articles = build_site(site, PAGES)
        sites = write_profile(root / "sites", SITE, site.base_url).parent
        out = root / "out"
        crawl = run_cli(
            "crawl", SITE, "--sites", str(sites), "--output-dir", str(out), "-s", CONTACT
        )
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    (dataset,) = run_files(out, SITE)
    replay = run_cli("replay", str(FIXTURES), "-o", str(root / "replay.jsonl"))
    assert replay.returncode == 0, replay.stderr[-3000:]
    warcs = str(out / SITE / "*.warc.gz")
    warc_replay = run_cli("replay", warcs, "-o", str(root / "warc-replay.jsonl"))
    assert warc_replay.returncode == 0, warc_replay.stderr[-3000:]
    return RunOutputs(
        root,
        dataset,
        crawl.stderr,
        root / "replay.jsonl",
        replay.stderr,
        root / "warc-replay.jsonl",
        tuple(articles),
    )
