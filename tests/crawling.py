"""Running real crawls of local sites from tests."""
from __future__ import annotations

import json
from pathlib import Path

from .conftest import run_scrapy

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s", "LOG_LEVEL=INFO"]


def crawl_news(base: str, out: Path, state: Path, *extra: str) -> dict:
    """``scrapy crawl news -a url=BASE/``; returns the crawl's final stats."""
    state.mkdir(parents=True, exist_ok=True)
    stats_file = state / f"stats-{len(list(state.glob('stats-*.json')))}.json"
    proc = run_scrapy("crawl", "news", "-a", f"url={base}/", "-s", f"NEWSCRAWL_OUTPUT_DIR={out}",
                      "-s", f"NEWSCRAWL_STATE_DIR={state}", "-s", f"NEWSCRAWL_STATS_FILE={stats_file}", *FAST, *extra)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(stats_file.read_text())
