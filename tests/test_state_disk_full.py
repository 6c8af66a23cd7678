"""A state disk that fills up during a crawl: the crawl stops with one line and a non-zero exit, keeps the files
it wrote, and the next run (disk freed) marks them from the dataset and stores none of their articles again."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

import pytest

from newscrawl.demo.server import SiteServer

from .conftest import ROOT
from .crawling import FAST, crawl_news, dataset_urls
from .mounts import fill, tmpfs
from newscrawl.demo.sitegen import build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess


@pytest.fixture
def small_disk(tmp_path):
    with tmpfs(tmp_path / "state") as mount:
        yield mount


def test_a_full_state_disk_stops_the_crawl_and_the_next_run_stores_no_duplicate(small_disk, tmp_path):
    site, out, state = tmp_path / "site", tmp_path / "out", small_disk
    build_site(site, 60)
    stats_file = tmp_path / "stats.json"
    with SiteServer(site, delay=0.05) as base:
        proc = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base}/",
             "-s", f"NEWSCRAWL_OUTPUT_DIR={out}", "-s", f"NEWSCRAWL_STATE_DIR={state}",
             "-s", f"NEWSCRAWL_STATS_FILE={stats_file}", "-s", "NEWSCRAWL_PARQUET_FILE_ROWS=10",
             "-s", "CONCURRENT_REQUESTS=2", *FAST],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 120
            db = state / "seen.sqlite3"
            while time.monotonic() < deadline and proc.poll() is None:  # the first file is committed and marked
                if db.exists() and sqlite3.connect(db).execute("select count(*) from seen").fetchone()[0] >= 10:
                    break
                time.sleep(0.02)
            assert proc.poll() is None, "the crawl ended before the disk could be filled"
            filler = fill(state)
            _, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 1, err[-3000:]
        assert err.count("the seen-store cannot be written") == 1, err[-3000:]
        assert "Traceback" not in err, err[err.find("Traceback") - 500:][:3000]
        stats = json.loads(stats_file.read_text())
        assert stats["finish_reason"] == "seen_store_failed"
        assert stats["newscrawl/errors/seen/mark_failed"] > 0
        first = dataset_urls(out)
        assert 10 < len(first) < 60, "files after the first were written and committed"
        assert stats["newscrawl/parquet/rows"] == len(first)

        filler.unlink()
        again = crawl_news(base, out, state)
        rows = dataset_urls(out)
        assert again["newscrawl/seen/recovered"] >= len(first) - 10  # the URLs of the files not marked
        assert len(rows) == len(set(rows)) == 60, "no article stored twice, none lost"
