"""Crawls cut short (issue 11 items 4 and 7): SIGKILL after a duplicate was dropped, SIGTERM once and twice, SIGKILL
at random moments; each followed by a re-run on the same state that must store every article once."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Callable

from .measure import run, wait_for
from .site import LIMIT_S, Site, crawl_news
from .verdict import Case, Outcome, count_lost

Log = Callable[[], str]


def _stopped_then_rerun(tmp: Path, stop: Callable[[subprocess.Popen, Log], None], codes: tuple[int, ...],
                        delay: float, n: int = 60, setup: Callable[[Site], None] | None = None,
                        check: Callable[[Outcome, str, Path], None] | None = None) -> Outcome:
    site = Site(tmp / "site", n, delay=delay)
    if setup:
        setup(site)
    out, state, o = tmp / "out", tmp / "state", Outcome()
    with site as base:
        first = o.ran(run(crawl_news(base, out, state, "-s", "CONCURRENT_REQUESTS=2"), LIMIT_S, during=stop),
                      codes, "stopped run")
        if check:
            check(o, first.stderr, out)
        o.ran(run(crawl_news(base, out, state), LIMIT_S), (0,), "re-run")
        count_lost(o, base, site.expected, out)
    return o


def _after_line(needle: str) -> Callable[[subprocess.Popen, Log], None]:
    def stop(proc: subprocess.Popen, log: Log) -> None:
        if wait_for(proc, lambda: needle in log()):
            os.kill(proc.pid, signal.SIGKILL)
    return stop


def _print_copy(site: Site) -> None:
    """The first article's print copy (same page, same rel=canonical) listed right after it."""
    article = site.good[0]
    copy = article.replace(".html", "-print.html")
    (site.root / copy.lstrip("/")).write_text((site.root / article.lstrip("/")).read_text(encoding="utf-8"),
                                              encoding="utf-8")
    sitemap = site.root / "sitemap.xml"
    first = f"<url><loc>{{{{base}}}}{article}</loc></url>"
    sitemap.write_text(sitemap.read_text().replace(first, first + f"<url><loc>{{{{base}}}}{copy}</loc></url>"))


def _no_file_before(o: Outcome, err: str, out: Path) -> None:
    o.check("Dropped: duplicate_url" in err, "the print copy was not dropped as a duplicate before the kill")


def _sigterm(times: int) -> Callable[[subprocess.Popen, Log], None]:
    """SIGTERM ``times`` times, 0.3 s apart, 4 s after the start (mid-crawl: the site is slow)."""
    def stop(proc: subprocess.Popen, log: Log) -> None:
        time.sleep(4)
        for _ in range(times):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                time.sleep(0.3)
    return stop


def _sigkill_at(seconds: float) -> Callable[[subprocess.Popen, Log], None]:
    def stop(proc: subprocess.Popen, log: Log) -> None:
        time.sleep(seconds)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
    return stop


_moments = random.Random(11)
KILL_AT = sorted(round(_moments.uniform(1.5, 8.0), 2) for _ in range(3))  # seconds after the start of a ~9 s crawl

CASES = [
    Case("SIGKILL after a print copy was dropped, then a re-run", 4,
         lambda tmp: _stopped_then_rerun(tmp, _after_line("Dropped: duplicate_url"), (-signal.SIGKILL,), 0.1,
                                         setup=_print_copy, check=_no_file_before)),
    Case("SIGTERM, then a re-run", 7, lambda tmp: _stopped_then_rerun(tmp, _sigterm(1), (1,), 0.3)),
    Case("double SIGTERM, then a re-run", 7,
         lambda tmp: _stopped_then_rerun(tmp, _sigterm(2), (1, -signal.SIGTERM), 1.0)),
    *(Case(f"SIGKILL {s} s after start, then a re-run", 7,
           lambda tmp, s=s: _stopped_then_rerun(tmp, _sigkill_at(s), (-signal.SIGKILL, 0), 0.2)) for s in KILL_AT),
]
