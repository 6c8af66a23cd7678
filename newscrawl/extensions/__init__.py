"""Scrapy extensions of newscrawl."""
from __future__ import annotations
