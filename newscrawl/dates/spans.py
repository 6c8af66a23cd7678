"""Date spans in a short text: where they are, what day and clock they name, what labels them.

Regular expressions find the spans ("02 December 2024", "05.01.2025, 15:23", "2025年1月13日");
month words are checked against dateparser's own month names, so that "3 Kommentare 2014"
is never sent to it; :func:`.parse.parse_text` reads the day (dateparser for words) and
the clock. A label just before a span says what it dates: "Updated" a modification,
"Published" the publication, "©" or "Registered" something else.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, NamedTuple

from ..bylines.vocab import words as byline_words
from .model import MODIFIED, PUBLISHED
from .parse import CLOCK, Stamp, month_names, parse_text, words

OTHER = "other"  # the role of a copyright notice, a registration date, the current time…

_YEAR = r"(?:19|20)\d{2}"
_WORD = r"[^\W\d_]{2,12}\.?"
_SPAN = re.compile(
    rf"(?<![\w.:/-])(?:"
    rf"(?P<ymd>{_YEAR}[-/.]\s?\d{{1,2}}[-/.]\s?\d{{1,2}})(?![\d/-]|\.\d)"
    rf"|(?P<dmy>\d{{1,2}}[./-]\s?\d{{1,2}}[./-]\s?(?:{_YEAR}|\d{{2}}))(?![\d/-]|\.\d)"
    rf"|(?P<dwy>\d{{1,2}}(?:\.|º|°|er|st|nd|rd|th)?(?:\s+de)?\s+(?P<w1>{_WORD})(?:\s*/\s*(?P<w1b>{_WORD}))?"
    rf"(?:\s+de)?,?\s+{_YEAR})(?!\d)"
    rf"|(?P<wdy>(?P<w2>{_WORD})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR})(?!\d)"
    rf"|(?P<cjk>{_YEAR}\s*[年년]\s*\d{{1,2}}\s*[月월]\s*\d{{1,2}}\s*[日일]?)"
    rf")"
)
@lru_cache(maxsize=1)
def _month_words() -> dict[str, tuple[str, ...]]:
    """Month names (lower case, no dot) -> the dateparser languages that use them, most used first."""
    from dateparser.data import language_order

    rank = {code: n for n, code in enumerate(language_order)}
    return {w: tuple(sorted(langs, key=rank.__getitem__)) for w, langs in month_names().items()}


def _languages(word: str | None, declared: tuple[str, ...]) -> tuple[str, ...] | None:
    if word is None:
        return declared or ("en",)
    langs = _month_words().get(word.lower().rstrip("."))
    if not langs:
        return None
    preferred = tuple(l for l in declared if l in langs)
    return preferred or langs[:4]


class Reading(NamedTuple):
    """How a page writes its dates: its declared languages, and whether "02/11/2023" puts the
    month first (:func:`.order.month_first`; None: as the language does)."""
    languages: tuple[str, ...] = ()
    month_first: bool | None = None


def spans_in(text: str, reading: Reading = Reading()) -> Iterator[tuple[re.Match, Stamp]]:
    """Every date span in ``text`` that reads as a day (with its clock when one is next to it)."""
    declared = reading.languages
    for m in _SPAN.finditer(text):
        day_text = m.group(0)
        if m.group("dmy") and _short_numeric(day_text) and not _credited().search(text, 0, m.start()):
            continue
        word = m.group("w1") or m.group("w2")
        if m.group("w1b"):  # "24 نيسان / أبريل 2020": two names of one month, keep the one we know
            if word.lower().rstrip(".") not in _month_words():
                word = m.group("w1b")
            day_text = text[m.start():m.start("w1")] + word + text[m.end("w1b"):m.end()]
        langs = _languages(word, declared)
        if langs is None:
            continue
        after, before = _clock_after(text, m.end()), _clock_before(text, m.start())
        # "GMT 17:27 17.03.2020 (updated GMT 17:49 …)": a clock right before beats one past words
        clock_text = before if before and (not after or _HAS_WORD.match(after)) else after
        stamp = parse_text(day_text, clock_text, langs, reading.month_first)
        if stamp is not None:
            yield m, stamp


@lru_cache(maxsize=1)
def _credited() -> re.Pattern:
    """A byline just before a date ("von Klaus-Peter Schöppner, 8.5.12"): the date is the article's,
    whatever its form. The by-words are the byline finder's own."""
    by = "|".join(re.escape(w) for w in byline_words()["by_words"])
    return re.compile(rf"(?:^|\s)(?:{by})\s+[^\W\d_][^\d,|]{{2,50}},\s*$", re.I)


