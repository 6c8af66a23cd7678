"""Every reader the README shows reads the dataset as written: two sites, two crawl days, by the real writer.

And a dataset that holds part files of schema version 1 (the fixture was written by the version-1 writer,
``scrapy crawl demo`` at commit 650fc90) beside version-2 files reads with the README's union lines.
"""
from __future__ import annotations

import shutil
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from newscrawl import extract
from newscrawl.parquet import DatasetWriter
from newscrawl.parquet.layout import part_schema

from .conftest import ROOT
from .readme import block, run_python
from .test_demo_crawl import ARTICLES

DEMO_SITE = ROOT / "newscrawl" / "demo" / "site"
V1_FILE = next((ROOT / "tests" / "data" / "schema-v1").glob("part-*.parquet"))
PLAN = [("caliber", "2024-12-03"), ("khaama", "2024-12-03"), ("caliber", "2024-12-04"), ("khaama", "2024-12-04"),
        ("khaama", "2024-12-04")]  # (site, crawl day) of the five demo articles
KEY = ("url", "site", "crawl_date", "published_date")


def _day(value: Any) -> str | None:
    return None if value is None or value != value else str(value)[:10]  # NaN/NaT: value != value


def rows_of(value: Any) -> Counter:
    """(url, site, crawl_date, published_date) of every row, whatever library read them."""
    if hasattr(value, "fetchall"):  # DuckDB relation
        value = value.arrow()
    if hasattr(value, "read_all"):
        value = value.read_all()
    if hasattr(value, "collect") and not hasattr(value, "to_pandas"):  # Spark DataFrame, polars LazyFrame
        value = value.collect()
    if isinstance(value, list):  # Spark rows
        rows = [tuple(r[k] for k in KEY) for r in value]
    elif hasattr(value, "iter_rows"):  # polars
        rows = list(value.select(KEY).iter_rows())
    elif hasattr(value, "column_names"):  # pyarrow
        rows = [tuple(r[k] for k in KEY) for r in value.select(KEY).to_pylist()]
    else:  # pandas
        rows = list(value[list(KEY)].itertuples(index=False, name=None))
    return Counter((u, str(s), _day(c), _day(p)) for u, s, c, p in rows)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> tuple[Path, Counter]:
    """``output/`` under a fresh folder, as a crawl writes it; and the rows it holds."""
    folder = tmp_path_factory.mktemp("readers")
    expected: Counter = Counter()
    writers: dict[str, DatasetWriter] = {}
    for article, (site, day) in zip(ARTICLES, PLAN):
        path = DEMO_SITE / article["path"].lstrip("/")
        if path.is_dir() or not path.suffix:
            path = path / "index.html"
        url = "http://127.0.0.1:8000/" + article["path"].lstrip("/")
        body = path.read_bytes().replace(b"{{base}}", b"http://127.0.0.1:8000")
        record = extract(body, url, site=site, headers={"Content-Type": "text/html; charset=utf-8"},
                         fetched_at=datetime.now(timezone.utc))
        assert record.site == site and record.published_date is not None
        writer = writers.setdefault(day, DatasetWriter(folder / "output", crawl_date=day))
        writer.write(record)
        expected[(url, site, day, record.published_date.isoformat())] += 1
    for writer in writers.values():
        writer.close()
    return folder, expected


def test_part_files_leave_site_to_the_directory(dataset):
    folder, _ = dataset
    files = sorted((folder / "output").rglob("*.parquet"))
    assert {f.parent.relative_to(folder / "output").as_posix() for f in files} == {
        "site=caliber/crawl_date=2024-12-03", "site=khaama/crawl_date=2024-12-03",
        "site=caliber/crawl_date=2024-12-04", "site=khaama/crawl_date=2024-12-04"}
    for f in files:
        assert "site" not in pq.read_schema(f).names
        assert pq.read_schema(f).equals(part_schema(), check_metadata=False)


