"""One pathological page never stalls a crawl: extraction runs in a pool of worker processes, a page too large
is not extracted, a page too slow has its worker killed and replaced, both are counted and marked in the
seen-store, and the good pages around them are committed."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pyarrow.dataset as ds
import pytest
from warcio.warcwriter import WARCWriter

import newscrawl.pool as pool
from newscrawl.cli import main as cli_main
from newscrawl.demo.server import LocalServer, folder_lookup
from newscrawl.page.bulk import bulky
from newscrawl.pool import Job, Pool

from .conftest import ROOT
from .crawling import FAST, add_article, crawl_news
from newscrawl.demo.sitegen import PAGE, build_site, slow_paragraphs
from .test_extract_cli import response

MEASURED = """
import resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(proc.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # KiB, the largest process of the crawl
sys.exit(proc.returncode)
"""
GOOD = 20
MILLION = "/2024/12/02/a-story-with-a-million-links.html"
HUGE = "/2024/12/03/a-story-of-forty-megabytes.html"
SLOW = "/2024/12/04/a-story-slow-to-extract.html"


def article(path: str, paragraphs: str) -> bytes:
    return PAGE.format(title="A pathological story", path=path, day=2, minute=0, paragraphs=paragraphs).encode()


def hostile_site(tmp_path):
    """20 good articles and three bad ones, all in the sitemap: 1M links (45 MB), 40 MB of text, and a page under
    every limit, even the one that prunes a page's tree (tests/test_bulk_pages.py), but over a second of
    extraction (newscrawl.demo.sitegen.slow_paragraphs; a good page takes ~0.05 s)."""
    root = tmp_path / "site"
    good = build_site(root, GOOD)
    bad = {
        MILLION: article(MILLION, "<p>" + "".join(f'<a href="/2024/11/{1 + i % 28:02d}/s-{i}-x.html">s</a>'
                                                  for i in range(1_000_000)) + "</p>"),
        HUGE: article(HUGE, "<p>A sentence of the story, told again and again. </p>" * 800_000),
        SLOW: article(SLOW, slow_paragraphs()),
    }
    assert len(bad[MILLION]) > 40_000_000 and len(bad[HUGE]) > 40_000_000 and bulky(bad[SLOW]) is None
    sitemap = (root / "sitemap.xml").read_text()
    (root / "sitemap.xml").write_text(sitemap.replace("</urlset>", "".join(
        f"<url><loc>{{{{base}}}}{p}</loc></url>" for p in bad) + "</urlset>"))
    serve = folder_lookup(root)

    def lookup(path, base):
        if path in bad:
            return 200, {"Content-Type": "text/html; charset=utf-8"}, bad[path]
        return serve(path, base)

    return LocalServer(lookup), good


def stored(out) -> list[str]:
    return [r["url"] for r in ds.dataset(str(out), format="parquet", partitioning="hive").to_table(columns=["url"]).to_pylist()]


@pytest.mark.crawl
def test_pathological_pages_cost_only_themselves(tmp_path):
    server, good = hostile_site(tmp_path)
    out, state = tmp_path / "out", tmp_path / "state"
    state.mkdir()
    stats_file = state / "stats.json"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    with server as base:
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-c", MEASURED, sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base}/",
             "-s", f"NEWSCRAWL_OUTPUT_DIR={out}", "-s", f"NEWSCRAWL_STATE_DIR={state}",
             "-s", f"NEWSCRAWL_STATS_FILE={stats_file}", "-s", "NEWSCRAWL_EXTRACT_TIMEOUT=0.5",
             "-s", "NEWSCRAWL_EXTRACT_WORKERS=2", *FAST],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        took = time.monotonic() - started
        assert proc.returncode == 0, proc.stderr[-3000:]
        stats = json.loads(stats_file.read_text())
        peak_mb = int(proc.stdout.split()[-1]) / 1024
        print(f"first run: {took:.1f} s, largest process {peak_mb:.0f} MB")
        assert sorted(u.removeprefix(base) for u in stored(out)) == sorted(good)
        assert stats["newscrawl/dropped/too_large"] == 2 and stats["newscrawl/dropped/extract_timeout"] == 1
        assert f"Dropped: extract_timeout: over 0.5 s (NEWSCRAWL_EXTRACT_TIMEOUT): {base}{SLOW}" in proc.stderr
        assert f"> 8,388,608 (NEWSCRAWL_EXTRACT_MAX_BYTES): {base}{HUGE}" in proc.stderr
        assert took < 180 and peak_mb < 1024

        server.hits.clear()
        again = crawl_news(base, tmp_path / "out2", state)
    assert not [p for p in server.hits if p in (MILLION, HUGE, SLOW)]  # marked: the next run does not stall again
    assert again["newscrawl/skipped/seen"] == GOOD + 3


@pytest.fixture
def sleepy(monkeypatch):
    """Pages whose URL ends in /sleep take a minute, /crash kills their worker; forked workers inherit it."""
    real = pool.extract

    def extract(body, url, *args, **kwargs):
        if url.endswith("/sleep"):
            time.sleep(60)
        if url.endswith("/crash"):
            os._exit(3)
        return real(body, url, *args, **kwargs)

    monkeypatch.setattr(pool, "extract", extract)


def page(url: str) -> Job:
    name = url.rsplit("/", 1)[1]
    body = article(f"/{name}", "<p>" + f"A sentence long enough to be story {name}, with words in it. " * 10 + "</p>")
    return Job(url, body, {"content-type": "text/html"})


def test_pool_kills_a_page_past_its_time_and_goes_on(sleepy):
    p = Pool(2)
    try:
        started = time.monotonic()
        futures = [p.submit(page(f"https://example.org/{name}"), timeout=1.5, max_bytes=10_000_000)
                   for name in ("a", "sleep", "b", "crash", "c", "sleep", "d")]
        outcomes = [f.result(timeout=60) for f in futures]
        took = time.monotonic() - started
    finally:
        p.close()
    reasons = [reason for _, reason, _ in outcomes]
    assert reasons == ["", "extract_timeout", "", "crashed", "", "extract_timeout", ""]
    assert [a.url for a, _, _ in outcomes if a] == [f"https://example.org/{n}" for n in "abcd"]
    assert p.replaced == 3 and took < 20


def test_pool_withdraws_pages_still_waiting_and_extracts_the_rest(sleepy):
    p = Pool(1)
    try:
        busy = p.submit(page("https://example.org/sleep"), timeout=3)  # the one worker is held for 3 s
        others = [p.submit(page(f"https://example.org/{n}")) for n in "ab"]
        mine = p.submit(page("https://example.org/c"))
        assert p.withdraw(frozenset(others), (None, "max_articles", "stopped")) == 2
        assert [f.result(timeout=1) for f in others] == [(None, "max_articles", "stopped")] * 2  # at once
        assert p.withdraw(frozenset(others), (None, "max_articles", "stopped")) == 0  # answered already
        assert busy.result(timeout=30)[1] == "extract_timeout"
        assert mine.result(timeout=30)[0].url == "https://example.org/c"
    finally:
        p.close()


def test_pool_refuses_a_page_over_the_size_limit_without_a_worker():
    p = Pool(1)
    try:
        article_, reason, detail = p.submit(page("https://example.org/big"), max_bytes=100).result(timeout=5)
    finally:
        p.close()
    assert article_ is None and reason == "too_large" and "NEWSCRAWL_EXTRACT_MAX_BYTES" in detail


def test_extract_command_has_the_same_time_limit(tmp_path, sleepy, capsys):
    warc = tmp_path / "pages.warc.gz"
    with open(warc, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for name in ("a", "sleep", "b"):
            job = page(f"https://example.org/{name}")
            w.write_record(response(w, job.url, job.body, [("Content-Type", "text/html")]))
    out = tmp_path / "out"
    assert cli_main(["extract", str(warc), "-o", str(out), "--workers", "2", "--timeout", "1", "-q"]) == 0
    assert sorted(stored(out)) == ["https://example.org/a", "https://example.org/b"]
    assert "skipped extract_timeout: https://example.org/sleep (over 1 s (NEWSCRAWL_EXTRACT_TIMEOUT))" in capsys.readouterr().err


@pytest.mark.crawl
def test_in_process_extraction_keeps_the_size_limit(tmp_path):
    """NEWSCRAWL_EXTRACT_WORKERS=0: no pool, the crawl extracts in its own thread; the size limit still holds."""
    root = tmp_path / "site"
    good = build_site(root, 3)
    big = "/2024/12/05/a-story-of-two-megabytes.html"
    add_article(root, big, article(big, "<p>A sentence of the story, told again. </p>" * 50_000))
    out = tmp_path / "out"
    with LocalServer(folder_lookup(root)) as base:
        stats = crawl_news(base, out, tmp_path / "state", "-s", "NEWSCRAWL_EXTRACT_WORKERS=0",
                           "-s", "NEWSCRAWL_EXTRACT_MAX_BYTES=1000000")
    assert sorted(u.removeprefix(base) for u in stored(out)) == sorted(good)
    assert stats["newscrawl/dropped/too_large"] == 1 and stats["newscrawl/articles/extracted"] == 3


def test_the_crawls_of_one_process_share_one_pool():
    first = pool.shared(1)
    second = pool.shared(1)
    assert first is second
    pool.release(first)
    assert first.submit(page("https://example.org/still-open")).result(timeout=30)[0] is not None
    pool.release(second)
    with pytest.raises(RuntimeError):
        first.submit(page("https://example.org/closed"))
    third = pool.shared(1)  # the next crawl of the process starts a fresh one
    assert third is not first
    pool.release(third)


def test_pool_workers_of_a_process_killed_with_sigkill_exit_too():
    """A crawl killed with SIGKILL (the OOM killer, say) leaves no extraction worker behind."""
    script = ("import os, sys, time\nfrom newscrawl.pool import Pool\np = Pool(2)\n"
              "print(' '.join(str(w.process.pid) for w in p._slots), flush=True)\ntime.sleep(600)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in proc.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
        proc.kill()
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers), "orphaned extraction workers still run"
    finally:
        if proc.poll() is None:
            proc.kill()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][0] != "Z"  # a zombie has exited
    except (FileNotFoundError, IndexError):
        return False
