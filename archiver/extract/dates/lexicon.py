"""The words of relative dates in every language dateparser knows, and the few it lacks.

dateparser's locale data (``dateparser/data/date_translation_data/*.py``) holds, per
language, the unit words ("godziny", "小时", "Stunden"), the "ago" words ("temu", "前",
"vor"), yesterday and today ("i går", "вчера", "昨天"), number words (its
``simplifications``) and whole "N units ago" patterns (``relative-type-regex``), whose
layout tells whether the "ago" word comes before the number ("il y a 3", "for 3 ... siden")
or after the unit ("3 godziny temu"). This module reads all of that into one vocabulary
per language, so phrases are read in every language dateparser knows rather than in a
hand list of five.

What dateparser has no data for is kept here as small tables by language, each saying
so: qualifiers that turn a phrase into a bound ("more than", "über", "ponad"), the nouns an
age banner names ("Dieser Artikel ist ..."), publication and update labels, and number
words for languages whose locale data has none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dateparser.data.languages_info import language_order

from archiver.extract.dates.normalize import _alternation as alternation
from archiver.extract.dates.normalize import locale_info

UNITS = ("year", "month", "week", "day", "hour", "minute", "second")
# The languages read on every page besides its own (English phrases appear everywhere).
MAIN = ("en", "fr", "de", "es", "it", "pt", "nl")

# --- tables dateparser has no data for (hand-written, by language) ----------------------

# Number words for languages whose dateparser ``simplifications`` have none (or few).
NUMBER_WORDS: dict[str, int] = {
    # en
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30,
    # fr
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30,
    # de
    "ein": 1, "eine": 1, "einem": 1, "einer": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
    "zwölf": 12, "fünfzehn": 15, "zwanzig": 20, "dreißig": 30,
    # es
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15,
    "veinte": 20, "treinta": 30,
    # it
    "due": 2, "tre": 3, "quattro": 4, "sei": 6, "sette": 7, "otto": 8, "nove": 9,
    "dieci": 10, "undici": 11, "dodici": 12, "quindici": 15, "venti": 20, "trenta": 30,
    # pt
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "sete": 7, "oito": 8,
    "dez": 10, "doze": 12, "vinte": 20, "trinta": 30,
    # nl
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vijf": 5, "zes": 6, "zeven": 7, "negen": 9,
    "tien": 10, "twaalf": 12, "twintig": 20, "dertig": 30,
    # da, nb, sv
    "et": 1, "ett": 1, "to": 2, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "sju": 7,
    "otte": 8, "åtte": 8, "åtta": 8, "ni": 9, "nio": 9, "ti": 10, "tio": 10, "tolv": 12,
    "två": 2, "fyra": 4, "sex": 6, "tyve": 20, "tjue": 20, "tjugo": 20,
    # fi
    "yksi": 1, "kaksi": 2, "kolme": 3, "neljä": 4, "viisi": 5, "kuusi": 6, "seitsemän": 7,
    "kahdeksan": 8, "yhdeksän": 9, "kymmenen": 10,
    # pl
    "jeden": 1, "jedna": 1, "jedno": 1, "dwa": 2, "dwie": 2, "trzy": 3, "cztery": 4,
    "pięć": 5, "sześć": 6, "siedem": 7, "osiem": 8, "dziewięć": 9, "dziesięć": 10,
}  # fmt: skip

# "more than" / "less than": a phrase with one of these bounds the date, it does not fix it.
# Words written before the number; MORE_AFTER after the unit ("1年以上前").
MORE = (
    "more than", "over", "older than", "plus de", "mehr als", "über", "älter als", "más de",
    "mas de", "più di", "oltre", "mais de", "meer dan", "ouder dan", "ruim", "mere end",
    "ældre end", "mer enn", "eldre enn", "mer än", "äldre än", "över", "yli", "ponad",
    "więcej niż", "starszy niż", "starsza niż", "starsze niż", "více než", "přes",
    "starší než", "viac ako", "viac než", "staršie ako", "starší ako", "более", "больше",
    "свыше", "старше", "понад", "більше", "több mint", "mai mult de", "peste", "više od",
    "starije od", "več kot", "starejši od", "πάνω από", "περισσότερο από", "més de",
    "lebih dari", "hơn", "超过", "超過", "daugiau nei", "vairāk nekā", "üle",
)  # fmt: skip
MORE_AFTER = ("以上", "多", "이상", "fazla")
LESS = (
    "less than", "under", "moins de", "weniger als", "unter", "menos de", "meno di",
    "minder dan", "mindre end", "mindre enn", "mindre än", "alle", "mniej niż", "méně než",
    "menej ako", "менее", "меньше", "менше", "kevesebb mint", "mai puțin de", "manje od",
    "manj kot", "λιγότερο από", "menys de", "kurang dari", "不到", "未満",
)  # fmt: skip
# "This article is 9 years old": a banner without a qualifier names the age with one of these.
OLD = (
    "old", "alt", "alte", "gammel", "gamle", "gammal", "vanha", "oud", "vecchio", "antiguo",
    "antigo", "ancien", "ancienne", "starý", "stary", "stará", "eski", "régi",
)  # fmt: skip
VAGUE = (
    "about", "environ", "etwa", "ungefähr", "cerca de", "circa", "ongeveer", "omkring", "około",
    "около", "přibližně", "noin",
)  # fmt: skip

# Nouns an age banner names ("Dieser Artikel ist älter als ein Jahr", "Denne artikkelen er
# over ti år gammel"): stems, read as word starts. No library lists these.
BANNER_NOUNS = (
    "article", "story", "post", "page", "content", "artikel", "artikkel", "artikkeli",
    "beitrag", "text", "seite", "contenu", "vidéo", "artículo", "articulo", "noticia",
    "contenido", "página", "articolo", "notizia", "pagina", "artigo", "notícia", "conteúdo",
    "bericht", "indlæg", "innlegg", "inlägg", "nyhed", "sak", "saken", "juttu", "uutinen",
    "artykuł", "wpis", "tekst", "článek", "článok", "clanek", "članek", "članak", "статья",
    "статье", "статьи", "материал", "стаття", "статті", "cikk", "bejegyzés", "makale",
    "haber", "yazı", "articol", "άρθρο", "straipsnis", "raksts", "artikull", "記事", "文章",
    "기사", "글", "berita", "bài viết",
)  # fmt: skip

# Labels before a date. dateparser and htmldate have no such lists (htmldate reads a few
# English and German ones inside its own patterns), so they are a table by language.
# Publication labels are keyed by the languages they are written in; the resolver reads
# them all on every page (PUBLISHED_LABELS).
PUBLISHED_LABELS_BY_LANGUAGE: dict[tuple[str, ...], tuple[str, ...]] = {
    ("en", "fr", "de", "es", "it", "pt", "nl"): (
        "published", "posted", "first published", "publication date", "date published",
        "uploaded", "created", "publié", "publiée", "publie", "mis en ligne",
        "date de publication", "veröffentlicht", "erschienen", "erstellt", "publiziert",
        "publicado", "publicada", "publicación", "fecha de publicación", "pubblicato",
        "pubblicata", "data di pubblicazione", "publicação", "publicado em", "gepubliceerd",
        "geplaatst",
    ),
    ("da", "nb", "sv", "fi", "is"): (
        "publiceret", "udgivet", "publisert", "publicerad", "publicerat", "julkaistu", "birt",
    ),
    ("pl", "cs", "sk", "sl", "hr", "sr", "bs"): (
        "opublikowano", "opublikowany", "data publikacji", "publikováno", "zveřejněno",
        "vydáno", "publikované", "uverejnené", "zverejnené", "objavljeno", "objavljen",
        "objava", "објављено", "објављен",
    ),
    ("ru", "uk", "bg", "be"): (
        "опубликовано", "опубликован", "дата публикации", "размещено", "опубліковано",
        "публікація", "публикувано", "публикуван", "апублікавана",
    ),
    ("hu", "ro", "tr", "el", "lt", "lv", "et", "ca"): (
        "közzétéve", "megjelent", "publikálva", "publicat", "yayınlanma", "yayınlandı",
        "yayın tarihi", "δημοσιεύθηκε", "δημοσίευση", "paskelbta", "publicēts", "avaldatud",
        "publicat el",
    ),
    ("id", "ms", "vi", "th", "ar", "he", "fa", "hi"): (
        "diterbitkan", "dipublikasikan", "diposting", "diterbitkan pada", "đăng", "đăng lúc",
        "เผยแพร่", "نشر", "نُشر", "تاريخ النشر", "פורסם", "פורסמה", "منتشر شده", "प्रकाशित",
    ),
    ("ja", "zh", "ko"): (
        "公開", "公開日", "投稿", "投稿日", "掲載", "配信", "发布", "发布时间", "發佈", "發布",
        "發表", "发表", "发表于", "发布于", "입력", "게시", "등록", "작성",
    ),
}  # fmt: skip
PUBLISHED_LABELS = tuple(x for labels in PUBLISHED_LABELS_BY_LANGUAGE.values() for x in labels)
MODIFIED_LABELS = (
    # en fr de es it pt nl
    "updated", "last updated", "last modified", "modified", "revised", "mis à jour",
    "mise à jour", "modifié", "actualisé", "aktualisiert", "zuletzt", "geändert",
    "zuletzt aktualisiert", "actualizado", "actualización", "actualizada", "modificado",
    "aggiornato", "aggiornata", "ultima modifica", "atualizado", "atualização",
    "atualizada", "bijgewerkt", "gewijzigd", "laatst bijgewerkt",
    # da nb sv fi is
    "opdateret", "oppdatert", "uppdaterad", "uppdaterat", "senast uppdaterad",
    "päivitetty", "uppfært",
    # pl cs sk sl hr sr bs
    "zaktualizowano", "aktualizacja", "zmieniono", "aktualizováno", "aktualizace",
    "upraveno", "aktualizované", "aktualizovane", "posodobljeno", "ažurirano",
    "ажурирано", "izmijenjeno",
    # ru uk bg be
    "обновлено", "обновлен", "изменено", "оновлено", "обновено", "абноўлена",
    # hu ro tr el lt lv et ca
    "frissítve", "módosítva", "frissítés", "actualizat", "güncelleme", "güncellendi",
    "son güncelleme", "güncellenme", "ενημερώθηκε", "ενημέρωση", "atnaujinta", "atjaunots",
    "atjaunināts", "uuendatud", "muudetud", "actualitzat", "actualitzada",
    # id ms vi th ar he fa hi
    "diperbarui", "dikemaskini", "cập nhật", "อัปเดต", "แก้ไข", "تحديث", "آخر تحديث",
    "עודכן", "עודכנה", "به‌روزرسانی", "بروزرسانی", "अपडेट", "अद्यतन",
    # ja zh ko
    "更新", "更新日", "最終更新", "更新时间", "更新於", "更新于", "修改", "수정", "업데이트",
)  # fmt: skip

# Scripts written without spaces between words: no word boundaries around their words.
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def unspaced(word: str) -> bool:
    return bool(_UNSPACED.search(word))


def words_pattern(words: Iterable[str]) -> str:
    """An alternation of words and phrases, longest first, with word boundaries around the
    ones in spaced scripts; a space inside a phrase matches any run of spaces."""
    # a trie (normalize's): a flat alternation of hundreds of words is slow to scan with
    words = list(words)
    spaced = {w.casefold(): 0 for w in words if w and not unspaced(w)}
    dense = {w.casefold(): 0 for w in words if w and unspaced(w)}
    parts = []
    if spaced:
        inner = alternation(spaced).replace(r"\ ", r"\s+")
        parts.append(rf"(?<!\w)(?:{inner})(?!\w)")
    if dense:
        parts.append(alternation(dense).replace(r"\ ", r"\s*"))
    return "|".join(parts) if parts else "(?!)"


_NUMBER_GROUP = r"(\d++[.,]?\d*+)"
_META = re.compile(r"[\\()\[\]*+?{}|^$]")


@dataclass(frozen=True)
class Vocabulary:
    """What the phrase layer reads for a set of languages; all words case-folded."""

    units: dict[str, str]  # unit word -> year|month|...|second
    frames: frozenset[tuple[str, str]]  # (word before the number, word after the unit)
    # frames of a layout with the unit before the number (sw "saa 3 iliyopita")
    unit_first: frozenset[tuple[str, str]]
    fillers: frozenset[str]  # words between the number and its unit (ro "acum 3 de ore")
    # one-letter units ("3 d sedan", "пре 11 ч", "3d ago"): read only inside an "ago" frame
    letters: dict[str, str]
    letter_frames: frozenset[tuple[str, str]]  # the frames of the page's own language
    fused: frozenset[str]  # unit words that say "ago" themselves (hu "napja")
    prefixes: frozenset[str]
    suffixes: frozenset[str]
    numbers: dict[str, int]
    number_patterns: tuple[tuple[re.Pattern[str], int], ...]  # dateparser's inflected ones
    yesterday: frozenset[str]
    today: frozenset[str]
    pm: frozenset[str]


def _number_words(info: dict[str, Any]) -> tuple[dict[str, int], list[tuple[str, int]]]:
    plain: dict[str, int] = {}
    patterns: list[tuple[str, int]] = []
    for item in info.get("simplifications", []) or []:
        for key, value in item.items():
            if not isinstance(value, str) or not value.isdigit() or "(?" in key or "\\" in key:
                continue
            if re.fullmatch(r"[^\W\d_][\w'’ ]*", key):
                plain[key.casefold()] = int(value)
            elif re.fullmatch(r"[\w'’()| ]+", key):
                patterns.append((key, int(value)))  # "дв(а|е|ух|ум|умя|ое)"
    return plain, patterns


def _unit_of(post: str, units: dict[str, str]) -> tuple[str, str] | None:
    """(unit word, rest) for the text after the number in a dateparser pattern."""
    text = post.strip()
    for word in sorted(units, key=len, reverse=True):
        if text.casefold().startswith(word):
            rest = text[len(word) :]
            if not rest or rest[0] == " " or unspaced(word):
                return text[: len(word)].casefold(), rest.strip().casefold()
    return None


def _unit_word(word: str) -> bool:
    # one letter ("a", "d", "m", "t") abbreviates too many things; "3 h" is kept
    return len(word) > 1 or unspaced(word) or word == "h"


def _ago_patterns(info: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(unit, text before the number, text after it) of each "N units ago" pattern that is
    plain text around the number group."""
    out = []
    for key, patterns in (info.get("relative-type-regex") or {}).items():
        m = re.fullmatch(r"\\1 (\w+) ago", key)
        if m is None or m[1] not in UNITS:
            continue
        for pattern in patterns:
            pre, sep, post = pattern.partition(_NUMBER_GROUP)
            if sep and not _META.search(pre + post):
                out.append((m[1], pre.strip().casefold(), post.strip().casefold()))
    return out


