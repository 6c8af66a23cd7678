"""Scrapy's spider loader, reading the site registry first: a mistake in it is one line each and exit 2.

Every ``scrapy`` command that loads spiders (``crawl``, ``list``, ``parse``…) goes through here, so a
broken ``sites.toml`` or ``NEWSCRAWL_SITES_FILE`` never shows a traceback.
"""
from __future__ import annotations

import sys
from typing import Any

from scrapy.spiderloader import SpiderLoader

from .sites.registry import RegistryError, all_sites


class RegistrySpiderLoader(SpiderLoader):
    def __init__(self, settings: Any) -> None:
        try:
            all_sites()
        except RegistryError as exc:
            print("\n".join(exc.lines), file=sys.stderr)
            raise SystemExit(2) from None
        super().__init__(settings)
