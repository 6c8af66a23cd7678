"""Crawl benchmark of a shared crawl: N workers against one real redis-server (``crawl.py --workers``)."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.redisserver import RedisServer  # noqa: E402


class Served:
    """Samples the mirror's hit count: when the first and the last request of a crawl were served."""

    def __init__(self, mirror: Any) -> None:
        self.mirror = mirror
        self.first: float | None = None
        self.last: float | None = None
        self._stop = threading.Event()
        self._seen = 0
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.02):
            total = sum(self.mirror.server.hits.copy().values())
            if total != self._seen:
                now = time.perf_counter()
                self.first = self.first or now
                self.last = now
                self._seen = total

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return (self.last - self.first) if self.first and self.last else float("nan")


def run_workers(n: int, command: Callable[..., list[str]], base: str, tmp: Path, tag: str, redis_url: str,
                env: dict[str, str], cwd: Path) -> tuple[list[dict], float]:
    """N crawl processes of one shared crawl; their final stats and the wall time."""
    procs, stats = [], []
    t0 = time.perf_counter()
    for k in range(n):
        path = tmp / f"stats-{tag}-{k}.json"
        stats.append(path)
        cmd = command(base, tmp / "out", tmp / f"state{k}", path, "-s", f"NEWSCRAWL_REDIS_URL={redis_url}")
        procs.append(subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      text=True))
    for p in procs:
        _, err = p.communicate()
        if p.returncode != 0:
            sys.exit(f"a worker failed:\n{err[-3000:]}")
    return [json.loads(p.read_text()) for p in stats], time.perf_counter() - t0


def scaling(mirror: Any, counts: list[int], command: Callable[..., list[str]], env: dict[str, str], cwd: Path) -> None:
    n_pages = len(mirror.pages)
    base = mirror.start()
    rows = []
    try:
        for n in counts:
            with tempfile.TemporaryDirectory() as tmp_name:
                tmp = Path(tmp_name)
                server = RedisServer(tmp / "redis").start()
                try:
                    mirror.server.hits.clear()
                    served = Served(mirror)
                    first, wall = run_workers(n, command, base, tmp, "1", server.url, env, cwd)
                    busy = served.stop()
                    hits = mirror.article_hits()
                    pages = sum(s.get("downloader/response_count", 0) for s in first)
                    stored, distinct, texts = duckdb.sql(
                        "select count(*), count(distinct url), count(distinct text_hash) "
                        f"from read_parquet('{tmp}/out/**/*.parquet')").fetchall()[0]
                    mirror.server.hits.clear()
                    run_workers(n, command, base, tmp, "2", server.url, env, cwd)
                    rows.append({"n": n, "pages": pages, "busy": busy, "wall": wall, "stored": stored,
                                 "duplicates": stored - distinct, "same_text": stored - texts, "lost": n_pages - len(hits),
                                 "twice": sum(1 for v in hits.values() if v > 1),
                                 "rerun": sum(mirror.article_hits().values()),
                                 "split": [s.get("newscrawl/parquet/rows", 0) for s in first]})
                finally:
                    server.stop()
    finally:
        mirror.stop()
    one = next((r for r in rows if r["n"] == 1), rows[0])
    print("| workers | pages/s (first to last page served) | ratio to 1 | pages/s (wall, process start included) "
          "| ratio | articles stored (per worker) | URL stored twice | text stored twice | pages never fetched "
          "| fetched twice | re-run article fetches |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        rate, wall_rate = r["pages"] / r["busy"], r["pages"] / r["wall"]
        print(f"| {r['n']} | {rate:.1f} | {rate / (one['pages'] / one['busy']):.2f}x | {wall_rate:.1f} | "
              f"{wall_rate / (one['pages'] / one['wall']):.2f}x | {r['stored']} ({'+'.join(map(str, r['split']))}) | "
              f"{r['duplicates']} | {r['same_text']} | {r['lost']} | {r['twice']} | {r['rerun']} |")
