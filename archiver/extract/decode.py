"""Bytes to text: the page's declared encoding first, then a guess for undeclared ones.

w3lib (Scrapy's own decoder) already reads the BOM, the Content-Type header and the
``<meta charset>`` tag, and maps ISO-8859-1 to windows-1252 as browsers do; only the
fallback for pages that declare nothing is ours.
"""

from __future__ import annotations

from w3lib.encoding import html_to_unicode


def _guess_undeclared(body: bytes) -> str:
    # Undeclared pages are either UTF-8 or, on older European sites, windows-1252.
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_html(body: bytes | str, content_type: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` for a page body and its Content-Type header (if any)."""
    if isinstance(body, str):
        return body, "unicode"
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_guess_undeclared)
    return text, encoding
