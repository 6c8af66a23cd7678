"""`scrapy crawl demo -O articles.parquet` like any Scrapy feed; extraction needs no Scrapy."""
from __future__ import annotations

import subprocess
import sys

import duckdb
import pyarrow.parquet as pq
import pytest

from newscrawl.record import arrow_schema

from .conftest import ROOT, run_scrapy


@pytest.mark.crawl
def test_parquet_feed_format(tmp_path):
    feed = tmp_path / "articles.parquet"
    proc = run_scrapy("crawl", "demo", "-O", str(feed), "-s", "NEWSCRAWL_DATASET_ENABLED=0",
                      "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp_path / 'unused'}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    table = pq.read_table(feed)
    assert table.num_rows == 6  # five stories and a syndicated copy of one
    assert table.schema.equals(arrow_schema(), check_metadata=False)
    assert not (tmp_path / "unused").exists(), "NEWSCRAWL_DATASET_ENABLED=0 writes no dataset"
    titles = duckdb.connect().execute(f"select title from read_parquet('{feed}') order by title").fetchall()
    assert len(titles) == 6 and all(t[0] for t in titles)
    copies = duckdb.connect().execute(f"select count(*) from read_parquet('{feed}') where dup_of is not null").fetchall()
    assert copies == [(1,)]


def test_extraction_imports_no_scrapy():
    code = ("import sys, newscrawl.extraction, newscrawl.dates, newscrawl.bylines, newscrawl.language, "
            "newscrawl.discovery, newscrawl.record, newscrawl.dedup; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted')]; print(bad); assert not bad")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
