"""Locks in ``NEWSCRAWL_STATE_DIR``: ``run.lock`` (one ``newscrawl run`` at a time) and one lock per site
(``locks/SITE.lock``), taken by ``newscrawl run`` for each of its sites and by ``scrapy crawl SITE``, so that
two crawls of one site on one state never store its articles twice."""
from __future__ import annotations

import fcntl
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


class FileLock:
    """An exclusive ``flock`` on a file that says who holds it; released by the kernel if the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh: Any = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            self.fh = None
            return False
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(f"{os.getpid()} {datetime.now(timezone.utc).isoformat(timespec='seconds')}\n")
        self.fh.flush()
        return True

    def holder(self) -> str:
        """``PID START`` of the process holding the lock, as it wrote them."""
        try:
            return self.path.read_text().strip() or "unknown"
        except OSError:
            return "unknown"

    def release(self) -> None:
        if self.fh:
            fcntl.flock(self.fh, fcntl.LOCK_UN)
            self.fh.close()
            self.fh = None


def site_lock(state: str | os.PathLike, site: str) -> FileLock:
    """The lock of one site (a registry name, or ``news:HOST`` for the generic spider)."""
    return FileLock(Path(state) / "locks" / (re.sub(r"[^A-Za-z0-9_.-]", "_", site) + ".lock"))


def held_line(lock: FileLock, what: str) -> str:
    """The one line a refused crawl prints."""
    return f"another crawl holds {lock.path} (pid and start: {lock.holder()}); {what}"
