"""Relative phrases, age banners and bounds: what dateparser reads badly or not at all.

dateparser 1.5 parses "il y a 9 ans" but not "il y a plus de neuf ans", "more than nine
years ago" or "hace nueve años". Those phrases are evidence of a different kind: "plus de
neuf ans" does not date the page, it bounds it (published before fetched_at - 9 years).
So this layer reads the qualifier and the number itself, resolves against ``fetched_at``
and returns a value only when the phrase fixes one; otherwise earliest/latest bounds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from archiver.extract.dates.normalize import lines_with

NUMBER_WORDS = {
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
}  # fmt: skip

_UNITS = {
    "second": r"seconds?|secs?|secondes?|sekunden?|segundos?|secondi|secondo",
    "minute": r"minutes?|mins?|minuten?|minutos?|minuti|minuto",
    "hour": r"hours?|hrs?|heures?|stunden?|std\.?|horas?|ore|ora",
    "day": r"days?|jours?|tag(?:en|e)?|días?|dias?|giorni|giorno",
    "week": r"weeks?|semaines?|wochen?|semanas?|settimane|settimana",
    "month": r"months?|mois|monat(?:en|e)?|meses|mes|mesi|mese",
    "year": r"years?|ans?|années?|annees?|jahr(?:en|e)?|años?|anni|anno",
}
_UNIT = "|".join(f"(?P<u_{k}>{v})" for k, v in _UNITS.items())
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_MORE = r"plus de|more than|over|mehr als|über|más de|mas de|più di|oltre|mais de|meer dan"
_LESS = r"moins de|less than|under|weniger als|unter|menos de|meno di|minder dan"
_QUAL = rf"(?:(?P<more>{_MORE})|(?P<less>{_LESS})|about|environ|etwa|ungefähr|cerca de|circa)?\s*"
_AMOUNT = rf"{_QUAL}{_NUMBER}\s+(?:{_UNIT})"

# An age banner states the age of the page itself; a relative phrase, when it happened.
_BANNER = re.compile(
    r"(?:(?:cet|cette)\s+(?:article|page|vidéo|contenu)\s+(?:date|a été publiée?)\s+(?:de|il y a)"
    r"|(?:this|the)\s+(?:article|story|page|post|content)\s+(?:is|was published)"
    r"|(?:dieser|diese|dieses)\s+(?:artikel|beitrag|text|seite)\s+(?:ist|wurde)"
    r"|(?:este|esta)\s+(?:artículo|noticia|página|contenido)\s+(?:tiene|es de hace|se publicó hace)"
    r"|(?:questo|questa)\s+(?:articolo|pagina|notizia)\s+(?:ha|è di|è stato pubblicato))"
    rf"\s+{_AMOUNT}",
    re.I,
)
_AGO = (
    re.compile(rf"\b(?:il y a|vor|hace|há)\s+{_AMOUNT}\b", re.I),
    re.compile(rf"\b{_AMOUNT}\s+(?:ago|fa|atrás|geleden)\b", re.I),
)
# A bare "hier" or "heute" is prose (and "hier" is German for "here"): only with a time.
_TIME = r"\s*(?:,|à|at|um|a las|alle|às)?\s*(?P<H>[01]?\d|2[0-3])\s*[:h.]\s*(?P<M>[0-5]\d)\b"
_DAY_WORD = re.compile(
    r"\b(?:(?P<y>hier|yesterday|gestern|ayer|ieri|ontem)"
    r"|(?P<t>aujourd'hui|aujourd’hui|today|heute|hoy|oggi|hoje))\b" + _TIME,
    re.I,
)


@dataclass(frozen=True)
class Relative:
    """What a phrase says: a value (with precision) or bounds; ``kind`` tells them apart."""

    kind: str  # "banner" (age of the page) | "relative" (ago / yesterday)
    raw: str
    value: date | datetime | None
    precision: str | None
    earliest: date | datetime | None
    latest: date | datetime | None
    start: int


def _amount(m: re.Match[str]) -> tuple[int, str] | None:
    word = m["n"].lower()
    number = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
    unit = next((k[2:] for k, v in m.groupdict().items() if k.startswith("u_") and v), None)
    if number is None or unit is None:
        return None
    return number, unit


def _delta(number: int, unit: str) -> relativedelta:
    return {
        "second": relativedelta(seconds=number),
        "minute": relativedelta(minutes=number),
        "hour": relativedelta(hours=number),
        "day": relativedelta(days=number),
        "week": relativedelta(weeks=number),
        "month": relativedelta(months=number),
    }.get(unit, relativedelta(years=number))


def _from_amount(m: re.Match[str], kind: str, fetched_at: datetime) -> Relative | None:
    amount = _amount(m)
    if amount is None:
        return None
    number, unit = amount
    near = fetched_at - _delta(number, unit)  # the latest moment the phrase allows
    far = fetched_at - _delta(number + 1, unit)
    raw = " ".join(m.group(0).split())
    fine = unit in ("second", "minute", "hour")
    if m["more"]:
        return Relative(kind, raw, None, None, None, near if fine else near.date(), m.start())
    if m["less"]:
        return Relative(kind, raw, None, None, near if fine else near.date(), fetched_at, m.start())
    if fine:
        return Relative(kind, raw, near, unit, far, near, m.start())
    if unit == "day":
        return Relative(kind, raw, near.date(), "day", near.date(), near.date(), m.start())
    return Relative(kind, raw, None, None, far.date(), near.date(), m.start())


# Cheap first pass: only lines holding one of these words are read with the patterns above.
_ANCHOR = re.compile(
    r"\b(?:il y a|ago|vor|hace|fa|há|atrás|geleden|article|artikel|beitrag|artículo|"
    r"noticia|articolo|story|hier|yesterday|gestern|ayer|ieri|ontem|aujourd|today|heute|"
    r"hoy|oggi|hoje)\b",
    re.I,
)


def find_relative(text: str, fetched_at: datetime) -> list[Relative]:
    """Age banners, "ago" phrases and yesterday/today, resolved against ``fetched_at``."""
    out: list[Relative] = []
    for offset, line in lines_with(_ANCHOR, text):
        out += [
            Relative(r.kind, r.raw, r.value, r.precision, r.earliest, r.latest, r.start + offset)
            for r in _find_relative_line(line, fetched_at)
        ]
    return out


def _find_relative_line(text: str, fetched_at: datetime) -> list[Relative]:
    out: list[Relative] = []
    banner_spans: list[tuple[int, int]] = []
    for m in _BANNER.finditer(text):
        found = _from_amount(m, "banner", fetched_at)
        if found:
            out.append(found)
            banner_spans.append(m.span())
    for pattern in _AGO:
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in banner_spans):
                continue
            found = _from_amount(m, "relative", fetched_at)
            if found:
                out.append(found)
    for m in _DAY_WORD.finditer(text):
        day = fetched_at.date() - timedelta(days=1 if m["y"] else 0)
        # Wall-clock time on the page: no offset stated, none invented.
        value = datetime(day.year, day.month, day.day, int(m["H"]), int(m["M"]))
        out.append(
            Relative("relative", " ".join(m.group(0).split()), value, "minute", day, day, m.start())
        )
    return out