def _read_patterns(
    info: dict[str, Any],
    own: dict[str, str],
    frames: set[tuple[str, str]],
    unit_first: set[tuple[str, str]],
    fillers: set[str],
    fused: set[str],
    letters: dict[str, set[str]],
) -> None:
    """The layouts of a language's "N units ago" patterns: the words around the amount, the
    words between it and its unit, and unit words only the patterns hold."""
    agos = {w.casefold() for w in info.get("ago", []) or []}
    unknown: list[tuple[str, str, str]] = []
    for unit, pre, post in _ago_patterns(info):
        found = _unit_of(post, own)
        head, _, tail = post.partition(" ")
        if found is None and tail and (inner := _unit_of(tail, own)) is not None:
            fillers.add(head)  # ro "acum 3 de ore"
            found = inner
        lead = pre.split()
        if found is None and lead and lead[-1].rstrip(".") in own:
            unit_first.add((" ".join(lead[:-1]), post))  # sw "saa 3 iliyopita"
        elif found is None:
            unknown.append((unit, pre, post))
        else:
            _add_frame(pre, *found, frames, fused)
    # A pattern whose words no unit list holds: the unit is the word on the side the
    # language's other patterns put it ("miezi 3 iliyopita"), never an "ago" word
    # ("iliyopita") or a word dateparser lists for another unit.
    after_first = {post for _, post in unit_first} | agos
    for unit, pre, post in unknown:
        lead = pre.split()
        if lead and (" ".join(lead[:-1]), post) in unit_first:
            own.setdefault(lead[-1].rstrip("."), unit)
            continue
        word = post.split(" ")[0]
        if len(word) == 1 and not unspaced(word) and (pre or post[1:].strip()):
            letters.setdefault(word, set()).add(unit)
            _add_frame(pre, word, post[1:].strip(), frames, fused)
            continue
        if not _unit_word(word) or word in after_first or own.get(word, unit) != unit:
            continue
        own.setdefault(word, unit)
        _add_frame(pre, word, post[len(word) :].strip(), frames, fused)


