"""Running real crawls of local sites from tests."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pyarrow.dataset as ds

from .conftest import ROOT, run_scrapy

# the articles `scrapy crawl demo` stores: the demo's expected records say how many
DEMO_ARTICLES = len(json.loads((ROOT / "tests" / "expected" / "demo.json").read_text(encoding="utf-8"))["articles"])

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


def kill_when(args: list[str], ready: Callable[[], bool], timeout: float = 120) -> None:
    """``python -m scrapy ARGS``, sent SIGKILL as soon as ``ready()`` holds; fails if the crawl ends first."""
    proc = subprocess.Popen([sys.executable, "-m", "scrapy", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and proc.poll() is None and not ready():
            time.sleep(0.02)
        assert proc.poll() is None, "the crawl ended before it could be killed: " + proc.stderr.read().decode()[-2000:]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL


def dataset_urls(out: Path) -> list[str]:
    """The ``url`` of every row of the Parquet dataset under ``out`` (none when it holds no file yet)."""
    if not list(out.glob("**/*.parquet")):
        return []
    return ds.dataset(out, format="parquet", partitioning="hive").to_table(columns=["url"]).column("url").to_pylist()


def add_article(root: Path, path: str, body: bytes) -> None:
    """Write one more article page at ``path`` of the generated site under ``root`` and list it in its sitemap."""
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    sitemap = (root / "sitemap.xml").read_text()
    (root / "sitemap.xml").write_text(sitemap.replace("</urlset>", f"<url><loc>{{{{base}}}}{path}</loc></url></urlset>"))
