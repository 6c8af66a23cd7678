"""`newscrawl extract` fills the dup_* columns as a crawl does; `newscrawl dedup` rebuilds them over a dataset,
old schema versions included. Real files, read back with DuckDB, pyarrow and pandas."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newscrawl.demo.server import SITE_DIR
from newscrawl.parquet.reading import open_dataset
from newscrawl.record import SCHEMA_VERSION, arrow_schema

from .conftest import ROOT

BASE = "https://demo.test"
COPY = f"{BASE}/world/2024/12/02/araghchi-praises-assad-bravery-in-damascus-talks/"
MENAFN = f"{BASE}/1108947219/Iranian-Foreign-Minister-Meets-Assad-In-Damascus-Amid-Syrian-Crisis/"
LISTINGS = set(json.loads((ROOT / "tests" / "expected" / "demo.json").read_text(encoding="utf-8"))["non_articles"])
DUP_COLUMNS = ["dup_cluster", "dup_of", "dup_similarity", "syndicated_from"]


def newscrawl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newscrawl.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    """The demo site's article pages as saved HTML files, with their links made absolute."""
    out = tmp_path_factory.mktemp("pages")
    for src in SITE_DIR.rglob("*.html"):
        rel = src.relative_to(SITE_DIR)
        if f"/{rel.parent}/".replace("/./", "/") in LISTINGS:
            continue  # the home page, a section, a tag, an author: not articles
        dst = out / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(src.read_bytes().replace(b"{{base}}", BASE.encode()))
    return out


def extract(pages: Path, out: Path, state: Path, *extra: str) -> subprocess.CompletedProcess:
    proc = newscrawl("extract", str(pages), "-o", str(out), "--state", str(state), "--base-url", f"{BASE}/",
                     "--workers", "1", "--crawl-date", "2024-12-05", *extra)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def rows(out: Path) -> dict[str, dict]:
    table = open_dataset(out).to_table()
    return {r["canonical_url"]: r for r in table.to_pylist()}


