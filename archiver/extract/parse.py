"""Bytes to one lxml tree, refusing what is not an HTML page."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import is_dubious_html, repair_faulty_html

from archiver.extract.decode import decode_html
from archiver.extract.errors import ExtractionError

MAX_PAGE_BYTES = 15_000_000
_HTML_MARKERS = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)\b", re.I)

# trafilatura's parser settings, with element classes chosen in C: lxml.html's own lookup
# is a Python call for every element proxy, and trafilatura's XPath pruning makes
# hundreds of thousands of them per page set. Only lxml.html's form-control classes are
# lost (plain HtmlElement instead), whose methods nothing here or in trafilatura uses.
_PARSER = lxml_html.HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement,
        comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity,
    )
)


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


def _from_bytes(text: str) -> lxml_html.HtmlElement | None:
    try:
        return lxml_html.fromstring(text.encode("utf8", "surrogatepass"), parser=_PARSER)
    except Exception:  # as trafilatura: any parser failure means no tree
        return None


def load_html(text: str) -> lxml_html.HtmlElement | None:
    """``trafilatura.load_html`` for decoded text, step for step, on the parser above."""
    beginning = text[:50].lower()
    dubious = is_dubious_html(beginning)
    text = repair_faulty_html(text, beginning)
    tree, from_bytes = None, False
    try:
        tree = lxml_html.fromstring(text, parser=_PARSER)
    except ValueError:  # a str declaring its encoding: lxml wants bytes
        tree, from_bytes = _from_bytes(text), True
    except Exception:  # as trafilatura: retried from bytes below
        tree = None
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _from_bytes(text)
    if tree is not None and dubious and len(tree) < 2:
        return None  # not (well-formed) HTML at all
    return tree


def parse_page(body: bytes | str, content_type: str | None = None) -> lxml_html.HtmlElement:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    check_body(raw)
    text, _ = decode_html(body, content_type)
    tree = load_html(text)
    if tree is None:
        raise ExtractionError("not_html", "the HTML parser found no document")
    return tree
