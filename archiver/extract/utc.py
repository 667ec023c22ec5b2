"""A date's UTC instant: the one column every reader can load with a single type.

``date_published`` keeps the page's own local form (a day, or a wall-clock time with the
offset the page gave), which no reader can load as one type: pandas refuses a mix of
days, offsets and offset-less times, Arrow infers a different type per file. The rule:

- a time with an offset (``2015-11-17T20:41:00+01:00``) gives its instant in UTC with
  ``Z`` (``2015-11-17T19:41:00Z``, RFC 3339, fractional seconds kept when given);
- a day, a month or a year only, or a wall-clock time the page gave no zone for, gives
  null: the instant is unknown, and inventing a zone would make it look known.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_instant(value: str | None) -> str | None:
    """``value`` (a record's ISO 8601 date) as an RFC 3339 UTC instant, or None."""
    if not value or "T" not in value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    instant = moment.astimezone(UTC).replace(tzinfo=None)
    spec = "microseconds" if instant.microsecond else "seconds"
    return instant.isoformat(timespec=spec) + "Z"
