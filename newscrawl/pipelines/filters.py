"""Keep, or drop with a reason: each reason is counted as ``newscrawl/dropped/REASON``."""
from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem

logger = logging.getLogger(__name__)


class Drop(DropItem):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


class FilterPipeline:
    """Base class: subclasses implement :meth:`check` and raise :class:`Drop`; drops are counted."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> "FilterPipeline":
        return cls(crawler.stats, **cls.options(crawler.settings))

    @classmethod
    def options(cls, settings: Any) -> dict[str, Any]:
        return {}

    def process_item(self, item: Any) -> Any:
        try:
            self.check(item)
        except Drop as drop:
            self.stats.inc_value(f"newscrawl/dropped/{drop.reason}")
            raise
        return item

    def check(self, item: Any) -> None:
        raise NotImplementedError


class MinWordsPipeline(FilterPipeline):
    """Pages whose body is too short to be an article (a section page, a paywall stub)."""

    def __init__(self, stats: Any, min_words: int = 20) -> None:
        super().__init__(stats)
        self.min_words = min_words

    @classmethod
    def options(cls, settings: Any) -> dict[str, Any]:
        return {"min_words": settings.getint("NEWSCRAWL_MIN_WORDS", 20)}

    def check(self, item: Any) -> None:
        if (item.word_count or 0) < self.min_words:
            raise Drop("too_short", f"{item.word_count or 0} words < {self.min_words}: {item.url}")


class DuplicatePipeline(FilterPipeline):
    """The same article under two URLs (canonical URL, or identical text) is stored once per crawl."""

    def __init__(self, stats: Any) -> None:
        super().__init__(stats)
        self.urls: set[str] = set()
        self.hashes: set[str] = set()

    def check(self, item: Any) -> None:
        key = item.canonical_url or item.url
        if key in self.urls:
            raise Drop("duplicate_url", f"{item.url} is {key}, already stored")
        if item.text_hash and item.text_hash in self.hashes:
            raise Drop("duplicate_text", f"{item.url} has the text of an article already stored")
        self.urls.add(key)
        if item.text_hash:
            self.hashes.add(item.text_hash)
