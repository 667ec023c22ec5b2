"""Date comparison as the corpus READMEs define it: the day, and the minute where known."""

from __future__ import annotations

from datetime import date, datetime


def parse_iso(value: str | None) -> date | datetime | None:
    """An ISO 8601 date or datetime; anything else is None (and scores as wrong)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def day_correct(prediction: str | None, gold: str) -> bool:
    """Same written day, or, when both carry an offset, same day once put in gold's offset."""
    pred, truth = parse_iso(prediction), parse_iso(gold)
    if pred is None or truth is None:
        return False
    if _day(pred) == _day(truth):
        return True
    if (
        isinstance(pred, datetime)
        and isinstance(truth, datetime)
        and pred.tzinfo is not None
        and truth.tzinfo is not None
    ):
        return pred.astimezone(truth.tzinfo).date() == truth.date()
    return False


def has_time(value: str) -> bool:
    parsed = parse_iso(value)
    return isinstance(parsed, datetime) and (parsed.hour, parsed.minute, parsed.second) != (0, 0, 0)


def minute_correct(prediction: str | None, gold: str) -> bool:
    """For gold values with a time: instants when both have offsets, else wall-clock minutes."""
    pred, truth = parse_iso(prediction), parse_iso(gold)
    if not isinstance(pred, datetime) or not isinstance(truth, datetime):
        return False
    if pred.tzinfo is not None and truth.tzinfo is not None:
        return abs((pred - truth).total_seconds()) < 60 and pred.astimezone(truth.tzinfo).replace(
            second=0, microsecond=0
        ) == truth.replace(second=0, microsecond=0)
    return pred.replace(tzinfo=None, second=0, microsecond=0) == truth.replace(
        tzinfo=None, second=0, microsecond=0
    )
