"""The article body: trafilatura on the parsed tree, link blocks and furniture lines removed.

One precision-mode trafilatura pass serves almost every page. A second opinion runs only when
the first result looks truncated: half the length of the page's own complete JSON-LD
``articleBody`` or less, or next to empty. Running it always would double the cost for a
gain measured on a handful of pages.
"""

from __future__ import annotations

import json
import re
from copy import deepcopy as copy_tree
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html
from trafilatura import bare_extraction
from trafilatura.settings import CUT_EMPTY_ELEMS, Document
from trafilatura.xml import xmltotxt

from archiver.extract.boilerplate import clean_paragraphs
from archiver.extract.linkblocks import prune_link_blocks
from archiver.extract.siterules import SiteRules, select_text
from archiver.extract.structured import StructuredData

# Bodies shorter than this get a second, balanced pass (a quarter of pages or so), and
# its result replaces ours when it is this many times longer. Chosen on the look half of
# both body corpora; neither corpus's check half fell.
SHORT_BODY = 2000
BALANCED_RATIO = 2.0
# JSON-LD articleBody is often a teaser cut near 500 characters; below this it is not trusted.
MIN_COMPLETE_JSONLD = 1200
# A first result this much shorter than the complete JSON-LD body is cut.
TRUNCATED_RATIO = 0.5
# Below this the first pass found next to nothing (a teaser, a wrong container).
MIN_BODY_CHARS = 100
# A body this long that link pruning leaves under MIN_BODY_CHARS is a post made of links
# (a blog's reading list), not an article with a related-links box.
MIN_LINK_POST = 500


@dataclass
class BodyResult:
    text: str
    # "trafilatura", "trafilatura-merged", "trafilatura-recall", "trafilatura-balanced",
    # "json-ld", "embedded-state", "site-rule" or "none"
    source: str
    paragraphs: int = 0


# Containers whose loose text (text between their children, not inside a <p>) trafilatura
# reads line by line.
_LOOSE_PARENTS = frozenset({"div", "section", "article", "main", "td", "body"})