def _add_frame(
    pre: str, word: str, rest: str, frames: set[tuple[str, str]], fused: set[str]
) -> None:
    if pre or rest:
        frames.add((pre, rest))
    else:
        fused.add(word)


@lru_cache(maxsize=64)
def vocabulary(langs: tuple[str, ...]) -> Vocabulary:
    units: dict[str, str] = {}
    frames: set[tuple[str, str]] = set()
    fused: set[str] = set()
    numbers: dict[str, int] = {}
    number_patterns: list[tuple[str, int]] = []
    yesterday: set[str] = set()
    today: set[str] = set()
    pm: set[str] = set()
    ago_words: set[str] = set()
    unit_first: set[tuple[str, str]] = set()
    fillers: set[str] = set()
    letters: dict[str, str] = {}
    letter_frames: set[tuple[str, str]] = set()
    for n, lang in enumerate(langs):
        info = locale_info(lang)
        if info is None:
            continue
        own: dict[str, str] = {}
        for unit in UNITS:
            for word in info.get(unit, []):
                w = word.casefold().rstrip(".")
                if _unit_word(w):
                    own.setdefault(w, unit)
        one: dict[str, set[str]] = {}
        for unit in UNITS:
            for word in info.get(unit, []):
                w = word.casefold().rstrip(".")
                if len(w) == 1 and not unspaced(w):
                    one.setdefault(w, set()).add(unit)
        mine: set[tuple[str, str]] = set()
        _read_patterns(info, own, mine, unit_first, fillers, fused, one)
        frames |= mine
        # One-letter units: the page's own language only, in its own frames ("il y a 3 j" is
        # days in French, "j" years in German); a letter the language gives two units ("m":
        # minutes or months?) is neither.
        own_language = lang.split("-")[0] == langs[0].split("-")[0]  # in any script
        if own_language:
            letter_frames |= mine
        for word, which in one.items():
            if own_language and len(which) == 1 and word not in own:
                letters[word] = next(iter(which))
        # "before" is an "ago" word to dateparser; on a page it is prose ("2 days before")
        ago_words |= {w.casefold() for w in info.get("ago", []) or [] if w != "before"}
        for word, unit in own.items():
            units.setdefault(word, unit)
        plain, patterns = _number_words(info)
        for word, value in plain.items():
            numbers.setdefault(word, value)
        number_patterns += patterns
        relative = info.get("relative-type") or {}
        # a word the language uses for two days (hi "कल": yesterday and tomorrow) is neither
        meanings = Counter(w.casefold() for ws in relative.values() for w in set(ws))
        yesterday |= {w.casefold() for w in relative.get("1 day ago", [])}
        today |= {w.casefold() for w in relative.get("0 day ago", []) if w != "till date"}
        yesterday -= {w for w, k in meanings.items() if k > 1}
        today -= {w for w, k in meanings.items() if k > 1}
        if n == 0 or lang == "en":
            pm |= {w.casefold() for w in info.get("pm", [])}
    # An "ago" word stands alone on the side the patterns show it ("4 dager siden" beside
    # "for 4 dager siden"); one no pattern places ("منذ" beside the patterns' "قبل") may
    # stand on either side of the amount.
    before = {p for p, _ in frames}
    after = {s for _, s in frames}
    for word in ago_words:
        if word in after or word not in before:
            frames.add(("", word))
        if word in before or word not in after:
            frames.add((word, ""))
    for word, value in NUMBER_WORDS.items():
        numbers.setdefault(word, value)
    return Vocabulary(
        units,
        frozenset(frames),
        frozenset(unit_first),
        frozenset(fillers),
        letters,
        frozenset(letter_frames),
        frozenset(fused),
        frozenset(p for p, _ in frames if p),
        frozenset(s for _, s in frames if s),
        numbers,
        tuple((re.compile(p, re.I), v) for p, v in number_patterns),
        frozenset(yesterday),
        frozenset(today),
        frozenset(pm),
    )


