"""Site rules travel with the page: a crawl whose profile has ``[extract]`` rules, replayed
from its own WARC, gives the same records; ``replay --sites`` swaps the rules on purpose."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.schema import record_validator
from archiver.sites import ProfileError, SiteProfile
from tests.conftest import run_cli
from tests.crawl_helpers import build_site, records_of, run_files, served_directory, write_profile

PAGES = 40
SITE = "rules"
# What only a crawl's state gives: the record's version number in the site's history.
RUN_FIELDS = ("version", "previous_sha256")


@dataclass
class Crawled:
    records: list[dict[str, object]]
    warcs: list[Path]
    base_url: str


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    root = tmp_path_factory.mktemp("site")
    with served_directory(root) as site:
        build_site(site, PAGES)
        sites = tmp_path_factory.mktemp("sites")
        write_profile(sites, SITE, site.base_url, '[extract]\ntitle = "title"\n')
        out = tmp_path_factory.mktemp("out")
        proc = run_cli("crawl", SITE, "--sites", str(sites), "--output-dir", str(out))
        assert proc.returncode == 0, proc.stderr[-3000:]
    (output,) = run_files(out, SITE)
    warcs = sorted(output.parent.glob(f"{output.stem}-*.warc.gz"))
    return Crawled(records_of(output), warcs, site.base_url)


def replay(crawled: Crawled, out: Path, *options: str) -> list[dict[str, object]]:
    proc = run_cli("replay", *map(str, crawled.warcs), "-o", str(out), *options)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return records_of(out)


def without_run_fields(record: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in record.items() if k not in RUN_FIELDS}


def test_replay_of_a_crawl_gives_its_records(crawled: Crawled, tmp_path: Path) -> None:
    assert len(crawled.records) == PAGES
    profile = {(r["site_profile"], r["site_profile_version"]) for r in crawled.records}
    ((name, rules_version),) = profile
    assert name == SITE and str(rules_version).startswith("sha256:")
    replayed = replay(crawled, tmp_path / "replayed.jsonl")
    crawl = {str(r["url"]): without_run_fields(r) for r in crawled.records}
    again = {str(r["url"]): r for r in replayed}
    assert set(again) == set(crawl)
    same = [url for url in crawl if again[url] == crawl[url]]
    assert len(same) == PAGES
    assert not any(k in r for r in replayed for k in RUN_FIELDS)
    assert {r["fetched_at"] for r in replayed} == {r["fetched_at"] for r in crawled.records}


def test_the_warc_holds_the_rules_beside_each_article(crawled: Crawled) -> None:
    stored = []
    for path in crawled.warcs:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "metadata":
                    stored.append(record.content_stream().read())
    with_rules = [s for s in stored if b'"archiver_site_rules"' in s]
    assert len(with_rules) == PAGES
    assert all(b'"extract": {"title": "title"}' in s for s in with_rules)


def test_replay_with_sites_uses_that_profile(crawled: Crawled, tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "plain.toml").write_text(
        f'name = "plain"\nversion = 7\ndomains = ["127.0.0.1"]\n'
        f'[start]\npages = ["{crawled.base_url}/"]\n',
        encoding="utf-8",
    )
    replayed = replay(crawled, tmp_path / "plain.jsonl", "--sites", str(sites))
    assert len(replayed) == PAGES
    assert {(r["site_profile"], r["site_profile_version"]) for r in replayed} == {("plain", "7")}
    crawl = {str(r["url"]): r for r in crawled.records}
    # Generic titles now: the <title> rule of the crawl is not applied.
    changed = [r for r in replayed if r["title"] != crawl[str(r["url"])]["title"]]
    assert changed
    validate = record_validator()
    assert all(not list(validate.iter_errors(r)) for r in replayed)


def test_replay_with_a_bad_sites_folder_does_not_start(crawled: Crawled, tmp_path: Path) -> None:
    proc = run_cli(
        "replay", str(crawled.warcs[0]), "-o", str(tmp_path / "x.jsonl"), "--sites", "/nonexistent"
    )
    assert proc.returncode == 2
    assert "replay: not started: sites folder not found: /nonexistent" in proc.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_profile_version_is_explicit_or_a_hash_of_the_rules() -> None:
    def profile(text: str) -> SiteProfile:
        return SiteProfile.from_dict(tomllib.loads(text), source="t.toml", default_name="t")

    start = 'domains = ["a.example"]\n'
    assert profile("version = 3\n" + start).version == "3"
    assert profile('version = "2026-11"\n' + start).version == "2026-11"
    one = profile(start + '[extract]\ntitle = "h1"\nbody = ["main", "article"]\n')
    same = profile(start + '[extract]\nbody = ["main", "article"]\ntitle = "h1"\n')
    other = profile(start + '[extract]\ntitle = "h2"\nbody = ["main", "article"]\n')
    assert one.version == same.version != other.version
    assert one.version == "sha256:" + one.version.removeprefix("sha256:")
    assert len(one.version) == len("sha256:") + 12
    assert one.site_rules() == {
        "profile": "t",
        "version": one.version,
        "extract": {"title": "h1", "body": ["main", "article"]},
    }
    with pytest.raises(ProfileError, match="version must be a number or a string"):
        profile("version = true\n" + start)
