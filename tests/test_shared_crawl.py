"""A crawl shared by several workers through a real redis-server, on a local mirror of the corpora's pages.

Every article is stored exactly once across the workers' files and every page fetched once; a worker
killed with SIGKILL loses nothing (the others fetch what it had taken); a second run fetches no article;
Redis stopping mid-crawl ends the workers with one clear line and a non-zero exit, their files whole. With the
default ``NEWSCRAWL_DEDUP=mark`` the near-duplicate index is in the same Redis: the demo's syndicated pair is one
cluster whichever workers stored it, and another machine's crawl of other hosts finds every copy.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from newscrawl.demo.mirror import Mirror
from newscrawl.demo.server import SiteServer
from newscrawl.redis.keys import Keys
from newscrawl.worker import safe

from .conftest import ROOT
from .redisserver import redis_server  # noqa: F401  (fixture)

CORPORA = ("fundus", "aeb", "htmldate")
PER_CORPUS = 15
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s", "NEWSCRAWL_REDIS_LEASE_SECONDS=2", "-s", "NEWSCRAWL_RENDER_ENABLED=0"]


@pytest.fixture
def mirror(shared_dir):
    m = Mirror()
    for name in CORPORA:
        m.add_warc(shared_dir / "corpus" / name / "pages.warc.gz", limit=PER_CORPUS)
    yield m
    m.stop()


def _sites_file(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(f'[sites.mirror]\ndomains = ["127.0.0.1"]\nhome = "{base}/"\n')
    return path


def _run(tmp_path: Path, base: str, redis_url: str, state: Path, *args: str, sites: Path | None = None,
         site: str = "mirror", out: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "NEWSCRAWL_SITES_FILE": str(sites or _sites_file(tmp_path, base)), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "newscrawl.cli", "run", site, "--state", str(state),
           "--output", str(out or tmp_path / "out"), "-s", f"NEWSCRAWL_REDIS_URL={redis_url}", *FAST, *args]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stored(out: Path) -> list[tuple[str, int]]:
    """(url, times stored) over every committed part file of every worker."""
    return duckdb.sql(f"select url, count(*) from read_parquet('{out}/**/*.parquet') group by url").fetchall()


def _holder(redis_url: str, site: str, procs: list[subprocess.Popen], timeout: float = 120) -> int:
    """The index of the first of ``procs`` (``newscrawl run`` in one process each: worker id HOST-PID) seen
    holding requests in Redis."""
    import redis

    keys = [Keys(site).leases(f"{safe(socket.gethostname())}-{p.pid}") for p in procs]
    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            for i, key in enumerate(keys):
                if procs[i].poll() is None and client.hlen(key):
                    return i
            assert time.monotonic() < deadline, "no worker held a request"
            assert any(p.poll() is None for p in procs), "every worker ended before one was seen holding a request"
            time.sleep(0.005)
    finally:
        client.close()


def _wait_for_hits(mirror: Mirror, n: int, procs: list[subprocess.Popen], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while sum(mirror.article_hits().values()) < n:
        assert time.monotonic() < deadline, "the crawl did not get going"
        assert all(p.poll() is None for p in procs), "a worker ended before the crawl got going"
        time.sleep(0.05)


@pytest.mark.crawl
def test_three_workers_store_each_article_once_and_fetch_each_page_once_then_a_second_run_fetches_none(
        mirror, redis_server, tmp_path):
    base = mirror.start()
    state = tmp_path / "state"
    proc = _run(tmp_path, base, redis_server.url, state, "--workers", "3")
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    assert "Traceback" not in err

    hits = mirror.article_hits()
    assert set(hits) == set(mirror.pages), "every mirrored page was found"
    assert all(n == 1 for n in hits.values()), {k: n for k, n in hits.items() if n > 1}
    stored = _stored(tmp_path / "out")
    assert all(n == 1 for _, n in stored), [u for u, n in stored if n > 1]
    assert len(stored) >= 0.9 * len(mirror.pages)

    manifest = json.loads((state / "last-run.json").read_text())
    workers = manifest["workers"]
    assert [w["exit"] for w in workers] == [0, 0, 0]
    per_worker = [w["sites"]["mirror"] for w in workers]
    assert sum(s["shared"]["discoverer"] for s in per_worker) == 1, "discovery ran once"
    assert sum(1 for s in per_worker if s["articles"] > 0) >= 2, "the work was split"
    total = manifest["sites"]["mirror"]
    assert total["articles"] == len(stored) == sum(s["articles"] for s in per_worker)
    assert total["shared"] == {"workers": 3, "discoverers": 1, "queue_length": 0, "requeued": 0,
                               "run_requeued": 0, "redis_lost": False}
    names = {Path(f).name for f in total["files"]}
    assert len(names) == len(total["files"]) and all(f"-{w['pid']}-" in " ".join(names) for w in workers
                                                     if w["sites"]["mirror"]["articles"])
    assert len(list((state / "runs").glob("run-*-w*.json"))) == 3

    mirror.server.hits.clear()
    again = _run(tmp_path, base, redis_server.url, state, "--workers", "2")
    _, err = again.communicate(timeout=600)
    assert again.returncode == 0, err[-3000:]
    assert mirror.article_hits() == {}, "the second run fetched article pages"
    skipped = json.loads((state / "last-run.json").read_text())["sites"]["mirror"]["skipped"]
    assert skipped.get("seen", 0) >= len(stored)


@pytest.mark.crawl
def test_a_worker_killed_mid_crawl_loses_nothing(mirror, redis_server, tmp_path):
    base = mirror.start(delay=0.05)
    # three "machines": each its own state folder (and lock), one Redis; small files, so some are committed
    procs = [_run(tmp_path, base, redis_server.url, tmp_path / f"state{k}", "-s", "NEWSCRAWL_PARQUET_FILE_ROWS=4")
             for k in range(3)]
    _wait_for_hits(mirror, len(mirror.pages) // 3, procs)
    k = _holder(redis_server.url, "mirror", procs)  # a worker killed while it holds requests
    victim, others = procs[k], [i for i in range(3) if i != k]
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    survivors = [procs[i] for i in others]
    results = [p.communicate(timeout=600) for p in survivors]
    for p, (_, err) in zip(survivors, results):
        assert p.returncode == 0, err[-3000:]

    stored = _stored(tmp_path / "out")
    assert all(n == 1 for _, n in stored), [u for u, n in stored if n > 1]
    hits = mirror.article_hits()
    assert set(hits) == set(mirror.pages)
    reports = [json.loads((tmp_path / f"state{i}" / "last-run.json").read_text())["sites"]["mirror"] for i in others]
    requeued = sum(r["shared"]["requeued"] for r in reports)
    assert requeued > 0, "the killed worker held no request"
    assert max(r["shared"]["run_requeued"] for r in reports) == requeued
    refetched = sum(n - 1 for n in hits.values())
    assert refetched <= requeued, "only what the killed worker had taken is fetched again"
    # every page stored by a full run of one process is stored here too
    too_short = sum(r["dropped"].get("too_short", 0) for r in reports)
    assert len(stored) + too_short >= len(mirror.pages) - 1


@pytest.mark.crawl
def test_redis_going_away_stops_the_workers_with_one_line_and_keeps_their_files(mirror, redis_server, tmp_path):
    base = mirror.start(delay=0.1)
    procs = [_run(tmp_path, base, redis_server.url, tmp_path / f"state{k}", "-s", "NEWSCRAWL_PARQUET_FILE_ROWS=3")
             for k in range(2)]
    _wait_for_hits(mirror, len(mirror.pages) // 3, procs)
    redis_server.stop()
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 1, err[-3000:]
        assert "Traceback" not in err
        lines = [line for line in err.splitlines() if "went away" in line]
        assert lines == [f"newscrawl run: Redis at {redis_server.url} went away during the crawl; "
                         "the files committed before are kept"], err
    files = list((tmp_path / "out").glob("**/*.parquet"))
    assert files and not list((tmp_path / "out").glob("**/.*inprogress"))
    rows = duckdb.sql(f"select count(*), count(distinct url) from read_parquet('{tmp_path}/out/**/*.parquet')").fetchall()[0]
    assert rows[0] == rows[1] > 0
    for k in range(2):
        report = json.loads((tmp_path / f"state{k}" / "last-run.json").read_text())["sites"]["mirror"]
        assert report["status"] == "failed" and report["finish_reason"] == "redis_lost"
        assert report["shared"]["redis_lost"]


@pytest.mark.crawl
def test_unreachable_redis_is_one_line_and_exit_1(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "newscrawl.cli", "run", "demo", "--state", str(tmp_path),
                           "-s", "NEWSCRAWL_REDIS_URL=redis://127.0.0.1:9/0"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        proc.stderr.strip()] and proc.stderr.startswith("newscrawl run: Redis at redis://127.0.0.1:9/0 is unreachable")


@pytest.mark.crawl
def test_workers_need_redis(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "newscrawl.cli", "run", "demo", "--state", str(tmp_path),
                           "--workers", "2"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("newscrawl run: --workers 2 needs N >= 1, and NEWSCRAWL_REDIS_URL for N > 1 "
                                   "(-s NEWSCRAWL_REDIS_URL=redis://HOST:6379/0)")


@pytest.mark.crawl
def test_the_demo_syndicated_pair_is_one_cluster_across_workers_and_machines(redis_server, tmp_path):
    """Three workers share the demo site's crawl with the default NEWSCRAWL_DEDUP=mark: the index is in Redis, so
    the MENAFN story and its Silk Road Times copy are one cluster whichever worker stored which. Then another
    machine (its own state folder) crawls a second outlet carrying the same six pages: each joins its cluster."""
    with SiteServer() as base, SiteServer() as other:
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[sites.outlet]\ndomains = ["{base.removeprefix("http://")}"]\nhome = "{base}/"\n'
                         f'[sites.other]\ndomains = ["{other.removeprefix("http://")}"]\nhome = "{other}/"\n')
        proc = _run(tmp_path, base, redis_server.url, tmp_path / "state", "--workers", "3", sites=sites,
                    site="outlet", out=tmp_path / "out1")
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
        assert "Traceback" not in err
        rows = duckdb.sql(f"select url, dup_cluster, dup_of, dup_similarity, syndicated_from, filename "
                          f"from read_parquet('{tmp_path}/out1/**/*.parquet', filename = true)").fetchall()
        assert len(rows) == 6 and len({r[0] for r in rows}) == 6
        pair = [r for r in rows if "araghchi" in r[0] or "Iranian-Foreign-Minister" in r[0]]
        assert len(pair) == 2 and pair[0][1] == pair[1][1], pair
        assert sorted(r[2] is None for r in pair) == [False, True]  # one head, one copy of it
        copy = next(r for r in pair if r[2] is not None)
        assert copy[2] in {r[0] for r in pair} and copy[3] >= 0.5 and copy[4] == "Khaama Press"
        assert len({r[1] for r in rows}) == 5
        manifest = json.loads((tmp_path / "state" / "last-run.json").read_text())
        assert sum(w["sites"]["outlet"]["articles"] for w in manifest["workers"]) == 6

        proc = _run(tmp_path, other, redis_server.url, tmp_path / "state-other", sites=sites, site="other",
                    out=tmp_path / "out2")
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
    first = {r[0].removeprefix(base): r[1] for r in rows}
    again = duckdb.sql(f"select url, dup_cluster, dup_of from read_parquet('{tmp_path}/out2/**/*.parquet')").fetchall()
    assert len(again) == 6
    for url, cluster, dup_of in again:
        assert dup_of is not None and dup_of.startswith(base), url  # a copy of the first outlet's page
        assert cluster == first[url.removeprefix(other)], url
