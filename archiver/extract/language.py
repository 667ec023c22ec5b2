"""The language of the article, read from its text; the declared ``lang`` is a hint only.

Templates declare one language for a whole site (``<html lang="en">`` on isiZulu or Swahili
pages), invent codes ("kr", "eng"), or declare nothing. The text is the better witness; the
declaration decides only when the text is too short to judge, or when the detector ranks it
close to the top, which keeps related languages (no/da, id/ms, hr/sr) from flipping.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from archiver.extract.structured import StructuredData

# Characters of text the detector reads: enough to be sure, few enough to stay cheap.
SAMPLE_CHARS = 1500
MIN_TEXT_CHARS = 40
# The declared language wins when the detector gives it at least this probability.
HINT_PROBABILITY = 0.15
# Codes pages declare that are not ISO 639-1, or that the detector spells differently.
_ALIASES = {
    "kr": "ko",
    "jp": "ja",
    "cn": "zh",
    "eng": "en",
    "ger": "de",
    "deu": "de",
    "fra": "fr",
    "fre": "fr",
    "spa": "es",
    "iw": "he",
    "in": "id",
    "nb": "no",
    "nn": "no",
    "dk": "da",
    "gr": "el",
    "cz": "cs",
    "ua": "uk",
}


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # Loaded once per process: the model takes a few hundred ms to unpickle.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def normalise(code: str | None) -> str | None:
    """A declared tag ("en-US", "de_DE", "kr") to a lowercase ISO 639-1 code."""
    if not code or not code.strip():
        return None
    primary = re.split(r"[-_]", code.strip().lower())[0]
    primary = _ALIASES.get(primary, primary)
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def declared(data: StructuredData) -> str | None:
    for value in (
        data.jsonld_value("inLanguage"),
        data.html_lang,
        data.first_meta("og:locale"),
        data.first_meta("content-language", "language", "dc.language"),
    ):
        if isinstance(value, str) and normalise(value):
            return normalise(value)
    return None


def detect(text: str, hint: str | None = None) -> str | None:
    """The text's language; ``hint`` wins when the text allows it."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if len(sample) < MIN_TEXT_CHARS:
        return hint
    ranking = _identifier().rank(sample)
    if hint is not None:
        for code, probability in ranking[:5]:
            if normalise(code) == hint and probability >= HINT_PROBABILITY:
                return hint
    return normalise(str(ranking[0][0]))


def language(
    data: StructuredData, title: str | None, text: str, site_hint: str | None = None
) -> str | None:
    """``site_hint`` is a site profile's language, used when the page declares none."""
    return detect(f"{title or ''}\n{text}", declared(data) or normalise(site_hint))
