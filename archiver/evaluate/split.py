"""A deterministic split of a dev corpus by site into a *look* part and a *check* part.

Failures are read only on the look part; a change is kept only when the check part, whose
pages nobody reads, improves too. The split is by site (host without ``www.``), so a rule
fitted to one site's pages cannot help its score on the other part. The hash is salted:
the corpora were themselves split from their held-out halves by an unsalted sha1 of the
site, which would put every dev site on one side.
"""

from __future__ import annotations

import argparse
import hashlib
from urllib.parse import urlsplit

SPLITS = ("look", "check")
_SALT = b"archiver-look-check:"


def site_of(url: str) -> str:
    host = (urlsplit(url).hostname or url).lower()
    return host[4:] if host.startswith("www.") else host


def split_of(url_or_site: str) -> str:
    """``look`` or ``check`` for a page URL (or a bare site name)."""
    site = site_of(url_or_site) if "/" in url_or_site else url_or_site.lower()
    digest = hashlib.sha1(_SALT + site.encode("utf-8")).digest()
    return SPLITS[digest[0] & 1]


def add_split_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--split",
        choices=SPLITS,
        help="score only the look part or the check part of the corpus (split by site)",
    )


def in_split(url_or_site: str, split: str | None) -> bool:
    return split is None or split_of(url_or_site) == split
