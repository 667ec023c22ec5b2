"""A live crawl of the generated news site: every article once, nothing else; re-runs are
incremental (nothing when nothing changed; exactly the changed and new pages otherwise)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from archiver.schema import record_validator
from tests.conftest import run_cli
from tests.crawl_helpers import (
    StaticSite,
    build_site,
    records_of,
    run_files,
    served_directory,
    write_profile,
)

PAGES = 300
SITE = "localnews"


@dataclass
class FirstRun:
    site: StaticSite
    articles: list[str]
    out: Path
    sites: Path
    stderr: str
    records: list[dict[str, object]]


def crawl(first: FirstRun, *extra: str) -> tuple[int, str]:
    proc = run_cli(
        "crawl", SITE, "--sites", str(first.sites), "--output-dir", str(first.out), *extra
    )
    return proc.returncode, proc.stderr


OTHER_PAGES = ("/tag/climate/", "/author/desk/", "/video/briefing.html", "/premium/exclusive.html")


def link_other_pages(root: Path) -> None:
    """Link the tag, author, video, paywall and soft-404 pages from the home page."""
    home = root / "index.html"
    links = "".join(f'<a href="{p}">{p}</a>' for p in (*OTHER_PAGES, "/gone.html"))
    home.write_text(home.read_text("utf-8").replace("</main>", links + "</main>"), "utf-8")


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FirstRun]:
    root = tmp_path_factory.mktemp("newssite")
    with served_directory(root) as site:
        articles = build_site(site, PAGES)
        link_other_pages(root)
        sites = write_profile(tmp_path_factory.mktemp("sites"), SITE, site.base_url).parent
        out = tmp_path_factory.mktemp("out")
        proc = run_cli("crawl", SITE, "--sites", str(sites), "--output-dir", str(out))
        assert proc.returncode == 0, proc.stderr[-3000:]
        (output,) = run_files(out, SITE)
        yield FirstRun(site, articles, out, sites, proc.stderr, records_of(output))


def test_every_article_found_once(first_run: FirstRun) -> None:
    urls = [str(r["url"]) for r in first_run.records]
    assert len(urls) == PAGES
    assert sorted(urls) == sorted(first_run.articles)
    assert (
        f"crawl {SITE}: {PAGES} records written ({PAGES} new, 0 changed), 0 unchanged, 0 skipped"
        in first_run.stderr
    )


def test_first_run_warc_sits_beside_its_records_and_replays_to_them(
    first_run: FirstRun, tmp_path: Path
) -> None:
    (output,) = run_files(first_run.out, SITE)
    warcs = sorted(output.parent.glob(f"{output.stem}-*.warc.gz"))
    assert [w.name for w in warcs] == [f"{output.stem}-00000.warc.gz"]
    assert {r["warc_file"] for r in first_run.records} == {warcs[0].name}
    replayed_path = tmp_path / "replayed.jsonl"
    proc = run_cli("replay", str(warcs[0]), "-o", str(replayed_path))
    assert proc.returncode == 0, proc.stderr[-3000:]

    def key(r: dict[str, object]) -> tuple[object, ...]:
        return (r["url"], r["content_sha256"], r["title"], r["date_published"], r["warc_offset"])

    replayed = [r for r in records_of(replayed_path) if "/news/" in str(r["url"])]
    assert sorted(map(key, replayed)) == sorted(map(key, first_run.records))


def test_no_non_article_page_written_but_all_were_followed(first_run: FirstRun) -> None:
    paths = {str(r["url"]).removeprefix(first_run.site.base_url) for r in first_run.records}
    listings = {"/", "/section/world/", "/section/world/page/2/", "/tag/climate/", "/author/desk/"}
    assert not paths & (listings | set(OTHER_PAGES) | {"/gone.html"})
    assert not {p for p in paths if not p.startswith("/news/")}
    # Fronts, tag and author pages were fetched for their links; video, paywall and soft-404
    # pages match neither the article nor the follow patterns and were not fetched at all;
    # robots.txt, the sitemap index, both sitemaps and the feed were read.
    hits = set(first_run.site.hits)
    assert listings <= hits
    assert not {"/video/briefing.html", "/premium/exclusive.html", "/gone.html"} & hits
    assert {
        "/robots.txt",
        "/sitemap_index.xml",
        "/sitemap-articles-1.xml",
        "/sitemap-news.xml",
        "/rss.xml",
    } <= hits
    # Every existing front was counted as a listing (recorded pages also link to tag
    # pages this site does not have: those are failed fetches, not listings).
    root = first_run.site.root
    fronts = {
        h
        for h in first_run.site.hits
        if h.endswith("/") and (root / h.lstrip("/") / "index.html").is_file()
    }
    assert f"'archiver/page_type/listing': {len(fronts)}," in first_run.stderr
    assert f"'archiver/page_type/article': {PAGES}," in first_run.stderr
    # Each article page was fetched once.
    article_hits = [h for h in first_run.site.hits if h.startswith("/news/")]
    assert len(article_hits) == PAGES


def test_records_are_valid_first_versions(first_run: FirstRun) -> None:
    validator = record_validator()
    assert [e.message for r in first_run.records for e in validator.iter_errors(r)] == []
    assert {r["version"] for r in first_run.records} == {1}
    assert {r["previous_sha256"] for r in first_run.records} == {None}
    # Layout: <output-dir>/<site>/<run-id>.jsonl, the state file beside the site folders,
    # and no job folder left once the run finished.
    (output,) = run_files(first_run.out, SITE)
    assert re.fullmatch(r"\d{8}T\d{6}Z\.jsonl", output.name)
    assert f"crawl {SITE}: records in {output}" in first_run.stderr
    assert (first_run.out / "state.sqlite").is_file()
    assert not (first_run.out / SITE / ".job").exists()


def _change(site: StaticSite, url: str, lastmod: str) -> None:
    """Edit an article's text and its sitemap lastmod, as a CMS does on an update."""
    path = url.removeprefix(site.base_url)
    page = site.root / path.lstrip("/")
    html = page.read_text(encoding="utf-8")
    marker = re.search(r"Local dispatch number \d+ filed for the \w+ desk\.", html)
    assert marker is not None
    page.write_text(html.replace(marker.group(0), marker.group(0) + " Updated."), "utf-8")
    sitemap = site.root / "sitemap-articles-1.xml"
    xml = sitemap.read_text(encoding="utf-8")
    entry = re.compile(rf"(<loc>{re.escape(url)}</loc><lastmod>)[^<]+(</lastmod>)")
    assert entry.search(xml)
    sitemap.write_text(entry.sub(rf"\g<1>{lastmod}\g<2>", xml), encoding="utf-8")


