"""Extraction: (HTML bytes, URL, headers, site) -> Article. Pure functions, no Scrapy."""
from __future__ import annotations

from .article import extract_article, extractor_version
from ..page.document import NotHTML, Page

__all__ = ["extract_article", "extractor_version", "NotHTML", "Page"]
