"""Resuming CC-NEWS files: after SIGKILL (the per-file state under NEWSCRAWL_STATE_DIR), and after a connection
dropped mid-file (a range request), against the local archive server; no record read twice, none lost."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from newscrawl.cli.ccnews import main

from .ccnews_archive import Archive, Server, corpus_pages
from .conftest import ROOT

DAY = datetime(2024, 12, 1, 8, 0, 0, tzinfo=timezone.utc)
NAME = "CC-NEWS-20241201080000-00000.warc.gz"
REL = f"crawl-data/CC-NEWS/2024/12/{NAME}"


@pytest.fixture(scope="module")
def archive(tmp_path_factory, shared_dir):
    a = Archive(tmp_path_factory.mktemp("ccnews-resume"))
    a.add(DAY, 0, corpus_pages("fundus", 56)[40:56])
    with Server(a.root) as server:
        yield a, server


@pytest.fixture(scope="module")
def reference(archive, tmp_path_factory):
    """The URLs a run that nothing disturbs writes."""
    a, server = archive
    tmp = tmp_path_factory.mktemp("reference")
    assert main(args(server, tmp)) == 0
    return urls(tmp / "out")


def args(server: Server, tmp: Path, *more: str) -> list[str]:
    return ["--since", "2024-12-01", "--base-url", server.url, "-o", str(tmp / "out"), "--state", str(tmp / "state"),
            "--workers", "1", "--no-seen", *more]


def urls(out: Path) -> list[str]:
    return [r[0] for r in duckdb.sql(f"select url from read_parquet('{out}/**/*.parquet') order by url").fetchall()]


def test_sigkill_mid_file_resumes_at_the_offset(archive, reference, tmp_path):
    a, server = archive
    state = tmp_path / "state" / "ccnews" / NAME.replace(".warc.gz", ".json")
    cmd = [sys.executable, "-m", "newscrawl.cli", "ccnews", *args(server, tmp_path, "--checkpoint", "3")]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 120
    saved = {}
    while time.monotonic() < deadline and proc.poll() is None:
        if state.exists():
            saved = json.loads(state.read_text())
            if saved["offset"] > 0 and saved["articles"] >= 3:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    time.sleep(0.4)  # into the next checkpoint's pages
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    saved = json.loads(state.read_text())
    assert not saved["done"] and 0 < saved["offset"] < (a.root / REL).stat().st_size
    first = urls(tmp_path / "out")
    assert len(first) == saved["articles"] and set(first) < set(reference)

    server.log.clear()
    assert main(args(server, tmp_path)) == 0
    assert server.requests_for(NAME) == [(REL, f"bytes={saved['offset']}-", 206)]  # started where it stopped
    after = urls(tmp_path / "out")
    assert [u for u, n in Counter(after).items() if n > 1] == []  # nothing twice
    assert after == reference  # nothing lost
    assert json.loads(state.read_text())["done"] is True
