"""Bylines: people apart from agencies."""
from __future__ import annotations

from .find import Byline, find_byline
from .lines import is_credit_line
from .split import Split, split_byline

__all__ = ["Byline", "Split", "find_byline", "is_credit_line", "split_byline"]
