"""Discovery the profile controls: sitemaps, feeds and start pages each fetch what they
list, and links are followed only when the profile says so (``[follow]`` or
``follow = true``). Crawls of a generated news site on 127.0.0.1."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from archiver.sites import ProfileError, SiteProfile
from tests.conftest import read_jsonl, run_cli
from tests.crawl_helpers import ARTICLE_PATTERN, build_site, run_files, served_directory


def stat(stderr: str, name: str) -> int:
    found = re.search(rf"'{re.escape(name)}': (\d+),", stderr)
    assert found, f"no {name} in the stats"
    return int(found.group(1))


def crawl(tmp_path: Path, profile: str, body: str) -> tuple[str, list[dict[str, object]]]:
    sites, out = tmp_path / "sites", tmp_path / "out"
    sites.mkdir()
    (sites / f"{profile}.toml").write_text(
        f'name = "{profile}"\ndomains = ["127.0.0.1"]\nlanguage = "en"\n{body}'
        f"[articles]\nallow = ['{ARTICLE_PATTERN}']\n",
        encoding="utf-8",
    )
    proc = run_cli("crawl", profile, "--sites", str(sites), "--output-dir", str(out),
                   "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "SPIDERMON_ENABLED=False")  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    (dataset,) = run_files(out, profile)
    return proc.stderr, read_jsonl(dataset)


def test_a_sitemap_only_profile_fetches_sitemaps_and_articles_only(tmp_path: Path) -> None:
    """Every article links to its section and tag pages; none of them is fetched."""
    root = tmp_path / "site"
    root.mkdir()
    with served_directory(root) as site:
        articles = build_site(site, 30)
        stderr, records = crawl(
            tmp_path,
            "maponly",
            f'[start]\nsitemaps = ["{site.base_url}/sitemap_index.xml"]\nrobots_sitemaps = false\n',
        )
    sitemaps = sorted(f"/{p.name}" for p in root.glob("sitemap*.xml"))
    assert len(sitemaps) == 3  # the index, one article sitemap, the news sitemap
    paths = [a.removeprefix(site.base_url) for a in articles]
    # robots.txt once: Scrapy's own check (ROBOTSTXT_OBEY), not a discovery.
    assert sorted(site.hits) == sorted(["/robots.txt", *sitemaps, *paths])
    assert stat(stderr, "downloader/request_count") == 1 + len(sitemaps) + len(articles)
    assert sorted(str(r["url"]) for r in records) == sorted(articles)
    assert all(r["title"] for r in records)


def test_start_pages_without_follow_give_their_articles_only(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    with served_directory(root) as site:
        build_site(site, 30)
        front = (root / "section" / "world" / "index.html").read_text("utf-8")
        linked = sorted(set(re.findall(r'href="(/news/[^"]+)"', front)))
        stderr, records = crawl(
            tmp_path,
            "frontonly",
            f'[start]\npages = ["{site.base_url}/section/world/"]\nrobots_sitemaps = false\n',
        )
    assert linked and all("/news/world/" in p for p in linked)
    assert sorted(site.hits) == sorted(["/robots.txt", "/section/world/", *linked])
    assert sorted(str(r["url"]) for r in records) == [site.base_url + p for p in linked]
    assert "'archiver/page_type/listing': 1," in stderr


def test_follow_switch_in_the_profile() -> None:
    def profile(text: str) -> SiteProfile:
        return SiteProfile.from_dict(
            tomllib.loads(
                'domains = ["news.test"]\n' + text + '[start]\npages = ["https://news.test/"]\n'
            ),
            source="p.toml",
            default_name="p",
        )

    assert profile("").follow is False
    assert profile("follow = true\n").follow is True
    assert profile("follow = false\n").follow is False
    with_table = SiteProfile.from_dict(
        {"domains": ["news.test"], "start": {"pages": ["https://news.test/"]}, "follow": {}},
        source="p.toml",
        default_name="p",
    )
    assert with_table.follow is True
    with pytest.raises(ProfileError, match=r"p\.toml: follow must be true, false or a"):
        profile('follow = "yes"\n')
    assert SiteProfile.for_url("https://news.test/").follow is True
