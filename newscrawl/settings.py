"""Scrapy settings of the newscrawl project. Every newscrawl setting starts with ``NEWSCRAWL_``."""
from __future__ import annotations

from newscrawl.version import __version__

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"
SPIDER_LOADER_CLASS = "newscrawl.spiderloader.RegistrySpiderLoader"  # a registry mistake: one line each, exit 2

ADDONS = {"newscrawl.addon.NewscrawlAddon": 0}

# Every NEWSCRAWL_* setting has its default in newscrawl/defaults.py, applied by the add-on above;
# set one here (or with -s NAME=VALUE) to change it.

# --- politeness ----------------------------------------------------------------
USER_AGENT = f"newscrawl/{__version__} (+https://pypi.org/project/newscrawl/)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"  # one page given up is a counted error (newscrawl/errors/…), not a failed crawl
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024  # sitemaps may be 50 MB
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote-control HTTP server runs Python sent to it (like the telnet console): not opened by
# every cron crawl (-s REMOTE_CONTROL_ENABLED=1 turns it on); it also cost each crawl ~0.1 s of start-up
REMOTE_CONTROL_ENABLED = False
# Scrapy starts this many tasks for the output of every response; an article page gives one item and a sitemap's
# requests are scheduled at once, so 100 (Scrapy's default) bought nothing and cost ~2% of a crawl's wall time
CONCURRENT_ITEMS = 16

LOG_FORMATTER = "newscrawl.logformatter.NewscrawlLogFormatter"
FEED_EXPORTERS = {"parquet": "newscrawl.parquet.exporter.ParquetItemExporter"}
# local files: a Parquet feed is written beside its name and renamed into place whole; -o appends by rewriting
FEED_STORAGES = {"": "newscrawl.parquet.feedfile.FeedFileStorage", "file": "newscrawl.parquet.feedfile.FeedFileStorage"}
FEED_EXPORT_ENCODING = "utf-8"

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
