"""Language of the clean text: langdetect, seeded so that results repeat.

Detection runs on a bounded sample of the text (its first ``SAMPLE_CHARS``
characters, cut at a space) with ``TRIALS`` random trials instead of
langdetect's seven; the detector's n-gram extraction is a faster equivalent
of langdetect's own (same n-grams, same order, so the same answers for the
same seed). Short text gets the page's declared language. Codes are ISO 639-1
("zh-cn" and "zh-tw" become "zh"); within a family the detector confuses
("no"/"nb"/"nn", "hr"/"bs"/"sr") the page's declaration decides.
"""
from __future__ import annotations


from langdetect import DetectorFactory
from langdetect import detector_factory as _factory_module
from langdetect.detector import Detector
from langdetect.lang_detect_exception import LangDetectException
from langdetect.utils.ngram import NGram
from . import data

DetectorFactory.seed = 0

MIN_LETTERS = 40  # below this the text is too short to tell; the declared language is used
SAMPLE_CHARS = 1000  # characters of text judged
TRIALS = 3  # langdetect's random trials (its default is 7)

_DATA = data.toml("language/languages.toml")
_ISO639_1: dict[str, str] = dict(_DATA["iso639_1"])
_FAMILY: dict[str, frozenset[str]] = {code: frozenset(fam) for fam in _DATA["families"] for code in fam}


def iso639_1(code: str | None) -> str | None:
    """A language code as ISO 639-1 ("zh-cn" -> "zh", "deu" -> "de"), or None when there is none."""
    if not code:
        return None
    base = code.strip().lower().replace("_", "-").split("-")[0]
    base = _ISO639_1.get(base, base)
    return base if len(base) == 2 and base.isalpha() else None


class _Normalized(dict):
    """str.translate table: langdetect's per-character normalisation, computed once per character."""

    def __missing__(self, code: int) -> str:
        value = self[code] = NGram.normalize(chr(code))
        return value


_NORMALIZED = _Normalized()


class _Detector(Detector):
    """langdetect's Detector with faster, equivalent inner loops (same n-grams in the same order,
    same arithmetic in the same order: the same answers for the same seed)."""

    def _extract_ngrams(self) -> list[str]:
        known = self.word_lang_prob_map
        result: list[str] = []
        grams, capital = " ", False
        for ch in self.text.translate(_NORMALIZED):
            last = grams[-1]
            if last == " ":
                grams, capital = " ", False
                if ch == " ":
                    continue
            elif len(grams) >= NGram.N_GRAM:
                grams = grams[1:]
            grams += ch
            if ch.isupper():
                if last.isupper():
                    capital = True
            else:
                capital = False
            if capital:
                continue
            for n in range(1, NGram.N_GRAM + 1):
                if len(grams) < n:
                    break
                w = grams[-n:]
                if w != " " and w in known:
                    result.append(w)
        return result

    def _update_lang_prob(self, prob: list[float], word: str, alpha: float) -> bool:
        lang_prob_map = self.word_lang_prob_map.get(word)
        if lang_prob_map is None:
            return False
        weight = alpha / self.BASE_FREQ
        prob[:] = [p * (weight + q) for p, q in zip(prob, lang_prob_map)]
        return True

    def _normalize_prob(self, prob: list[float]) -> float:
        sump = sum(prob)
        prob[:] = [p / sump for p in prob]
        return max(prob)


def _factory() -> DetectorFactory:
    if _factory_module._factory is None:
        _factory_module.init_factory()  # loads the profiles once per process
    return _factory_module._factory


def sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """The first ``limit`` characters of ``text``, cut at a space."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit // 2, limit)
    return text[: cut if cut > 0 else limit]


def detect_language(text: str | None, declared: str | None = None) -> tuple[str | None, float | None]:
    """(ISO 639-1 code, score 0..1). Falls back to the page's declared language on short text."""
    declared = iso639_1(declared)
    head = sample(text or "")
    if sum(ch.isalpha() for ch in head) < MIN_LETTERS:
        return declared, None
    factory = _factory()
    detector = _Detector(factory)
    detector.n_trial = TRIALS
    detector.append(head)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return declared, None
    code = iso639_1(best.lang)
    if declared and code and declared != code and declared in _FAMILY.get(code, ()):
        code = declared
    return code, round(float(best.prob), 4)
