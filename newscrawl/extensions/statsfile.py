"""``NEWSCRAWL_STATS_FILE``: the crawl's final stats as JSON, for monitoring and scripts.

Written once the engine has stopped, so that what spider_closed handlers count (the feed
exports, the seen-store marks after them) is in it."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured


class StatsFile:
    def __init__(self, path: Path, stats: Any) -> None:
        self.path = path
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> "StatsFile":
        path = crawler.settings.get("NEWSCRAWL_STATS_FILE")
        if not path:
            raise NotConfigured
        ext = cls(Path(path), crawler.stats)
        crawler.signals.connect(ext.stopped, signal=signals.engine_stopped)
        return ext

    def stopped(self) -> None:
        data = dict(self.stats.get_stats())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, default=str, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
