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
from warcio.archiveiterator import ArchiveIterator

from newscrawl.ccnews import Options, process
from newscrawl.ccnews.state import FileState
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


def args(server: Server, tmp: Path, *more: str, seen: bool = False) -> list[str]:
    return ["--since", "2024-12-01", "--base-url", server.url, "-o", str(tmp / "out"), "--state", str(tmp / "state"),
            "--workers", "1", *([] if seen else ["--no-seen"]), *more]


def urls(out: Path) -> list[str]:
    return [r[0] for r in duckdb.sql(f"select url from read_parquet('{out}/**/*.parquet') order by url").fetchall()]


def test_sigkill_mid_file_resumes_at_the_offset(archive, reference, tmp_path):
    a, server = archive
    state = tmp_path / "state" / "ccnews" / NAME.replace(".warc.gz", ".json")
    # with the seen-store, as by default: the same page under two URLs on both sides of the kill is stored once
    cmd = [sys.executable, "-m", "newscrawl.cli", "ccnews", *args(server, tmp_path, "--checkpoint", "3", seen=True)]
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
    assert main(args(server, tmp_path, seen=True)) == 0
    assert server.requests_for(NAME) == [(REL, f"bytes={saved['offset']}-", 206)]  # started where it stopped
    after = urls(tmp_path / "out")
    assert [u for u, n in Counter(after).items() if n > 1] == []  # nothing twice
    assert after == reference  # nothing lost
    assert json.loads(state.read_text())["done"] is True


def test_a_dropped_connection_resumes_with_a_range_request(archive, reference, tmp_path, capsys):
    a, server = archive
    size = (a.root / REL).stat().st_size
    server.log.clear()
    server.drop_after[REL] = size // 3
    assert main(args(server, tmp_path)) == 0
    assert server.requests_for(NAME) == [(REL, None, 200), (REL, f"bytes={size // 3}-", 206)]
    assert urls(tmp_path / "out") == reference
    err = capsys.readouterr().err
    assert f"ccnews: {NAME}: done, " in err and ", 1 range request after a dropped connection" in err


def test_a_connection_that_keeps_dropping_fails_the_file_in_one_line(archive, tmp_path, capsys):
    a, server = archive
    server.drop_after[REL] = 150_000  # the first response is cut after 150 kB, every one after it at once
    server.always_drop[REL] = 0
    try:
        reports = process([f"{server.url}/{REL}"], Options(output=str(tmp_path / "out"), state_dir=str(tmp_path / "st"),
                                                             seen=False, retries=2), out=sys.stderr)
    finally:
        server.always_drop.clear()
    (rep,) = reports
    assert rep.status == "failed" and rep.resumes == 2
    assert "connection lost at byte 150000 and 2 range requests in a row brought nothing" in rep.error
    state = json.loads((tmp_path / "st" / "ccnews" / NAME.replace(".warc.gz", ".json")).read_text())
    assert state["done"] is False and 0 < state["offset"] < 150_000  # what was read before is kept
    err = capsys.readouterr().err
    assert err.count(f"error: {server.url}/{REL}: connection lost") == 1 and "Traceback" not in err


def test_a_damaged_file_is_read_up_to_the_damage(tmp_path, capsys, shared_dir):
    a = Archive(tmp_path / "archive")
    rel = a.add(DAY, 3, corpus_pages("aeb", 5))
    path = a.root / rel
    offsets = []
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            if rec.rec_type == "response":
                offsets.append((it.get_record_offset(), it.get_record_length()))
    start, length = offsets[3]
    path.write_bytes(path.read_bytes()[:start + length // 2])  # the fourth response cut in the middle
    with Server(a.root) as server:
        code = main(["--since", "2024-12-01", "--base-url", server.url, "-o", str(tmp_path / "out"),
                     "--state", str(tmp_path / "state"), "--workers", "1", "--no-seen", "--min-words", "1"])
    assert code == 0
    out = capsys.readouterr()
    assert out.err.count("skipped truncated: ") == 1 and "Traceback" not in out.err
    assert "ccnews: CC-NEWS-20241201080000-00003.warc.gz: damaged, " in out.err
    assert len(urls(tmp_path / "out")) == 3 and "truncated 1" in out.out
    state = json.loads((tmp_path / "state" / "ccnews" / "CC-NEWS-20241201080000-00003.json").read_text())
    assert state["done"] is True  # read as far as it can be: not read again


def test_a_kill_between_commit_and_save_keeps_the_committed_offset(tmp_path):
    """The state names the part files a checkpoint is about to commit: found at the next start, their offset
    is taken (their pages are not stored again); not found, the old offset stands."""
    part = tmp_path / "out" / "part-x.parquet"
    state = FileState(tmp_path / "st", REL)
    state.save(offset=100, articles=3)
    state.intend(offset=900, parts=[part], articles=4, done=False)
    assert FileState(tmp_path / "st", REL).offset == 100  # killed before the commit: the parts never came
    part.parent.mkdir(parents=True)
    part.write_bytes(b"PAR1")
    again = FileState(tmp_path / "st", REL)
    assert (again.offset, again.data["articles"], again.done) == (900, 7, False)


def test_a_full_state_disk_ends_the_run_in_one_line(archive, tmp_path, capsys):
    """The seen-store cannot be written (its disk is full): one line naming the state, exit 1, no traceback."""
    from .mounts import fill, tmpfs

    a, server = archive
    with tmpfs(tmp_path / "state", "256k"):
        fill(tmp_path / "state")
        code = main(args(server, tmp_path, seen=True))
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if "cannot write its state" in line]) == 1, err[-2000:]
