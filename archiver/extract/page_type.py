"""What kind of page this is: article, listing, video, paywall (or consent wall), error.

A crawl keeps only articles and counts the rest, so a wrong "article" costs a junk record and
a wrong anything-else costs a lost article. The rules therefore lean towards "article": a
page is something else only when the extracted body is thin *and* the page shows the
other kind's marks (an error title, a subscription or consent prompt, a player, a wall of
headline links).
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urlsplit

from lxml import html as lxml_html

from archiver.extract.structured import ARTICLE_TYPES, StructuredData

ARTICLE: Final = "article"
LISTING: Final = "listing"
VIDEO: Final = "video"
PAYWALL: Final = "paywall"
ERROR: Final = "error"
PAGE_TYPES = (ARTICLE, LISTING, VIDEO, PAYWALL, ERROR)

# Below this many characters of body the page has no article text worth a record.
THIN_BODY = 600
# A listing shows at least this many headline-sized links.
LISTING_LINKS = 15

_ERROR_TITLE = re.compile(
    r"\b(404|410|500|503)\b|page not found|not found|seite nicht gefunden|nicht gefunden|"
    r"page introuvable|introuvable|página no encontrada|no encontrada|pagina non trovata|"
    r"sidan (kunde inte hittas|finns inte)|error|fehler|erreur",
    re.I,
)
_WALL = re.compile(
    r"subscribe to (continue|read)|to continue reading|already (a subscriber|have an account)|"
    r"subscribers only|for subscribers|this (article|content) is (for|available to) subscribers|"
    r"jetzt (abonnieren|weiterlesen)|weiterlesen mit|nur für abonnenten|abo abschließen|"
    r"réservé aux abonnés|abonnez-vous|contenu réservé|"
    r"suscríbete para (seguir|continuar)|exclusivo para suscriptores|"
    r"we value your privacy|accept (all )?cookies|cookie (settings|preferences)|"
    r"zustimmen und weiter|einwilligung|consent to (the use|cookies)|"
    r"accepter et continuer|tout accepter",
    re.I,
)
_VIDEO_OG = re.compile(r"^video(\.|$)", re.I)
# "/", "/politik/", "/news/world": short segments without digits, not article slugs
_SECTION_PATH = re.compile(r"^/?([a-z_-]{1,25}/?){0,2}$", re.I)


# "?p=959", "?id=12345", "?story=88": an item addressed by number, whatever its path
_ITEM_QUERY = re.compile(r"(^|&)[\w-]+=\d+\b")


# "mein-artikel-ueber-die-wahl": a slug of four words or more names one item, a section
# name ("politik", "world-news", "sport-am-wochenende") is shorter
_ITEM_SLUG = re.compile(r"[a-z]+(-[a-z]+){3,}", re.I)


def _is_section_url(url: str) -> bool:
    parts = urlsplit(url)
    if not _SECTION_PATH.match(parts.path) or _ITEM_QUERY.search(parts.query):
        return False
    return not any(_ITEM_SLUG.fullmatch(seg) for seg in parts.path.split("/") if seg)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def body_weight(text: str) -> int:
    """Body size in Latin-script characters: a CJK character carries about three."""
    return len(text) + 2 * len(_CJK.findall(text))


def _types(data: StructuredData) -> set[str]:
    kinds: set[str] = set()
    for obj in data.jsonld:
        kind = obj.get("@type", [])
        kinds.update(str(k).lower() for k in (kind if isinstance(kind, list) else [kind]))
    return kinds


def _headline_links(tree: lxml_html.HtmlElement) -> int:
    """Links whose text is long enough to be another article's headline."""
    count = 0
    for a in tree.iter("a"):
        if len(" ".join(a.text_content().split())) >= 30:
            count += 1
    return count


def _is_error(title: str | None, tree: lxml_html.HtmlElement) -> bool:
    heads = [title or ""]
    node = tree.find(".//title")
    if node is not None:
        heads.append(node.text_content())
    heads.extend(h.text_content() for h in tree.iter("h1"))
    return any(_ERROR_TITLE.search(" ".join(h.split())) for h in heads if h.strip())


def _visible_text(tree: lxml_html.HtmlElement, limit: int = 20000) -> str:
    body = tree.find(".//body")
    root = body if body is not None else tree
    parts: list[str] = []
    size = 0
    for text in root.itertext():
        parent = getattr(text, "getparent", lambda: None)()
        if parent is not None and parent.tag in ("script", "style", "noscript"):
            continue
        parts.append(text)
        size += len(text)
        if size > limit:
            break
    return " ".join(" ".join(parts).split())


def classify(
    tree: lxml_html.HtmlElement,
    data: StructuredData,
    url: str,
    title: str | None,
    text: str,
) -> str:
    """One of PAGE_TYPES for the page; ``text`` is the extracted body."""
    thin = body_weight(text) < THIN_BODY
    if thin and _is_error(title, tree):
        return ERROR
    kinds = _types(data)
    article_declared = bool(kinds & (ARTICLE_TYPES - {"webpage", "videoobject"}))
    og_type = (data.first_meta("og:type") or "").lower()
    # og:type "article" is what CMSs write on item pages and not on fronts ("website"):
    # a short news item, a blog post with little text, declares itself so.
    declared = article_declared or og_type == "article"
    if thin and (data.jsonld_value("isAccessibleForFree") in (False, "False", "false")):
        return PAYWALL
    if thin and _WALL.search(_visible_text(tree)):
        return PAYWALL
    # an article that embeds a player is still an article; a bare player page is a video
    player = _has_player(tree) and not declared
    if thin and ("videoobject" in kinds or _VIDEO_OG.match(og_type) or player):
        return VIDEO
    if not declared:
        links = _headline_links(tree)
        if links >= LISTING_LINKS and (thin or _is_section_url(url) and len(text) < 2000):
            return LISTING
    if not text.strip() and article_declared:
        # An item page whose text is drawn by script declares itself in its structured
        # data: its title, date and authors are still a record; fronts declare no article.
        return ARTICLE
    if thin and not text and _headline_links(tree) >= LISTING_LINKS:
        return LISTING
    if not text.strip():
        # Nothing to read: a record would be empty. A page of links is a front; a page
        # without even links (a blank template, a script-only shell) is no page at all.
        return LISTING if tree.find(".//a[@href]") is not None else ERROR
    near_empty = body_weight(text) < NEAR_EMPTY_BODY
    if thin and not declared and _mostly_links(tree, near_empty):
        return LISTING
    return ARTICLE


# A front whose links carry short labels ("Story 12", "Weather", dates) has few
# headline-sized links; what marks it is that links are most of what it says.
LINK_TEXT_SHARE = 0.6


# A page with next to no text of its own needs only a few links to be a front.
NEAR_EMPTY_BODY = 150
NEAR_EMPTY_LINKS = 3
_PLAYER_SRC = re.compile(r"youtube\.com/embed|player\.vimeo|dailymotion\.com/embed|/player", re.I)


def _has_player(tree: lxml_html.HtmlElement) -> bool:
    if tree.find(".//video") is not None:
        return True
    return any(_PLAYER_SRC.search(f.get("src") or "") for f in tree.iter("iframe"))


def _mostly_links(tree: lxml_html.HtmlElement, near_empty: bool = False) -> bool:
    links = [" ".join(a.text_content().split()) for a in tree.iter("a")]
    links = [t for t in links if t]
    if len(links) < (NEAR_EMPTY_LINKS if near_empty else LISTING_LINKS):
        return False
    visible = _visible_text(tree)
    return bool(visible) and sum(len(t) + 1 for t in links) >= LINK_TEXT_SHARE * len(visible)
