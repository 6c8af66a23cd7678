"""`newscrawl extract`: a progress line with total, share and ETA; no second copy of a dataset; JSON is not HTML."""
from __future__ import annotations

import io
import re

import pyarrow.dataset as ds
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.cli import extract as extract_cli
from newscrawl.cli import main as cli_main

from .warcs import corpus_pages

PROGRESS = re.compile(r"newscrawl extract: (\d+)% of [\d.]+ (?:bytes|KB|MB|GB) \(file (\d) of 2\), ETA (\S+), "
                      r"(\d+) pages, [\d.]+ pages/s, \d+ written, \d+ skipped")


@pytest.fixture(scope="module")
def two_warcs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warcs")
    pages = corpus_pages(6)
    for name, part in (("a.warc.gz", pages[:3]), ("b.warc.gz", pages[3:])):
        with open(folder / name, "wb") as fh:
            w = WARCWriter(fh, gzip=True)
            for url, body, headers in part:
                http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
                w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                    http_headers=http))
    return folder


def test_progress_line_gives_share_of_the_total_and_eta(two_warcs, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(extract_cli, "PROGRESS_SECONDS", 0.0)  # a line after every chunk, not every 2 s
    assert cli_main(["extract", str(two_warcs), "-o", str(tmp_path / "out"), "--workers", "1"]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("newscrawl extract: ")]
    found = [PROGRESS.fullmatch(line) for line in lines]
    assert found and all(found), lines
    shares = [int(m[1]) for m in found]
    assert shares == sorted(shares) and 0 < shares[0] < 100 and shares[-1] == 100
    assert [m[2] for m in found][-1] == "2" and found[-1][3] == "0s" and found[-1][4] == "6"


def test_a_second_extraction_into_the_same_folder_is_refused(two_warcs, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli_main(["extract", str(two_warcs), "-o", str(out), "--workers", "1", "-q"]) == 0
    files = sorted(out.rglob("*.parquet"))
    capsys.readouterr()
    assert cli_main(["extract", str(two_warcs), "-o", str(out), "--workers", "1", "-q"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"newscrawl extract: error: {out} already holds a dataset (1 Parquet file); extract into a new folder, "
        "or delete it first"]
    assert sorted(out.rglob("*.parquet")) == files
    assert ds.dataset(out, format="parquet", partitioning="hive").count_rows() == 6


@pytest.mark.parametrize("name", ["data.json", "data"])
def test_a_json_file_is_refused_as_not_html(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_text('{"headline": "Not a page", "articleBody": "' + "words of a story " * 40 + '"}')
    assert cli_main(["extract", str(path), "-o", str(tmp_path / "out"), "--workers", "1", "-q"]) == 0
    captured = capsys.readouterr()
    assert re.fullmatch(rf"skipped not_html: {re.escape(path.as_uri())} \((application/json|JSON)\)\n", captured.err)
    assert "0 articles written, skipped: not_html 1" in captured.out
