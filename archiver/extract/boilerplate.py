"""Lines that are page furniture, not article text, in the languages archiver meets most.

trafilatura keeps short lines that sit inside the article container: age banners,
"Publié" stubs, reading times, comment prompts, captions that repeat the headline, "read
more" teasers, newsletter and follow prompts, photo credits and bylines. Each pattern below
describes a kind of line, not a site, and only ever matches a whole line.
"""

from __future__ import annotations

import re
import unicodedata

_PATTERNS: list[str | tuple[str, str]] = [
    # age banners
    r"cet article date de (plus|moins) de .{1,30}\.?",
    r"this (article|story) is (more|less|over) than .{1,30} old\.?",
    r"dieser artikel ist (mehr|älter) als .{1,40}\.?",
    r"este artículo tiene más de .{1,30}\.?",
    # publication stubs and reading times
    r"(publié|mis à jour|published|updated|veröffentlicht|aktualisiert|publicado|actualizado)\s*:?",
    r"(temps de lecture|reading time|lesezeit|tiempo de lectura)\s*:?.{0,40}",
    r"\d{1,3}\s*(min|minutes?)\.?\s+(read|de lecture|lesezeit|lectura)",
    # bylines naming only the outlet
    r"article rédigé par .{1,60}",
    # comment prompts and section labels
    r"\d*\s*(commentaires?|comments?|kommentare?|comentarios?)",
    r"connectez-vous .{0,80}pour (participer|commenter|réagir).{0,40}",
    r"(log ?in|sign ?in|register) to (comment|join the (conversation|discussion)).{0,40}",
    r"(you must|please) .{0,60}(comment|log ?in|logout|display name).{0,100}",
    r"tell us what (you|YOU) think.{0,20}",
    r"(partager|share|teilen|compartir)( (sur|on|auf|en) .{1,20})?( :)?",
    r"(share|teilen|partager) (this|dieses?n?|cet) .{1,20}",
    # teasers for other articles
    r"(read|see|watch|also read|read also|read more|see more|watch more|more)\s?:.{0,160}",
    r"related( articles?| stories| content| coverage)?\s*(:.{0,160})?",
    r"(don'?t miss|must read|recommended( videos| stories| for you)?|trending|"
    r"(most read|most popular)( in .{1,30})?|popular|article content)\s*:?",
    r"(lesen sie (auch|mehr|hier)|mehr zum thema|auch interessant|das könnte sie (auch )?"
    r"interessieren|weiterführende links|weitere artikel|mehr dazu)\s*(:.{0,160})?",
    r"(lire aussi|à lire aussi|voir aussi|lee también|leer más|leia também|vedi anche)"
    r"\s*(:.{0,160})?",
    # newsletters, apps, social follow and tip-off prompts
    (
        "newsletter",
        r".{0,120}\b(newsletters?)\b.{0,160}(sign(ing)? up|subscribe|inbox|abonn|inscri|anmeld"
        r"|bestell|suscr).{0,120}",
    ),
    (
        "newsletter",
        r".{0,120}(sign(ing)? up|subscribe|abonnieren|inscrivez-vous|suscríbete)\b.{0,120}"
        r"\bnewsletters?\b.{0,160}",
    ),
    r"(sign up|subscribe) (for|to|now).{0,160}",
    r"(follow \S+|.{0,80}\bfollow (us|him|her|them|me)) on (twitter|x|facebook|instagram"
    r"|google news|whatsapp|threads|bluesky)\b.{0,200}",
    r"(folgen sie uns|folgst du schon|suivez-nous|síguenos).{0,200}",
    r"(got a story|have a tip|do you have a story)\?.{0,240}",
    r"(email|e-mail|contact) .{1,50} at \S+@\S+.{0,200}",
    # subscription and print promotions
    r"(get|start your day|enjoying|want|subscribe)\b.{0,200}(newsletter|subscri"
    r"|delivered (to|through) your|your inbox|for as little as|\d+ issues for|latest content)"
    r".{0,200}",
    # placeholders for embeds the page did not load, browser warnings, copyright lines
    r"(link zum .{1,30}-inhalt|externer inhalt.{0,100}|(embedded|external) content.{0,80})",
    (
        "browser",
        r".{0,60}(you are using a browser|browser version with limited support|outdated browser)"
        r".{0,200}",
    ),
    r"(©|copyright|\(c\))\s*.{0,100}",
    (
        "ⓒ|©|all rights reserved|무단|재배포|版权所有|無断転載",
        r".{0,80}(ⓒ|©|all rights reserved|무단\s?전재|재배포\s?금지|版权所有|無断転載).{0,80}",
    ),
    r"\[(사진|写真|图|圖|photo|foto)\s?[=:].{0,60}\]",
    # separators and toasts
    # (underscore rules such as AP's "___" are left: reference texts keep them as words)
    r"([\-–—=*•·~#]\s?){2,}",
    r"(기사 url이 복사되었습니다|link copied|lien copié|link kopiert).{0,10}",
    # credit lines for contributors and agency copy
    ("contributed", r".{0,160}\bcontributed (to )?this (report|story|article)\.?"),
    r"(contributing|with files from|with reporting by|additional reporting (by|from)|"
    r"mit material von|mit dpa|mit agenturen|avec afp|con información de)\b.{0,150}",
    # prompts to report errors, log in, or follow a topic elsewhere
    r"(fehler gefunden|tippfehler gefunden|faute d'orthographe)\s?\?.{0,40}",
    r"(log ?in|sign ?in) or (create an account|register|sign up).{0,80}",
    r"(follow|more|read|see|watch) .{0,100}\bhttps?://\S+.{0,120}",
    # "recommended" and "related" labels in Japanese, Korean and Chinese
    r"(おすすめ情報|おすすめ記事|関連記事|あわせて読みたい|관련\s?기사|추천\s?기사|推荐阅读|相关新闻|相關新聞)",
    # agency credit lines, "more to follow" stubs, "more from" headers
    r"((additional )?reporting|writing|editing|compiled|produced) by .{1,250}",
    r"this is a (breaking|developing) (news )?(story|news).{0,60}",
    r"more from .{1,40}",
    # picture credits
    r"(photo|foto|bild|image|picture|credit|quelle|source)s?\s*:\s*.{1,60}",
    # gallery captions ("[1/5]Reuters visuals ...") and captions closing on a photo credit
    r"\[\d+/\d+\].{0,400}",
    ("[(（]", r".{0,300}[(（]\s*(photo|foto|bild|picture|image|撮影|写真)[^)）]{0,60}[)）]"),
    ("撮影|写真", r".{0,300}(撮影|写真)\s*[)）]"),
    # teaser arrows before links to other pages
    r"(>>|►|▶|→)\s?.{0,200}",
    # source lists at the end of German news pages
    r"(quellen?|sources?|eigene recherchen?)\s*:?",
    # tag lists
    r"(tags|schlagworte|etiquetas|mots-clés|themen)\s*(:.{0,300})?",
]


