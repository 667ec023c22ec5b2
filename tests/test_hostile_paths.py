"""Names a site or a user hands the crawler never become paths outside the output folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from archiver.safepaths import inside, safe_folder_name
from archiver.sites.profile import SiteProfile
from tests.conftest import run_cli


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("..", "__"),
        (".", "_"),
        (".hidden", "_hidden"),
        ("a/../b", "a_.._b"),
        ("/etc", "_etc"),
        ("news.example_8080", "news.example_8080"),
        ("::1_8080", "__1_8080"),
        ("", "site"),
    ],
)
def test_safe_folder_names(name: str, folder: str) -> None:
    assert safe_folder_name(name) == folder


def test_inside(tmp_path: Path) -> None:
    assert inside(tmp_path, tmp_path / "a" / "b") == tmp_path / "a" / "b"
    with pytest.raises(ValueError, match="is outside"):
        inside(tmp_path / "out", tmp_path / "out" / ".." / "x")


def test_a_url_whose_host_is_dotdot_gets_a_safe_profile_name() -> None:
    assert SiteProfile.for_url("http://../").name == "__"
    assert SiteProfile.for_url("http://127.0.0.1:8080/").name == "127.0.0.1_8080"


def test_crawl_of_dotdot_writes_only_inside_the_output_folder(tmp_path: Path) -> None:
    """``archiver crawl 'http://../'``: the lock, job folder and dataset stay inside OUT.
    (A fake resolver and a handler that connects nowhere: no name is looked up.)"""
    out = tmp_path / "parent" / "out"
    out.mkdir(parents=True)
    handler = "tests.hostile_tools.RecordingHandler"
    os.environ["ARCHIVER_TEST_DOWNLOADS"] = str(tmp_path / "downloads")
    try:
        proc = run_cli(
            "crawl", "http://../", "--output-dir", str(out),
            "-s", "ARCHIVER_GATE_RESOLVER=tests.hostile_tools.FakeResolver",
            "-s", f'DOWNLOAD_HANDLERS={json.dumps({"http": handler, "https": handler})}',
        )  # fmt: skip
    finally:
        del os.environ["ARCHIVER_TEST_DOWNLOADS"]
    assert "crawl __:" in proc.stderr, proc.stderr[-3000:]
    assert sorted(p.name for p in (tmp_path / "parent").iterdir()) == ["out"]
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written, proc.stderr[-3000:]
    assert all(w.startswith(("__/", "state.sqlite")) for w in written), written
