"""Every date signal a page carries, with its kind, raw text and (if unusable) the reason.

A signal is evidence, not a decision: resolution (``resolve.py``) weighs them. Collecting
reads the tree and never changes it (the body extractor gets the same tree afterwards).
Each family lives in its own module; this one names them together.
"""

from __future__ import annotations

from archiver.extract.dates.evidence import MODIFIED, PUBLISHED, UNKNOWN, Signal, Tier
from archiver.extract.dates.machine import from_hints, from_jsonld_text, from_structured
from archiver.extract.dates.markup import from_markup, in_boilerplate
from archiver.extract.dates.pagetext import PageText, visible_text
from archiver.extract.dates.text import from_text
from archiver.extract.dates.url import from_url

__all__ = [
    "MODIFIED",
    "PUBLISHED",
    "UNKNOWN",
    "PageText",
    "Signal",
    "Tier",
    "from_hints",
    "from_jsonld_text",
    "from_markup",
    "from_structured",
    "from_text",
    "from_url",
    "in_boilerplate",
    "visible_text",
]
