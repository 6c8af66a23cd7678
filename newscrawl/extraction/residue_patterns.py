"""The residue patterns of ``newscrawl/data/residue``, read once and compiled.

Each ``*.txt`` file there is one kind of residue ("share", "copyright", ...): one regular
expression a line, matched against the whole normalised line (see the README beside the
files). Two files are not kinds: ``date_words.txt`` lists the words a date-only line may
hold, ``trailing.txt`` the link words ("Learn more") cut from the end of a paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from .. import data

_FOLDER = "residue"
DEFAULT_MAX_CHARS = 120
_DIRECTIVE = re.compile(r"#!\s*(max_chars|requires)\s*=\s*(.+)")
_NOT_KINDS = {"date_words", "trailing"}
# what may stand right before a glued link word: a sentence end, a closing quote or bracket
_SENTENCE_END = r"[.!?…\"”»)\]]"


PREFIX = 5  # a key of letters matches a word that starts with the key's first PREFIX letters
_PLAIN_WORD = re.compile(r"[^\W\d_]+")  # a key made of letters only
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class Gate:
    """The ``#! requires`` keys of a kind: word prefixes, and literal pieces for everything else."""

    prefixes: frozenset[str]
    pieces: re.Pattern | None  # the other keys, escaped, searched in the lower-cased line

    def passes(self, prefixes: set[str], folded: str) -> bool:
        if not self.prefixes.isdisjoint(prefixes):
            return True
        return self.pieces is not None and self.pieces.search(folded) is not None


@dataclass(frozen=True)
class Kind:
    name: str  # the file name without ".txt": "share", "copyright", ...
    pattern: re.Pattern  # fullmatch against a normalised line
    max_chars: int  # longest normalised line this kind may match
    gate: Gate | None = None  # keys a line must hold before the pattern is tried


def word_prefixes(folded: str) -> set[str]:
    """The gate keys of a lower-cased line: the first PREFIX letters of each word."""
    return {w[:PREFIX] for w in _PLAIN_WORD.findall(folded)}


def _gate(spec: str) -> Gate:
    prefixes, pieces = set(), []
    for key in (k.strip().casefold() for k in spec.split("|")):
        if not key:
            continue
        if _PLAIN_WORD.fullmatch(key) and not _CJK.search(key):
            prefixes.add(key[:PREFIX])
        else:
            pieces.append(key)
    return Gate(frozenset(prefixes), re.compile("|".join(map(re.escape, pieces))) if pieces else None)


def _read(name: str) -> tuple[list[str], dict[str, str]]:
    patterns: list[str] = []
    directives: dict[str, str] = {}
    for raw in data.text(f"{_FOLDER}/{name}").splitlines():
        line = raw.strip()
        directive = _DIRECTIVE.match(line)
        if directive:
            directives[directive.group(1)] = directive.group(2).strip()
        elif line and not line.startswith("#"):
            patterns.append(line)
    return patterns, directives


@cache
def kinds() -> tuple[Kind, ...]:
    """Every residue kind, the cheapest (shortest lines) first."""
    out = []
    for name in data.names(_FOLDER):
        stem = name[: -len(".txt")]
        if stem in _NOT_KINDS:
            continue
        patterns, directives = _read(name)
        try:
            compiled = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
        except re.error as exc:  # a bad line in a data file: say which file
            raise ValueError(f"{name}: {exc}") from exc
        max_chars = int(directives.get("max_chars", DEFAULT_MAX_CHARS))
        gate = _gate(directives["requires"]) if "requires" in directives else None
        out.append(Kind(stem, compiled, max_chars, gate))
    return tuple(sorted(out, key=lambda k: k.max_chars))


@cache
def date_words() -> frozenset[str]:
    patterns, _ = _read("date_words.txt")
    return frozenset(w.casefold() for w in patterns)


@cache
def cjk_date_words() -> re.Pattern:
    """The date words written without spaces around them ("2025年1月14日 01時28分更新")."""
    cjk = sorted((w for w in date_words() if _CJK.search(w)), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, cjk)))


@cache
def trailing() -> re.Pattern:
    """Link words at the end of a paragraph, after its last sentence ("... forces . Learn more")."""
    words, _ = _read("trailing.txt")
    alternation = "|".join(f"(?:{w})" for w in words)
    return re.compile(rf"(?<={_SENTENCE_END})\s*(?:{alternation})\s*(?:»|›|→|>|\.\.\.|…)?\s*$", re.I)
