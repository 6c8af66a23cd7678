"""CC-NEWS on a real Dask cluster: a ``LocalCluster`` of two worker processes maps :func:`process_file` over
the files of the local archive; each task writes its own part files and keeps its file's state, and a worker
killed mid-file has its file redone (from its last checkpoint) by a worker the nanny starts again."""
from __future__ import annotations

import json
import os
import signal
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import dask.distributed as distributed
import duckdb
import pytest

from newscrawl.ccnews import Options, process
from newscrawl.ccnews.cluster import map_files, reports, run_on

from .ccnews_archive import Archive, Server, corpus_pages

START = datetime(2024, 12, 1, 1, 0, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def archive(tmp_path_factory, shared_dir):
    a = Archive(tmp_path_factory.mktemp("ccnews-dask"))
    pages = corpus_pages("aeb", 20)
    urls = []
    for i in range(4):
        urls.append(a.add(START + timedelta(hours=i), i, pages[5 * i:5 * i + 5]))
    with Server(a.root) as server:
        yield a, server, [f"{server.url}/{rel}" for rel in urls]


@pytest.fixture(scope="module")
def reference(archive, tmp_path_factory):
    a, server, urls = archive
    tmp = tmp_path_factory.mktemp("ref")
    reports = process(urls, Options(output=str(tmp / "out"), state_dir=str(tmp / "st"), seen=False))
    assert [r.status for r in reports] == ["done"] * 4
    return written(tmp / "out")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  scheduler_port=0, silence_logs=40) as c:
        yield c


def _executing(dask_worker) -> tuple[list[str], int]:
    return [str(ts.key) for ts in dask_worker.state.executing], os.getpid()


def written(out) -> list[str]:
    return [r[0] for r in duckdb.sql(f"select url from read_parquet('{out}/**/*.parquet') order by url").fetchall()]


def test_two_workers_map_the_files(archive, reference, cluster, tmp_path):
    a, server, urls = archive
    opts = Options(output=str(tmp_path / "out"), state_dir=str(tmp_path / "st"), seen=True)
    done = run_on(cluster, urls, opts)
    assert sorted(r["url"] for r in done) == sorted(urls) and {r["status"] for r in done} == {"done"}
    assert written(tmp_path / "out") == reference
    parts = list((tmp_path / "out").rglob("part-*.parquet"))
    assert len(parts) >= 4  # each task its own part files, none shared
    # both workers took part
    with distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
    # again: every file is done, nothing is read
    server.log.clear()
    again = run_on(cluster, urls, opts)
    assert {r["status"] for r in again} == {"already_done"} and [p for p, _, _ in server.log] == []


def test_a_killed_worker_has_its_file_redone_by_another(archive, reference, cluster, tmp_path):
    a, server, urls = archive
    opts = Options(output=str(tmp_path / "out"), state_dir=str(tmp_path / "st"), seen=False, checkpoint_articles=1)
    server.delay = 0.6  # per 64 KB: a file of ~200 KB takes ~2 s, long enough to kill its worker mid-file
    killed = None
    try:
        with distributed.Client(cluster) as client:
            futures = map_files(client, urls, opts)
            deadline = time.monotonic() + 60
            while killed is None and time.monotonic() < deadline:
                # the files each worker is executing right now (not only assigned to it), and its pid
                for worker, (keys, pid) in sorted(client.run(_executing).items()):
                    for key in keys:  # a file this worker is reading, with a checkpoint saved part way
                        state = tmp_path / "st" / "ccnews" / (key.removeprefix("ccnews-").removesuffix(".warc.gz") + ".json")
                        saved = json.loads(state.read_text()) if state.exists() else {}
                        size = (a.root / next(u for u in urls if u.endswith(key.removeprefix("ccnews-"))).split("/", 3)[3]).stat().st_size
                        if 0 < saved.get("offset", 0) < size / 2 and not saved.get("done") and killed is None:  # mid-file
                            os.kill(pid, signal.SIGKILL)
                            killed = (key.removeprefix("ccnews-"), saved["offset"])
                time.sleep(0.02)
            server.delay = 0.0
            done = list(reports(futures, urls))
    finally:
        server.delay = 0.0
    assert killed is not None, "no worker was caught mid-file"
    redone = next(r for r in done if r["url"].endswith(killed[0]))
    assert redone["started_at"] >= killed[1] > 0  # the file resumed at its checkpoint, on a worker still alive
    assert redone["status"] == "done"
    # a file the killed worker had finished is recomputed elsewhere by the scheduler, and found done
    assert sorted(r["url"] for r in done) == sorted(urls) and {r["status"] for r in done} <= {"done", "already_done"}, done
    got = written(tmp_path / "out")
    assert [u for u, n in Counter(got).items() if n > 1] == []  # no page twice
    assert got == reference  # none lost
