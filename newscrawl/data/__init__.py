"""The data files bundled under ``newscrawl/data/``: one loader, lazy and cached.

Every module that reads a word list, a pattern file or a table calls one of these with a path
relative to this folder (``toml("dates/words.toml")``); the file is read on first use, once per
process, and the same object is returned after that. Callers must not change what they get.
"""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

_ROOT = resources.files(__name__)


def path(name: str):
    """The bundled file ``name`` (a :class:`importlib.resources.abc.Traversable`)."""
    return _ROOT.joinpath(name)


@cache
def toml(name: str) -> dict[str, Any]:
    """A TOML file, parsed."""
    with path(name).open("rb") as fh:
        return tomllib.load(fh)


@cache
def text(name: str) -> str:
    """A text file, as UTF-8."""
    return path(name).read_text(encoding="utf-8")


@cache
def lines(name: str) -> tuple[str, ...]:
    """A list file: its lines stripped, blank lines and ``#`` comments left out."""
    return tuple(line.strip() for line in text(name).splitlines() if line.strip() and not line.lstrip().startswith("#"))


def names(folder: str, suffix: str = ".txt") -> tuple[str, ...]:
    """The file names of one bundled folder ending in ``suffix``, sorted."""
    return tuple(sorted(p.name for p in path(folder).iterdir() if p.name.endswith(suffix)))
