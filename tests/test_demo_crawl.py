"""`scrapy crawl demo`, for real: the bundled site on 127.0.0.1, read back with pyarrow and DuckDB."""
from __future__ import annotations

import json
import re

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from newscrawl.parquet.layout import part_schema
from newscrawl.record import SCHEMA_VERSION

from .conftest import ROOT, run_scrapy

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess

EXPECTED = json.loads((ROOT / "tests" / "expected" / "demo.json").read_text(encoding="utf-8"))
ARTICLES = EXPECTED["articles"] if isinstance(EXPECTED, dict) else EXPECTED


@pytest.fixture(scope="module")
def demo_crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo-output")
    proc = run_scrapy("crawl", "demo", "-s", f"NEWSCRAWL_OUTPUT_DIR={out}", "-s", f"NEWSCRAWL_STATE_DIR={out.parent / (out.name + '-state')}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out, proc


@pytest.fixture(scope="module")
def rows(demo_crawl):
    out, _ = demo_crawl
    files = sorted(out.glob("site=*/crawl_date=*/*.parquet"))
    assert files, "no Parquet written"
    table = ds.dataset(str(out), format="parquet", partitioning="hive", schema=None).to_table()
    return {r["url"].split("/", 3)[3]: r for r in table.to_pylist()}


def _path(url_or_path: str) -> str:
    return url_or_path.lstrip("/")


def test_six_rows_with_every_column(rows, demo_crawl):
    out, _ = demo_crawl
    assert len(rows) == len(ARTICLES) == 6
    files = sorted(out.glob("site=demo/crawl_date=*/part-*.parquet"))
    for f in files:
        assert pq.read_schema(f).equals(part_schema(), check_metadata=False)  # `site` is the directory's
        assert pq.ParquetFile(f).metadata.row_group(0).column(0).compression == "ZSTD"


@pytest.mark.parametrize("expected", ARTICLES, ids=[a["path"] for a in ARTICLES])
def test_article_fields(rows, expected):
    row = rows[_path(expected["path"])]
    assert row["title"] == expected["title"]
    assert row["published"] == expected["published"]
    assert row["authors"] == expected["authors"]
    if "agencies" in expected:
        assert row["agencies"] == expected["agencies"]
    for agency in expected.get("agencies_include", []):
        assert agency in row["agencies"]
    assert row["language"] == expected["language"]
    assert row["site"] == "demo" and row["schema_version"] == SCHEMA_VERSION and row["http_status"] == 200
    assert row["published_date"].isoformat() == expected["published"][:10]
    assert row["word_count"] == len(re.findall(r"\w+", row["text"]))
    assert row["syndicated_from"] == expected["syndicated_from"]
    assert row["published_utc"] is not None and row["fetched_at"] >= row["published_utc"]


@pytest.mark.parametrize("expected", ARTICLES, ids=[a["path"] for a in ARTICLES])
def test_text_keeps_the_story_and_none_of_the_residue(rows, expected):
    text = rows[_path(expected["path"])]["text"]
    for phrase in expected["must_contain"]:
        assert phrase in text, f"missing story phrase: {phrase!r}"
    for phrase in expected["must_not_contain"]:
        assert phrase not in text, f"residue survived: {phrase!r}"
    assert "\n\n" in text and "\n\n\n" not in text


def test_caliber_published_with_offset(rows):
    caliber = [r for r in rows.values() if r["title"].startswith("Iran's FM arrives from Damascus")]
    assert caliber and caliber[0]["published"] == "2024-12-02T11:36:00+04:00"
    # the same instant, from the page (to the minute) or from the news-sitemap entry the request came through (to
    # the second): since robots.txt is fetched once, the sitemap is read sooner and its entry reaches the page first
    row = caliber[0]
    assert row["published_precision"] == ("second" if row["published_source"] == "sitemap" else "minute")


def test_a_day_only_date_keeps_its_day_east_of_utc(rows):
    """The demo site's zone is Asia/Baku (+04:00): its day-only date is the evening before in UTC."""
    (row,) = [r for r in rows.values() if r["published"] == "2024-12-02"]
    assert row["published_utc"].isoformat() == "2024-12-01T20:00:00+00:00"
    assert row["published_date"].isoformat() == "2024-12-02"


def test_duckdb_reads_the_hive_dataset(demo_crawl):
    out, _ = demo_crawl
    con = duckdb.connect()
    got = con.execute(
        f"select site, crawl_date, count(*), count(distinct url), min(word_count) "
        f"from read_parquet('{out}/**/*.parquet', hive_partitioning=1) group by all"
    ).fetchall()
    assert len(got) == 1
    site, crawl_date, n, distinct, min_words = got[0]
    assert site == "demo" and n == distinct == 6 and min_words > 50
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(crawl_date))
    authors = con.execute(
        f"select unnest(authors) from read_parquet('{out}/**/*.parquet', hive_partitioning=1)"
    ).fetchall()
    assert ("Khagan Isayev",) in authors


def test_non_article_pages_are_not_records(rows):
    non_articles = EXPECTED.get("non_articles", []) if isinstance(EXPECTED, dict) else []
    for path in non_articles:
        assert _path(path) not in rows


def test_demo_prints_where_the_parquet_went_and_a_table_on_stderr(demo_crawl):
    out, proc = demo_crawl
    assert proc.stdout == "", "stdout is left to feeds (-o -:jsonl)"
    assert "newscrawl: demo finished: 6 articles written: 6 to the dataset (1 file(s))." in proc.stderr
    assert "0 skipped as seen, 0 skipped, 0 dropped, 0 errors." in proc.stderr
    assert str(out) in proc.stderr
    header = next(line for line in proc.stderr.splitlines() if line.startswith("site "))
    assert header.split() == ["site", "title", "published", "credits", "words", "cluster"]
    assert "Khagan Isayev" in proc.stderr
    assert "EFE (agency)" in proc.stderr and "Khaama Press (agency)" in proc.stderr


def test_the_syndicated_copy_and_its_original_share_one_cluster(rows):
    """The Khaama Press story on MENAFN and on the Silk Road Times: one cluster, whichever the crawl met first."""
    group = [rows[_path(a["path"])] for a in ARTICLES if a["cluster"] == "khaama-press-story"]
    others = [rows[_path(a["path"])] for a in ARTICLES if a["cluster"] is None]
    assert len(group) == 2 and len({r["dup_cluster"] for r in group}) == 1
    first = [r for r in group if r["dup_of"] is None]
    copy = [r for r in group if r["dup_of"] is not None]
    assert len(first) == len(copy) == 1
    assert copy[0]["dup_of"] == first[0]["url"] and copy[0]["dup_similarity"] >= 0.5
    assert first[0]["dup_similarity"] is None
    # the five stories of one event stay apart: each heads a cluster of its own
    clusters = {r["dup_cluster"] for r in others}
    assert len(clusters) == len(others) == 4 and group[0]["dup_cluster"] not in clusters
    assert all(r["dup_of"] is None for r in others)


def test_summary_shows_the_cluster(demo_crawl, rows):
    _, proc = demo_crawl
    copy = next(r for r in rows.values() if r["dup_of"])
    assert f"near-duplicates: cluster {copy['dup_cluster']}, 2 articles" in proc.stderr
    assert f"credits Khaama Press: {copy['title']}" in proc.stderr
    marked = [line for line in proc.stderr.splitlines() if copy["dup_cluster"][:6] in line and line.startswith("demo")]
    assert len(marked) == 2
