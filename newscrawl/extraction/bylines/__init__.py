"""Finding a page's byline: JSON-LD, meta tags, the visible credit line, weighed."""
from __future__ import annotations

from .find import Byline, find_byline

__all__ = ["Byline", "find_byline"]
