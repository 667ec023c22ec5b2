"""The URL gate on its own: schemes, domains, and private addresses through a fake resolver.

Nothing here opens a connection: the gate is called directly, or (last test) a crawl runs
with a download handler that records requests instead of sending them.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from archiver.middlewares.gate import Refused, UrlGate, is_public, site_domains
from archiver.skips import page_skipped
from archiver.spiders.news import NewsSpider
from tests.conftest import ROOT, run_cli
from tests.hostile_tools import FAKE_DNS


class ReplaySpider(Spider):
    name = "replay"


def make_gate(
    urls: str, spidercls: type[Spider] = NewsSpider, **settings: object
) -> tuple[UrlGate, list[dict[str, object]]]:
    crawler = get_crawler(
        spidercls, {"ARCHIVER_GATE_RESOLVER": "tests.hostile_tools.FakeResolver", **settings}
    )
    crawler.spider = crawler._create_spider(urls=urls)
    crawler.stats.open_spider()
    gate = UrlGate.from_crawler(crawler)
    gate.spider_opened(crawler.spider)
    skips: list[dict[str, object]] = []

    def receive(**kw: object) -> None:
        skips.append(kw)

    crawler.signals.connect(receive, signal=page_skipped)
    gate._receiver = receive  # type: ignore[attr-defined]  # keep the weak reference alive
    return gate, skips


def refusal(gate: UrlGate, url: str, **meta: object) -> str | None:
    try:
        asyncio.run(gate.process_request(Request(url, meta=meta, dont_filter=True)))
    except Refused as exc:
        return exc.reason
    return None


def test_only_http_and_https_pass() -> None:
    gate, skips = make_gate("http://news.example/")
    assert refusal(gate, "file:///etc/passwd") == "refused_scheme"
    assert refusal(gate, "ftp://news.example/x") == "refused_scheme"
    assert refusal(gate, "data:text/html,<p>x</p>") == "refused_scheme"
    assert refusal(gate, "s3://bucket/key") == "refused_scheme"
    assert refusal(gate, "https://news.example/a.html") is None
    assert [s["url"] for s in skips] == [
        "file:///etc/passwd",
        "ftp://news.example/x",
        "data:text/html,%3Cp%3Ex%3C/p%3E",  # as Request quotes it
        "s3://bucket/key",
    ]
    stats = gate.crawler.stats
    assert stats.get_value("archiver/skipped/refused_scheme") == 4


def test_hosts_outside_the_site_are_refused_even_with_dont_filter() -> None:
    gate, skips = make_gate("http://www.news.example/")
    assert refusal(gate, "http://cdn.www.news.example/x") is None
    assert refusal(gate, "http://news.example/x") is None  # www. admits the bare domain
    assert refusal(gate, "http://news.example.evil.test/x") == "refused_offsite"
    assert refusal(gate, "http://evilnews.example/x") == "refused_offsite"
    assert refusal(gate, "http://other.test/", allow_offsite=True) == "refused_offsite"
    assert skips[0]["message"] == "news.example.evil.test is not one of the site's domains"


def test_an_offsite_redirect_names_where_it_came_from() -> None:
    gate, skips = make_gate("http://127.0.0.1:8000/")
    reason = refusal(
        gate, "http://127.0.0.2:8000/secret", redirect_urls=["http://127.0.0.1:8000/moved"]
    )
    assert reason == "refused_offsite"
    assert skips[0]["message"] == (
        "127.0.0.2 is not one of the site's domains; redirected from http://127.0.0.1:8000/moved"
    )


@pytest.mark.parametrize("host", sorted(FAKE_DNS))
def test_names_resolving_to_private_addresses_are_refused(host: str) -> None:
    gate, skips = make_gate(f"http://{host}/")
    assert refusal(gate, f"http://{host}/latest/meta-data/") == "refused_private_address"
    assert gate.resolver.asked == [host]  # type: ignore[attr-defined]
    assert skips[0]["message"] == f"{host} resolves to {FAKE_DNS[host]}, not a public address"
    assert gate.crawler.stats.get_value("archiver/skipped/refused_private_address") == 1


def test_a_name_resolving_to_a_public_address_passes() -> None:
    gate, _ = make_gate("http://news.example/")
    assert refusal(gate, "http://news.example/a.html") is None
    assert gate.resolver.asked == ["news.example"]  # type: ignore[attr-defined]


def test_hosts_the_user_names_as_addresses_are_theirs() -> None:
    gate, _ = make_gate("http://127.0.0.1:8000/,http://localhost:9000/,http://[::1]:80/")
    assert refusal(gate, "http://127.0.0.1:8000/a") is None
    assert refusal(gate, "http://localhost:9001/b") is None
    assert refusal(gate, "http://[::1]/c") is None
    assert gate.resolver.asked == []  # type: ignore[attr-defined]
    # A name under localhost is not what the user named: it is resolved like any other.
    assert refusal(gate, "http://evil.localhost/") == "refused_private_address"


def test_a_setting_allows_private_addresses_for_an_intranet() -> None:
    gate, _ = make_gate("http://intranet.test/", ARCHIVER_GATE_ALLOW_PRIVATE=True)
    assert refusal(gate, "http://intranet.test/a") is None


def test_replays_check_schemes_and_resolve_nothing() -> None:
    # (A plain spider: the news spider switches replay settings on itself, at start.)
    gate, _ = make_gate("", ReplaySpider, ARCHIVER_REPLAY=["x.warc.gz"])
    assert refusal(gate, "http://intranet.test/a") is None
    assert refusal(gate, "file:///etc/passwd") == "refused_scheme"
    assert gate.resolver.asked == []  # type: ignore[attr-defined]


def test_refused_at_scheduling_time_too() -> None:
    gate, _ = make_gate("http://news.example/")
    assert gate.crawler.spider is not None
    with pytest.raises(IgnoreRequest):
        gate.request_scheduled(Request("file:///etc/hostname"), gate.crawler.spider)


def test_address_classes() -> None:
    assert [is_public(a) for a in ("8.8.8.8", "2001:4860::8888")] == [True, True]
    private = ("0.0.0.0", "127.0.0.2", "169.254.169.254", "10.0.0.1", "172.16.0.1",
               "192.168.0.1", "100.64.0.1", "192.0.2.1", "224.0.0.1", "::1", "fe80::1",
               "fd00::1", "::ffff:127.0.0.1", "not an address")  # fmt: skip
    assert [a for a in private if is_public(a)] == []


def test_site_domains_from_profile_and_start_urls() -> None:
    crawler = get_crawler(NewsSpider)
    spider = crawler._create_spider(urls="http://WWW.Example.org:8080/,http://127.0.0.1:1/")
    assert site_domains(spider) == ("www.example.org", "example.org", "127.0.0.1")


def test_private_start_points_of_a_crawl_are_never_fetched(tmp_path: Path) -> None:
    """A whole crawl whose profile names hosts that resolve to private addresses: the
    download handler (which records instead of connecting) is never called, not even for
    robots.txt, and each start point is one counted refusal."""
    sites, out, downloads = tmp_path / "sites", tmp_path / "out", tmp_path / "downloads"
    sites.mkdir()
    (sites / "inside.toml").write_text(
        'domains = ["metadata.test", "intranet.test", "router.test"]\n'
        '[start]\npages = ["http://metadata.test/latest/", "http://intranet.test/",'
        ' "http://router.test/admin"]\n',
        encoding="utf-8",
    )
    handler = "tests.hostile_tools.RecordingHandler"
    os.environ["ARCHIVER_TEST_DOWNLOADS"] = str(downloads)
    try:
        proc = run_cli(
            "crawl", "inside", "--sites", str(sites), "--output-dir", str(out),
            "-s", "ARCHIVER_GATE_RESOLVER=tests.hostile_tools.FakeResolver",
            "-s", f'DOWNLOAD_HANDLERS={json.dumps({"http": handler, "https": handler})}',
            cwd=ROOT,
        )  # fmt: skip
    finally:
        del os.environ["ARCHIVER_TEST_DOWNLOADS"]
    assert not downloads.exists(), downloads.read_text()
    # Three start pages and their three robots.txt; nothing else is skipped or failed.
    assert "6 skipped (refused_private_address=6)," in proc.stderr, proc.stderr[-3000:]
    assert (
        "skipped http://metadata.test/latest/: refused_private_address (start page: "
        "metadata.test resolves to 169.254.169.254, not a public address)"
    ) in proc.stderr
    assert "skipped http://router.test/robots.txt: refused_private_address" in proc.stderr
    # Neither of Scrapy's code-running consoles is listening.
    assert "Telnet console listening" not in proc.stderr
    assert "Remote control HTTP server listening" not in proc.stderr
    assert proc.returncode == 1  # no start point could be fetched


RESOLVE_SCRIPT = """
import asyncio
from twisted.internet import asyncioreactor
asyncioreactor.install()
from twisted.internet import defer, reactor
from archiver.middlewares.gate import ReactorResolver

async def main():
    print(await ReactorResolver().addresses("localhost"))

d = defer.Deferred.fromFuture(asyncio.ensure_future(main()))
d.addBoth(lambda _: reactor.stop())
reactor.run()
"""


def test_the_default_resolver_asks_the_reactor() -> None:
    # "localhost" is answered from /etc/hosts: no query leaves the machine.
    proc = subprocess.run(
        [sys.executable, "-c", RESOLVE_SCRIPT], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.stdout.strip() == "['127.0.0.1']", proc.stderr[-2000:]