def _whole_line(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"^\s*(?:" + "|".join(patterns) + r")\s*$", re.I)


# A pattern that opens on a free run of text (".{0,120}...") is retried at every offset of
# every line, which made it most of the cost: those come as (words it needs, pattern) and
# run only on lines holding one of those words.
_ANYWHERE_PATTERNS = [p for p in _PATTERNS if isinstance(p, tuple)]
_BOILERPLATE = _whole_line([p for p in _PATTERNS if isinstance(p, str)])
_ANYWHERE = _whole_line([pattern for _, pattern in _ANYWHERE_PATTERNS])
_ANYWHERE_NEEDS = re.compile("|".join(needs for needs, _ in _ANYWHERE_PATTERNS), re.I)


def _furniture_pattern(line: str) -> bool:
    return bool(
        _BOILERPLATE.match(line) or (_ANYWHERE_NEEDS.search(line) and _ANYWHERE.match(line))
    )


# A byline alone on its line: a prefix, then two to four capitalised words (case matters).
_BYLINE = re.compile(
    r"^\s*(By|BY|Von|VON|Par|Por|Di|Av|Door|Text:)\s+([A-ZÀ-ÖØ-Þ][\w.'’-]*\s*){1,4}"
    r"([,|/]\s*\w[\w.'’ -]{0,30})?\s*$"
)


