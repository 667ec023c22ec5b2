"""Bytes to text: the page's declared encoding first, then a guess for undeclared ones.

w3lib (Scrapy's own decoder) already reads the BOM, the Content-Type header and the
``<meta charset>`` tag, and maps ISO-8859-1 to windows-1252 as browsers do; only the
fallback for pages that declare nothing is ours, and the check that a declaration is
true: a page labelled ISO-8859-1 whose bytes are UTF-8 (or labelled UTF-8 whose bytes are
not) is read with the encoding that fits, and ``charset_problem`` says so for the record.
"""

from __future__ import annotations

import re

from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
)

_LABEL = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_WIDE = ("utf-16", "utf-32")  # their bytes are never valid UTF-8 text anyway


def _guess_undeclared(body: bytes) -> str:
    # Undeclared pages are either UTF-8 or, on older European sites, windows-1252.
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _label(body: bytes, content_type: str | None) -> str:
    """The encoding name as the page wrote it (w3lib hands back its own normalised name)."""
    if content_type and http_content_type_encoding(content_type):
        found = _LABEL.search(content_type.encode("latin-1", "replace"))
    else:
        found = _LABEL.search(body[:4096])
    return found.group(1).decode("ascii").lower() if found else "?"


def _override(body: bytes, content_type: str | None) -> tuple[str, str] | None:
    """(encoding, why) when the declared encoding does not fit the bytes; None when it
    does, or when nothing is declared."""
    if read_bom(body)[0]:
        return None
    declared = http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    if not declared or declared.startswith(_WIDE):
        return None
    utf8 = _is_utf8(body)
    if declared == "utf-8":
        if utf8:
            return None
        return "cp1252", f"declared {_label(body, content_type)}, read as windows-1252"
    # Valid UTF-8 with non-ASCII bytes is almost never legacy-encoded text: in windows-1252
    # it would need pairs such as "Ã©" throughout. Mojibake is what the label would give.
    if utf8 and not body.isascii():
        return "utf-8", f"declared {_label(body, content_type)}, read as utf-8"
    try:
        body.decode(declared)
    except (UnicodeDecodeError, LookupError):
        fallback = "utf-8" if utf8 else "cp1252"
        return fallback, f"declared {_label(body, content_type)}, read as {fallback}"
    return None


def charset_problem(body: bytes | str, content_type: str | None = None) -> str | None:
    """Why the page was not read in its declared encoding, for the record's ``problems``."""
    if isinstance(body, str):
        return None
    found = _override(body, content_type)
    return f"charset: {found[1]}" if found else None


def decode_html(body: bytes | str, content_type: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` for a page body and its Content-Type header (if any)."""
    if isinstance(body, str):
        return body, "unicode"
    found = _override(body, content_type)
    if found is not None:
        return body.decode(found[0], errors="replace"), found[0]
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_guess_undeclared)
    return text, encoding
