"""The keep-or-drop checks of :mod:`newscrawl.filters` as item pipelines: each drop is counted as
``newscrawl/dropped/REASON``."""
from __future__ import annotations

import logging
from typing import Any, Callable

from scrapy.exceptions import DropItem, NotConfigured

from .. import filters
from ..filters import Verdict
from ..signals import stop_crawl
from ..window import Window

logger = logging.getLogger(__name__)


class Drop(DropItem):
    """``remember=False``: a drop chosen by this crawl's arguments, not by the page; the seen-store does not
    remember it, so a later crawl with other arguments fetches the page again."""

    def __init__(self, verdict: Verdict, remember: bool = True) -> None:
        super().__init__(f"{verdict.reason}: {verdict.detail}")
        self.reason = verdict.reason
        self.remember = remember


class FilterPipeline:
    """Base class: subclasses implement :meth:`check`, returning a :class:`~newscrawl.filters.Verdict` to drop."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> "FilterPipeline":
        return cls(crawler.stats, **cls.options(crawler.settings))

    @classmethod
    def options(cls, settings: Any) -> dict[str, Any]:
        return {}

    remember = True  # False: a drop chosen by the crawl's arguments (see :class:`Drop`)

    def process_item(self, item: Any) -> Any:
        verdict = self.check(item)
        if verdict is not None:
            self.stats.inc_value(f"newscrawl/dropped/{verdict.reason}")
            raise Drop(verdict, remember=self.remember)
        return item

    def check(self, item: Any) -> Verdict | None:
        raise NotImplementedError


class MinWordsPipeline(FilterPipeline):
    """:func:`newscrawl.filters.too_short`, with ``NEWSCRAWL_MIN_WORDS``."""

    def __init__(self, stats: Any, min_words: int) -> None:
        super().__init__(stats)
        self.min_words = min_words

    @classmethod
    def options(cls, settings: Any) -> dict[str, Any]:
        return {"min_words": settings.getint("NEWSCRAWL_MIN_WORDS")}

    def check(self, item: Any) -> Verdict | None:
        return filters.too_short(item, self.min_words)


class DuplicatePipeline(FilterPipeline):
    """:class:`newscrawl.filters.Duplicates`, over one crawl."""

    def __init__(self, stats: Any) -> None:
        super().__init__(stats)
        self.duplicates = filters.Duplicates()

    def check(self, item: Any) -> Verdict | None:
        return self.duplicates.check(item)


class _SpiderArgumentFilter(FilterPipeline):
    """A filter set by a spider argument (``-a NAME=…``, read by the spider); off when it is not given."""

    argument = ""
    remember = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> "FilterPipeline":
        value = getattr(crawler.spider, cls.argument, None)
        if not value:
            raise NotConfigured  # no message: Scrapy logs a "Disabled" warning for one
        return cls(crawler.stats, value)


class WindowPipeline(_SpiderArgumentFilter):
    """``-a since=``/``days=``/``until=``: :func:`newscrawl.filters.outside_window`; an undated article is
    kept and counted (``newscrawl/window/undated``)."""

    argument = "window"

    def __init__(self, stats: Any, window: Window) -> None:
        super().__init__(stats)
        self.window = window

    def check(self, item: Any) -> Verdict | None:
        if item.published_utc is None and self.stats is not None:
            self.stats.inc_value("newscrawl/window/undated")
        return filters.outside_window(item, self.window)


class LanguagePipeline(_SpiderArgumentFilter):
    """``-a language=en,de``: :func:`newscrawl.filters.wrong_language`."""

    argument = "languages"

    def __init__(self, stats: Any, languages: frozenset[str]) -> None:
        super().__init__(stats)
        self.languages = languages

    def check(self, item: Any) -> Verdict | None:
        return filters.wrong_language(item, self.languages)


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
        pipe.stop = lambda: stop_crawl(crawler, "max_articles")
        return pipe

    def check(self, item: Any) -> Verdict | None:
        if self.kept >= self.max_articles:
            return Verdict("max_articles", f"{self.max_articles} already stored: {item.url}")
        self.kept += 1
        if self.kept == self.max_articles and self.stop:
            logger.info("%d articles stored (max_articles): stopping the crawl", self.kept)
            self.stop()
        return None
