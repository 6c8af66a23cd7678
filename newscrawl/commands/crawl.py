"""``scrapy crawl``, with a plain one-line error for an unknown site, bad spider arguments or a feed file that
cannot be appended to, and exit 1 when the crawl failed (did not finish, logged errors, reached nothing).

It takes the site's lock in ``NEWSCRAWL_STATE_DIR`` (:mod:`newscrawl.state.lock`), as ``newscrawl run`` does
for each of its sites: a second crawl of the site on the same state exits 3 with one line (a shared crawl,
``NEWSCRAWL_REDIS_URL``, takes no lock: its workers split one crawl)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError
from w3lib.url import file_uri_to_path

from .. import defaults
from ..outcome import Outcome
from ..parquet.feedfile import append_problem
from ..pipelines.dedup import settings_problem
from ..redis.keys import site_key
from ..state.lock import held_line, site_lock

EXIT_LOCKED = 3  # as `newscrawl run`: another crawl of the site holds its lock


def append_refusals(feeds: dict[str, Any]) -> list[str]:
    """One line for each ``-o FILE.parquet`` whose existing file cannot be appended to."""
    lines = []
    for uri, options in feeds.items():
        scheme = urlparse(uri).scheme
        if options.get("format") != "parquet" or options.get("overwrite") or scheme not in ("", "file") or "%(" in uri:
            continue
        path = Path(file_uri_to_path(uri) if scheme else uri)
        problem = append_problem(path)
        if problem:
            lines.append(f"newscrawl: cannot append to {path}: {problem}; nothing was written "
                         f"(-O replaces the file, or give another name)")
    return lines


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: Any) -> None:
        if len(args) != 1:
            raise UsageError("give one site name: scrapy crawl SITE (scrapy list shows them)")
        name = args[0]
        assert self.crawler_process
        loader = self.crawler_process.spider_loader
        if name not in loader.list():
            print(f"newscrawl: Spider not found: {name!r} is not a registered site "
                  f"(registered: {', '.join(sorted(loader.list()))})", file=sys.stderr)
            self.exitcode = 2
            return
        spider = loader.load(name)
        instance = None
        try:  # construct once up front so that a bad -a argument is one line, not a traceback
            instance = spider(**opts.spargs)
            problem = getattr(instance, "crawl_problem", None)
        except (TypeError, ValueError) as exc:
            problem = str(exc)
        if problem:
            print(f"newscrawl: {name}: {problem}", file=sys.stderr)
            self.exitcode = 2
            return
        settings = self.settings.copy()  # as the crawl will see them: the add-on's defaults, the spider's own
        defaults.apply(settings)
        spider.update_settings(settings)
        refusals = ([f"newscrawl: {name}: {problem}"] if (problem := settings_problem(settings)) else []) + \
            append_refusals(self.crawler_process.settings.getdict("FEEDS"))
        if refusals:
            print("\n".join(refusals), file=sys.stderr)
            self.exitcode = 2
            return
        lock = None
        if not settings.get("NEWSCRAWL_REDIS_URL"):  # a shared crawl may run many processes of one site
            lock = site_lock(settings.get("NEWSCRAWL_STATE_DIR"), site_key(instance))
            if not lock.acquire():
                print(f"newscrawl: {name}: {held_line(lock, 'exiting')}", file=sys.stderr)
                self.exitcode = EXIT_LOCKED
                return
        try:
            crawler = self._create_crawler(name)
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        finally:
            if lock:
                lock.release()
        if self.crawler_process.bootstrap_failed or (crawler.stats and Outcome.of(crawler.stats.get_stats()).failed):
            self.exitcode = 1
