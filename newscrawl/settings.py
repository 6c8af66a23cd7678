"""Scrapy settings of the newscrawl project. Every newscrawl setting starts with ``NEWSCRAWL_``."""
from __future__ import annotations

from newscrawl import __version__

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

ADDONS = {"newscrawl.addon.NewscrawlAddon": 0}

# --- newscrawl ---------------------------------------------------------------
NEWSCRAWL_OUTPUT_DIR = "output"  # root of the Hive-partitioned Parquet dataset
NEWSCRAWL_DATASET_ENABLED = True  # write the dataset (set 0 when only `-O file.parquet` is wanted)
NEWSCRAWL_PARQUET_ROW_GROUP_ROWS = 500  # rows buffered in memory before a row group is written
NEWSCRAWL_PARQUET_FILE_ROWS = 50_000  # a file is closed (and becomes visible) after this many rows…
NEWSCRAWL_PARQUET_FILE_SECONDS = 900  # …or after this many seconds, whichever comes first
NEWSCRAWL_STATE_DIR = "state"  # seen-store, run lock, run manifests and logs
NEWSCRAWL_SEEN_ENABLED = True  # skip articles an earlier run stored (the demo turns it off)
NEWSCRAWL_SEEN_TTL_DAYS = 30  # …unless stored longer ago than this
NEWSCRAWL_DISCOVERY_CACHE_ENABLED = True  # keep robots.txt, sitemaps, feeds in STATE/httpcache; re-fetch them conditionally
NEWSCRAWL_STATS_FILE = ""  # write the crawl's final stats here as JSON (off when empty)
NEWSCRAWL_BACKOFF_BASE = 2.0  # 429/503 without Retry-After: wait BASE * 2**attempt seconds
NEWSCRAWL_RETRY_AFTER_MAX = 300  # a server asking for a longer wait is not retried in this crawl
NEWSCRAWL_WARC_DIR = ""  # keep raw responses as WARC files here (off when empty)
NEWSCRAWL_WARC_MAX_BYTES = 100 * 1024 * 1024  # a WARC file is closed and renamed into place at this size
NEWSCRAWL_CONTACT = ""  # put a URL or e-mail here: it goes into the User-Agent
NEWSCRAWL_MIN_WORDS = 20  # pages with fewer words in the body are not stored (counted)
NEWSCRAWL_SITEMAP_MAX_BYTES = 64 * 1024 * 1024  # a sitemap that inflates past this is cut there (gzip bombs)
NEWSCRAWL_SITEMAP_MAX_ENTRIES = 200_000  # entries read from one sitemap file at most
NEWSCRAWL_SITEMAP_MAX_DEPTH = 5  # sitemap indexes nested deeper than this are not followed (counted)
NEWSCRAWL_SITEMAP_MAX_DOCUMENTS = 5000  # sitemap documents fetched per site per run (0: no limit)
NEWSCRAWL_LISTING_MAX_LINKS = 1000  # article links taken from one home or section page
NEWSCRAWL_MAX_REQUESTS = 100_000  # article requests queued per site per run, after the seen-store (0: no limit)
NEWSCRAWL_SITE_MAX_SECONDS = 3000  # `newscrawl run`: a site still crawling after this commits what it has and stops

# --- JavaScript pages (newscrawl/render: Chromium through scrapy-playwright) ---------
NEWSCRAWL_RENDER_ENABLED = True  # render `render = true` sites and detected JavaScript shells
NEWSCRAWL_CHROMIUM = "/usr/bin/chromium"  # the browser (a path, or a command on PATH)
NEWSCRAWL_CHROMIUM_ARGS = []  # more Chromium command-line flags
NEWSCRAWL_RENDER_TIMEOUT = 20  # seconds for a rendered page to load
NEWSCRAWL_RENDER_WAIT = 5  # seconds to wait, once loaded, for the article text to appear
NEWSCRAWL_RENDER_PAGES = 4  # browser pages open at once (kept open and reused)
NEWSCRAWL_RENDER_PAGE_USES = 20  # a browser page is closed (and a fresh one opened) after this many articles

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
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024  # sitemaps may be 50 MB
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

LOG_FORMATTER = "newscrawl.logformatter.NewscrawlLogFormatter"
FEED_EXPORTERS = {"parquet": "newscrawl.parquet.exporter.ParquetItemExporter"}
FEED_EXPORT_ENCODING = "utf-8"

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
