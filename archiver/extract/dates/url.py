"""Date signals in the page's URL: a dated path, or a status ID that encodes its instant."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from archiver.extract.dates.evidence import PUBLISHED, URL, URL_STATUS_ID, Signal, Tier
from archiver.extract.dates.normalize import Parsed, Rejected, check_calendar

_URL_DATE = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d{2})(?P<s>[/_.-]?)(?P<m>[01]\d)(?P=s)(?P<d>[0-3]\d)(?![\d])"
    r"|/(?P<y2>(?:19|20)\d{2})/(?P<m2>[01]?\d)/(?P<d2>[0-3]?\d)(?:/|$)"
    r"|/(?P<y3>(?:19|20)\d{2})/(?P<m3>[01]?\d)/"
    r"|(?<![\d])(?P<d4>[0-3]\d)-(?P<m4>[01]\d)-(?P<y4>(?:19|20)\d{2})(?![\d])"
)


# Status URLs of Twitter/X carry their creation instant in the ID (a "snowflake": the
# milliseconds since the service's epoch, shifted left 22 bits), exact to the millisecond.
_STATUS_HOSTS = ("twitter.com", "x.com")
_STATUS_PATH = re.compile(r"^/[^/]+/status(?:es)?/(\d{15,20})(?:/|$)")
_SNOWFLAKE_EPOCH_MS = 1288834974657


def _status_id_signal(url: str) -> Signal | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("mobile.")
    match = _STATUS_PATH.match(parts.path) if host in _STATUS_HOSTS else None
    if match is None:
        return None
    ms = (int(match[1]) >> 22) + _SNOWFLAKE_EPOCH_MS
    moment = datetime.fromtimestamp(ms // 1000, UTC)
    return Signal(URL_STATUS_ID, PUBLISHED, match[1], Tier.STRUCTURED, Parsed(moment, "second"))


def from_url(url: str) -> list[Signal]:
    path = urlsplit(url).path
    status = _status_id_signal(url)
    out: list[Signal] = [status] if status is not None else []
    for m in _URL_DATE.finditer(path):
        raw = m.group(0).strip("/")
        try:
            if m["y"] or m["y2"] or m["y4"]:
                if m["y"]:
                    y, mo, d = m["y"], m["m"], m["d"]
                elif m["y2"]:
                    y, mo, d = m["y2"], m["m2"], m["d2"]
                else:
                    y, mo, d = m["y4"], m["m4"], m["d4"]
                if m["y"] and not m["s"] and not re.search(r"(?:^|\D)" + raw + r"(?:\D|$)", path):
                    continue
                day = check_calendar(int(y), int(mo), int(d))
                out.append(Signal(URL, PUBLISHED, raw, Tier.LABELLED, Parsed(day, "day")))
            else:
                day = check_calendar(int(m["y3"]), int(m["m3"]), 1)
                out.append(Signal(URL, PUBLISHED, raw, Tier.RECOVERED, Parsed(day, "month")))
        except Rejected as exc:
            out.append(Signal(URL, PUBLISHED, raw, Tier.RECOVERED, rejected=str(exc)))
        break  # the first date in a path is the one the CMS put there
    return out
