"""Bylines as strings: credit lines split into people apart from agencies (pure; no page). The page
search is in :mod:`newscrawl.extraction.bylines`."""
from __future__ import annotations

from .lines import is_credit_line
from .split import Split, split_byline

__all__ = ["Split", "is_credit_line", "split_byline"]
