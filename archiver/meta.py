"""Every ``Request.meta`` / ``Response.meta`` key archiver sets or reads, in one place.

Each key is documented the way Scrapy documents its own (``download_maxsize``,
``redirect_urls``...): who sets it, who reads it, what it holds. Values are plain data
(strings, numbers, dicts of strings), so a request survives a JOBDIR disk queue: pickled
on the way in, a copy on the way out. Nothing in a request's meta is shared with anything
else: a component that wants to change what a request carries changes that request's own
value.

This module imports nothing, so middlewares, transports and spiders all reach it without
importing one another.

Scrapy's own keys that archiver reads or sets: ``download_maxsize`` (set on sitemap
requests by ``archiver.middlewares.limits``), ``redirect_urls`` (read by the gate and the
redirect-loop check), ``retry_times`` (read for failure messages), ``dont_filter`` is a
``Request`` argument, not a meta key.
"""

from __future__ import annotations

from typing import Final

# -- What a request is for (set by the spiders) ------------------------------------------

ROLE: Final = "archiver_role"
"""``str``: what the response is fetched for: ``"robots.txt"``, ``"sitemap"``, ``"feed"``,
``"start page"``, ``"listing"``, ``"article"``; absent for ``-a urls=`` pages and replays
(read as ``"page"``). Set by the news spider on every request it makes for a site crawl;
read by its ``fetch_failed`` (messages, and which failures go to the ledger), by
``archiver.middlewares.limits`` (sitemap depth) and by ``archiver.middlewares.gate``
(the ledger message of a refused request)."""

START: Final = "archiver_start"
"""``bool``: the request is one of the profile's start points (``[start]`` pages, sitemaps,
feeds). Set by the news spider; read by it to count ``archiver/discovery/start_points_ok``
and to read feeds announced in a start page's head."""

ARTICLE: Final = "archiver_article"
"""``bool``: an article fetch, as the profile's URL patterns classify it. Set by the news
spider; read by ``archiver.incremental.middleware``, which touches only these requests
(skip when unchanged, conditional request headers)."""

SITEMAP_DEPTH: Final = "archiver_sitemap_depth"
"""``int``: index hops between a sitemap request and the start point that led to it (0 for
the start point itself). Set and read by ``archiver.middlewares.limits``
(``ARCHIVER_SITEMAP_MAX_DEPTH``)."""

CONDITIONAL: Final = "archiver_conditional"
"""``bool``: ``If-None-Match`` or ``If-Modified-Since`` was added to the request, so a 304
means "unchanged". Set and read by ``archiver.incremental.middleware``."""

# -- What the crawl knew of the page before fetching it ----------------------------------

HINTS: Final = "archiver_hints"
"""``dict[str, str]``: date and language signals found before the page was fetched
(``sitemap_lastmod``, ``news_publication_date``, ``news_title``, ``feed_published``,
``site_language``...), for extraction. Set by the news spider when a sitemap or feed lists
the page: each request owns its dict; what later discoveries of the same URL find waits
in ``archiver.discovery.pending`` and joins it when the page is parsed. Set by replay from
the WARC's hints records; by the Common Crawl spider (``site_language``). Read by the WARC
capture (written beside the response), by ``archiver.incremental`` (``sitemap_lastmod``)
and by the spider's ``parse_page`` (into ``Page.hints``)."""

SITE_RULES: Final = "archiver_site_rules"
"""``dict``: the site profile that extracts this page, as
``{"profile": NAME, "version": VERSION, "extract": {...}}`` (``SiteProfile.site_rules()``;
``extract`` is the profile's ``[extract]`` table). Set by the news spider on article
requests of a site crawl; by replay from the WARC's metadata record, or from the profile
of ``--sites DIR`` for the page's host; by the Common Crawl spider from the profile of
the page's host. Read by the WARC capture (written beside the response, so that a replay
extracts with the same rules) and by ``parse_page`` (into ``Page.site_rules`` and the
record's ``site_profile`` / ``site_profile_version``)."""

# -- Where the answer came from (transports) ---------------------------------------------

REPLAY_KEY: Final = "archiver_replay_key"
"""``str``: the recorded entry that answers this request (a fixture folder, or
``file.warc.gz#offset``). Set by replay's and Common Crawl's start requests; read by the
replay cache storage (``archiver.transport.storage``). Without it, the first entry of the
request's URL answers."""

SOURCE: Final = "source"
"""``str``: where the page came from, for messages and ledger lines (a fixture folder, a
WARC offset); absent on a live crawl, where the URL says it. Set by replay's and Common
Crawl's start requests; read by ``parse_page`` (``Page.source``)."""

FETCHED_AT: Final = "archiver_fetched_at"
"""``str`` (ISO 8601): the capture moment of the response: the WARC-Date of a live crawl's
capture (set by ``archiver.warc.middleware``), or the recorded ``fetched_at`` of a
replayed entry (set by ``archiver.transport.storage``). Read by the spider's
``capture_moment``; relative dates on the page resolve against it."""

RECORD_EXTRA: Final = "archiver_record_extra"
"""``dict[str, Any]``: fields copied into the record as they are: ``warc_file``,
``warc_record_id``, ``warc_offset``. Set by the WARC capture (the record it just wrote),
by replay and Common Crawl (the record read); read by ``parse_page`` (``Page.extra``)."""

CC_TASK: Final = "archiver_cc_task"
"""``str``: the Common Crawl task (file) a streamed record came from. Set and read by
``archiver.commoncrawl.source`` to know when a file is done."""

CC_OFFSET: Final = "archiver_cc_offset"
"""``int``: the streamed record's offset in its Common Crawl file. Set and read by
``archiver.commoncrawl.source``."""
