"""Near-duplicates across runs and sites: :class:`newscrawl.filters.NearDuplicates` as an item pipeline.

Settings: ``NEWSCRAWL_DEDUP`` = ``mark`` (fill ``dup_cluster``, ``dup_of``, ``dup_similarity``,
``syndicated_from``; keep every article), ``drop`` (copies are dropped, counted as
``newscrawl/dropped/near_duplicate``) or ``off``; ``NEWSCRAWL_DEDUP_THRESHOLD`` (estimated Jaccard).
The index lives in Redis in a shared crawl (``NEWSCRAWL_REDIS_URL``: one index for every worker),
else in ``NEWSCRAWL_STATE_DIR/dedup.sqlite3``, or in ``NEWSCRAWL_DEDUP_INDEX`` when set (``:memory:``:
this crawl only). Stats: ``newscrawl/dedup/copies`` (articles that joined a cluster),
``newscrawl/dedup/syndicated`` (articles crediting another outlet as their source),
``newscrawl/dedup/unassigned`` (articles stored with empty cluster columns because the index could not be
reached or written: Redis went away, and the scheduler stops the crawl with one line, or the state disk is
full, and the seen-store stops it).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from ..dedup import Deduplicator, IndexUnavailable, Params, ParamsMismatch, open_deduplicator, open_index
from ..dedup.cluster import INDEX_FILE, check_params
from ..dedup.sqlite import BATCH_SECONDS
from ..filters import DEDUP_MODES as MODES
from ..filters import NearDuplicates, Verdict
from .filters import FilterPipeline

logger = logging.getLogger(__name__)


def dedup_settings(settings: Any) -> tuple[str, Params]:
    """(mode, params) from the settings; ValueError with a one-line reason when they are wrong."""
    mode = str(settings.get("NEWSCRAWL_DEDUP")).strip().lower()
    if mode not in MODES:
        raise ValueError(f"NEWSCRAWL_DEDUP must be mark, drop or off, not {mode!r}")
    try:
        threshold = settings.getfloat("NEWSCRAWL_DEDUP_THRESHOLD")
    except ValueError:
        raise ValueError(f"NEWSCRAWL_DEDUP_THRESHOLD must be a number, not {settings.get('NEWSCRAWL_DEDUP_THRESHOLD')!r}") from None
    if not 0 < threshold <= 1:
        raise ValueError(f"NEWSCRAWL_DEDUP_THRESHOLD must be above 0 and at most 1, not {threshold}")
    return mode, Params(threshold=threshold)


def _open_from(settings: Any, params: Params) -> Deduplicator:
    return open_deduplicator(settings.get("NEWSCRAWL_STATE_DIR"), params, settings.get("NEWSCRAWL_REDIS_URL"),
                             settings.get("NEWSCRAWL_DEDUP_INDEX") or None)


def settings_problem(settings: Any) -> str | None:
    """What is wrong with the dedup settings, or with the index they name if it exists, in one line
    (checked before a crawl starts; nothing is created)."""
    try:
        mode, params = dedup_settings(settings)
        path = settings.get("NEWSCRAWL_DEDUP_INDEX") or str(Path(settings.get("NEWSCRAWL_STATE_DIR")) / INDEX_FILE)
        if mode != "off" and settings.get("NEWSCRAWL_REDIS_URL"):
            store = open_index(settings.get("NEWSCRAWL_STATE_DIR"), settings.get("NEWSCRAWL_REDIS_URL"))
            try:
                check_params(store.params(), params)
            finally:
                store.close()
        elif mode != "off" and path != ":memory:" and Path(path).is_file():
            _open_from(settings, params).close()
    except (ValueError, ParamsMismatch, IndexUnavailable) as exc:
        return str(exc)
    return None


class NearDuplicatePipeline(FilterPipeline):
    """Fills the cluster columns of every item; in ``drop`` mode drops the copies."""

    def __init__(self, stats: Any, near: NearDuplicates) -> None:
        super().__init__(stats)
        self.near = near
        self.unassigned = 0  # articles kept with empty cluster columns: the index could not be reached
        self.warned = False
        self.flushing = task.LoopingCall(self._flush)

    def _flush(self) -> None:
        try:
            self.near.flush()
        except IndexUnavailable as exc:  # the disk is full, say: the next article's write counts it
            self._unavailable(exc)

    def _unavailable(self, exc: IndexUnavailable) -> None:
        if not self.warned:  # one line per crawl; the count is in the stats and the closing line
            logger.warning("articles are stored with empty near-duplicate columns: %s", exc)
            self.warned = True

    @classmethod
    def from_crawler(cls, crawler: Any) -> "NearDuplicatePipeline":
        mode, params = dedup_settings(crawler.settings)
        if mode == "off":
            raise NotConfigured("NEWSCRAWL_DEDUP is off")
        pipe = cls(crawler.stats, NearDuplicates(_open_from(crawler.settings, params), drop=mode == "drop"))
        crawler.signals.connect(pipe.opened, signal=signals.spider_opened)
        crawler.signals.connect(pipe.closed, signal=signals.spider_closed)
        return pipe

    def opened(self, spider: Any = None) -> None:
        # a batch of index writes is committed at least this often, however slowly articles come
        self.flushing.start(BATCH_SECONDS, now=False)

    def check(self, item: Any) -> Verdict | None:
        try:
            verdict = self.near.check(item)
        except IndexUnavailable as exc:
            self._unavailable(exc)
            self.unassigned += 1
            self.stats.inc_value("newscrawl/dedup/unassigned")
            return None
        if item.syndicated_from:
            self.stats.inc_value("newscrawl/dedup/syndicated")
        if item.dup_of:
            self.stats.inc_value("newscrawl/dedup/copies")
        return verdict

    def closed(self, spider: Any = None) -> None:
        if self.unassigned:
            logger.warning("%d article(s) stored with empty near-duplicate columns (index unreachable); "
                           "`newscrawl dedup` fills them over the dataset", self.unassigned)
        if self.flushing.running:
            self.flushing.stop()
        try:
            self.near.close()
        except IndexUnavailable as exc:  # the last batch of assignments is not in the index
            self._unavailable(exc)
