"""One seen-store interface, two backends: SQLite in ``NEWSCRAWL_STATE_DIR`` (one machine) or Redis
(``NEWSCRAWL_REDIS_URL``: shared by every worker of a site, on any machine)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Protocol

from ..redis.config import connect
from ..redis.keys import site_key
from .redis_seen import RedisSeenStore
from .seen import SeenStore, SeenStoreError

__all__ = ["SeenBackend", "SeenStoreError", "open_seen_store"]


class SeenBackend(Protocol):
    expired: int  # entries forgotten at open (older than the TTL)

    def check(self, url: str, lastmod: datetime | None = None) -> str: ...  # 'new', 'updated' or 'seen'

    def mark(self, entries: Iterable[tuple[str, str | None, datetime | None, str]]) -> int: ...  # raises
    # SeenStoreError when the store cannot be written

    def last_marked(self, site: str | None) -> float | None: ...  # epoch seconds of the site's last mark

    def close(self) -> None: ...


def open_seen_store(settings: Any, spider: Any) -> SeenBackend:
    """The backend the settings choose, for ``spider``'s site."""
    ttl = settings.getfloat("NEWSCRAWL_SEEN_TTL_DAYS")
    url = settings.get("NEWSCRAWL_REDIS_URL")
    if url:
        return RedisSeenStore(connect(url), site_key(spider), ttl_days=ttl)
    return SeenStore(Path(settings.get("NEWSCRAWL_STATE_DIR")) / "seen.sqlite3", ttl_days=ttl)