# Without a declared or detected language, the text's script names the candidates; Latin
# script, the languages of Europe and South-East Asia besides the main ones.
_SCRIPTS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile("[\u3040-\u30ff]"), ("ja", "zh")),
    (re.compile("[\uac00-\ud7af]"), ("ko",)),
    (re.compile("[\u4e00-\u9fff]"), ("zh", "zh-Hant", "ja")),
    (re.compile("[\u0400-\u04ff]"), ("ru", "uk", "bg", "sr", "be", "mk")),
    (re.compile("[\u0370-\u03ff]"), ("el",)),
    (re.compile("[\u0600-\u06ff]"), ("ar", "fa", "ur")),
    (re.compile("[\u0590-\u05ff]"), ("he",)),
    (re.compile("[\u0e00-\u0e7f]"), ("th",)),
    (re.compile("[\u0900-\u097f]"), ("hi", "mr", "ne")),
)
LATIN = (
    "pl", "cs", "sk", "sl", "hr", "bs", "da", "nb", "sv", "fi", "et", "lv", "lt", "hu", "ro",
    "ca", "tr", "id", "ms", "vi",
)  # fmt: skip


@lru_cache(maxsize=256)
def _scripts_of(lang: str) -> tuple[str, ...]:
    """The language in every script dateparser writes it in: a page declared "zh" or "sr"
    may be in Traditional characters or in Latin letters ("zh-Hant", "sr-Latn")."""
    base = lang.split("-")[0].casefold()
    return tuple(x for x in language_order if x.casefold().startswith(f"{base}-") and x != lang)


def languages_for(lang: str | None, text: str = "") -> tuple[str, ...]:
    """The page's language first (in each of its scripts), then the main ones; for a text
    in no stated language, the languages of its script."""
    if lang:
        return (lang, *_scripts_of(lang), *(x for x in MAIN if x != lang))
    for pattern, langs in _SCRIPTS:
        if pattern.search(text):
            return (*langs, *MAIN)
    return (*MAIN, *LATIN)


def number_value(word: str, vocab: Vocabulary) -> int | None:
    text = word.casefold()
    if text.isdigit():
        return int(text)
    if text in vocab.numbers:
        return vocab.numbers[text]
    for pattern, value in vocab.number_patterns:
        if pattern.fullmatch(text):
            return value
    return None
