"""Rule families switched off for one measurement: what ``benchmarks/quality.py --ablate`` turns off to see
what a family adds.

A family is named ``AREA/NAME`` (``residue/share``: the share prompts of ``newscrawl/data/residue/share.txt``).
The families off are a context value, set around a call and reset after it; nothing is switched off otherwise,
and no setting or module-level object changes. A rule that can be ablated asks :func:`is_off` (or reads
:func:`off`) where it runs.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

_OFF: ContextVar[frozenset[str]] = ContextVar("newscrawl_ablated", default=frozenset())


def off() -> frozenset[str]:
    """The families switched off in this context (empty: every rule runs)."""
    return _OFF.get()


def is_off(family: str) -> bool:
    return family in _OFF.get()


@contextmanager
def without(*families: str) -> Iterator[None]:
    """Run the block with these families switched off."""
    token = _OFF.set(_OFF.get() | frozenset(families))
    try:
        yield
    finally:
        _OFF.reset(token)
