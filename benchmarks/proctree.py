"""The processes a command started, read from /proc (benchmarks/render.py, benchmarks/faults.py), and the CPU
they used (benchmarks/crawl.py)."""
from __future__ import annotations

import os
import subprocess
import time


def descendants(root: int) -> list[int]:
    """Every process below ``root`` (its children, theirs, …) running now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            found.append(child)
            todo.append(child)
    return found


TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_and_command(pid: int) -> tuple[float, str] | None:
    """(user + system CPU seconds, command line) of a running process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            command = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS, command


def kind(pid: int, root: int, command: str) -> str:
    """``main`` (the command itself), ``browser`` (Chromium and Playwright's driver) or ``workers`` (the rest:
    the extraction processes a crawl or ``newscrawl extract`` forks)."""
    if pid == root:
        return "main"
    if "chrom" in command or "playwright" in command or command.startswith("node"):
        return "browser"
    return "workers"


def cpu_by_kind(proc: "subprocess.Popen", interval: float = 0.1) -> dict[str, float]:
    """Wait for ``proc``, reading every ``interval`` s the CPU seconds of it and each process below it, and
    return their last readings summed by :func:`kind`. A process that ends between two readings loses at most
    its last ``interval`` of CPU."""
    last: dict[int, tuple[float, str]] = {}
    while proc.poll() is None:
        for pid in [proc.pid, *descendants(proc.pid)]:
            seen = _cpu_and_command(pid)
            if seen is not None:
                last[pid] = seen
        time.sleep(interval)
    totals: dict[str, float] = {}
    for pid, (cpu, command) in last.items():
        k = kind(pid, proc.pid, command)
        totals[k] = totals.get(k, 0.0) + cpu
    return totals
