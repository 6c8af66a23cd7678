"""A bare Scrapy spider for benchmarks/crawl.py: it fetches every page the mirror's sitemaps list and does nothing
with them (no extraction, no pipelines, no newscrawl settings), the ceiling of fetching on this machine.

    scrapy runspider benchmarks/barespider.py -a robots=URL -a stats=FILE
"""
from __future__ import annotations

import json

from scrapy.spiders import SitemapSpider


class BareSpider(SitemapSpider):
    name = "bare"
    custom_settings = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
                       "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "TELNETCONSOLE_ENABLED": False,
                       "LOG_LEVEL": "WARNING"}

    def __init__(self, robots: str, stats: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.sitemap_urls = [robots]
        self.stats_path = stats
        self.pages = 0

    def parse(self, response):
        self.pages += 1
        return ()

    def closed(self, reason: str) -> None:
        with open(self.stats_path, "w") as fh:
            json.dump({"pages": self.pages, "responses": self.crawler.stats.get_value("downloader/response_count", 0),
                       "reason": reason}, fh)
