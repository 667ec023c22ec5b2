"""Bytes to one lxml tree, refusing what is not an HTML page."""

from __future__ import annotations

import re

from lxml import html as lxml_html
from trafilatura import load_html

from archiver.extract.decode import decode_html
from archiver.extract.errors import ExtractionError

MAX_PAGE_BYTES = 15_000_000
_HTML_MARKERS = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)\b", re.I)


def check_body(body: bytes) -> None:
    """Raise ExtractionError for bodies no extractor should see."""
    if not body.strip():
        raise ExtractionError("empty", "empty body")
    if len(body) > MAX_PAGE_BYTES:
        raise ExtractionError("too_large", f"body of {len(body)} bytes exceeds {MAX_PAGE_BYTES}")
    head = body[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractionError("binary", "binary body (NUL bytes), not an HTML page")
    if not _HTML_MARKERS.search(body[:65536]):
        raise ExtractionError("not_html", "no HTML markup in the first 64 KiB")


def parse_page(body: bytes | str, content_type: str | None = None) -> lxml_html.HtmlElement:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    check_body(raw)
    text, _ = decode_html(body, content_type)
    tree = load_html(text)
    if tree is None:
        raise ExtractionError("not_html", "the HTML parser found no document")
    return tree
