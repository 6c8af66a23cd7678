"""Tell a sitemap or a feed from anything else, by its first bytes, its Content-Type and its URL."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .xmlstream import first_bytes, root_name

SITEMAP_ROOTS = {"urlset", "sitemapindex"}
FEED_ROOTS = {"rss", "feed", "rdf"}
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")
_FEED_PATH = re.compile(
    r"(?:^|/)(?:feeds?|rss|atom)(?:/|$)|\.(?:rss|atom|rdf)$|(?:^|[/_.-])(?:rss|feed)\d*\.(?:xml|json)$", re.I
)
_SITEMAP_PATH = re.compile(r"sitemap[^/]*\.(?:xml|txt)(?:\.gz)?$|/sitemap/?$", re.I)


def looks_like_feed_or_sitemap(url: str, content_type: str | bytes | None, body_start: bytes) -> str | None:
    """``"sitemap"``, ``"feed"`` or None for a response, from what it begins with.

    The body decides when it says something (its root element, or a JSON Feed version); an
    HTML page is never taken for either. Without a readable body, a feed Content-Type or a
    URL shaped like a feed or a sitemap decides.
    """
    head = first_bytes(body_start, 2048).lstrip(b"\xef\xbb\xbf")
    stripped = head.lstrip()
    if stripped[:1] == b"{":
        return "feed" if b"jsonfeed.org/version/" in head else None
    root = root_name(head)
    if root is not None:
        root = root.lower()
        if root in SITEMAP_ROOTS:
            return "sitemap"
        if root in FEED_ROOTS:
            return "feed"
        return None
    ctype = (content_type.decode("latin-1") if isinstance(content_type, bytes) else content_type or "").lower()
    if "html" in ctype or stripped[:1] == b"<":
        return None
    path = urlsplit(url).path
    if any(t in ctype for t in FEED_TYPES):
        return "feed"
    if _SITEMAP_PATH.search(path):
        if not stripped or stripped[:8].lower().startswith((b"http://", b"https://")):
            return "sitemap"
        return None
    if not stripped and _FEED_PATH.search(path):
        return "feed"
    return None