@pytest.fixture(scope="module")
def extracted(pages, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("extracted")
    extract(pages, tmp / "out1", tmp / "state")
    extract(pages, tmp / "out2", tmp / "state")  # a second run over the same index
    return tmp


def test_extract_fills_the_cluster_columns(extracted):
    got = rows(extracted / "out1")
    assert len(got) == 6
    first, copy = sorted([got[COPY], got[MENAFN]], key=lambda r: r["dup_of"] is not None)
    assert first["dup_of"] is None and copy["dup_of"] == first["url"]  # the page's URL (here its file's)
    assert copy["dup_cluster"] == first["dup_cluster"] and copy["dup_similarity"] >= 0.5
    assert got[COPY]["syndicated_from"] == got[MENAFN]["syndicated_from"] == "Khaama Press"
    others = [r for key, r in got.items() if key not in (COPY, MENAFN)]
    assert len({r["dup_cluster"] for r in others} | {first["dup_cluster"]}) == 5
    assert all(r["schema_version"] == SCHEMA_VERSION for r in got.values())


def test_a_second_extraction_assigns_the_same_ids(extracted):
    one, two = rows(extracted / "out1"), rows(extracted / "out2")
    assert one.keys() == two.keys()
    for key in one:
        assert [one[key][c] for c in DUP_COLUMNS] == [two[key][c] for c in DUP_COLUMNS], key


def test_extract_drop_mode_drops_the_copy(pages, tmp_path):
    proc = extract(pages, tmp_path / "out", tmp_path / "state", "--dedup", "drop")
    assert len(rows(tmp_path / "out")) == 5
    assert "skipped near_duplicate" in proc.stderr and "near_duplicate 1" in proc.stdout


def test_extract_off_leaves_the_columns_empty(pages, tmp_path):
    extract(pages, tmp_path / "out", tmp_path / "state", "--dedup", "off")
    assert all(r["dup_cluster"] is None for r in rows(tmp_path / "out").values())
    assert not (tmp_path / "state" / "dedup.sqlite3").exists()


def old_version_file(src: Path, dst: Path) -> None:
    """``src`` rewritten as schema version 1 wrote it: no dup_* columns."""
    table = pq.read_table(src).drop_columns(DUP_COLUMNS)
    table = table.set_column(table.schema.get_field_index("schema_version"), "schema_version",
                             pa.array([1] * table.num_rows, pa.int16()))
    dst.parent.mkdir(parents=True)
    pq.write_table(table.replace_schema_metadata({"newscrawl.schema_version": "1"}), dst)


@pytest.fixture(scope="module")
def mixed(extracted) -> Path:
    """A dataset with a version-1 file beside version-2 files."""
    root = extracted / "out1"
    v2 = next(root.glob("site=*/crawl_date=*/part-*.parquet"))
    old_version_file(v2, root / "site=old" / "crawl_date=2024-01-01" / "part-20240101T000000-0000aaaa.parquet")
    return root


def test_version_1_files_read_beside_the_current_version_in_duckdb(mixed):
    got = duckdb.sql(
        f"select schema_version, count(*), count(dup_cluster), count(distinct crawl_date) from read_parquet("
        f"'{mixed}/**/*.parquet', hive_partitioning = 1, union_by_name = true) group by all order by 1").fetchall()
    assert got == [(1, 6, 0, 1), (SCHEMA_VERSION, 6, 6, 1)]


def test_version_1_files_read_beside_the_current_version_in_pyarrow_and_pandas(mixed):
    table = open_dataset(mixed).to_table()
    assert table.num_rows == 12 and table.column("dup_cluster").null_count == 6
    assert sorted(set(table.column("crawl_date").to_pylist())) == ["2024-01-01", "2024-12-05"]
    frame = pd.read_parquet(mixed, schema=arrow_schema())
    assert len(frame) == 12 and frame["dup_cluster"].isna().sum() == 6


def test_dedup_rebuilds_clusters_over_old_and_new_files(mixed, tmp_path):
    out = tmp_path / "clusters.parquet"
    proc = newscrawl("dedup", str(mixed), "-o", str(out), "--state", str(tmp_path / "state"))
    assert proc.returncode == 0, proc.stderr
    table = pq.read_table(out)
    assert table.column_names == ["url", *DUP_COLUMNS] and table.num_rows == 12
    # the old file holds the same six pages again: every row of it is found in the clusters of the new ones
    sizes = duckdb.sql(f"select dup_cluster, count(*) n from read_parquet('{out}') group by 1 order by n desc").fetchall()
    assert [n for _, n in sizes] == [4, 2, 2, 2, 2]
    assert "5 clusters of near-duplicates, the largest 4 rows" in proc.stdout
    assert "12 rows in clusters (100.0%)" in proc.stdout
    assert (tmp_path / "state" / "dedup.sqlite3").is_file()


def test_dedup_table_joins_on_url_and_matches_what_extract_wrote(extracted, tmp_path):
    out = tmp_path / "clusters.parquet"
    proc = newscrawl("dedup", str(extracted / "out2"), "-o", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # -q: no progress lines
    joined = duckdb.sql(
        f"select count(*), count(*) filter (where d.dup_cluster = c.dup_cluster and d.dup_of is not distinct from c.dup_of) "
        f"from read_parquet('{extracted / 'out2'}/**/*.parquet', union_by_name = true) d join read_parquet('{out}') c using (url)"
    ).fetchall()
    assert joined == [(6, 6)]
    assert "1 cluster of near-duplicates, the largest 2 rows" in proc.stdout
    assert "2 rows in clusters (33.3%), 1 copy, 3 crediting another outlet" in proc.stdout


@pytest.mark.parametrize("args, message", [
    (["/no/such/dataset", "-o", "x.parquet"], "newscrawl dedup: error: no such dataset: /no/such/dataset"),
    ([".", "-o", "x.parquet", "--threshold", "1.5"], "newscrawl dedup: error: --threshold must be above 0 and at most 1, not 1.5"),
])
def test_dedup_usage_errors_are_one_line(args, message):
    proc = newscrawl("dedup", *args)
    assert proc.returncode == 2 and proc.stderr.strip() == message


def test_dedup_of_a_folder_without_parquet(tmp_path):
    proc = newscrawl("dedup", str(tmp_path), "-o", str(tmp_path / "c.parquet"))
    assert proc.returncode == 1 and proc.stderr.strip() == f"newscrawl dedup: no Parquet files under {tmp_path}"
