"""Resume state, one small JSON file per CC-NEWS file: ``STATE/ccnews/NAME.json``.

``{"done": false, "offset": N, …}`` says that every record before byte N of that file is handled (its
articles are in committed Parquet files, or were dropped); ``"done": true`` that the whole file is. Before a
checkpoint commits part files, ``"pending"`` names them and the offset they bring: found on disk at the next
start, they were committed and the offset is taken; not found, the old offset stands. A file of
its own per WARC file lets many workers (a Dask cluster) keep state side by side without a lock; each is
replaced atomically (written aside, then renamed), so a kill at any moment leaves the old state or the new.
"""
from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from .listing import NAME


class FileState:
    def __init__(self, state_dir: str | os.PathLike, path: str) -> None:
        m = NAME.search(path)
        name = m[0] if m else path.strip("/").replace("/", "_")
        self.path = Path(state_dir) / "ccnews" / (name.removesuffix(".warc.gz") + ".json")
        self.data: dict[str, Any] = {"file": path, "done": False, "offset": 0, "articles": 0}
        try:
            self.data.update(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
        pending = self.data.pop("pending", None)
        if pending and any(Path(p).exists() for p in pending["parts"]):  # killed after the commit, before its save
            self.data.update(offset=pending["offset"], done=pending["done"],
                             articles=int(self.data.get("articles") or 0) + pending["articles"])

    @property
    def done(self) -> bool:
        return bool(self.data.get("done"))

    @property
    def offset(self) -> int:
        return int(self.data.get("offset") or 0)

    def intend(self, *, offset: int, parts: list, articles: int, done: bool) -> None:
        """Say, before part files are committed, where the file will stand once they are: a run killed between
        their commit and :meth:`save` finds them and resumes after them (no page stored twice)."""
        self._write({**self.data, "pending": {"offset": offset, "parts": [str(p) for p in parts],
                                              "articles": articles, "done": done}})

    def save(self, *, offset: int, articles: int = 0, done: bool = False) -> None:
        self.data.update(offset=offset, done=done, articles=int(self.data.get("articles") or 0) + articles,
                         updated=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        self._write(self.data)

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
