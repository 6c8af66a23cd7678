"""One article in, its cluster columns out: the first article seen of a story heads its cluster.

:class:`Deduplicator` serves the crawl (``newscrawl/pipelines/dedup.py``), ``newscrawl extract``
and ``newscrawl dedup`` alike. An article already in the index gets back what it got before,
so a re-run assigns the same ids; an article new to the index is compared with the heads that
share an LSH band with it and joins the most similar one at or above the threshold, or starts
a cluster of its own (``dup_cluster`` is then its own id, ``dup_of`` empty). When another worker
sharing the index changed what the look-up read (:class:`~newscrawl.dedup.store.IndexConflict`),
the look-up is done again.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..redis.config import connect
from .redis import RedisIndex
from .signature import Params, Signature
from .sqlite import SqliteIndex
from .store import Assignment, Head, IndexConflict, IndexStore, cluster_id
from .syndication import outlets_of, syndicated_from

INDEX_FILE = "dedup.sqlite3"
ATTEMPTS = 100  # look-ups of one article at most while other workers keep changing its bands


class ParamsMismatch(Exception):
    """The index was built with other parameters: its signatures cannot be compared with new ones."""


def article_key(url: str) -> int:
    """The signed 64-bit key of an article, from its canonical URL."""
    return int.from_bytes(hashlib.sha256(url.encode("utf-8")).digest()[:8], "big", signed=True)


def article_id(url: str) -> str:
    """The stable id of an article (16 hex digits): what ``dup_cluster`` holds for a cluster's first article."""
    return cluster_id(article_key(url))


def open_index(state_dir: str | Path, redis_url: str | None = None, path: str | None = None) -> IndexStore:
    """The index: in Redis when ``redis_url`` is given (a shared crawl: every worker must see one index, so
    ``path`` is not used then), else ``path`` when given (``:memory:`` for one run only), else
    ``state_dir/dedup.sqlite3``; the crawlers of one process share one connection to a file. Opening creates
    nothing in Redis."""
    if redis_url:
        return RedisIndex(connect(redis_url), redis_url)
    return SqliteIndex.shared(path or Path(state_dir) / INDEX_FILE)


def open_deduplicator(state_dir: str | Path, params: Params, redis_url: str | None = None,
                      path: str | None = None) -> "Deduplicator":
    """The deduplicator over the index :func:`open_index` names; the index is closed again when its
    parameters are not ``params`` (:class:`ParamsMismatch`)."""
    store = open_index(state_dir, redis_url, path)
    try:
        return Deduplicator(store, params)
    except ParamsMismatch:
        store.close()
        raise


def check_params(described: str | None, params: Params) -> None:
    """:class:`ParamsMismatch` when an index built with ``described`` (None: a new one) cannot serve ``params``."""
    if described is not None and described != params.describe():
        raise ParamsMismatch(f"the near-duplicate index was built with {described}, not {params.describe()}; "
                             f"rebuild it with `newscrawl dedup DATASET --state DIR` or delete it")


class Deduplicator:
    def __init__(self, store: IndexStore, params: Params = Params()) -> None:
        self.store = store
        self.params = params
        described = store.params()
        if described is None:
            store.set_params(params.describe())
            described = store.params()  # another worker may have set its own at the same moment
        check_params(described, params)

    def assign(self, url: str, text: str | None, *, canonical_url: str | None = None, domain: str | None = None,
               site: str | None = None, agencies: list[str] | None = None) -> Assignment:
        key = article_key(canonical_url or url)
        for _ in range(ATTEMPTS - 1):
            try:
                return self._assign(key, url, text, domain, site, agencies)
            except IndexConflict:
                continue  # another worker assigned this article or started a cluster in its bands: look again
        return self._assign(key, url, text, domain, site, agencies)

    def _assign(self, key: int, url: str, text: str | None, domain: str | None, site: str | None,
                agencies: list[str] | None) -> Assignment:
        with self.store.transaction():
            known = self.store.assignment(key)
            if known is not None:
                return known
            signature = Signature.of(text or "", self.params)
            bands = signature.band_keys(self.params)
            best, best_similarity = None, 0.0
            for head in self.store.candidates(bands):
                similarity = signature.similarity(head.signature)
                if similarity > best_similarity:
                    best, best_similarity = head, similarity
            if best is not None and best_similarity >= self.params.threshold:
                assigned = Assignment(best.cluster, best.url, round(best_similarity, 4),
                                      syndicated_from(agencies, domain, site, best.outlets))
                self.store.add(key, assigned)
                return assigned
            assigned = Assignment(cluster_id(key), None, None, syndicated_from(agencies, domain, site))
            head = Head(key, assigned.dup_cluster, url, signature.compact(), outlets_of(domain, site, agencies))
            self.store.add(key, assigned, head, bands)
            return assigned

    def assign_article(self, article: Any) -> Assignment:
        """Assign an :class:`~newscrawl.record.Article` and fill in its cluster columns."""
        got = self.assign(article.url, article.text, canonical_url=article.canonical_url, domain=article.domain,
                          site=article.site, agencies=article.agencies)
        article.dup_cluster, article.dup_of = got.dup_cluster, got.dup_of
        article.dup_similarity, article.syndicated_from = got.dup_similarity, got.syndicated_from
        return got

    def flush(self) -> None:
        self.store.flush()

    def close(self) -> None:
        self.store.close()