def _short_numeric(part: str) -> bool:
    """ "1.2.21" is more likely a version than a date: two-digit years need two-digit days and months."""
    pieces = re.split(r"[./-]\s?", part)
    return len(pieces[2]) == 2 and (len(pieces[0]) != 2 or len(pieces[1]) != 2)


_GAP = r"[^\d\n]{0,12}?"
_HAS_WORD = re.compile(r"[^\d]*?[^\W\d_]{2}")  # letters before the first digit
_AFTER = re.compile(rf"{_GAP}(?={CLOCK.pattern})", re.I)


def _clock_after(text: str, end: int) -> str:
    m = _AFTER.match(text, end)
    if not m:
        return ""
    clock = CLOCK.match(text, m.end())
    return text[end:clock.end() + 12] if clock else ""  # with the next word: a local "pm"


def _clock_before(text: str, start: int) -> str:
    head = text[max(0, start - 24):start]
    found = None
    for found in CLOCK.finditer(head):
        pass
    if found and re.fullmatch(r"[^\d\w]{0,4}(?:\w{1,4}[^\d\w]{1,3})?", head[found.end():]):
        return found.group(0)
    return ""


# --- labels ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)

def _labels() -> tuple[re.Pattern, dict[str, str]]:
    w = words()
    labels = [(l, MODIFIED) for l in w["modified_labels"]] + [(l, PUBLISHED) for l in w["published_labels"]]
    labels += [(l, OTHER) for l in w["copyright_marks"] + w["other_labels"]]
    labels.sort(key=lambda p: -len(p[0]))
    alts = "|".join(re.escape(l) for l, _ in labels)
    return re.compile(rf"(?<![^\W\d_])({alts})(?![^\W\d_])", re.I), {l: r for l, r in labels}


def label_before(context: str) -> str | None:
    """The role a label just before a date gives it ("Updated:" -> modified, "© " or
    "Registered:" -> other, not a date of the article), or None."""
    tail = context[-40:].lower()
    pattern, roles = _labels()
    found = None
    for found in pattern.finditer(tail):
        pass
    if found is None:
        return None
    between = tail[found.end():]
    role = roles.get(found.group(1).lower())
    if len(between) > (12 if found.group(1)[0] in "©(c" else 24) or re.search(r"\d", between):
        return None  # "© Photographer Name 01.02.2022" is a photo credit, then the date
    return role


_SEPARATORS = " \t/|·•,;–—(-"


def label_after(context: str) -> str | None:
    """PUBLISHED when an update label follows the date at once (after its clock): "January 19,
    2020 / 12:25 PM / Updated 8 hours ago" states the first publication beside the update."""
    rest = context[:60].lstrip(_SEPARATORS)
    if clock := CLOCK.match(rest):
        rest = rest[clock.end():].lstrip(_SEPARATORS)
    pattern, roles = _labels()
    m = pattern.match(rest.lower())
    return PUBLISHED if m and roles.get(m.group(1).lower()) == MODIFIED else None


@lru_cache(maxsize=1)
def relative_re() -> re.Pattern:
    rel = words()["relative"]
    before = "|".join(re.escape(w) for w in rel["before"])
    after = "|".join(re.escape(w) for w in rel["after"])
    return re.compile(
        rf"(?<!\w)(?:(?:{before})\s+(?:\d+|[^\W\d_]+)\s+[^\W\d_]+\.?|(?:\d+|[^\W\d_]+)\s+[^\W\d_]+\.?\s+(?:{after}))(?!\w)",
        re.I,
    )
