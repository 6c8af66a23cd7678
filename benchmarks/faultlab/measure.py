"""Run one command as a user runs it: a subprocess with a time limit, its peak memory sampled over its process tree."""
from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from benchmarks.proctree import descendants

ROOT = Path(__file__).resolve().parents[2]
PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_S = 0.1


@dataclass
class Ran:
    """A finished command: exit code (negative: the signal that ended it), stderr, wall seconds, peak MB of its tree."""
    returncode: int
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool
    left_behind: bool = False  # processes of its session still alive 2 s after it ended (killed then)


def _pss_kb(pid: int) -> int:
    """Proportional set size: resident memory, each page shared with others (after fork) divided among them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    try:  # no smaps_rollup (old kernel): the resident set, shared pages counted in full
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE // 1024
    except (OSError, IndexError, ValueError):
        return 0


def tree_mb(pid: int) -> float:
    """Memory of ``pid`` and all its descendants: their proportional set sizes summed (what the tree holds in RAM)."""
    total = sum(_pss_kb(p) for p in [pid, *descendants(pid)])
    return total / 1024


def run(cmd: list[str], timeout: float, env: dict[str, str] | None = None,
        during: Callable[[subprocess.Popen, Callable[[], str]], None] | None = None) -> Ran:
    """Run ``cmd`` from the project root; ``during(proc, log)``, if given, runs in a thread beside it (to send
    signals; ``log()`` is its stderr so far).

    The process tree's memory (:func:`tree_mb`) is sampled every 0.1 s; past ``timeout`` the whole tree is killed (``timed_out``)."""
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", **(env or {})}
    with tempfile.NamedTemporaryFile() as err:
        def log() -> str:
            return Path(err.name).read_bytes().decode("utf-8", "replace")

        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True)
        helper = threading.Thread(target=during, args=(proc, log), daemon=True) if during else None
        if helper:
            helper.start()
        peak, timed_out = 0.0, False
        while proc.poll() is None:
            peak = max(peak, tree_mb(proc.pid))
            if time.monotonic() - started > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                break
            time.sleep(SAMPLE_S)
        seconds = time.monotonic() - started
        left = _end_group(proc.pid)
        if helper:
            helper.join(timeout=10)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return Ran(proc.returncode, text, seconds, peak, timed_out, left)


def _group(pgid: int) -> list[int]:
    """Processes of process group ``pgid`` still running (zombies, dead but not yet reaped, are not counted)."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as fh:
                    state, _, group = fh.read().rsplit(")", 1)[1].split()[:3]
            except (OSError, ValueError):
                continue
            if int(group) == pgid and state != "Z":
                found.append(int(name))
    return found


def _end_group(pgid: int) -> bool:
    """Kill what the command left in its session (extraction workers of a killed crawl) after 2 s; True if any."""
    deadline = time.monotonic() + 2.0
    while _group(pgid):
        if time.monotonic() > deadline:
            for pid in _group(pgid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            return True
        time.sleep(0.05)
    return False


def wait_for(proc: subprocess.Popen, ready: Callable[[], bool], timeout: float = 120) -> bool:
    """Poll ``ready()`` every 20 ms while ``proc`` runs; True once it holds."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            return True
        time.sleep(0.02)
    return False
