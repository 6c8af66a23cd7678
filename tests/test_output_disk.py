"""An output disk that refuses writes (read-only, full) or a crawl cut short by a double SIGTERM: the run exits
non-zero with one line, no traceback per article, and the articles it could not write are fetched again."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from newscrawl.demo.server import SiteServer

from .conftest import ROOT
from .crawling import FAST, crawl_news, dataset_urls
from .mounts import tmpfs
from newscrawl.demo.sitegen import build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    build_site(root, 60)
    with SiteServer(root, delay=0.02) as base:
        yield root, base


def _crawl(base, out, state, stats, *extra):
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base}/",
                           "-s", f"NEWSCRAWL_OUTPUT_DIR={out}", "-s", f"NEWSCRAWL_STATE_DIR={state}",
                           "-s", f"NEWSCRAWL_STATS_FILE={stats}", "-s", "NEWSCRAWL_PARQUET_FILE_ROWS=10",
                           *FAST, *extra], cwd=ROOT, capture_output=True, text=True, timeout=300)


def _one_line_and_no_traceback(proc):
    err = proc.stderr
    assert proc.returncode == 1, err[-3000:]
    assert err.count("cannot write the dataset under") == 1, err[-3000:]
    assert "Traceback" not in err, err[err.find("Traceback") - 300:][:3000]
    assert err.count("] ERROR: ") == 1, err[-3000:]


@pytest.mark.parametrize("size,read_only", [("1m", True), ("40k", False)], ids=["read_only", "full"])
def test_an_output_disk_that_refuses_writes_stops_the_crawl_in_one_line_and_the_next_run_stores_the_rest(
        site, tmp_path, size, read_only):
    _, base = site
    state, stats = tmp_path / "state", tmp_path / "stats.json"
    with tmpfs(tmp_path / "disk", size, read_only) as disk:
        out = disk / "out"
        proc = _crawl(base, out, state, stats)
        _one_line_and_no_traceback(proc)
        s = json.loads(stats.read_text())
        assert s["finish_reason"] == "dataset_write_failed"
        assert s["newscrawl/errors/dataset/write_failed"] > 0
        first = dataset_urls(out)
        for f in out.glob("**/*.parquet"):
            pq.read_table(f)  # a committed file is whole
        assert len(first) == s.get("newscrawl/parquet/rows", 0) < 60
        if not read_only:
            assert first, "a file was committed before the disk filled"

    again = tmp_path / "again"
    crawl_news(base, again, state)
    both = first + dataset_urls(again)
    assert len(both) == len(set(both)) == 60, "what was not written is fetched again, what was is not"


def test_newscrawl_extract_onto_a_full_disk_says_so_in_one_line(site, tmp_path):
    root, _ = site
    with tmpfs(tmp_path / "disk", "40k") as disk:
        proc = subprocess.run([sys.executable, "-m", "newscrawl.cli", "extract", str(root), "--base-url",
                               "http://127.0.0.1/", "-o", str(disk / "out"), "--state", str(tmp_path / "state"),
                               "--workers", "1", "-q"], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 1, proc.stderr[-3000:]
        assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
        lines = [line for line in proc.stderr.splitlines() if "error:" in line]
        assert len(lines) == 1 and "cannot write the dataset under" in lines[0] and "No space left" in lines[0], \
            proc.stderr[-3000:]
        for f in (disk / "out").glob("**/*.parquet"):
            pq.read_table(f)  # nothing damaged is committed
        assert not list((disk / "out").glob("**/.part-*")), "the part given up is removed"


def test_a_double_sigterm_exits_non_zero(site, tmp_path):
    root, _ = site
    out, stats = tmp_path / "out", tmp_path / "stats.json"
    with SiteServer(root, delay=1.0) as base:  # slow pages: the first SIGTERM waits for one in flight
        _double_sigterm(base, out, stats, tmp_path)


def _double_sigterm(base, out, stats, tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base}/",
                             "-s", f"NEWSCRAWL_OUTPUT_DIR={out}", "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}",
                             "-s", f"NEWSCRAWL_STATS_FILE={stats}", "-s", "CONCURRENT_REQUESTS=1",
                             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=INFO"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "state" / "seen.sqlite3").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(3)  # a few articles fetched
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode in (1, -signal.SIGTERM), err[-3000:]  # 1, or killed by the signal Scrapy re-raises
    # the run ended gracefully (nothing in flight) and its summary says FAILED, or the second signal forced it
    assert "newscrawl: news FAILED" in err or "forcing unclean shutdown" in err, err[-3000:]
