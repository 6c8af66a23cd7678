"""Every ``NEWSCRAWL_*`` setting and its default, in one table.

The add-on (:mod:`newscrawl.addon`) applies this table to every crawl at the add-on priority, so a
project's settings module, ``-s NAME=VALUE`` and a spider's ``custom_settings`` all win over it, and
components read their setting without a fallback of their own. ``newscrawl extract`` and
``newscrawl run`` take their defaults from here too. The README's settings tables document every
name (a test checks it).
"""
from __future__ import annotations

import os
from typing import Any

MB = 1024 * 1024

# name: (default, what it means)
SETTINGS: dict[str, tuple[Any, str]] = {
    # where records go
    "NEWSCRAWL_OUTPUT_DIR": ("output", "root of the Hive-partitioned Parquet dataset"),
    "NEWSCRAWL_DATASET_ENABLED": (True, "write the dataset (off when `-O file.parquet` is all you want)"),
    "NEWSCRAWL_PARQUET_ROW_GROUP_ROWS": (500, "rows buffered in memory before a row group is written"),
    "NEWSCRAWL_PARQUET_FILE_ROWS": (50_000, "a part file is closed (and becomes visible) after this many rows…"),
    "NEWSCRAWL_PARQUET_FILE_SECONDS": (900, "…or after this many seconds, whichever comes first"),
    "NEWSCRAWL_MIN_WORDS": (20, "pages with fewer words in the body are not stored (counted)"),
    # extraction, off the reactor thread (newscrawl/pool.py)
    "NEWSCRAWL_EXTRACT_WORKERS": (os.cpu_count() or 1, "extraction processes (default: the cores); 0 extracts in the crawl's own thread, with no time limit"),
    "NEWSCRAWL_EXTRACT_TIMEOUT": (30.0, "seconds one page may take in extraction; its worker is then killed and replaced (`newscrawl/dropped/extract_timeout`)"),
    "NEWSCRAWL_EXTRACT_MAX_BYTES": (8 * MB, "a larger page is not extracted (`newscrawl/dropped/too_large`); 0: no limit"),
    # state kept between runs
    "NEWSCRAWL_STATE_DIR": ("state", "seen-store, run lock, run manifests and logs"),
    "NEWSCRAWL_SEEN_ENABLED": (True, "skip articles an earlier run stored"),
    "NEWSCRAWL_SEEN_TTL_DAYS": (30, "…unless stored longer ago than this"),
    "NEWSCRAWL_SEEN_WITH_FEEDS": (False, "a crawl with a feed export (-O/-o) is a snapshot: it skips seen articles only if on"),
    "NEWSCRAWL_DISCOVERY_CACHE_ENABLED": (True, "keep robots.txt, sitemaps, feeds in STATE/httpcache; re-fetch them conditionally"),
    "NEWSCRAWL_STATS_FILE": ("", "write the crawl's final stats here as JSON (off when empty)"),
    # one crawl shared by many processes (newscrawl/redis: scrapy-redis, the `[redis]` extra)
    "NEWSCRAWL_REDIS_URL": ("", "redis://HOST:PORT/DB: share the queue, duplicate filter, seen-store and near-duplicate index (empty: one process)"),
    "NEWSCRAWL_REDIS_LEASE_SECONDS": (30.0, "a worker silent this long is dead: its unfinished requests go back on the queue"),
    # near-duplicates across runs and sites (newscrawl/dedup)
    "NEWSCRAWL_DEDUP": ("mark", "near-duplicates: mark (fill the dup_* columns), drop (drop copies, counted) or off"),
    "NEWSCRAWL_DEDUP_THRESHOLD": (0.5, "estimated Jaccard at which a page is a copy (benchmarks/dedup.py)"),
    "NEWSCRAWL_DEDUP_INDEX": ("", "the index file; empty: STATE_DIR/dedup.sqlite3; `:memory:`: this crawl only (not used with NEWSCRAWL_REDIS_URL)"),
    # fetching
    "NEWSCRAWL_BACKOFF_BASE": (2.0, "429/503 without Retry-After: wait BASE * 2**attempt seconds"),
    "NEWSCRAWL_RETRY_AFTER_MAX": (300.0, "a server asking for a longer wait is not retried in this crawl"),
    "NEWSCRAWL_CONTACT": ("", "a URL or e-mail for the User-Agent"),
    "NEWSCRAWL_SITEMAP_MAX_BYTES": (64 * MB, "a sitemap that inflates past this is cut there (gzip bombs)"),
    "NEWSCRAWL_SITEMAP_MAX_ENTRIES": (200_000, "entries read from one sitemap file at most"),
    "NEWSCRAWL_SITEMAP_MAX_DEPTH": (5, "sitemap indexes nested deeper than this are not followed (counted)"),
    "NEWSCRAWL_SITEMAP_MAX_DOCUMENTS": (5000, "sitemap documents fetched per site per run (0: no limit)"),
    "NEWSCRAWL_LISTING_MAX_LINKS": (1000, "article links taken from one home or section page"),
    "NEWSCRAWL_MAX_REQUESTS": (100_000, "article requests queued per site per run, after the seen-store (0: no limit)"),
    "NEWSCRAWL_SITE_MAX_SECONDS": (3000.0, "`newscrawl run`: a site still crawling after this commits what it has and stops"),
    # raw pages
    "NEWSCRAWL_WARC_DIR": ("", "keep raw responses as WARC files here (off when empty)"),
    "NEWSCRAWL_WARC_MAX_BYTES": (100 * MB, "a WARC file is closed and renamed into place at this size"),
    # Common Crawl's news archive (`newscrawl ccnews`)
    "NEWSCRAWL_CCNEWS_BASE_URL": ("https://data.commoncrawl.org", "the archive: listings and files are under BASE/crawl-data/CC-NEWS/"),
    "NEWSCRAWL_CCNEWS_TIMEOUT": (60.0, "seconds without a byte before a connection counts as dropped"),
    "NEWSCRAWL_CCNEWS_RETRIES": (5, "range requests in a row to resume a dropped file before it counts as failed"),
    "NEWSCRAWL_CCNEWS_CHECKPOINT_ARTICLES": (1000, "pages extracted between two commits of a file's articles and resume offset…"),
    "NEWSCRAWL_CCNEWS_CHECKPOINT_SECONDS": (60.0, "…or seconds, whichever comes first (and at the end of each file)"),
    # the closing summary
    "NEWSCRAWL_SUMMARY_ENABLED": (True, "print the closing summary of a crawl"),
    "NEWSCRAWL_SUMMARY_ROWS": (20, "articles listed in the closing summary's table"),
    # JavaScript pages (newscrawl/render: Chromium through scrapy-playwright)
    "NEWSCRAWL_RENDER_ENABLED": (True, "render `render = true` sites and detected JavaScript shells"),
    "NEWSCRAWL_CHROMIUM": ("/usr/bin/chromium", "the browser (a path, or a command on PATH)"),
    "NEWSCRAWL_CHROMIUM_ARGS": ([], "more Chromium command-line flags"),
    "NEWSCRAWL_RENDER_TIMEOUT": (20.0, "seconds for a rendered page to load"),
    "NEWSCRAWL_RENDER_WAIT": (5.0, "seconds to wait, once loaded, for the article text to appear"),
    "NEWSCRAWL_RENDER_PAGES": (4, "browser pages open at once (kept open and reused)"),
    "NEWSCRAWL_RENDER_PAGE_USES": (20, "a browser page is closed (and a fresh one opened) after this many articles"),
}


def default(name: str) -> Any:
    """The default of one setting (``KeyError`` for a name that is not newscrawl's)."""
    return SETTINGS[name][0]


def apply(settings: Any, priority: str = "addon") -> None:
    """Put every default into Scrapy ``settings`` where nothing of a higher priority set it."""
    for name, (value, _) in SETTINGS.items():
        settings.set(name, value, priority=priority)
