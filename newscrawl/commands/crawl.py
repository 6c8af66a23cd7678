"""``scrapy crawl``, with a plain one-line error for an unknown site or bad spider arguments."""
from __future__ import annotations

import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from .. import defaults
from ..pipelines.dedup import settings_problem


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
            spider(**opts.spargs)
        except (TypeError, ValueError) as exc:
            print(f"newscrawl: {name}: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        settings = self.settings.copy()  # as the crawl will see them: the add-on's defaults, the spider's own
        defaults.apply(settings)
        spider.update_settings(settings)
        problem = settings_problem(settings)
        if problem:
            print(f"newscrawl: {name}: {problem}", file=sys.stderr)
            self.exitcode = 2
            return
        super().run(args, opts)
