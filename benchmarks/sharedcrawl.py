"""Crawl benchmark of a shared crawl: N workers against one real redis-server (``crawl.py --workers``)."""
from __future__ import annotations

import json
import os
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


class Schedule:
    """Where a process's main thread spent its life, from Linux's ``/proc/PID/schedstat`` (sampled until it ends):
    seconds on a CPU, seconds runnable but waiting for one, and the rest, asleep (waiting on I/O or a timer)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.started, self.last = pid, time.perf_counter(), (0.0, 0.0, 0.0)
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while True:
            try:
                with open(f"/proc/{self.pid}/schedstat") as fh:
                    on, waiting, _ = fh.read().split()
            except (OSError, ValueError):
                return  # reaped
            self.last = (int(on) / 1e9, int(waiting) / 1e9, time.perf_counter() - self.started)
            time.sleep(0.05)

    def asleep(self) -> float:
        """Share of the process's life spent asleep (NaN where /proc has no schedstat)."""
        self._thread.join()
        on, waiting, life = self.last
        return (life - on - waiting) / life if life else float("nan")


def run_workers(n: int, command: Callable[..., list[str]], base: str, tmp: Path, tag: str, redis_url: str,
                env: dict[str, str], cwd: Path) -> tuple[list[dict], float, float, list[float]]:
    """N crawl processes of one shared crawl: their final stats, the wall time, their CPU seconds (user + system)
    and the share of each one's life it spent asleep."""
    procs, stats, logs, schedules = [], [], [], []
    t0 = time.perf_counter()
    for k in range(n):
        path = tmp / f"stats-{tag}-{k}.json"
        stats.append(path)
        logs.append(open(tmp / f"stderr-{tag}-{k}.txt", "w+"))
        cmd = command(base, tmp / "out", tmp / f"state{k}", path, "-s", f"NEWSCRAWL_REDIS_URL={redis_url}")
        procs.append(subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=logs[-1]))
        schedules.append(Schedule(procs[-1].pid))
    cpu = 0.0
    for p, log in zip(procs, logs):
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        cpu += usage.ru_utime + usage.ru_stime
        log.seek(0)
        if p.returncode != 0:
            sys.exit(f"a worker failed:\n{log.read()[-3000:]}")
        log.close()
    wall = time.perf_counter() - t0
    return [json.loads(p.read_text()) for p in stats], wall, cpu, [s.asleep() for s in schedules]


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
                    first, wall, cpu, asleep = run_workers(n, command, base, tmp, "1", server.url, env, cwd)
                    busy = served.stop()
                    hits = mirror.article_hits()
                    pages = sum(s.get("downloader/response_count", 0) for s in first)
                    stored, distinct, texts = duckdb.sql(
                        "select count(*), count(distinct url), count(distinct text_hash) "
                        f"from read_parquet('{tmp}/out/**/*.parquet')").fetchall()[0]
                    mirror.server.hits.clear()
                    run_workers(n, command, base, tmp, "2", server.url, env, cwd)
                    rows.append({"n": n, "pages": pages, "busy": busy, "wall": wall, "stored": stored,
                                 "cpu_ms": 1000 * cpu / pages, "asleep": sum(asleep) / n,
                                 "duplicates": stored - distinct, "same_text": stored - texts, "lost": n_pages - len(hits),
                                 "twice": sum(1 for v in hits.values() if v > 1),
                                 "rerun": sum(mirror.article_hits().values()),
                                 "split": [s.get("newscrawl/parquet/rows", 0) for s in first]})
                finally:
                    server.stop()
    finally:
        mirror.stop()
    one = next((r for r in rows if r["n"] == 1), rows[0])
    one_rate = one["pages"] / one["busy"]
    cores = len(os.sched_getaffinity(0))
    busy1 = one["cpu_ms"] / 1000 * one["pages"] / one["wall"]  # cores one worker keeps busy: CPU s per wall s
    print("| workers | pages/s (first to last page served) | ratio to 1 | pages/s (wall, process start included) "
          f"| ratio | worker CPU per page | workers asleep (waiting on I/O) | most a CPU-bound crawl can reach on {cores} "
          "cores | articles stored (per worker) | URL stored twice | text stored twice | pages never fetched "
          "| fetched twice | re-run article fetches |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        rate, wall_rate = r["pages"] / r["busy"], r["pages"] / r["wall"]
        # one worker alone (its extraction pool included) keeps `busy1` cores busy; N keep at most
        # min(N * busy1, cores) busy, each page costing the CPU measured at N
        ceiling = min(r["n"] * busy1, cores) * one["cpu_ms"] / (r["cpu_ms"] * busy1)
        print(f"| {r['n']} | {rate:.1f} | {rate / one_rate:.2f}x | {wall_rate:.1f} | "
              f"{wall_rate / (one['pages'] / one['wall']):.2f}x | {r['cpu_ms']:.0f} ms | {r['asleep']:.0%} | "
              f"{ceiling:.2f}x | {r['stored']} ({'+'.join(map(str, r['split']))}) | "
              f"{r['duplicates']} | {r['same_text']} | {r['lost']} | {r['twice']} | {r['rerun']} |")
    print(f"The ceiling: one worker alone, its extraction pool included, keeps {busy1:.2f} cores busy (its CPU seconds "
          f"over its wall time; its main process is asleep {one['asleep']:.0%} of its life); N workers keep at most "
          f"min(N x {busy1:.2f}, {cores}) cores busy, each page costing the CPU measured at N. A machine busy with other "
          "jobs lowers the measured ratios, not the ceiling.")
