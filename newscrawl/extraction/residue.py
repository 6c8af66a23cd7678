"""Residue cleaning: lines trafilatura keeps that are not part of the story."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cleaned:
    text: str
    credits: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)


def clean_text(text: str, site_names: tuple[str, ...] = ()) -> Cleaned:
    return Cleaned(text=text)


def residue_lines(text: str) -> list[str]:
    """Lines of ``text`` that are residue (used by the benchmark's residue rate)."""
    return []