def _loose_text_links(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Links inside a line of loose text: prose both before and after them."""
    found = []
    for a in tree.iter("a"):
        parent = a.getparent()
        if parent is None or parent.tag not in _LOOSE_PARENTS:
            continue
        prev = a.getprevious()
        before = parent.text if prev is None else prev.tail
        if (before or "").strip() and any(c.isalpha() for c in (a.tail or "")):
            found.append(a)
    return found


# trafilatura's precision mode deletes these elements when empty together with the text
# that follows them (``prune_html``): "<p><span class="byline"></span>The council voted..."
# loses the sentence. Unwrapping them first keeps the text where it is.
_EMPTY_CUT = frozenset(CUT_EMPTY_ELEMS)


def _empty_before_text(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Empty elements of the kinds trafilatura prunes that have text right after them."""
    return [
        el
        for el in tree.iter(*_EMPTY_CUT)
        if el.text is None and len(el) == 0 and (el.tail or "").strip()
    ]


def _textless_links(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Links without text: a named or permalink anchor, a link around an icon or a picture.

    trafilatura hands such a link the text after it ("<p><a name="x"></a>The council
    voted..." becomes a paragraph made of one link), and link pruning then drops the
    paragraph; in a heading, its precision pass drops the heading as a link."""
    return [a for a in tree.iter("a") if not "".join(a.itertext()).strip()]


def _prepared(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The tree as trafilatura should see it: links inside loose text turned to plain text,
    empty elements before text unwrapped, links without text removed (a copy when anything
    changes).

    With links kept, trafilatura drops the rest of a loose line after a link ("see the
    table of contents (<a>PDF</a>) for the chapters" loses "for the chapters" and what
    follows). Such a link is part of a sentence, never a link block, so pruning does not
    need it."""
    loose, anchors = _loose_text_links(tree), _textless_links(tree)
    if not loose and not anchors and not _empty_before_text(tree):
        return tree
    copy = copy_tree(tree)
    root = tree.getroottree()

    def in_copy(els: list[lxml_html.HtmlElement]) -> list[lxml_html.HtmlElement]:
        return [el for path in [root.getpath(e) for e in els] for el in copy.xpath(path)]

    # found first, changed after: a dropped element shifts its siblings' positional paths
    loose, anchors = in_copy(loose), in_copy(anchors)
    for el in loose:
        el.drop_tag()
    for el in anchors:
        if el.getparent() is not None:  # (a link at the root of a fragment stays)
            el.drop_tree()  # its tail stays
    # after the links: a wrapper around an image link is empty once the link is gone
    for el in _empty_before_text(copy):
        el.drop_tag()
    return copy


def _run(prepared: lxml_html.HtmlElement, *, recall: bool = False, balanced: bool = False) -> str:
    """One trafilatura pass (precision, or recall, or balanced: neither) over a tree made by
    ``_prepared``, rendered to text after link blocks are pruned."""
    doc = bare_extraction(
        prepared,  # trafilatura works on a copy: one prepared tree serves every pass
        url=None,  # only used to resolve link targets, which are dropped below
        with_metadata=False,  # metadata is ours; trafilatura's runs htmldate, the costly part
        include_comments=False,
        include_tables=True,
        include_links=True,  # links let the pruning tell link lists from prose
        favor_precision=not (recall or balanced),
        favor_recall=recall,
        deduplicate=False,
        # only .body is read; "python", the default, also renders a text we would not use
        output_format="txt",
    )
    if not isinstance(doc, Document) or doc.body is None:
        return ""
    whole = copy_tree(doc.body)
    prune_link_blocks(doc.body)
    body = doc.body
    if len(_plain(body)) < MIN_BODY_CHARS and len(_plain(whole)) >= MIN_LINK_POST:
        # the links were the post (a blog's reading list): pruning them left nothing
        body = whole
    etree.strip_tags(body, "ref")  # links were only needed for the pruning
    return xmltotxt(body, include_formatting=False)


def _plain(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


# Class names that mark a container of article text, as opposed to cards or teasers.
_BODYISH = re.compile(r"body|content|article|chunk|text|story", re.I)
# A chunk holds at least this much paragraph text of its own.
MIN_CHUNK_CHARS = 200


def _own_text(el: lxml_html.HtmlElement) -> int:
    return sum(len(p.text_content()) for p in el.iterchildren("p"))


def split_chunks(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Some templates split the body into several containers of one class, with pull
    quotes or ads between them, and trafilatura keeps only the first: those containers."""
    groups: dict[str, list[lxml_html.HtmlElement]] = {}
    for el in tree.xpath("//div[p]|//section[p]"):
        cls = el.get("class") or ""
        if _BODYISH.search(cls) and _own_text(el) >= MIN_CHUNK_CHARS:
            groups.setdefault(cls, []).append(el)
    split = [g for g in groups.values() if len(g) >= 2]
    if not split:
        return []
    chunks = max(split, key=len)
    if any(a in b.iterancestors() for a in chunks for b in chunks):
        return []  # nested containers, not a split body
    return chunks


def _merged_copy(
    tree: lxml_html.HtmlElement, chunks: list[lxml_html.HtmlElement]
) -> lxml_html.HtmlElement:
    """A copy of the tree with the later chunks' content moved into the first."""
    copy = copy_tree(tree)
    paths = [tree.getroottree().getpath(el) for el in chunks]
    first, *rest = [copy.getroottree().xpath(path)[0] for path in paths]
    for chunk in rest:
        for child in list(chunk):
            first.append(child)
        chunk.getparent().remove(chunk)
    return copy


def _jsonld_body(data: StructuredData) -> str:
    """The page's own articleBody when it looks complete, else empty."""
    value = data.jsonld_value("articleBody")
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if len(text) < MIN_COMPLETE_JSONLD or text.endswith(("...", "…", "[…]", "[...]")):
        return ""
    return text


# A JSON string value that holds article HTML, as client-rendered pages embed their state:
# "contentHtml":"<p>...</p>" in a Next.js/Nuxt/Redux script. Only read when the page's own
# markup gave next to nothing.
_EMBEDDED_HTML = re.compile(
    r'"(?:contentHtml|content_html|articleBody|bodyHtml|body_html|articleHtml|html|content|body)"'
    r'\s*:\s*("(?:[^"\\]|\\.){400,}")'
)


def _embedded_body(tree: lxml_html.HtmlElement) -> str:
    """The longest article HTML found in the page's script state, as paragraphs."""
    best = ""
    for script in tree.iter("script"):
        source = script.text or ""
        if len(source) < 500:
            continue
        for match in _EMBEDDED_HTML.finditer(source):
            try:
                value = json.loads(match.group(1))
            except ValueError:
                continue
            if not isinstance(value, str) or "<p" not in value:
                continue
            try:
                fragment = lxml_html.fragment_fromstring(value, create_parent="div")
            except (etree.ParserError, ValueError):
                continue
            paragraphs = [
                " ".join(p.text_content().split())
                for p in fragment.iter("p", "h2", "h3", "li", "blockquote")
                if not any(
                    a.tag in ("figure", "figcaption") or "caption" in (a.get("class") or "")
                    for a in p.iterancestors()
                )
            ]
            text = "\n".join(p for p in paragraphs if p)
            if len(text) > len(best):
                best = text
    return best


def _finish(text: str, title: str | None) -> list[str]:
    paragraphs = [line.strip() for line in text.split("\n")]
    return clean_paragraphs(paragraphs, title)


def extract_body(
    tree: lxml_html.HtmlElement,
    title: str | None,
    data: StructuredData,
    rules: SiteRules | None = None,
) -> BodyResult:
    """The body as paragraphs joined by blank lines; ``title`` lets captions and headings
    that repeat the headline go, ``rules`` a site profile's selectors."""
    if rules is not None and rules.body:
        picked = select_text(tree, rules.body, rules.drop)
        if picked:
            kept = _finish("\n".join(picked), title)
            return BodyResult("\n\n".join(kept), "site-rule", len(kept))

    prepared = _prepared(tree)
    text, source = _run(prepared, recall=False), "trafilatura"
    chunks = split_chunks(tree)
    if chunks and len(text) < TRUNCATED_RATIO * sum(_own_text(c) for c in chunks):
        merged = _run(_prepared(_merged_copy(tree, chunks)), recall=False)
        if len(merged) > len(text):
            text, source = merged, "trafilatura-merged"
    jsonld = _jsonld_body(data)
    if len(text) < TRUNCATED_RATIO * len(jsonld) or len(text) < MIN_BODY_CHARS:
        second = _run(prepared, recall=True)
        if len(second) > len(text):
            text, source = second, "trafilatura-recall"
        if jsonld and len(text) < TRUNCATED_RATIO * len(jsonld):
            text, source = jsonld, "json-ld"
        if len(text) < MIN_BODY_CHARS:
            embedded = _embedded_body(tree)
            if len(embedded) > len(text):
                text, source = embedded, "embedded-state"
    kept = _finish(text, title)
    if sum(len(p) for p in kept) < SHORT_BODY:
        # The precision pass can keep one small block (a sidebar post, a comment, a
        # caption) instead of the article, or drop its teaser and headings; the balanced
        # pass keeps them. Asked only for short bodies, where that happens. When the two
        # passes chose different blocks of like size, the one that follows the headline wins.
        balanced = _finish(_run(prepared, balanced=True), title)
        if sum(len(p) for p in balanced) > BALANCED_RATIO * sum(len(p) for p in kept) or (
            balanced and _disjoint(kept, balanced) and _nearer_headline(tree, title, balanced, kept)
        ):
            kept, source = balanced, "trafilatura-balanced"
    if not kept:
        return BodyResult("", "none", 0)
    return BodyResult("\n\n".join(kept), source, len(kept))


def _disjoint(first: list[str], second: list[str]) -> bool:
    """No paragraph of ``first`` is in ``second``: the two passes chose different blocks."""
    whole = " ".join(" ".join(second).split())
    return not any(" ".join(p.split()) in whole for p in first if p.strip())


def _start(order: list[str], paragraphs: list[str]) -> int | None:
    """Index in document order of the text node where the first paragraph begins."""
    head = " ".join(paragraphs[0].split())[:40] if paragraphs else ""
    if not head:
        return None
    for i, text in enumerate(order):
        if head in text:
            return i
    return None


def _nearer_headline(
    tree: lxml_html.HtmlElement, title: str | None, first: list[str], second: list[str]
) -> bool:
    """Whether ``first`` starts after the page's headline and closer to it than ``second``:
    an article follows its headline, a comment or a sidebar block sits further away."""
    if not title:
        return False
    want = " ".join(title.split())
    order: list[str] = []
    headline = None
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        if (
            headline is None
            and el.tag in ("h1", "h2")
            and " ".join(el.text_content().split()) == want
        ):
            headline = len(order)
        order.append(" ".join((el.text or "").split()))
        order.append(" ".join((el.tail or "").split()))
    if headline is None:
        return False
    a, b = _start(order, first), _start(order, second)
    if a is None or a < headline:
        return False
    return b is None or b < headline or b > a
