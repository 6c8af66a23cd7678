"""A damaged record in the middle of a WARC costs only itself: crafted damage on files of real pages.

Ten corpus pages are written one record each (gzip members, or plain WARC); the fourth is damaged in one of
the ways seen in the field. Every other record must be read back byte for byte, the damaged one reported once
under its reason, and nothing stored from it by ``newscrawl extract``.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import re

import pyarrow.dataset as ds
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.cli.extract import main as extract_main
from newscrawl.warc.reader import SavedPage, Unreadable, iter_inputs

from .warcs import corpus_pages

N = 10
BAD = 3  # index of the damaged record


@pytest.fixture(scope="module")
def pages():
    return corpus_pages(N)


def record_bytes(url: str, body: bytes, headers, gzipped: bool) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzipped)
    http = StatusAndHeaders("200 OK", [(k, v) for k, v in headers if k.lower() != "content-length"]
                            + [("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                        warc_headers_dict={"WARC-Date": "2025-01-08T09:30:00Z"}, http_headers=http))
    return buf.getvalue()


def set_length(record: bytes, delta: int) -> bytes:
    """The WARC header's Content-Length changed by ``delta`` (the block left as it is)."""
    m = re.search(rb"\r\nContent-Length: (\d+)\r\n", record)
    return record[:m.start(1)] + str(int(m.group(1)) + delta).encode() + record[m.end(1):]


def damage_gz(member: bytes, how: str) -> bytes:
    if how == "cut":  # the member stops half-way, the next member follows at once
        return member[:len(member) // 2]
    if how == "corrupt":  # bytes in the middle of the deflate stream overwritten
        mid = len(member) // 2
        return member[:mid] + bytes(b ^ 0x5A for b in member[mid:mid + 64]) + member[mid + 64:]
    if how in ("length_short", "length_long"):
        return gzip.compress(set_length(gzip.decompress(member), -500 if how == "length_short" else 500))
    if how == "garbage":  # a run of bytes that is no gzip member at all, before the record
        return b"\x00garbage from a bad copy\x00" * 40 + member
    raise ValueError(how)


def damage_plain(record: bytes, how: str) -> bytes:
    if how == "cut":
        return record[:len(record) // 2]
    if how == "corrupt":  # same length, other bytes: only the block digest can tell
        mid = len(record) // 2
        return record[:mid] + bytes(b ^ 0x20 if 0x41 <= b <= 0x7A else b for b in record[mid:mid + 64]) + record[mid + 64:]
    if how == "length_short":
        return set_length(record, -500)
    if how == "length_long":
        return set_length(record, 500)
    if how == "garbage":
        return b"junk line\r\n" * 40 + record
    raise ValueError(how)


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
    parts = [record_bytes(url, body, headers, gzipped) for url, body, headers in pages]
    parts[BAD] = (damage_gz if gzipped else damage_plain)(parts[BAD], how)
    path = tmp_path / ("damaged.warc.gz" if gzipped else "damaged.warc")
    path.write_bytes(b"".join(parts))
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
