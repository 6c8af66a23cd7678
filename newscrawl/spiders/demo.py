"""``scrapy crawl demo``: the bundled sample site, served on 127.0.0.1 while the crawl runs."""
from __future__ import annotations

import dataclasses
import logging
from typing import Any

from scrapy import signals

from ..demo.server import SiteServer
from ..sites import get_site
from .base import NewsSpider

logger = logging.getLogger(__name__)


class DemoSpider(NewsSpider):
    """Five real articles rebuilt in five CMS styles and a syndicated copy of one, with robots.txt, sitemaps and a feed."""

    name = "demo"
    # the demo crawls the same six static pages every time: no seen-store, no politeness delay on
    # loopback, no browser; its URLs change with the server's port, so its near-duplicate index is
    # its own, for this crawl only
    custom_settings = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "NEWSCRAWL_SEEN_ENABLED": False,
                       "NEWSCRAWL_RENDER_ENABLED": False, "NEWSCRAWL_DISCOVERY_CACHE_ENABLED": False,
                       "NEWSCRAWL_DEDUP_INDEX": ":memory:"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.server = SiteServer()
        address = self.server.base_url.removeprefix("http://")  # 127.0.0.1:PORT: this server, no other
        self.site = dataclasses.replace(get_site("demo"), domains=(address,), home=self.server.base_url + "/")
        super().__init__(*args, **kwargs)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "DemoSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    def _opened(self, spider: Any) -> None:
        self.server.start()
        logger.info("demo site served at %s", self.server.base_url)

    def _closed(self, spider: Any, reason: str) -> None:
        self.server.stop()
