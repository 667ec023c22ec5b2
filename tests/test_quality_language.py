"""Language from the text, with the page's declared lang as a hint only."""

from __future__ import annotations

import pytest
from quality_corpus import extract_corpus_page, truth

from archiver.extract.language import detect, normalise


@pytest.mark.parametrize(
    ("page_id", "declared", "expected"),
    [
        ("za_EyethuNews_2025_11_25", "en-GB", "zu"),  # isiZulu page declaring English
        ("tz_HabariLeo_2025_01_23", "en-US", "sw"),  # Swahili page declaring English
        ("kr_HankookIlbo_2025_05_15", "ko", "ko"),
        ("de_Golem_2024_04_28", "de-DE", "de"),
        ("jp_NikkanGeadai_2025_01_31", None, "ja"),  # no declaration at all
    ],
)
def test_real_pages(page_id: str, declared: str | None, expected: str) -> None:
    if declared is not None:
        assert truth("metadata-dev")[page_id]["html_lang"] == declared
    assert extract_corpus_page("metadata-dev", page_id).language == expected


def test_declared_code_normalised() -> None:
    assert normalise("en-US") == "en"
    assert normalise("de_DE") == "de"
    assert normalise("kr") == "ko"
    assert normalise("eng") == "en"
    assert normalise("") is None


def test_hint_decides_only_short_or_close_cases() -> None:
    assert detect("Hallo", "fr") == "fr"  # too short to judge: the declaration stands
    english = "The government announced on Monday that the new railway line will open next year."
    assert detect(english, "de") == "en"
    norwegian = (
        "Regjeringen la i dag fram et forslag om nye regler for strømstøtte til husholdninger."
    )
    assert detect(norwegian, "no") == "no"
