"""Residue cleaning: lines extractors keep that are not part of the story.

A line is residue when its whole text, normalised, matches a pattern of one kind in
``newscrawl/data/residue`` ("Share this article", "Views: 129", "Caliber.az © 2024.",
"Ссылка скопирована", "Photo: Reuters"), when it is only a date or a time, only a number or
only symbols, or when it is a title-like line right under a "Related" heading. Matching whole
short lines keeps a story sentence that merely contains "share" or "copyright".

A few pieces are cut from a line that is otherwise kept: a link word glued to the end of a
paragraph ("... forces . Learn more"), an icon name glued to its start ("share-lineLiked ...")
and an ISO date stamp before it ("date 2024-12-02 (MENAFN- Khaama Press)").

:func:`residue_lines` and :func:`clean_text` share one scanner, so the benchmark's residue
rate counts exactly what the cleaner removes, for any extractor's text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..bylines.lines import is_credit_line
from .residue_patterns import cjk_date_words, date_words, kinds, trailing, word_prefixes

_BULLET_CHARS = " -–—•*·|>»›▪►■□●○◦✓✔→↑"
_TRAIL_CHARS = " .:;,!?…|»›>-–—"
_LETTER_OR_DIGIT = re.compile(r"\w")
_DIGITS_ONLY = re.compile(r"[\d\s.,:/%+\-–()#]+")
_WORDS = re.compile(r"[^\W\d_]+")
# a date or a time in the line: "02.12.2024", "2024-12-02", "11:36", "2024"
_DATE_SHAPE = re.compile(
    r"\d{1,4}[./-]\s?\d{1,2}[./-]\s?\d{1,4}|\d{1,2}[:h]\d{2}\b|\b(?:1[89]|20)\d{2}\b"
    r"|\d{1,4}\s*[年년]|\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]|\d{1,2}\s*[時시]\s*\d{1,2}\s*分"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_AMPM = re.compile(r"\b[ap]\.\s?m\.?", re.I)
# an icon name glued to the text after it: "share-lineLiked the story?"
_GLUED_ICON = re.compile(r"^[a-z]+(?:[-_][a-z]+)+(?=[A-ZА-ЯЁ])")
# an ISO date stamp opening a line: "date 2024-12-02 (MENAFN- Khaama Press)"
_LEADING_STAMP = re.compile(
    r"^\s*(?:date|datum|fecha|data|дата|tarih)?\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\s+(?=\S)", re.I
)
# the same stamp closing a line: "The most important news of ... date 2024-12-02"
_TRAILING_STAMP = re.compile(r"(?<=\S)\s+(?:date|datum|fecha|data|дата|tarih)\s+\d{4}-\d{2}-\d{2}\s*$", re.I)
_HEADING_SEPARATOR = re.compile(r"[:|»>→]\s*\S")
_MAX_CHARS = max(k.max_chars for k in kinds())
_MAX_DATE_LINE = 80
_TAIL = 60  # glued pieces at the end of a line are looked for in its last characters only
_MAX_TITLE_WORDS = 16  # a line under a "Related" heading is a link title when it is this short...
_MAX_TITLES = 8  # ... and not a sentence; at most this many are taken
_MAX_PROMO_CHARS = 100  # a short line after a paywall notice is part of its sales pitch


@dataclass
class Cleaned:
    text: str
    credits: list[str] = field(default_factory=list)  # credit lines, for the byline search
    removed: list[tuple[str, str]] = field(default_factory=list)  # (line or piece, reason)


def normalise(line: str) -> str:
    """The form patterns match: NFKC, no bullets, no wrapping brackets, no trailing punctuation."""
    text = line if line.isascii() else unicodedata.normalize("NFKC", line)
    text = " ".join(text.split()).lstrip(_BULLET_CHARS)
    if text[:1] in "([" and text[-1:] in ")]" and text.count("(") + text.count("[") == 1:
        text = text[1:-1].strip()
    core = text.rstrip(_TRAIL_CHARS)
    return core if len(core) > 1 else text  # "A-", "A+": the sign is the word


def is_date_line(core: str) -> bool:
    """Only a date or a time: "02 December 2024 11:36", "December 4, 2024 Hour: 1:34 pm"."""
    if len(core) > _MAX_DATE_LINE or not _DATE_SHAPE.search(core):
        return False
    words = date_words()
    text = _AMPM.sub(" ", core).casefold()
    if _CJK.search(text):
        text = cjk_date_words().sub(" ", text)
    return all(w in words for w in _WORDS.findall(text))


def residue_kind(line: str, site_names: Iterable[str] = ()) -> str | None:
    """The kind of residue ``line`` is ("share", "date", ...), or None for a line of the story."""
    if len(line) > 4 * _MAX_CHARS:
        return None
    core = normalise(line)
    if not _LETTER_OR_DIGIT.search(core):
        return "symbols"
    if len(core) > _MAX_CHARS:
        return None
    if len(core) <= 12 and _DIGITS_ONLY.fullmatch(core):
        return "counters"  # "412", "47", "1/5"
    folded = core.casefold()
    if any(folded == name.casefold() for name in site_names):
        return "site_name"
    prefixes = word_prefixes(folded)
    for kind in kinds():
        if len(core) > kind.max_chars or (kind.gate and not kind.gate.passes(prefixes, folded)):
            continue
        if kind.pattern.fullmatch(core):
            return kind.name
    if is_date_line(core):
        return "date"
    return None


def _trim(line: str) -> tuple[str, list[str]]:
    """Cut glued pieces off a line; returns the rest and the pieces cut."""
    cut: list[str] = []
    for pattern in (_GLUED_ICON, _LEADING_STAMP):
        m = pattern.search(line)
        if m:
            cut.append(m.group(0).strip())
            line = line[m.end():]
    for pattern in (_TRAILING_STAMP, trailing()):
        # the glued piece is short: look at the tail only (a search over a long paragraph is slow)
        offset = max(len(line) - _TAIL, 0)
        m = pattern.search(line, offset)
        if m and m.start() > 0:
            cut.append(m.group(0).strip())
            line = line[: m.start()].rstrip()
    return line, cut


def _is_heading(line: str, kind: str | None) -> bool:
    """A "Related" heading that introduces link titles on the lines below it.

    Only a heading that points down ("RELATED:", "You may also like...") or shouts
    ("RELATED ARTICLES"): after a quiet one ("Auch interessant") the story may go on with a subhead.
    """
    if kind != "related":
        return False
    core = normalise(line)
    if len(core.split()) > 6 or _HEADING_SEPARATOR.search(core):
        return False
    text = line.strip()
    return text.endswith((":", "...", "…")) or core.isupper()


def _is_title(line: str) -> bool:
    """Short and not a sentence: the title of a linked story."""
    text = line.strip()
    return len(text.split()) <= _MAX_TITLE_WORDS and not text.endswith((".", ":", ";", ",", "”", '"', "»"))


def _is_promo(line: str) -> bool:
    """Short and not a sentence of the story (a Japanese "。" may close a bullet of the pitch)."""
    text = line.strip()
    return len(text) <= _MAX_PROMO_CHARS and len(text.split()) <= _MAX_TITLE_WORDS and not text.endswith((".", "!", "?", "”", '"'))


def _scan(lines: list[str], site_names: Iterable[str], credits: bool) -> Iterator[tuple[str, str, list[str]]]:
    """(verdict, line, pieces cut) for each line; verdict is "keep", "credit" or a residue kind.

    Two kinds reach past their own line: a "Related" heading takes the link titles under it,
    a paywall notice the short lines of its sales pitch ("- 会員向け記事が読み放題").
    """
    titles_left = 0
    after_paywall = False
    for raw in lines:
        line, cut = _trim(raw)
        if not line.strip():
            yield "glued", raw, []
            continue
        if credits and len(line) <= 120 and is_credit_line(line):
            yield "credit", line, cut
            titles_left = 0
            continue
        kind = residue_kind(line, site_names)
        if kind is None and titles_left and _is_title(line):
            kind = "related"
            titles_left -= 1
        elif kind is None and after_paywall and _is_promo(line):
            kind = "paywall"
        elif _is_heading(line, kind):
            titles_left = _MAX_TITLES
        elif kind is None:
            titles_left = 0
            after_paywall = False
        if kind == "paywall":
            after_paywall = True
        yield (kind or "keep"), line, cut


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def clean_text(text: str, site_names: tuple[str, ...] = ()) -> Cleaned:
    """Remove residue lines; move credit lines to ``credits``; paragraphs joined by one blank line."""
    kept: list[str] = []
    out = Cleaned(text="")
    for verdict, line, cut in _scan(_lines(text), site_names, credits=True):
        out.removed.extend((piece, "glued") for piece in cut)
        if verdict == "keep":
            kept.append(line)
        elif verdict == "credit":
            out.credits.append(line)
        else:
            out.removed.append((line, verdict))
    out.text = "\n\n".join(kept)
    return out


def residue_lines(text: str) -> list[str]:
    """Lines of ``text`` that are residue (used by the benchmark's residue rate).

    The same scan as :func:`clean_text`, without site names or credit lines: what the
    cleaner would remove from any extractor's text. Glued pieces are listed by themselves.
    """
    out: list[str] = []
    for verdict, line, cut in _scan(_lines(text), (), credits=False):
        out.extend(cut)
        if verdict not in ("keep", "credit"):
            out.append(line)
    return out
