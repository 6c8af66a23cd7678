"""``newscrawl run --workers N``: N crawl processes on this machine against the same Redis.

The parent holds the run lock, starts N workers (``newscrawl run … --worker K``), waits for them,
and writes the run's manifest: every worker's own report under ``workers`` and, per site, their sum.
Each worker writes its own manifest (``run-STAMP-wK.json``) and log (``run-STAMP-wK.log``).
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ..worker import host_pid

SUMMED = ("pages", "articles", "errors", "log_errors")


def shared_report(stats: dict[str, Any]) -> dict[str, Any] | None:
    """What a worker of a shared crawl did, from its stats (None in a crawl of one process)."""
    if "newscrawl/redis/discoverer" not in stats and "newscrawl/redis/lost" not in stats:
        return None
    return {
        "worker": host_pid(),
        "discoverer": bool(stats.get("newscrawl/redis/discoverer", 0)),
        "dequeued": stats.get("newscrawl/redis/dequeued", 0),
        "queue_length": stats.get("newscrawl/redis/queue_length"),
        "requeued": stats.get("newscrawl/redis/requeued", 0),
        "run_requeued": stats.get("newscrawl/redis/run_requeued", 0),
        "redis_lost": bool(stats.get("newscrawl/redis/lost", 0)),
    }


def without_option(argv: list[str], option: str) -> list[str]:
    """``argv`` without ``option VALUE`` / ``option=VALUE``."""
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == option:
            skip = True
        elif not arg.startswith(option + "="):
            out.append(arg)
    return out


def _sum_site(reports: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {
        "status": "failed" if any(r["status"] == "failed" for r in reports) else "ok",
        "finish_reason": sorted({r["finish_reason"] for r in reports}),
        **{k: sum(r.get(k, 0) for r in reports) for k in SUMMED},
        "skipped": dict(sum((Counter(r["skipped"]) for r in reports), Counter())),
        "dropped": dict(sum((Counter(r["dropped"]) for r in reports), Counter())),
        "duration_s": max(r["duration_s"] for r in reports),
        "files": [f for r in reports for f in r["files"]],
    }
    shared = [r["shared"] for r in reports if r.get("shared")]
    if shared:
        ends = [s["queue_length"] for s in shared if s["queue_length"] is not None]
        total["shared"] = {
            "workers": len(shared),
            "discoverers": sum(s["discoverer"] for s in shared),
            "queue_length": min(ends) if ends else None,
            "requeued": sum(s["requeued"] for s in shared),
            "run_requeued": max(s["run_requeued"] for s in shared),
            "redis_lost": any(s["redis_lost"] for s in shared),
        }
    return total


def summed(workers: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per site, the sum of the workers' reports."""
    sites: dict[str, list[dict[str, Any]]] = {}
    for w in workers:
        for name, report in (w.get("sites") or {}).items():
            sites.setdefault(name, []).append(report)
    return {name: _sum_site(reports) for name, reports in sites.items()}


def run_workers(argv: list[str], n: int, stamp: str, runs: Path, prog: str) -> tuple[list[dict[str, Any]], int]:
    """Start ``n`` workers with ``argv`` (``--workers`` removed), wait; their manifests and the exit code."""
    base = [sys.executable, "-m", "newscrawl.cli", "run", *without_option(argv, "--workers")]
    procs = [subprocess.Popen([*base, "--worker", str(k), "--run-stamp", stamp]) for k in range(1, n + 1)]

    def forward(signum: int, frame: Any) -> None:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signum)

    old = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        codes = [p.wait() for p in procs]
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
    workers = []
    for k, (p, code) in enumerate(zip(procs, codes), 1):
        path = runs / f"run-{stamp}-w{k}.json"
        entry: dict[str, Any] = {"worker": k, "pid": p.pid, "exit": code, "manifest": str(path)}
        if path.is_file():
            entry.update(json.loads(path.read_text(encoding="utf-8")))
        else:
            print(f"{prog}: worker {k} (pid {p.pid}) ended with exit code {code} and wrote no manifest",
                  file=sys.stderr)
        workers.append(entry)
    failed = [c for c in codes if c != 0]  # a worker killed by a signal has a negative code
    return workers, max((c for c in failed if c > 0), default=1 if failed else 0)