def test_readme_duckdb_query_reads_every_row(dataset, monkeypatch):
    folder, expected = dataset
    monkeypatch.chdir(folder)
    sql = block("sql", "-- DuckDB")
    rel = duckdb.sql(sql.rstrip().rstrip(";"))
    assert rel.columns[:2] == ["site", "crawl_date"]
    got = Counter((str(s), _day(c)) for s, c, *_ in rel.fetchall())
    assert got == Counter((s, c) for _, s, c, _ in expected.elements())


@pytest.fixture(scope="module")
def mixed(dataset, tmp_path_factory) -> tuple[Path, Counter]:
    """The dataset, plus a version-1 part file of the demo site."""
    folder = tmp_path_factory.mktemp("mixed")
    shutil.copytree(dataset[0] / "output", folder / "output")
    target = folder / "output" / "site=demo" / "crawl_date=2026-12-03"
    target.mkdir(parents=True)
    shutil.copy(V1_FILE, target)
    old = pq.read_table(V1_FILE)
    assert old.schema.metadata[b"newscrawl.schema_version"] == b"1" and "published_date" not in old.schema.names
    expected = dataset[1] + Counter((u, "demo", "2026-12-03", None) for u in old.column("url").to_pylist())
    return folder, expected


def test_readme_union_query_reads_both_versions(mixed, monkeypatch):
    folder, expected = mixed
    monkeypatch.chdir(folder)
    sql = block("sql", "union_by_name = 1")
    got = Counter({(str(s), _day(d)): n for s, d, n in duckdb.sql(sql.rstrip().rstrip(";")).fetchall()})
    want = Counter((s, p) for _, s, _, p in expected.elements())
    assert got == want and got[("demo", None)] == 5


def test_readme_day_of_version_1_rows(mixed, monkeypatch):
    folder, expected = mixed
    monkeypatch.chdir(folder)
    sql = block("sql", "coalesce(published_date")
    got = Counter({_day(d): n for d, n in duckdb.sql(sql.rstrip().rstrip(";")).fetchall()})
    old = pq.read_table(V1_FILE).column("published").to_pylist()
    want = Counter(p for _, _, _, p in expected.elements() if p) + Counter(v[:10] for v in old)
    assert None not in got and got == want


@pytest.mark.parametrize("which, marker, readers", [
    ("dataset", 'pd.read_parquet("output")', ["pd.read_parquet", "pq.read_table", "pl.read_parquet"]),
    ("mixed", "dataset_schema()", ["pd.read_parquet", "pq.read_table", "pl.scan_parquet"]),
], ids=["one-version", "versions-1-and-2"])
def test_readme_python_readers_read_every_row(which, marker, readers, request, monkeypatch):
    folder, expected = request.getfixturevalue(which)
    monkeypatch.chdir(folder)
    values = run_python(block("python", marker), {})
    assert [src.split("(")[0] for src, _ in values] == readers
    for source, value in values:
        assert rows_of(value) == expected, source


@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")
def test_readme_spark_lines_read_the_dataset_and_both_versions(dataset, mixed, tmp_path, monkeypatch):
    """One Spark session (its JVM resolves `output` against the folder it started in): the plain dataset,
    then the same with the version-1 file added."""
    pytest.importorskip("pyspark", reason="pyspark is a test dependency: pip install -e '.[test]'")
    if not shutil.which("java"):
        pytest.fail("Spark needs Java: bash scripts/system-deps installs it")
    from pyspark.sql import SparkSession

    shutil.copytree(dataset[0] / "output", tmp_path / "output")
    monkeypatch.chdir(tmp_path)
    session = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "1").getOrCreate())  # the README's getOrCreate() gets it
    try:
        session.sparkContext.setLogLevel("ERROR")
        namespace: dict[str, Any] = {}
        ((source, frame),) = run_python(block("python", "spark.read.parquet"), namespace)
        assert namespace["spark"] is session
        assert rows_of(frame) == dataset[1], source

        shutil.copytree(mixed[0] / "output" / "site=demo", tmp_path / "output" / "site=demo")
        ((source, frame),) = run_python(block("python", 'option("mergeSchema", "true")'), namespace)
        assert rows_of(frame) == mixed[1], source
    finally:
        session.stop()
