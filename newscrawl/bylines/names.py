"""What one piece of a byline is: a person's name, a job title, a newsroom, the site itself."""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Iterable

from . import vocab

# letters of scripts written without spaces between a family and a given name
_CJK = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff々〆ヶ]+$")
# anything but letters, marks, spaces, dots, apostrophes and hyphens
_NOT_NAME_CHAR = re.compile(r"[^\w\s.'’\-‐]|[\d_]")


@cache
def _roles() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    w = vocab.words()
    return w["role_nouns"], w["role_modifiers"], tuple(w["role_suffixes"])


def _is_noun(low: str) -> bool:
    nouns, _, suffixes = _roles()
    return low in nouns or low.endswith(suffixes)


def _is_role_word(low: str) -> bool:
    return low in _roles()[1] or _is_noun(low)


_PLACE = re.compile(r"\s+(?:in|aus|à|em|für|for)\s+(?=[A-ZÀ-ÖØ-ÞĀ-Ž]).*$")


def is_role(text: str) -> bool:
    """The whole text is a job title ("Senior Correspondent", "Staff Writer")."""
    lows = text.casefold().split()
    return bool(lows) and _is_noun(lows[-1]) and all(_is_role_word(t) for t in lows)


def strip_role(text: str) -> str:
    """``text`` without a job title before or after the name, nor "in <place>" / "for <outlet>".

    "Political Editor Laura Kuenssberg" and "Jane Doe Senior Political Correspondent" give the name.
    """
    tokens = text.split()
    lows = [t.casefold() for t in tokens]
    cut = 0  # leading title: role words ending with a job noun
    for i, low in enumerate(lows[:-1]):
        if not _is_role_word(low):
            break
        if _is_noun(low):
            cut = i + 1
    tokens, lows = tokens[cut:], lows[cut:]
    if len(lows) > 1 and _is_noun(lows[-1]):  # trailing title
        end = len(lows) - 1
        while end > 1 and _is_role_word(lows[end - 1]):
            end -= 1
        tokens = tokens[:end]
    out = _PLACE.sub("", " ".join(tokens), count=1)
    return out.strip() or text


def is_house_credit(text: str) -> bool:
    """A newsroom rather than a person: "Staff", "Web Desk", "IN-Redaktion", "Gear Team"."""
    w = vocab.words()
    raw = [t for t in re.split(r"[\s\-/]+", text) if t]
    if not raw or len(raw) > 5:
        return False
    tokens = [t.casefold() for t in raw]
    if not any(tok in w["house_words"] for tok in tokens):
        return False
    junk = w["not_names"] - w["house_words"]
    lower_ok = w["house_words"] | w["role_nouns"] | w["role_modifiers"] | w["particles"]
    for tok, low in zip(raw, tokens):
        if low in junk or (tok[:1].islower() and low not in lower_ok and "." not in tok):
            return False  # "head of prison agency testified": a sentence, not a newsroom
    return True


_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.I)


def is_outlet(text: str) -> bool:
    """An outlet by its form: a domain ("ETMarkets.com") or a name with an agency word ("Agenzia ANSA")."""
    if " " not in text and _DOMAIN.match(text):
        return True
    words = vocab.words()["agency_words"]
    return any(tok in words for tok in text.casefold().split())


def is_code(text: str) -> bool:
    """One short token that is initials or an abbreviation: "JF", "hosb", "TPN"."""
    if " " in text or not 1 <= len(text) <= 5:
        return False
    return all(c.isupper() for c in text) or all(c.islower() for c in text)


def looks_like_name(text: str) -> bool:
    """True when ``text`` can be a person's name as bylines write it."""
    if not text or len(text) > 60 or _NOT_NAME_CHAR.search(text):
        return False
    if _CJK.match(text):
        return 2 <= len(text) <= 10
    w = vocab.words()
    tokens = text.split()
    particles = w["particles"]
    named = 0
    for tok in tokens:
        low = tok.casefold()
        if low in w["not_names"] or low in w["date_words"] or low in w["weekdays"]:
            return False
        first = next((c for c in tok if c.isalpha()), "")
        if not first:
            return False
        if first.islower():
            if low in particles or re.match(r"^(?:al|el|ad|ash|as|at|ibn|bin|d|l|o)['’\-]", low):
                continue
            return False
        named += 1
    if named == 0 or named > 5:
        return False
    if len(tokens) == 1:
        return len(text) >= 2 and not (text.isupper() and len(text) <= 3)
    return True


# --- the site itself ------------------------------------------------------------------------
_TLD = re.compile(r"\.(?:[a-z]{2,6})(?:\.[a-z]{2})?$")
_PAREN = re.compile(r"\(([^()]*)\)")
_NON_ALNUM = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def _keys(name: str) -> frozenset[str]:
    name = unicodedata.normalize("NFKC", name).casefold().strip()
    keys = set()
    for inner in _PAREN.findall(name):
        keys.add(_NON_ALNUM.sub("", inner))
    name = _PAREN.sub(" ", name).strip()
    if name.startswith(("http://", "https://")):
        name = re.sub(r"^https?://", "", name).split("/")[0]
    if name.startswith("www."):
        name = name[4:]
    name = _TLD.sub("", name)
    if name.startswith("the "):
        name = name[4:]
    keys.add(_NON_ALNUM.sub("", name))
    return frozenset(k for k in keys if len(k) >= 2)


class Sites:
    """The names a site goes by (registry names, og:site_name, JSON-LD publisher, domain)."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.keys: set[str] = set()
        for name in names:
            if name:
                self.keys |= _keys(name)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def matches(self, text: str) -> bool:
        if not self.keys:
            return False
        tails = vocab.words()["outlet_tails"]
        for key in _keys(text):
            if key in self.keys:
                return True
            for site in self.keys:
                if len(site) >= 3 and key.startswith(site) and key[len(site):] in tails:
                    return True
                if len(key) >= 3 and site.startswith(key) and site[len(key):] in tails:
                    return True
        return False
