"""Credit lines inside the body text ("By Khagan Isayev", "(MENAFN- Khaama Press)", "Sources: EFE").

The body cleaner asks :func:`is_credit_line` about each short line; a True answer takes the line
out of the story and hands it to the byline search. A false positive deletes a line of the story,
so the test is strict: the line must be short, must not read as a sentence, must carry a credit
signal (a by-word, a label, an agency, a newsroom, an e-mail address) and every piece of it must
be a name, an agency, a newsroom or initials.
"""
from __future__ import annotations

import re
from functools import cache

from . import vocab
from .names import is_house_credit
from .split import AGENCY, INITIALS, JUNK, OTHER, PERSON, ROLE, SITE, Credit, parse

_MAX_CHARS = 100
_MAX_TOKENS = 12
_BULLETS = re.compile(r"^[\s\-–—•*·>]+")
# a sentence ends with a full stop after a word (not after an initial: "Jane Q.")
_SENTENCE_END = re.compile(r"\w{2,}[.!?…]$|[!?…]$")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_DIGIT = re.compile(r"\d")


@cache
def _signal() -> re.Pattern:
    w, lab = vocab.words(), vocab.labels()
    labels = vocab.alternation(lab["author"] + lab["source"] + lab["other"])
    weak = vocab.alternation(lab["agency_only"])
    by = vocab.alternation(w["by_words"])
    genre = vocab.alternation(w["genre_words"])
    return re.compile(
        rf"^\(?\s*(?:(?:(?:{genre})\s+){{0,3}}(?:{by})\b|{weak}\s)"  # "By Jane Doe", "Eine Analyse von ...", "mit dpa"
        rf"|(?<!\w)(?:{labels})",  # "Reporting by ...", "Sources: EFE", "(MENAFN- ...)"
        re.I,
    )


@cache
def _hint_words() -> frozenset[str]:
    """Words one of which a credit line holds: by-words, the first words of labels, agencies, newsrooms."""
    w, lab, agencies = vocab.words(), vocab.labels(), vocab.agencies()
    words = set(w["house_words"] | w["agency_words"])
    for kind in ("author", "source", "other"):
        words.update(label.split()[0].rstrip(":-") for label in lab[kind])
    words.update(alias.split()[0] for alias in agencies)  # "dpa", "associated" (press)...
    # short words ("a", "das", "of") would let every line through; by-words and agencies stay
    return frozenset({x for x in words if len(x) >= 4 or x in agencies} | w["by_words"])


_TOKEN = re.compile(r"[^\W\d_]+")


def _may_be_credit(text: str) -> bool:
    """A cheap first look: does the line hold any word a credit line is made of?"""
    if "@" in text or ("/" in text and len(text.split()) <= 4):
        return True  # "name email", "SDA/sep"
    hints = _hint_words()
    low = text.casefold()
    return low in hints or any(tok in hints for tok in _TOKEN.findall(low))


def _only_agencies(text: str, credits: list[Credit]) -> bool:
    """"AA", "SDA/sep", "(dpa)", "IN-Redaktion": known agencies, newsrooms and initials only."""
    kinds = {c.kind for c in credits}
    if not kinds <= {AGENCY, INITIALS, SITE} or AGENCY not in kinds:
        return False
    if not all(vocab.known_agency(c.text) or is_house_credit(c.text) for c in credits if c.kind == AGENCY):
        return False  # "ÇORUM", "NOTE": a capitalised word is no agency unless the list knows it
    bare = text.strip("() ")
    # a lone capitalised word ("Reuters", "Mehr", "Trend") may be a word of the story: only in parentheses
    return not (bare.istitle() and " " not in bare and "/" not in bare and not text.startswith("("))


def is_credit_line(line: str) -> bool:
    """True when ``line`` is a credit line that belongs in the byline, not in the text."""
    text = _BULLETS.sub("", line.strip()) if line else ""
    if not text or len(text) > _MAX_CHARS or len(text.split()) > _MAX_TOKENS or text.startswith("|"):
        return False  # too long, or a row of a table
    if _SENTENCE_END.search(text) and not text.endswith(")"):
        return False
    if _DIGIT.search(_EMAIL.sub("", text)):
        return False  # prices, dates, scores: a line of the story or of a list
    if not _may_be_credit(text):
        return False
    credits = parse(text)
    kinds = {c.kind for c in credits}
    if not kinds or JUNK in kinds or not kinds & {PERSON, AGENCY, SITE, OTHER}:
        return False
    if kinds == {PERSON} and any(len(c.text.split()) == 1 and not c.text.isupper() for c in credits):
        # "By Design", "Von Berlin": one word after a by-word is a phrase, not a byline
        if not _EMAIL.search(text):
            return False
    if _signal().search(text):
        return True
    if _EMAIL.search(text) and kinds <= {PERSON, ROLE} and sum(c.kind == PERSON for c in credits) == 1:
        return "|" not in text  # "정덕현 칼럼니스트 thekian1@entermedia.co.kr", not a row of a table
    return _only_agencies(text, credits)
