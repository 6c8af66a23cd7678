"""Near-duplicates across runs and sites: fills ``dup_cluster``, ``dup_of``, ``dup_similarity``, ``syndicated_from``.

Settings: ``NEWSCRAWL_DEDUP`` = ``mark`` (default: fill the columns, keep every article), ``drop``
(copies are dropped, counted as ``newscrawl/dropped/near_duplicate``) or ``off``;
``NEWSCRAWL_DEDUP_THRESHOLD`` (estimated Jaccard, default 0.5). The index lives in
``NEWSCRAWL_STATE_DIR/dedup.sqlite3``, or in ``NEWSCRAWL_DEDUP_INDEX`` when set (``:memory:``: this crawl only). Stats: ``newscrawl/dedup/copies`` (articles that joined a
cluster), ``newscrawl/dedup/syndicated`` (articles crediting another outlet as their source).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from ..dedup import Deduplicator, Params, open_index
from ..dedup.cluster import INDEX_FILE, ParamsMismatch
from .filters import Drop, FilterPipeline

MODES = ("mark", "drop", "off")


def dedup_settings(settings: Any) -> tuple[str, Params]:
    """(mode, params) from the settings; ValueError with a one-line reason when they are wrong."""
    mode = str(settings.get("NEWSCRAWL_DEDUP") or "mark").strip().lower()
    if mode not in MODES:
        raise ValueError(f"NEWSCRAWL_DEDUP must be mark, drop or off, not {mode!r}")
    try:
        threshold = settings.getfloat("NEWSCRAWL_DEDUP_THRESHOLD", Params.threshold)
    except ValueError:
        raise ValueError(f"NEWSCRAWL_DEDUP_THRESHOLD must be a number, not {settings.get('NEWSCRAWL_DEDUP_THRESHOLD')!r}") from None
    if not 0 < threshold <= 1:
        raise ValueError(f"NEWSCRAWL_DEDUP_THRESHOLD must be above 0 and at most 1, not {threshold}")
    return mode, Params(threshold=threshold)


def open_deduplicator(state_dir: str, params: Params, redis_url: str | None = None, path: str | None = None) -> Deduplicator:
    store = open_index(state_dir or "state", redis_url or None, path or None)
    try:
        return Deduplicator(store, params)
    except ParamsMismatch:
        store.close()
        raise


def _open_from(settings: Any, params: Params) -> Deduplicator:
    return open_deduplicator(settings.get("NEWSCRAWL_STATE_DIR"), params, settings.get("NEWSCRAWL_REDIS_URL"),
                             settings.get("NEWSCRAWL_DEDUP_INDEX"))


def settings_problem(settings: Any) -> str | None:
    """What is wrong with the dedup settings, or with the index they name if it exists, in one line
    (checked before a crawl starts; nothing is created)."""
    try:
        mode, params = dedup_settings(settings)
        path = settings.get("NEWSCRAWL_DEDUP_INDEX") or str(Path(settings.get("NEWSCRAWL_STATE_DIR") or "state") / INDEX_FILE)
        if mode != "off" and path != ":memory:" and Path(path).is_file():
            _open_from(settings, params).close()
    except (ValueError, ParamsMismatch, NotImplementedError) as exc:
        return str(exc)
    return None


class NearDuplicatePipeline(FilterPipeline):
    def __init__(self, stats: Any, dedup: Deduplicator, drop: bool = False) -> None:
        super().__init__(stats)
        self.dedup = dedup
        self.drop = drop

    @classmethod
    def from_crawler(cls, crawler: Any) -> "NearDuplicatePipeline":
        mode, params = dedup_settings(crawler.settings)
        if mode == "off":
            raise NotConfigured("NEWSCRAWL_DEDUP is off")
        pipe = cls(crawler.stats, _open_from(crawler.settings, params), drop=mode == "drop")
        crawler.signals.connect(pipe.closed, signal=signals.spider_closed)
        return pipe

    def check(self, item: Any) -> None:
        got = self.dedup.assign_article(item)
        if got.syndicated_from and self.stats:
            self.stats.inc_value("newscrawl/dedup/syndicated")
        if got.dup_of:
            if self.stats:
                self.stats.inc_value("newscrawl/dedup/copies")
            if self.drop:
                raise Drop("near_duplicate", f"{item.url} is a copy of {got.dup_of} ({got.dup_similarity:.2f})")

    @classmethod
    def for_run(cls, state_dir: str, mode: str, params: Params = Params()) -> "NearDuplicatePipeline | None":
        """The filter outside a crawl (``newscrawl extract``); None when ``mode`` is ``off``."""
        if mode == "off":
            return None
        return cls(None, open_deduplicator(state_dir, params), drop=mode == "drop")

    def closed(self, spider: Any = None) -> None:
        self.dedup.close()
