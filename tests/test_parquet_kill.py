"""A crawl killed with SIGKILL leaves only whole, readable Parquet files."""
from __future__ import annotations


import duckdb
import pyarrow.parquet as pq
import pytest

from newscrawl.demo.server import SiteServer
from newscrawl.parquet.writer import DatasetWriter
from newscrawl.tempfiles import TMP_SUFFIX

from .crawling import kill_when
from newscrawl.demo.sitegen import build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess


def test_sigkill_mid_crawl_leaves_no_partial_parquet_file(tmp_path):
    site, out = tmp_path / "site", tmp_path / "out"
    build_site(site, 150)
    with SiteServer(site, delay=0.05) as base:
        kill_when(["crawl", "news", "-a", f"url={base}/",
                   "-s", f"NEWSCRAWL_OUTPUT_DIR={out}", "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}",
                   "-s", "NEWSCRAWL_PARQUET_ROW_GROUP_ROWS=3", "-s", "NEWSCRAWL_PARQUET_FILE_ROWS=15",
                   "-s", "CONCURRENT_REQUESTS=2", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
                   "-s", "LOG_LEVEL=WARNING"],
                  lambda: bool(list(out.glob("**/part-*.parquet")))
                  and any(p.stat().st_size > 4 for p in out.glob(f"**/.part-*{TMP_SUFFIX}")))

    complete = sorted(out.glob("**/*.parquet"))
    leftovers = sorted(out.glob(f"**/.part-*{TMP_SUFFIX}"))
    assert complete and leftovers, "the kill should have caught one file whole and one in progress"
    rows = 0
    for f in complete:
        table = pq.read_table(f)  # raises on a partial file
        assert table.num_rows == 15
        rows += table.num_rows
    n = duckdb.connect().execute(
        f"select count(*) from read_parquet('{out}/**/*.parquet', hive_partitioning=1)").fetchone()[0]
    assert n == rows

    # the next writer in that partition removes what the dead crawl left, and says so
    writer = DatasetWriter(out, crawl_date=complete[0].parent.name.split("=", 1)[1])
    writer.write({"url": "http://127.0.0.1/x", "site": complete[0].parent.parent.name.split("=", 1)[1], "text": "x"})
    writer.close()
    assert sorted(p.name for p in writer.stale_removed) == sorted(p.name for p in leftovers)
    assert not list(out.glob(f"**/.part-*{TMP_SUFFIX}"))
