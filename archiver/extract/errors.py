"""Why a page gave no record. The reason string becomes a crawl-stats key."""

from __future__ import annotations


class ExtractionError(ValueError):
    """A page that cannot become a record (bad input, not a failure of the crawl)."""

    def __init__(self, reason: str, message: str) -> None:
        # Both in args, so the error survives pickling back from a worker process.
        super().__init__(reason, message)
        self.reason = reason  # short, stable: "empty", "binary", "not_html", "too_large"
        self.message = message

    def __str__(self) -> str:
        return self.message
