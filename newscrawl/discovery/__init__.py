"""Discovery: where article URLs come from (sitemaps, feeds, robots.txt, links) — pure functions.

The spiders fetch; these functions parse what was fetched and judge URLs, with no Scrapy import.
"""
from __future__ import annotations

from .classify import is_article_url
from .entry import Entry, parse_any, parse_rfc822, parse_w3c
from .feeds import FeedResult, parse_feed
from .robots import sitemap_urls_from_robots
from .sitemaps import SitemapResult, parse_sitemap
from .sniff import looks_like_feed_or_sitemap
from .urls import canonicalize

__all__ = [
    "Entry", "FeedResult", "SitemapResult", "canonicalize", "is_article_url", "looks_like_feed_or_sitemap",
    "parse_any", "parse_feed", "parse_rfc822", "parse_sitemap", "parse_w3c", "sitemap_urls_from_robots",
]
