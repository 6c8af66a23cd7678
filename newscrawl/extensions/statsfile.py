"""``NEWSCRAWL_STATS_FILE``: the crawl's final stats as JSON, for monitoring and scripts."""
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
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def closed(self, spider: Any, reason: str) -> None:
        data = dict(self.stats.get_stats())
        data.setdefault("finish_reason", reason)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, default=str, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
