"""What a killed Common Crawl run leaves: its state file and its dataset's whole lines."""

from __future__ import annotations

from pathlib import Path

from archiver.commoncrawl.source import written_records
from archiver.commoncrawl.state import RunState, state_path


def test_state_sits_beside_the_dataset() -> None:
    assert state_path("out/cc-fr.jsonl") == Path("out/cc-fr.commoncrawl.sqlite")
    assert state_path("out/cc.jsonl.gz") == Path("out/cc.commoncrawl.sqlite")


def test_offsets_and_done_files_survive_a_reopen(tmp_path: Path) -> None:
    state = RunState(tmp_path / "s.sqlite")
    state.save("a.warc.gz", 100, False, 500)
    state.save("a.warc.gz", 900, False, 700)
    state.save("b.warc.gz", 0, True, 40)
    state.close()
    again = RunState(tmp_path / "s.sqlite")
    assert again.done() == {"b.warc.gz"}
    assert again.resume_offsets() == {"a.warc.gz": 900}
    assert list(again.db.execute("SELECT bytes FROM tasks WHERE task = 'a.warc.gz'")) == [(1200,)]


def test_a_line_cut_off_by_a_kill_is_removed(tmp_path: Path) -> None:
    dataset = tmp_path / "out.jsonl"
    whole = (
        b'{"warc_file": "f.warc.gz", "warc_offset": 0}\n'
        b'{"warc_file": "f.warc.gz", "warc_offset": 812}\n'
    )
    dataset.write_bytes(whole + b'{"warc_file": "f.warc.gz", "warc_of')
    assert written_records(dataset) == {("f.warc.gz", 0), ("f.warc.gz", 812)}
    assert dataset.read_bytes() == whole


def test_no_dataset_yet(tmp_path: Path) -> None:
    assert written_records(tmp_path / "none.jsonl") == set()
