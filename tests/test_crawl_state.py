"""The state file on its own: versions, and what a killed run leaves behind."""

from __future__ import annotations

import json
from pathlib import Path

from archiver.incremental.state import State

SHA = {n: f"{n}" * 64 for n in "abc"}


def record(url: str, sha: str, version: int = 1) -> dict[str, object]:
    return {"url": url, "canonical_url": None, "content_sha256": sha, "version": version}


def test_known_pages_and_done_urls(tmp_path: Path) -> None:
    state = State(tmp_path / "state.sqlite")
    state.start_run("r1", "site", tmp_path / "site" / "r1.jsonl")
    state.record_written("site", "r1", record("http://x/1", SHA["a"]), {"etag": '"v1"'})
    known = state.known("http://x/1")
    assert known is not None
    assert (known.content_sha256, known.version, known.etag) == (SHA["a"], 1, '"v1"')
    assert state.is_done("r1", "http://x/1")
    state.refresh_validators("http://x/1", {"lastmod": "2024-01-01", "etag": None})
    refreshed = state.known("http://x/1")
    assert refreshed is not None and (refreshed.lastmod, refreshed.etag) == ("2024-01-01", '"v1"')
    assert [r.run_id for r in state.unfinished_runs("site")] == ["r1"]
    state.finish_run("r1")
    assert state.unfinished_runs("site") == []
    assert not state.is_done("r1", "http://x/1")  # a finished run's done list is dropped
    state.close()


def test_reconcile_a_killed_run(tmp_path: Path) -> None:
    """Lines written but not yet in the state (a kill between the two) are taken in; a torn
    last line is cut off, so it is neither counted nor left to break readers."""
    output = tmp_path / "site" / "r1.jsonl"
    output.parent.mkdir()
    lines = [json.dumps(record("http://x/1", SHA["a"])), json.dumps(record("http://x/2", SHA["b"]))]
    torn = json.dumps(record("http://x/3", SHA["c"]))[:30]
    output.write_text("\n".join(lines) + "\n" + torn, encoding="utf-8")
    state = State(tmp_path / "state.sqlite")
    state.start_run("r1", "site", output)
    state.record_written("site", "r1", record("http://x/1", SHA["a"]), {})
    (run,) = state.unfinished_runs("site")
    assert state.reconcile(run) == 1
    assert output.read_text(encoding="utf-8") == "\n".join(lines) + "\n"
    assert state.known("http://x/2") is not None
    assert state.known("http://x/3") is None
    assert state.is_done("r1", "http://x/2") and not state.is_done("r1", "http://x/3")
    state.close()
