"""Scrapy's per-page check for generator callbacks that return a value is off
(WARN_ON_GENERATOR_RETURN_VALUE); this runs it once, here, on every callback."""

from __future__ import annotations

import inspect

from scrapy.utils.misc import is_generator_with_return_value

from archiver.spiders.news import NewsSpider


def test_no_callback_is_a_generator_that_returns_a_value() -> None:
    callbacks = [
        member
        for name, member in inspect.getmembers(NewsSpider, inspect.isfunction)
        if name.startswith(("parse", "start", "site_requests", "follow"))
    ]
    generators = [c for c in callbacks if inspect.isgeneratorfunction(c)]
    assert {c.__name__ for c in generators} >= {"parse_page", "parse_article", "parse_sitemap"}
    assert [c.__name__ for c in generators if is_generator_with_return_value(c)] == []


def test_the_check_finds_a_generator_that_returns_a_value() -> None:
    def parse(response: object) -> object:
        yield response
        return 1  # noqa: B901

    assert is_generator_with_return_value(parse)
