"""The keep-or-drop checks of :mod:`newscrawl.filters` as item pipelines: each drop is counted as
``newscrawl/dropped/REASON``."""
from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem

from .. import filters
from ..filters import Verdict

logger = logging.getLogger(__name__)


class Drop(DropItem):
    def __init__(self, verdict: Verdict) -> None:
        super().__init__(f"{verdict.reason}: {verdict.detail}")
        self.reason = verdict.reason


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

    def process_item(self, item: Any) -> Any:
        verdict = self.check(item)
        if verdict is not None:
            self.stats.inc_value(f"newscrawl/dropped/{verdict.reason}")
            raise Drop(verdict)
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
