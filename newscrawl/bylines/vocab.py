"""The byline word lists, read once from ``newscrawl/data`` and compiled into lookups."""
from __future__ import annotations

import re
from functools import cache
from .. import data

_KEY_DROP = re.compile(r"[.\u00b7'’]")
_KEY_SPACE = re.compile(r"[\s\-‐–_]+")


def agency_key(name: str) -> str:
    """Case, dots and hyphens folded: "d.p.a." and "DPA" give the same key."""
    return _KEY_SPACE.sub(" ", _KEY_DROP.sub("", name.casefold())).strip()


@cache
def agencies() -> dict[str, str]:
    """Alias key -> usual name of every wire service and outlet in ``agencies.txt``."""
    out: dict[str, str] = {}
    for line in data.lines("agencies.txt"):
        names = [n.strip() for n in line.split("|") if n.strip()]
        for name in names:
            out.setdefault(agency_key(name), names[0])
    return out


def known_agency(name: str) -> str | None:
    """The usual name of ``name`` when it is a known agency ("Associated Press" -> "AP")."""
    return agencies().get(agency_key(name))


@cache
def words() -> dict[str, frozenset[str]]:
    return {key: frozenset(w.casefold() for w in values) for key, values in data.toml("bylines/words.toml").items()}


@cache
def labels() -> dict[str, tuple[str, ...]]:
    return {kind: tuple(v.casefold() for v in values) for kind, values in data.toml("bylines/labels.toml").items()}


def alternation(items: frozenset[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``items``, longest first so that "last updated" beats "updated"."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))
