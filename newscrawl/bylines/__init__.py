"""Bylines: people apart from agencies."""
from __future__ import annotations

from .find import Byline, find_byline
from .lines import is_credit_line

__all__ = ["Byline", "find_byline", "is_credit_line"]
