"""Link blocks inside the extracted body: "related articles", "read more", teaser lists.

trafilatura keeps lists and short paragraphs that sit inside the article container even when
they are nothing but links to other articles. Their text is other articles' headlines, so
they cost precision on every news template that embeds them. The test is structural (how
much of a block's text is link text), not a list of phrases, so it holds across languages.
"""

from __future__ import annotations

from lxml import etree

# Share of a block's text that is link text above which it is navigation, not prose.
ITEM_LINK_SHARE = 0.6
PARA_LINK_SHARE = 0.7
PARA_MAX_CHARS = 300
HEAD_MAX_CHARS = 80


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def link_share(el: etree._Element) -> float:
    """Share of the element's visible characters that sit inside ``<ref>`` links."""
    total = len(_text(el))
    if not total:
        return 0.0
    linked = sum(len(_text(ref)) for ref in el.iter("ref"))
    return min(1.0, linked / total)


def _is_link_list(lst: etree._Element) -> bool:
    items = [i for i in lst if i.tag == "item" and _text(i)]
    if not items:
        return False
    linky = sum(link_share(i) >= ITEM_LINK_SHARE for i in items)
    return linky / len(items) >= 0.5


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    # keep the tail text: it belongs to the surrounding block
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def prune_link_blocks(body: etree._Element) -> int:
    """Remove link lists, link-only paragraphs and the headings that announce them.

    Returns how many blocks were removed (the caller uses it to tell a clean page from a
    teaser page).
    """
    removed = 0
    for lst in list(body.iter("list")):
        if lst.getparent() is None:
            continue
        if _is_link_list(lst):
            prev = lst.getprevious()
            _drop(lst)
            removed += 1
            # "Auch interessant", "DON'T MISS", "Related:" just above the list
            if (
                prev is not None
                and prev.tag in ("head", "p")
                and len(_text(prev)) <= HEAD_MAX_CHARS
            ):
                _drop(prev)
        else:
            for item in list(lst):
                if item.tag == "item" and link_share(item) >= 0.9:
                    _drop(item)
                    removed += 1
    for para in list(body.iter("p", "head")):
        if para.getparent() is None:
            continue
        text = _text(para)
        if text and len(text) <= PARA_MAX_CHARS and link_share(para) >= PARA_LINK_SHARE:
            _drop(para)
            removed += 1
    return removed
