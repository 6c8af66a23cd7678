"""Wires newscrawl's components into a crawl in one place (Scrapy add-on)."""
from __future__ import annotations

from typing import Any

from . import defaults
from .version import __version__
from .middlewares.discoverycache import configure as configure_discovery_cache
from .redis.config import configure as configure_shared_crawl
from .render.browser import configure as configure_rendering


class NewscrawlAddon:
    def update_settings(self, settings: Any) -> None:
        defaults.apply(settings)  # every NEWSCRAWL_* default, below the project's and the command line's
        pipelines = settings["ITEM_PIPELINES"]
        pipelines["newscrawl.pipelines.extract.ExtractPipeline"] = 50  # fetched page -> article, in the pool
        pipelines["newscrawl.pipelines.filters.MinWordsPipeline"] = 100
        pipelines["newscrawl.pipelines.filters.DuplicatePipeline"] = 200
        pipelines["newscrawl.pipelines.filters.WindowPipeline"] = 300  # these three: on when -a … is given
        pipelines["newscrawl.pipelines.filters.LanguagePipeline"] = 310
        pipelines["newscrawl.pipelines.dedup.NearDuplicatePipeline"] = 400  # after the filters: only kept pages enter the index
        pipelines["newscrawl.pipelines.filters.MaxArticlesPipeline"] = 790  # last: counts what is stored
        pipelines["newscrawl.pipelines.dataset.DatasetPipeline"] = 800
        settings["EXTENSIONS"]["newscrawl.extensions.summary.CrawlSummary"] = 500
        settings["EXTENSIONS"]["newscrawl.extensions.statsfile.StatsFile"] = 510
        settings["EXTENSIONS"]["newscrawl.warc.extension.WarcRecorder"] = 520
        settings["SPIDER_MIDDLEWARES"]["newscrawl.middlewares.seen.SeenMiddleware"] = 600
        settings["SPIDER_MIDDLEWARES"]["newscrawl.middlewares.budget.RequestBudgetMiddleware"] = 550  # after seen
        downloader = settings["DOWNLOADER_MIDDLEWARES"]
        downloader["scrapy.downloadermiddlewares.retry.RetryMiddleware"] = None
        downloader["newscrawl.middlewares.retry.RetryAfterMiddleware"] = 550
        downloader["scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"] = None
        downloader["newscrawl.middlewares.robots.SharedRobotsTxtMiddleware"] = 100  # robots.txt fetched once
        downloader["newscrawl.render.middleware.RenderMiddleware"] = 540  # sees responses decompressed, redirected
        configure_rendering(settings)  # scrapy-playwright's handler, only when Chromium is there
        configure_discovery_cache(settings)  # conditional re-fetching of robots.txt, sitemaps, feeds
        configure_shared_crawl(settings)  # NEWSCRAWL_REDIS_URL: queue, duplicate filter, seen-store in Redis
        contact = settings.get("NEWSCRAWL_CONTACT")
        if contact and "newscrawl/" in (settings.get("USER_AGENT") or ""):
            settings.set("USER_AGENT", f"newscrawl/{__version__} (+{contact})", priority=settings.getpriority("USER_AGENT"))
