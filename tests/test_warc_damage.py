"""A damaged record in the middle of a WARC costs only itself: crafted damage on files of real pages.

Ten corpus pages are written one record each (gzip members, or plain WARC); the fourth is damaged in one of
the ways seen in the field. Every other record must be read back byte for byte, the damaged one reported once
under its reason, and nothing stored from it by ``newscrawl extract``.
"""
from __future__ import annotations

import hashlib

import pyarrow.dataset as ds
import pytest

from benchmarks.faultlab.damage import damaged
from newscrawl.cli.extract import main as extract_main
from newscrawl.warc.reader import SavedPage, Unreadable, iter_inputs

from .warcs import corpus_pages

N = 10
BAD = 3  # index of the damaged record


@pytest.fixture(scope="module")
def pages():
    return corpus_pages(N)


CASES = [  # (gzipped, how, reasons reported for the damaged record)
    (True, "cut", {"bad_gzip"}),
    (True, "corrupt", {"bad_gzip"}),
    (True, "length_short", {"bad_length"}),
    (True, "length_long", {"bad_length"}),
    (True, "garbage", {"bad_header"}),
    (False, "cut", {"bad_length"}),
    (False, "corrupt", {"bad_digest"}),
    (False, "length_short", {"bad_length"}),
    (False, "length_long", {"bad_length"}),
    (False, "garbage", {"bad_header"}),
]


def damaged_warc(tmp_path, pages, gzipped: bool, how: str):
    path = tmp_path / ("damaged.warc.gz" if gzipped else "damaged.warc")
    path.write_bytes(damaged(pages, BAD, gzipped, how))
    return path


@pytest.mark.parametrize("gzipped, how, reasons", CASES, ids=[f"{'gz' if g else 'plain'}-{h}" for g, h, _ in CASES])
def test_every_intact_record_is_read(tmp_path, pages, gzipped, how, reasons):
    path = damaged_warc(tmp_path, pages, gzipped, how)
    items = list(iter_inputs([str(path)]))
    good = [(i.url, i.body) for i in items if isinstance(i, SavedPage)]
    want = [(url, body) for n, (url, body, _) in enumerate(pages) if n != BAD or how == "garbage"]
    assert good == want
    bad = [i for i in items if isinstance(i, Unreadable)]
    assert len(bad) == 1 and bad[0].reason in reasons, bad
    if how != "garbage":
        assert bad[0].where == pages[BAD][0] or bad[0].where.startswith(f"{path}@")


@pytest.mark.parametrize("gzipped, how", [(True, "cut"), (True, "corrupt"), (False, "length_long"), (False, "corrupt")])
def test_extract_stores_nothing_from_the_damaged_record(tmp_path, pages, capsys, gzipped, how):
    path = damaged_warc(tmp_path, pages, gzipped, how)
    out = tmp_path / "out"
    assert extract_main([str(path), "-o", str(out), "--workers", "1"]) == 0
    printed = capsys.readouterr()
    rows = ds.dataset(str(out), format="parquet", partitioning="hive").to_table(
        columns=["url", "html_sha256"]).to_pylist()
    sha = {url: hashlib.sha256(body).hexdigest() for url, body, _ in pages}
    assert pages[BAD][0] not in {r["url"] for r in rows}
    assert all(sha[r["url"]] == r["html_sha256"] for r in rows)  # every stored row is an intact page's bytes
    stored_before = len(rows)
    assert stored_before >= N - 3  # the others are too short or duplicates: counted, as a crawl would
    lines = [line for line in printed.err.splitlines() if line.startswith("skipped bad_")]
    assert len(lines) == 1 and "Traceback" not in printed.err
    assert f"{N - 1} pages" in printed.out.splitlines()[-1]
