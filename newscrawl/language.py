"""Language of the clean text: langdetect, seeded so that results repeat."""
from __future__ import annotations

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

DetectorFactory.seed = 0

MIN_LETTERS = 40  # below this the text is too short to tell; the declared language is used


def detect_language(text: str | None, declared: str | None = None) -> tuple[str | None, float | None]:
    """(ISO 639-1 code, score 0..1). Falls back to the page's declared language on short text."""
    sample = (text or "")[:5000]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return (declared, None) if declared else (None, None)
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return (declared, None) if declared else (None, None)
    code = best.lang.split("-")[0]
    return code, round(float(best.prob), 4)
