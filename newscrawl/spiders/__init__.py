"""Spiders: one per registered site (``scrapy list``), ``news`` for any site, ``demo`` offline."""
from __future__ import annotations
