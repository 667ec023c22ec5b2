"""Lines that are page furniture, not article text, in the languages archiver meets most.

trafilatura keeps short lines that sit inside the article container: age banners,
"Publié" stubs, reading times, comment prompts, captions that repeat the headline.
"""

from __future__ import annotations

import re
import unicodedata

_PATTERNS = [
    # age banners
    r"cet article date de (plus|moins) de .{1,30}\.?",
    r"this (article|story) is (more|less|over) than .{1,30} old\.?",
    r"dieser artikel ist (mehr|älter) als .{1,40}\.?",
    r"este artículo tiene más de .{1,30}\.?",
    # publication stubs and reading times
    r"(publié|mis à jour|published|updated|veröffentlicht|aktualisiert|publicado|actualizado)\s*:?",
    r"(temps de lecture|reading time|lesezeit|tiempo de lectura)\s*:?.{0,40}",
    r"\d{1,3}\s*(min|minutes?)\s+(read|de lecture|lesezeit|lectura)",
    # bylines naming only the outlet
    r"article rédigé par .{1,60}",
    # comment prompts and section labels
    r"commentaires?|comments?|kommentare?|comentarios?",
    r"connectez-vous .{0,80}pour (participer|commenter|réagir).{0,40}",
    r"(log ?in|sign ?in|register) to (comment|join the (conversation|discussion)).{0,40}",
    r"(partager|share|teilen|compartir)( (sur|on|auf|en) .{1,20})?( :)?",
]
_BOILERPLATE = re.compile(r"^\s*(?:" + "|".join(_PATTERNS) + r")\s*$", re.I)


def _norm(line: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", line).casefold().split())


def is_boilerplate(line: str, title: str | None = None) -> bool:
    if _BOILERPLATE.match(line):
        return True
    if title:
        # a caption or heading that is the headline, once or repeated, plus a credit
        norm, head = _norm(line), _norm(title)
        if head and norm.startswith(head):
            rest = norm.replace(head, "").strip(" ()-–|")
            return len(rest) < 40
    return False


def clean_paragraphs(paragraphs: list[str], title: str | None = None) -> list[str]:
    return [p for p in paragraphs if p.strip() and not is_boilerplate(p, title)]
