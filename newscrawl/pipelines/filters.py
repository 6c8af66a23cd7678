"""Keep, or drop with a reason: each reason is counted as ``newscrawl/dropped/REASON``."""
from __future__ import annotations

import logging
from typing import Any, Callable

from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from ..window import Window

logger = logging.getLogger(__name__)


class Drop(DropItem):
    """``remember=False``: a drop chosen by this crawl's arguments, not by the page; the seen-store does not
    remember it, so a later crawl with other arguments fetches the page again."""

    def __init__(self, reason: str, detail: str, remember: bool = True) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.remember = remember


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


class _SpiderArgumentFilter(FilterPipeline):
    """A filter set by a spider argument (``-a NAME=…``, read by the spider); off when it is not given."""

    argument = ""

    @classmethod
    def from_crawler(cls, crawler: Any) -> "FilterPipeline":
        value = getattr(crawler.spider, cls.argument, None)
        if not value:
            raise NotConfigured  # no message: Scrapy logs a "Disabled" warning for one
        return cls(crawler.stats, value)


class WindowPipeline(_SpiderArgumentFilter):
    """``-a since=``/``days=``/``until=``: an article dated outside the window is not stored; an undated one is
    kept and counted (``newscrawl/window/undated``)."""

    argument = "window"

    def __init__(self, stats: Any, window: Window) -> None:
        super().__init__(stats)
        self.window = window

    def check(self, item: Any) -> None:
        if item.published_utc is None:
            if self.stats is not None:
                self.stats.inc_value("newscrawl/window/undated")
            return
        reason = self.window.article_outside(item.published_utc, item.published_precision)
        if reason:
            raise Drop(reason, f"published {item.published}: {item.url}", remember=False)


class LanguagePipeline(_SpiderArgumentFilter):
    """``-a language=en,de``: keep articles in these languages (one whose language is unknown is not kept)."""

    argument = "languages"

    def __init__(self, stats: Any, languages: frozenset[str]) -> None:
        super().__init__(stats)
        self.languages = languages

    def check(self, item: Any) -> None:
        if item.language not in self.languages:
            raise Drop("language", f"{item.language or 'unknown'}, not {','.join(sorted(self.languages))}: {item.url}",
                       remember=False)


class MaxArticlesPipeline(_SpiderArgumentFilter):
    """``-a max_articles=N``: the crawl stops after exactly N stored articles; what is in flight then is dropped.

    Runs after every other filter, so only articles that will be stored are counted.
    """

    argument = "max_articles"

    def __init__(self, stats: Any, max_articles: int, stop: Callable[[], Any] | None = None) -> None:
        super().__init__(stats)
        self.max_articles = max_articles
        self.stop = stop
        self.kept = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> "FilterPipeline":
        pipe = super().from_crawler(crawler)
        pipe.stop = lambda: deferred_from_coro(crawler.engine.close_spider_async(reason="max_articles"))
        return pipe

    def check(self, item: Any) -> None:
        if self.kept >= self.max_articles:
            raise Drop("max_articles", f"{self.max_articles} already stored: {item.url}", remember=False)
        self.kept += 1
        if self.kept == self.max_articles and self.stop:
            logger.info("%d articles stored (max_articles): stopping the crawl", self.kept)
            self.stop()
