"""The page layer: what every field finder reads, computed once per page and cached.

:class:`Page` holds the fetched bytes and, lazily, their decoding (declared charset, else a guess from
the bytes), a check that they are HTML at all, the parsed tree, the JSON-LD objects and meta tags, and
the page facts several fields need: the headline element, the outlet's names, the canonical URL and
the declared language. Nothing here knows of dates, bylines or Scrapy.
"""
from __future__ import annotations

from .document import NotHTML, Page

__all__ = ["NotHTML", "Page"]
