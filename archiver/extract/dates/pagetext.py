"""The page's visible text in reading order, with where its date elements, boilerplate
and ``<article>``/``<main>`` are: what the text signals are read from."""

from __future__ import annotations

from copy import deepcopy as copy_tree
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from archiver.extract.dates.markup import (
    _DATEISH,
    DATE_ELEMENT_MAX,
    _boilerplate_verdict,
    _marks_boilerplate,
)

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "title", "option", "select"}
_BLOCK = set(
    [
        "p",
        "div",
        "li",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "time",
        "span",
        "td",
        "dd",
        "dt",
        "figcaption",
    ]
)


TEXT_LIMIT = 200_000


@dataclass
class PageText:
    """The page's readable text in reading order, and where date-classed elements are in it."""

    text: str
    # (start, end, element, in boilerplate) of short elements whose class says "date"
    date_elements: list[tuple[int, int, Any, bool]]
    # (start, end) of the outermost sidebars, comments, menus
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    # (start, end) of the outermost <article> and <main> elements
    articles: list[tuple[int, int]] = field(default_factory=list)

    def in_article(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.articles)

    def in_boilerplate(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.boilerplate)

    def element_text(self, pos: int) -> str | None:
        """The whole text of the innermost date element at ``pos`` outside boilerplate."""
        for start, end, _, boiler in self.date_elements:
            if start <= pos < end:
                return None if boiler else " ".join(self.text[start:end].split())
        return None

    def element_at(self, pos: int) -> tuple[Any, bool] | None:
        # Children are recorded before their parents: the first hit is the innermost.
        for start, end, el, boiler in self.date_elements:
            if start <= pos < end:
                return el, boiler
        return None


_MAIN = ("article", "main")


def visible_text(tree: lxml_html.HtmlElement) -> PageText:
    """One pass over the tree (read only). Sidebars stay in the text: cutting them loses
    more page dates than it removes noise; their date elements are marked instead.

    The hottest loop of date extraction: lxml's iterwalk rather than recursion, and the
    class/id verdicts cached, since templates repeat a few class names many times."""
    walk = _TextWalk()
    walker = etree.iterwalk(_readable_root(tree), events=("start", "end"))
    for event, el in walker:
        if event == "start":
            if not walk.enter(el):
                walker.skip_subtree()
        else:
            walk.leave(el)
    return walk.page()


def _readable_root(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The body, without comments and processing instructions: iterwalk does not visit
    them, so their tails would be lost (merged away in a copy; parsed pages have none)."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    if root.xpath("boolean(.//comment()|.//processing-instruction())"):
        root = copy_tree(root)
        etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    return root


# Per open element: start offset, its flags, and the context to restore at its end.
_Open = tuple[int, bool, bool, bool, bool, bool, bool]


class _TextWalk:
    """The state of one walk: the text so far and the ranges found in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.date_elements: list[tuple[int, int, Any, bool]] = []
        self.boilerplate: list[tuple[int, int]] = []
        self.articles: list[tuple[int, int]] = []
        self.verdicts: dict[str, tuple[bool, bool]] = {}  # class and id -> (boiler, date-ish)
        # what the open element's children inherit: inside <article>/<main>, boilerplate
        self.in_article = self.boiler = False
        self.stack: list[_Open | None] = []

    def _add(self, chunk: str) -> None:
        if chunk.isspace():  # indentation: keep the break, not the run
            chunk = "\n" if "\n" in chunk else " "
        self.parts.append(chunk)
        self.size += len(chunk)

    def _marks(self, el: Any) -> tuple[bool, bool]:
        """Whether the element's class or id names boilerplate, and whether a date."""
        cls, ident = el.get("class"), el.get("id")
        if cls is None and ident is None:
            return False, False
        marks = f"{cls or ''} {ident or ''}"
        verdict = self.verdicts.get(marks)
        if verdict is None:
            verdict = self.verdicts[marks] = (
                _marks_boilerplate(marks),
                bool(_DATEISH.search(marks)),
            )
        return verdict

    def enter(self, el: Any) -> bool:
        """An element opens; False when its subtree is not read."""
        tag = el.tag
        if tag in _SKIP or self.size > TEXT_LIMIT:
            self.stack.append(None)
            return False
        marks_boiler, dateish = self._marks(el)
        if tag == "time" and el.get("datetime") is None:
            dateish = True  # a <time> without the attribute: its text is the date
        outer_boiler = not self.boiler and _boilerplate_verdict(tag, self.in_article, marks_boiler)
        block = tag in _BLOCK
        if block:
            self.parts.append("\n")
            self.size += 1
        outer_main = not self.in_article and tag in _MAIN
        self.stack.append(
            (self.size, dateish, outer_boiler, outer_main, block, self.in_article, self.boiler)
        )
        self.in_article = self.in_article or outer_main
        self.boiler = self.boiler or outer_boiler
        if el.text:
            self._add(el.text)
        return True

    def leave(self, el: Any) -> None:
        """An element closes: record its ranges, restore its parent's context, add its tail."""
        entry = self.stack.pop()
        if entry is not None:
            start, dateish, outer_boiler, outer_main, block, in_article, parent_boiler = entry
            size = self.size
            if size > start:
                if dateish and size - start <= DATE_ELEMENT_MAX:
                    self.date_elements.append((start, size, el, self.boiler))
                if outer_boiler:
                    self.boilerplate.append((start, size))
                if outer_main:
                    self.articles.append((start, size))
            self.in_article, self.boiler = in_article, parent_boiler
            if block:
                self.parts.append("\n")
                self.size += 1
        if el.tail and self.stack:  # the root's tail is not the page's
            self._add(el.tail)

    def page(self) -> PageText:
        # single-character replaces keep offsets valid and, unlike translate, stay on the
        # fast path
        text = "".join(self.parts)[:TEXT_LIMIT]
        for blank in "\t\r\f\v\xa0":
            text = text.replace(blank, " ")
        return PageText(text, self.date_elements, self.boilerplate, self.articles)
