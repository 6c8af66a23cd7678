"""Guessing the legacy encoding of bytes that are neither UTF-8 nor declared usably.

Each candidate encoding (``newscrawl/data/encodings/encodings.toml``) decodes a
bounded sample of the bytes, and the reading is judged by how well one language
accounts for its non-ASCII characters: their letters (French é è ê, Polish ą ł ś,
Turkish ğ ı ş), their script (Cyrillic, Greek, Hangul, kana), or for Chinese
its most frequent characters. Readings are marked down for bytes the encoding
cannot decode, C1 control characters, letters of another script glued to Latin
letters ("fьr" is German read as windows-1251), lower case running into upper
case inside a word and more capitals than small letters ("вОЗМОЖНО" is KOI8-R read
as windows-1251), and combining marks after a space (Thai, Hebrew, Arabic).
The language the page declares (``<html lang>``) gives its usual legacy encoding
a head start, as a browser's locale does.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from .. import data

SAMPLE_BYTES = 16384  # bytes judged, starting shortly before the first non-ASCII byte
HINT_BONUS = 0.05  # head start of the declared language's usual encoding
CONVINCING = 0.98  # a reading this good is taken without trying the encodings after it

_DATA = data.toml("encodings/encodings.toml")

CODEC_FOR_LABEL: dict[str, str] = dict(_DATA["codec_for_label"])
CODEC_FOR_LANGUAGE: dict[str, str] = dict(_DATA["codec_for_language"])
CANDIDATES: tuple[str, ...] = tuple(_DATA["detection"]["candidates"])
_SHARED = frozenset(_DATA["shared"]["punctuation"])
_CJK_PUNCT = frozenset(_DATA["common"]["punctuation"])


def _ranges(specs: list[str]) -> frozenset[str]:
    """The characters of "hex-hex" code point ranges."""
    out: set[str] = set()
    for spec in specs:
        lo, hi = (int(x, 16) for x in spec.split("-"))
        out.update(map(chr, range(lo, hi + 1)))
    return frozenset(out)


# language -> the characters its text is written with beyond ASCII (letters lower-cased)
_LETTERS = {lang: frozenset(chars) | _SHARED for lang, chars in _DATA["letters"].items()}
_RANGES = {lang: _ranges(specs) | _SHARED | _CJK_PUNCT for lang, specs in _DATA["ranges"].items()}
_COMMON = {lang: frozenset(chars) | _CJK_PUNCT for lang, chars in _DATA["common"].items() if lang != "punctuation"}

_KANJI = _ranges(_DATA["kanji"]["ranges"])
_MIN_KANA = float(_DATA["kanji"]["min_kana_share"])

_HANGUL = _ranges(_DATA["hangul"]["ranges"])
_HANGUL_CODEC = _DATA["hangul"]["codec"]

_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?)", re.I)
_META_LANG = re.compile(
    rb"<meta\b[^>]*?(?:content-language|og:locale|dc\.language)[^>]*?content\s*=\s*[\"']?\s*"
    rb"([A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?)", re.I)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LATIN_BESIDE = re.compile(r"[A-Za-z][^\x00-\x7f]|[^\x00-\x7f][A-Za-z]")
# a combining vowel or tone mark (Thai, Hebrew, Arabic) after a space, digit or punctuation
_MARK_AFTER = re.compile(
    r"(?:(?<=[\s\d\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e])|^)[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u05b0-\u05c7\u064b-\u065f]")
_PAIR = re.compile(r"(?=([^\x00-\x7f])([^\x00-\x7f]))")


def language_hint(body: bytes) -> str | None:
    """The language the raw bytes declare (`<html lang>`, Content-Language, og:locale), lower case."""
    head = body[:SAMPLE_BYTES]
    m = _HTML_LANG.search(head) or _META_LANG.search(head)
    return m.group(1).decode("ascii").lower().replace("_", "-") if m else None


def codec_for_language(lang: str | None) -> str | None:
    if not lang:
        return None
    return CODEC_FOR_LANGUAGE.get(lang) or CODEC_FOR_LANGUAGE.get(lang.split("-")[0])


def _sample(body: bytes) -> bytes:
    """``SAMPLE_BYTES`` of the body from just before its first non-ASCII byte."""
    m = _HIGH_BYTE.search(body)
    start = max(0, (m.start() if m else 0) - 64)
    return body[start:start + SAMPLE_BYTES]


def _non_latin_letter(ch: str) -> bool:
    o = ord(ch)
    return ch.isalpha() and o > 0x24F and not 0x1E00 <= o <= 0x1EFF


def _kanji(chars: Counter) -> int:
    """Ideographs that count as Japanese: only beside enough kana."""
    kana = sum(n for ch, n in chars.items() if 0x3040 <= ord(ch) <= 0x30FF)
    kanji = sum(n for ch, n in chars.items() if ch in _KANJI)
    return kanji if kana and kana >= _MIN_KANA * (kana + kanji) else 0


@lru_cache(maxsize=16384)
def _common_hangul(ch: str) -> bool:
    try:
        return len(ch.encode(_HANGUL_CODEC)) == 2  # Python spells the others as 8-byte jamo sequences
    except UnicodeEncodeError:
        return False


def _hangul(chars: Counter) -> int:
    """Hangul syllables that count as Korean: the common ones."""
    return sum(n for ch, n in chars.items() if ch in _HANGUL and _common_hangul(ch))


def score(sample: bytes, codec: str) -> float:
    """How well ``codec`` reads ``sample``: the share of its non-ASCII text one language explains, less penalties."""
    try:
        text = sample.decode(codec, "replace")
    except LookupError:
        return float("-inf")
    text = text.rstrip("\ufffd")  # a multi-byte character cut by the end of the sample
    errors = text.count("\ufffd")
    chars = Counter(_NON_ASCII.findall(text))
    chars.pop("\ufffd", None)
    total = sum(chars.values()) + errors
    if not total:
        return 0.0
    lowered = [(ch, ch.lower(), n) for ch, n in chars.items()]
    best = 0
    for letters in _LETTERS.values():
        best = max(best, sum(n for ch, low, n in lowered if low in letters))
    for lang, ranges in _RANGES.items():
        good = sum(n for ch, low, n in lowered if ch in ranges)
        if lang == "ja":
            good += _kanji(chars)
        elif lang == "ko":
            good += _hangul(chars)
        best = max(best, good)
    for common in _COMMON.values():
        best = max(best, sum(n for ch, low, n in lowered if ch in common))
    controls = sum(n for ch, n in chars.items() if 0x80 <= ord(ch) <= 0x9F)
    mixed = sum(1 for pair in _LATIN_BESIDE.findall(text) if _non_latin_letter(pair[0] if ord(pair[0]) > 0x7F else pair[1]))
    flips = sum(1 for a, b in _PAIR.findall(text) if a.islower() and b.isupper())
    marks = len(_MARK_AFTER.findall(text))
    # running text is mostly lower case: a reading that is mostly capitals swapped the cases
    upper = sum(n for ch, n in chars.items() if ch.isupper())
    lower = sum(n for ch, n in chars.items() if ch.islower())
    shouting = max(0, upper - lower)
    return (best - 2 * errors - 2 * controls - mixed - flips - marks - shouting) / total


def guess_codec(body: bytes) -> str:
    """The most likely legacy encoding of ``body`` (never UTF-8: that is settled before)."""
    sample = _sample(body)
    hinted = codec_for_language(language_hint(body))
    best: tuple[float, str] | None = None
    for codec in ((hinted,) if hinted else ()) + CANDIDATES:
        s = score(sample, codec) + (HINT_BONUS if codec == hinted else 0.0)
        if best is None or s > best[0]:
            best = (s, codec)
        if s >= CONVINCING:
            break
    return best[1] if best else "cp1252"
