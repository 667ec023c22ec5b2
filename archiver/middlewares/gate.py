"""The one gate every request of a crawl passes before anything is fetched.

A site decides which URLs the crawler sees: robots.txt ``Sitemap:`` lines, sitemap
indexes, feeds, links, redirects and meta refreshes. Whatever names them, a request is
fetched only if

- its scheme is http or https (Scrapy would otherwise read ``file://`` URLs from disk,
  and ``s3://``, ``ftp://``, ``data:`` through their own handlers);
- its host is one of the site's domains or a subdomain of one (redirects included:
  an off-site redirect is refused like an off-site link);
- its host name does not resolve to a private, loopback, link-local, reserved or
  multicast address (a site cannot point the crawler at the machine's own services,
  its network or a cloud metadata endpoint).

A host the user names themselves as an address or ``localhost`` (a start URL such as
``http://127.0.0.1:8080/``, or a profile domain written that way) is their choice and is
not resolved. Each refusal is one skip (``archiver/skipped/refused_<why>``, a ledger line)
and an ``IgnoreRequest``.

It replaces Scrapy's ``OffsiteMiddleware`` at the same place (50, before robots.txt is
asked, so no robots.txt of a refused host is fetched either) and keeps its host matching
and its check at scheduling time, so refused requests never reach the scheduler. Scrapy's
middleware lets ``dont_filter`` and ``allow_offsite`` requests through and knows nothing of
schemes or addresses, which a gate against hostile sites cannot allow. A redirect or a
meta refresh makes a new request, which passes the gate again.

Host names are resolved through the object named by ``ARCHIVER_GATE_RESOLVER``. The
default asks the reactor's resolver, which is the one the downloader connects with:
Scrapy's caching resolver (``DNSCACHE_ENABLED``) then hands the downloader the very
address checked here, so a name cannot resolve to a public address for the check and a
private one for the connection.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object

from archiver.meta import ROLE
from archiver.skips import skip_page

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

SCHEMES = ("http", "https")
LOCAL_NAMES = ("localhost",)


class Refused(IgnoreRequest):
    """The gate refused the request: already counted and sent to the ledger."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class Resolver(Protocol):
    """What the gate needs of a resolver: the addresses of a host name."""

    async def addresses(self, host: str) -> list[str]: ...


class ReactorResolver:
    """The reactor's resolver: Scrapy installs its caching resolver there
    (``TWISTED_DNS_RESOLVER``), which the downloader's connections use too."""

    async def addresses(self, host: str) -> list[str]:
        from twisted.internet import reactor

        address = await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[arg-type]
        return [str(address)]


def is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def is_public(address: str) -> bool:
    """A global unicast address (IPv4-mapped IPv6 judged by its IPv4 address)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def normalise_host(host: str) -> str:
    return host.strip().lower().rstrip(".")


def site_domains(spider: Spider) -> tuple[str, ...]:
    """The hosts a crawl may fetch from: the profile's domains, the hosts of the start
    URLs, and a spider's ``allowed_domains``. A ``www.`` domain also admits the bare
    domain, the usual target of a site's own redirects."""
    found: list[str] = []
    profile = getattr(spider, "profile", None)
    if profile is not None:
        found.extend(profile.domains)
    found.extend(urlsplit(u).hostname or "" for u in getattr(spider, "start_urls", ()) or ())
    found.extend(getattr(spider, "allowed_domains", None) or ())
    domains: list[str] = []
    for raw in found:
        host = normalise_host(str(raw or ""))
        for name in (host, host.removeprefix("www.")):
            if name and name not in domains:
                domains.append(name)
    return tuple(domains)


class UrlGate(OffsiteMiddleware):
    def __init__(self, crawler: Crawler, resolver: Resolver, allow_private: bool) -> None:
        super().__init__(crawler.stats)
        self.crawler = crawler
        self.resolver = resolver
        self.allow_private = allow_private
        # Replays (and other recorded sources) fetch nothing: only the scheme is checked,
        # and no name is resolved.
        self.replay = bool(crawler.settings.getlist("ARCHIVER_REPLAY")) or crawler.settings.getbool(
            "ARCHIVER_RECORDED_SOURCE"
        )
        self.domains: tuple[str, ...] = ()
        self.named: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UrlGate:
        settings = crawler.settings
        resolver = build_from_crawler(load_object(settings["ARCHIVER_GATE_RESOLVER"]), crawler)
        gate = cls(crawler, resolver, settings.getbool("ARCHIVER_GATE_ALLOW_PRIVATE"))
        crawler.signals.connect(gate.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(gate.request_scheduled, signal=signals.request_scheduled)
        return gate

    # Scrapy's host matching, on the site's domains rather than ``allowed_domains`` alone.

    def spider_opened(self, spider: Spider) -> None:
        self.domains = () if self.replay else site_domains(spider)
        self.named = frozenset(d for d in self.domains if is_address(d) or d in LOCAL_NAMES)
        self.host_regex = self.get_host_regex(spider)

    def get_host_regex(self, spider: Spider) -> re.Pattern[str]:
        if not self.domains:
            return re.compile("")  # no domains known (a replay): any host
        return re.compile(rf"^(.*\.)?({'|'.join(re.escape(d) for d in self.domains)})$")

    def should_follow(self, request: Request, spider: Spider) -> bool:
        host = normalise_host(urlparse_cached(request).hostname or "")
        return bool(host) and bool(self.host_regex.search(host))

    # The checks.

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        """Refuse before the scheduler (and JOBDIR) ever hold the request."""
        self._check_url(request)

    async def process_request(  # type: ignore[override]  # Scrapy awaits it
        self, request: Request, spider: Spider | None = None
    ) -> None:
        self._check_url(request)
        if self.replay:
            return
        host = normalise_host(urlparse_cached(request).hostname or "")
        if host in self.named or self.allow_private:
            return
        addresses = [host] if is_address(host) else await self.resolver.addresses(host)
        private = [a for a in addresses if not is_public(a)]
        if private:
            self._refuse(
                request,
                "refused_private_address",
                f"{host} resolves to {private[0]}, not a public address",
            )

    def _check_url(self, request: Request) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in SCHEMES:
            self._refuse(request, "refused_scheme", f"{parts.scheme or 'no'} scheme: not http(s)")
        assert self.crawler.spider is not None
        if not self.should_follow(request, self.crawler.spider):
            host = parts.hostname or "no host"
            self._refuse(request, "refused_offsite", f"{host} is not one of the site's domains")

    def _refuse(self, request: Request, reason: str, message: str) -> None:
        chain = request.meta.get("redirect_urls") or ()
        if chain:
            message = f"{message}; redirected from {chain[0]}"
        role = request.meta.get(ROLE)
        if role:
            message = f"{role}: {message}"
        level = logging.INFO if reason == "refused_offsite" else logging.WARNING
        skip_page(self.crawler, url=request.url, reason=reason, message=message, level=level)
        raise Refused(reason, f"{reason}: {request.url}: {message}")
