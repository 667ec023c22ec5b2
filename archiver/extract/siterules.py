"""Per-site extraction rules: selectors for sites whose layout defeats the generic extractor.

A site profile supplies these as plain data (a mapping read from its TOML file); extraction
only consumes them. Every field is optional and each selector is either CSS or, when it
starts with ``/`` or ``(``, XPath. A rule that matches nothing falls back to the generic
extractor, so a redesign degrades to the default instead of to an empty record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html

_BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd"}
_DROP = {"script", "style", "noscript", "template", "figure", "figcaption", "aside", "button"}


@dataclass(frozen=True)
class SiteRules:
    """Selectors for one site; empty tuples mean "use the generic extractor"."""

    body: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    drop: tuple[str, ...] = field(default=())  # removed from the body before its text is read

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any] | None) -> SiteRules | None:
        """Build from a profile's ``[extract]`` table: strings or lists of strings."""
        if not raw:
            return None

        def sel(key: str) -> tuple[str, ...]:
            value = raw.get(key) or ()
            return (value,) if isinstance(value, str) else tuple(str(v) for v in value)

        return cls(body=sel("body"), title=sel("title"), authors=sel("authors"), drop=sel("drop"))


def select(tree: lxml_html.HtmlElement, selector: str) -> list[etree._Element]:
    """Elements matching a CSS or XPath selector; a bad selector matches nothing."""
    try:
        if selector.startswith(("/", "(", "./")):
            found = tree.xpath(selector)
        else:
            found = tree.cssselect(selector)
    except (etree.XPathError, ValueError, SyntaxError, RuntimeError):
        # cssselect raises SyntaxError and RuntimeError subclasses for selectors it rejects
        return []
    return [el for el in found if isinstance(el, etree._Element)]


def _block_texts(el: etree._Element) -> list[str]:
    """The element's text split at block boundaries, so paragraphs stay paragraphs."""
    if el.tag in _BLOCKS or not any(child.tag in _BLOCKS for child in el.iter()):
        text = " ".join(el.text_content().split()) if hasattr(el, "text_content") else ""
        return [text] if text else []
    out: list[str] = []
    for child in el:
        if isinstance(child.tag, str):
            out.extend(_block_texts(child))
    return out


def select_text(
    tree: lxml_html.HtmlElement, selectors: tuple[str, ...], drop: tuple[str, ...] = ()
) -> list[str]:
    """Paragraph texts of the first selector that matches, in document order."""
    for selector in selectors:
        found = select(tree, selector)
        if not found:
            continue
        out: list[str] = []
        for el in found:
            el = _copy(el)
            for junk in [e for e in el.iter() if e.tag in _DROP]:
                junk.drop_tree()
            for rule in drop:
                for junk in select(el, rule):
                    junk.drop_tree()
            out.extend(_block_texts(el))
        if out:
            return out
    return []


def _copy(el: etree._Element) -> lxml_html.HtmlElement:
    # select_text must not prune the caller's tree, which the date resolver reads after us
    return lxml_html.fromstring(lxml_html.tostring(el, encoding="unicode"))
