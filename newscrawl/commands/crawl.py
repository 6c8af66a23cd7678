"""``scrapy crawl``, with a plain one-line error for an unknown site, bad spider arguments or a feed file that
cannot be appended to, and exit 1 when the crawl failed (did not finish, logged errors, reached nothing)."""
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
        try:  # construct once up front so that a bad -a argument is one line, not a traceback
            problem = getattr(spider(**opts.spargs), "crawl_problem", None)
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
        crawler = self._create_crawler(name)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or (crawler.stats and Outcome.of(crawler.stats.get_stats()).failed):
            self.exitcode = 1
