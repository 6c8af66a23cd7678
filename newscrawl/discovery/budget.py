"""How much discovery one site may cost in one run: nested sitemap depth and sitemap documents.

A chain of sitemap indexes that never ends (or an index of a million indexes) would otherwise hold the crawl,
and the run lock, for ever. Pure: the spider asks, counts the refusals and logs them.
"""
from __future__ import annotations

from dataclasses import dataclass

@dataclass
class SitemapBudget:
    max_depth: int  # sitemap indexes nested below the first sitemap (NEWSCRAWL_SITEMAP_MAX_DEPTH)
    max_documents: int  # sitemap documents fetched for the site in one run, 0: no limit
    documents: int = 0  # sitemap requests granted so far

    def refuse(self, depth: int) -> str | None:
        """None when a sitemap at ``depth`` (0: named by the registry or robots.txt) may be fetched, and takes
        it from the budget; else the reason: ``too_deep`` or ``over_limit``."""
        if depth > self.max_depth:
            return "too_deep"
        if self.max_documents and self.documents >= self.max_documents:
            return "over_limit"
        self.documents += 1
        return None
