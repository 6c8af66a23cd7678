"""Re-crawls ask before they download robots.txt, sitemaps and feeds again (conditional requests).

Scrapy's HTTP cache (``HttpCacheMiddleware``) runs with :class:`DiscoveryCachePolicy`: it keeps
the last copy of each discovery document under ``NEWSCRAWL_STATE_DIR/httpcache`` and sends the
next request with ``If-None-Match`` / ``If-Modified-Since``. On ``304 Not Modified`` the kept copy
is read instead of a new download; it is still read, so the entries an earlier run could not
store are tried again (the seen-store skips the rest). On a 5xx the kept copy stands in too.
Articles and listing pages never go through the cache: the seen-store decides about them.

Settings: ``NEWSCRAWL_DISCOVERY_CACHE_ENABLED`` (default on; the add-on then sets
``HTTPCACHE_ENABLED``, ``HTTPCACHE_POLICY``, ``HTTPCACHE_DIR`` unless you set them yourself).
Stats: Scrapy's ``httpcache/revalidate`` (not modified: the kept copy read), ``httpcache/miss``,
``httpcache/store``, ``httpcache/invalidate``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.extensions.httpcache import RFC2616Policy

KINDS = frozenset({"robots", "sitemap", "feed"})  # the newscrawl_kind of requests that are cached


class DiscoveryCachePolicy(RFC2616Policy):
    """RFC 2616 caching for discovery documents only, and always revalidated."""

    def should_cache_request(self, request: Any) -> bool:
        return request.meta.get("newscrawl_kind") in KINDS and super().should_cache_request(request)

    def is_cached_response_fresh(self, cachedresponse: Any, request: Any) -> bool:
        # a news sitemap changes by the minute: never trust a freshness guess, always ask (a 304 is cheap)
        self._set_conditional_validators(request, cachedresponse)
        return False


def configure(settings: Any) -> None:
    """Switch the discovery cache on (from the add-on), leaving any HTTPCACHE_* the user set alone."""
    if not settings.getbool("NEWSCRAWL_DISCOVERY_CACHE_ENABLED"):
        return
    if settings.getpriority("HTTPCACHE_ENABLED") not in (None, 0):
        return  # the user decides about Scrapy's cache
    state = Path(settings.get("NEWSCRAWL_STATE_DIR"))
    settings.set("HTTPCACHE_ENABLED", True, priority="addon")
    settings.set("HTTPCACHE_POLICY", f"{__name__}.DiscoveryCachePolicy", priority="addon")
    settings.set("HTTPCACHE_DIR", str((state / "httpcache").resolve()), priority="addon")
    settings.set("HTTPCACHE_GZIP", True, priority="addon")
