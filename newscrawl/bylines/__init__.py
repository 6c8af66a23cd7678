"""Bylines: people apart from agencies."""
from __future__ import annotations

from .find import Byline, find_byline

__all__ = ["Byline", "find_byline"]
