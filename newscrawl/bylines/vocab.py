"""The byline word lists, read once from ``newscrawl/data`` and compiled into lookups."""
from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

_KEY_DROP = re.compile(r"[.\u00b7'’]")
_KEY_SPACE = re.compile(r"[\s\-‐–_]+")


def agency_key(name: str) -> str:
    """Case, dots and hyphens folded: "d.p.a." and "DPA" give the same key."""
    return _KEY_SPACE.sub(" ", _KEY_DROP.sub("", name.casefold())).strip()


@cache
def agencies() -> dict[str, str]:
    """Alias key -> usual name of every wire service and outlet in ``agencies.txt``."""
    out: dict[str, str] = {}
    for line in (DATA / "agencies.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("|") if n.strip()]
        for name in names:
            out.setdefault(agency_key(name), names[0])
    return out


def known_agency(name: str) -> str | None:
    """The usual name of ``name`` when it is a known agency ("Associated Press" -> "AP")."""
    return agencies().get(agency_key(name))


@cache
def words() -> dict[str, frozenset[str]]:
    with open(DATA / "bylines" / "words.toml", "rb") as fh:
        raw = tomllib.load(fh)
    return {key: frozenset(w.casefold() for w in values) for key, values in raw.items()}


@cache
def labels() -> dict[str, tuple[str, ...]]:
    with open(DATA / "bylines" / "labels.toml", "rb") as fh:
        raw = tomllib.load(fh)
    return {kind: tuple(v.casefold() for v in values) for kind, values in raw.items()}


def alternation(items: frozenset[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``items``, longest first so that "last updated" beats "updated"."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))