# "Updated 15.59 | Published 14.14", "Stand: 22.04.2024, 06:00 Uhr": a stamp, not a sentence
_STAMP = re.compile(
    r"^\s*(publié|mis à jour|published|updated|last updated|veröffentlicht|aktualisiert|"
    r"publicado|actualizado|uppdaterad|publicerad|stand)\b",
    re.I,
)
STAMP_MAX_CHARS = 70


# "2025年1月14日 01時28分 (1月14日 01時40分更新)": a date and time alone on the line
_CJK_STAMP = re.compile(r"^[\s\d年月日時分秒:：()（）/.\-更新公開配信掲載午前後]+$")


# a date or time as written in a stamp: 22.04.2024, 17/11/2015, 06:00, 15.59, 5. März 2024,
# March 5, 2024
_DATEISH = re.compile(
    r"\d{1,4}[./-]\d{1,2}|\d{1,2}[:h]\d{2}|\d{1,2}\.?\s+\w+\.?\s+\d{4}|\w+\.? \d{1,2}, \d{4}"
)


# "05.08.2024, 20:59 Uhr", "November 20, 2019 - 11:28 AMT": a year and a time, a few words,
# no full stop: a timestamp line, not a sentence that mentions a date
_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2}[:h]\d{2}(?!\d)")


def _is_stamp(line: str) -> bool:
    if _CJK_STAMP.match(line) and any(c.isdigit() for c in line):
        return True
    text = line.strip()
    if (
        len(text) <= STAMP_MAX_CHARS
        and len(text.split()) <= 8
        and not text.endswith((".", "!", "?", '"', "”"))
        and _YEAR.search(text)
        and _TIME.search(text)
    ):
        return True
    return (
        len(line) <= STAMP_MAX_CHARS
        and bool(_STAMP.match(line))
        and bool(_DATEISH.search(line))
        and len(line.split()) <= 10
    )


def _norm(line: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", line).casefold().split())


def is_boilerplate(line: str, title: str | None = None) -> bool:
    return _furniture(line, _norm(title) if title else "")


def _furniture(line: str, head: str) -> bool:
    """``head`` is the normalised title, computed once per page rather than per line."""
    if _furniture_pattern(line) or _BYLINE.match(line) or _is_stamp(line):
        return True
    if head:
        # a caption or heading that is the headline, once or repeated, plus a credit
        norm = _norm(line)
        if norm.startswith(head):
            rest = norm.replace(head, "").strip(" ()-–|")
            return len(rest) < 40
    return False


# Headings that open the page's closing blocks of other articles ("More from The Nation").
_SECTION_END = re.compile(
    r"^\s*(more from .{1,40}|related (articles|stories|coverage|content|posts)|"
    r"(you|you might|you may) (also )?like|recommended( for you| stories)?|more stories|"
    r"meistgelesen|sur le même sujet|à lire aussi|dans la même rubrique|te puede interesar|"
    r"más noticias|leia também|most (read|popular)|trending( now)?|popular)\s*:?\s*$",
    re.I,
)
# Only a heading in the last part of the text ends it; earlier it is a box inside the article.
SECTION_END_AFTER = 0.6


def _cut_closing_blocks(paragraphs: list[str]) -> list[str]:
    total = sum(len(p) for p in paragraphs)
    seen = 0
    for i, p in enumerate(paragraphs):
        if seen >= SECTION_END_AFTER * total and _SECTION_END.match(p):
            return paragraphs[:i]
        seen += len(p)
    return paragraphs


def clean_paragraphs(paragraphs: list[str], title: str | None = None) -> list[str]:
    """Furniture lines dropped, and a paragraph repeated right after itself (a widget rendered
    twice); repeats further apart stay, since interviews repeat their questions. A closing
    "more from" block ends the text."""
    kept: list[str] = []
    head = _norm(title) if title else ""
    last = ""  # the normalised last kept paragraph
    for p in _cut_closing_blocks(paragraphs):
        if not p.strip() or _furniture(p, head):
            continue
        norm = _norm(p)
        if kept and norm == last and not p.lstrip().startswith("|"):
            continue
        kept.append(p)
        last = norm
    return kept
