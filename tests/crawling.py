"""Running real crawls of local sites from tests."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .conftest import run_scrapy

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s", "LOG_LEVEL=INFO"]


def crawl_news(base: str, out: Path, state: Path, *extra: str) -> dict:
    """``scrapy crawl news -a url=BASE/``; returns the crawl's final stats."""
    stats, proc = crawl_news_process(base, out, state, *extra)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return stats


def crawl_news_process(base: str, out: Path, state: Path, *extra: str) -> tuple[dict, subprocess.CompletedProcess]:
    """The same crawl, whatever its exit code: (final stats, the finished process with its output)."""
    state.mkdir(parents=True, exist_ok=True)
    stats_file = state / f"stats-{len(list(state.glob('stats-*.json')))}.json"
    proc = run_scrapy("crawl", "news", "-a", f"url={base}/", "-s", f"NEWSCRAWL_OUTPUT_DIR={out}",
                      "-s", f"NEWSCRAWL_STATE_DIR={state}", "-s", f"NEWSCRAWL_STATS_FILE={stats_file}", *FAST, *extra)
    return (json.loads(stats_file.read_text()) if stats_file.exists() else {}), proc