def test_rerun_writes_only_new_and_changed(first_run: FirstRun) -> None:
    site = first_run.site
    code, stderr = crawl(first_run)
    assert code == 0, stderr[-3000:]
    second = run_files(first_run.out, SITE)[-1]
    assert records_of(second) == []
    assert f"crawl {SITE}: 0 records written (0 new, 0 changed), {PAGES} unchanged" in stderr

    # Two new stories (the site is regenerated: every file rewritten, same content), then
    # three stories edited.
    grown = build_site(site, PAGES + 2)
    added = grown[PAGES:]
    # Three stories whose marker sentence the extractor keeps in the text (the edit must
    # change the text for the content hash to change).
    kept = sorted(str(r["url"]) for r in first_run.records if "Local dispatch" in str(r["text"]))
    changed = [kept[0], kept[len(kept) // 2], kept[-1]]
    for url in changed:
        _change(site, url, "2025-02-01T10:00:00+00:00")
    code, stderr = crawl(first_run)
    assert code == 0, stderr[-3000:]
    third = run_files(first_run.out, SITE)[-1]
    records = {str(r["url"]): r for r in records_of(third)}
    assert sorted(records) == sorted(changed + added)
    before = {str(r["url"]): r for r in first_run.records}
    summary = f"crawl {SITE}: 5 records written (2 new, 3 changed), {PAGES - 3} unchanged"
    assert summary in stderr
    for url in changed:
        assert records[url]["version"] == 2
        assert records[url]["previous_sha256"] == before[url]["content_sha256"]
        assert records[url]["content_sha256"] != before[url]["content_sha256"]
        assert "Updated." in str(records[url]["text"])
    for url in added:
        assert records[url]["version"] == 1
        assert records[url]["previous_sha256"] is None
