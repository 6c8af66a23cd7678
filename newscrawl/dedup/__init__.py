"""Near-duplicates and syndicated copies: MinHash signatures, a persistent LSH index, the clusters.

    signature.py    words -> shingles -> MinHash signature and LSH band keys (pure, datasketch)
    store.py        the index interface (:class:`IndexStore`) and what it holds
    sqlite.py       the index in SQLite under ``NEWSCRAWL_STATE_DIR`` (spans runs and sites)
    redis.py        the index in Redis (``NEWSCRAWL_REDIS_URL``): one for every worker of a shared crawl
    syndication.py  the outlet a copy credits as its source (from the byline's ``agencies``)
    cluster.py      :class:`Deduplicator`: one article in, its cluster columns out
"""
from __future__ import annotations

from .cluster import Deduplicator, ParamsMismatch, article_id, open_deduplicator, open_index
from .signature import Params, Signature
from .store import Assignment, IndexConflict, IndexStore, IndexUnavailable

__all__ = ["Assignment", "Deduplicator", "IndexConflict", "IndexStore", "IndexUnavailable", "Params", "ParamsMismatch",
           "Signature", "article_id", "open_deduplicator", "open_index"]
