import logging

import pytest
from scrapy.utils.test import get_crawler

from archiver.skips import page_skipped, skip_page


def test_skip_page_counts_logs_and_signals(caplog: pytest.LogCaptureFixture) -> None:
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    seen: list[dict] = []

    def receive(**kw: object) -> None:
        seen.append(kw)

    # Scrapy keeps weak references to receivers: a lambda would be collected at once.
    crawler.signals.connect(receive, signal=page_skipped)
    with caplog.at_level(logging.INFO, logger="archiver.skips"):
        skip_page(crawler, url="http://a.example/x", reason="not_html", status=200)
        skip_page(crawler, url="http://a.example/y", reason="not_html", message="image/png")
    assert crawler.stats.get_value("archiver/skipped/not_html") == 2
    assert [(s["url"], s["reason"], s.get("status")) for s in seen] == [
        ("http://a.example/x", "not_html", 200),
        ("http://a.example/y", "not_html", None),
    ]
    assert "skipped http://a.example/y: not_html (image/png)" in caplog.text
