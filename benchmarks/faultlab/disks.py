"""Disks that refuse writes (issue 11 items 6 and 7): a full state disk, a full or read-only output disk, ``newscrawl
extract`` onto a full disk; each run must stop with one line and exit 1, and a re-run store the rest once."""
from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from .measure import run, wait_for
from .mounts import fill, tmpfs
from .site import LIMIT_S, Site, crawl_news, newscrawl
from .verdict import Case, Outcome, count_lost

ROWS = ["-s", "NEWSCRAWL_PARQUET_FILE_ROWS=10"]
DATASET_LINE = "cannot write the dataset under"


def _marked(db: Path) -> int:
    try:
        return sqlite3.connect(db).execute("select count(*) from seen").fetchone()[0]
    except sqlite3.Error:
        return 0


def _state_disk_full(tmp: Path) -> Outcome:
    site, out, o = Site(tmp / "site", 60, delay=0.05), tmp / "out", Outcome()
    with tmpfs(tmp / "state") as state, site as base:
        filled: list[Path] = []

        def fill_after_first_file(proc: subprocess.Popen, log) -> None:
            if wait_for(proc, lambda: (state / "seen.sqlite3").exists() and _marked(state / "seen.sqlite3") >= 10):
                filled.append(fill(state))

        o.ran(run(crawl_news(base, out, state, *ROWS, "-s", "CONCURRENT_REQUESTS=2"), LIMIT_S,
                  during=fill_after_first_file), (1,), "full", line="the seen-store cannot be written")
        o.check(bool(filled), "the crawl ended before the disk could be filled")
        for f in filled:
            f.unlink()
        o.ran(run(crawl_news(base, out, state), LIMIT_S), (0,), "re-run")
        count_lost(o, base, site.expected, out)
    return o


def _output_disk(tmp: Path, size: str, read_only: bool) -> Outcome:
    site, state, again, o = Site(tmp / "site", 60, delay=0.02), tmp / "state", tmp / "again", Outcome()
    with tmpfs(tmp / "disk", size, read_only) as disk, site as base:
        o.ran(run(crawl_news(base, disk / "out", state, *ROWS), LIMIT_S), (1,), "refused", line=DATASET_LINE)
        o.ran(run(crawl_news(base, again, state), LIMIT_S), (0,), "re-run")
        count_lost(o, base, site.expected, disk / "out", again)
    return o


def _extract_full(tmp: Path) -> Outcome:
    site, o, base = Site(tmp / "site", 60), Outcome(), "http://127.0.0.1:8080"
    args = [str(site.root), "--base-url", f"{base}/", "--state", str(tmp / "state"), "--workers", "2", "-q"]
    with tmpfs(tmp / "disk", "40k") as disk:
        ran = o.ran(run(newscrawl("extract", *args, "-o", str(disk / "out")), LIMIT_S), (1,), "full")
        lines = [line for line in ran.stderr.splitlines() if "error:" in line]
        o.check(len(lines) == 1 and DATASET_LINE in lines[0], f"{len(lines)} error lines, not one saying {DATASET_LINE!r}")
        o.ran(run(newscrawl("extract", *args, "-o", str(tmp / "again")), LIMIT_S), (0,), "re-run")
        count_lost(o, base, site.expected, disk / "out", tmp / "again")
    return o


CASES = [
    Case("state disk full mid-crawl, then a re-run", 6, _state_disk_full),
    Case("read-only output disk, then a re-run", 7, lambda tmp: _output_disk(tmp, "1m", True)),
    Case("output disk full mid-crawl, then a re-run", 7, lambda tmp: _output_disk(tmp, "40k", False)),
    Case("newscrawl extract onto a full disk, then again", 7, _extract_full),
]
