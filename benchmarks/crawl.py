"""Crawl benchmark: the generic spider on a local mirror of the dev corpora's article pages.

    python benchmarks/crawl.py [--limit N]
    python benchmarks/crawl.py --no-render [--limit N]   # the crawls with NEWSCRAWL_RENDER_ENABLED=0
    python benchmarks/crawl.py --workers 1,2,3 [--limit N] [--extract-workers 1]

Serves every article page of ../shared/corpus/*/pages.warc.gz on 127.0.0.1 at its own
path (with generated robots.txt, sitemap index, news sitemap, feed and home page), runs
``scrapy crawl news -a url=HOME`` twice with one state directory, and prints the share of
articles stored by the first run, the article pages fetched by the second, the discovery
documents it did not download again (304) and the bytes each run downloaded, and pages/s, beside
``newscrawl extract --workers 2`` over the same pages (written to a WARC first): extraction runs in
worker processes during a crawl too, so the crawl's goal is 0.9x that figure or more; and beside a bare
Scrapy spider that only fetches the pages the sitemaps list (benchmarks/barespider.py), the ceiling of fetching.
Politeness delays are off for this loopback server (DOWNLOAD_DELAY=0, no AutoThrottle). Chromium, which renders
the JavaScript shells among the pages, reaches the web through a proxy address that refuses every connection
(the mirror, 127.0.0.1, bypasses it): the shells' third-party scripts fail at once, as on a machine that has no
network. This machine has none, yet its resolver makes Chromium wait seconds for some names (one saved page asks
for 170 third-party files), which would measure this machine's DNS rather than the crawl.
It also prints the CPU seconds of each side by process (the crawl's own process, its extraction workers, the
browser; extract's process and workers, read from /proc): on all cores the crawl can reach at most the extract
figure times extract's CPU over the crawl's, since it also fetches (Scrapy) and renders.

With ``--workers 1,2,3`` it starts a real ``redis-server`` on a free port instead and, for each N,
runs N crawl processes sharing one crawl through it (``NEWSCRAWL_REDIS_URL``), then a second run of
N: pages/s (responses of all workers over the time from the first to the last page served by the
mirror, and over the wall time with process start), the ratio to one worker, the workers' CPU seconds
per page and the share of their life they spent asleep (waiting on I/O, from /proc/PID/schedstat), the
ceiling those put on N workers on this machine's cores, articles stored twice, mirrored pages never
fetched, and article pages the second run fetched.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import CORPUS_DIR, NEWS as NAMES  # noqa: E402
from benchmarks.proctree import cpu_by_kind  # noqa: E402
from benchmarks.sharedcrawl import scaling  # noqa: E402
from newscrawl.demo.mirror import Mirror  # noqa: E402
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402


def crawl_command(base: str, out: Path, state: Path, stats: Path, *extra: str) -> list[str]:
    """``scrapy crawl news`` of the mirror with politeness off (a loopback server)."""
    return [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base}/",
            "-s", f"NEWSCRAWL_OUTPUT_DIR={out}", "-s", f"NEWSCRAWL_STATE_DIR={state}",
            "-s", f"NEWSCRAWL_STATS_FILE={stats}", "-s", "NEWSCRAWL_SUMMARY_ENABLED=0",
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
            "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING", *extra]


ENV = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}


def offline_browser() -> tuple[socket.socket, list[str]]:
    """A port that refuses connections (bound, never listening; hold the socket while crawling) and the
    ``-s NEWSCRAWL_CHROMIUM_ARGS=…`` that sends Chromium's requests for the web to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    return sock, ["-s", f"NEWSCRAWL_CHROMIUM_ARGS=--proxy-server=http://127.0.0.1:{port},--proxy-bypass-list=127.0.0.1"]


def run_measured(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[int, str, float, dict[str, float]]:
    """Run ``cmd``: (exit code, the end of its stderr, wall seconds, CPU seconds by process kind)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        cpu = cpu_by_kind(proc)
        elapsed = time.perf_counter() - t0
        err.seek(0)
        tail = err.read()[-3000:].decode("utf-8", "replace")
    return proc.returncode, tail, elapsed, cpu


def crawl(base: str, out: Path, state: Path, stats: Path, *extra: str) -> tuple[dict, float, dict[str, float]]:
    rc, tail, elapsed, cpu = run_measured(crawl_command(base, out, state, stats, *extra), ROOT, ENV)
    if rc != 0:
        sys.exit(f"crawl failed:\n{tail}")
    return json.loads(stats.read_text()), elapsed, cpu


def extract_speed(mirror: Mirror, base: str, tmp: Path) -> tuple[int, float, dict[str, float]]:
    """``newscrawl extract --workers 2`` over the mirror's pages: (pages, seconds with process start, CPU by kind)."""
    warc = tmp / "mirror.warc.gz"
    with open(warc, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for page in mirror.pages.values():
            http = StatusAndHeaders("200 OK", [("Content-Type", page.content_type),
                                               ("Content-Length", str(len(page.body)))], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(base + page.path, "response", payload=io.BytesIO(page.body),
                                                length=len(page.body), http_headers=http))
    cmd = [sys.executable, "-m", "newscrawl.cli", "extract", str(warc), "-o", str(tmp / "extracted"), "-q", "--workers", "2"]
    rc, tail, elapsed, cpu = run_measured(cmd, ROOT)
    if rc != 0:
        sys.exit(f"newscrawl extract failed:\n{tail}")
    return len(mirror.pages), elapsed, cpu


def bare_speed(base: str, tmp: Path) -> tuple[dict, float]:
    """benchmarks/barespider.py: Scrapy alone fetching the same pages (its responses, seconds with process start)."""
    stats = tmp / "bare.json"
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(ROOT / "benchmarks" / "barespider.py"),
           "-a", f"robots={base}/robots.txt", "-a", f"stats={stats}"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, env=env)  # no scrapy.cfg: no project settings
    if proc.returncode != 0 or not stats.exists():
        sys.exit(f"bare spider failed:\n{proc.stderr[-3000:]}")
    return json.loads(stats.read_text()), time.perf_counter() - t0


def cpu_text(cpu: dict[str, float]) -> str:
    parts = [f"{cpu.get(k, 0.0):.1f}" for k in ("main", "workers", "browser") if k != "browser" or k in cpu]
    return " / ".join(parts) + f" (total {sum(cpu.values()):.1f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, help="at most N pages per corpus")
    ap.add_argument("--extract-workers", type=int, help="with --workers: extraction processes of each crawl "
                    "(NEWSCRAWL_EXTRACT_WORKERS; default: the cores, so one crawl already keeps them busy)")
    ap.add_argument("--no-render", action="store_true", help="crawl with NEWSCRAWL_RENDER_ENABLED=0 (no browser)")
    ap.add_argument("--workers", help="comma-separated worker counts (e.g. 1,2,3): a crawl shared through Redis")
    args = ap.parse_args()
    mirror = Mirror()
    for name in NAMES:
        mirror.add_warc(CORPUS_DIR / name / "pages.warc.gz", limit=args.limit)
    n = len(mirror.pages)
    print(f"mirror: {n} article pages ({len(mirror.collisions)} left out: same path as another page)")
    if args.workers:
        counts = [int(x) for x in args.workers.split(",") if x.strip()]
        pool = ["-s", f"NEWSCRAWL_EXTRACT_WORKERS={args.extract_workers}"] if args.extract_workers is not None else []
        return scaling(mirror, counts, lambda *a: crawl_command(*a, *pool), ENV, ROOT)
    base = mirror.start()
    refusing, browser_args = offline_browser()
    if args.no_render:
        browser_args = ["-s", "NEWSCRAWL_RENDER_ENABLED=0"]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            s1, t1, cpu1 = crawl(base, tmp / "out", tmp / "state", tmp / "stats1.json", *browser_args)
            hits1 = mirror.article_hits()
            mirror.server.hits.clear()
            s2, t2, _ = crawl(base, tmp / "out", tmp / "state", tmp / "stats2.json", *browser_args)
            hits2 = mirror.article_hits()
            extracted, te, cpue = extract_speed(mirror, base, tmp)
            bare, tb = bare_speed(base, tmp)
    finally:
        mirror.stop()
        refusing.close()
    stored = s1.get("newscrawl/parquet/rows", 0)
    dropped = {k.split("/")[-1]: v for k, v in s1.items() if k.startswith("newscrawl/dropped/")}
    pages1 = s1.get("downloader/response_count", 0)
    print("| figure | value | goal |")
    print("|---|---|---|")
    print(f"| run 1: articles fetched | {len(hits1)} of {n} | |")
    print(f"| run 1: articles stored | {stored} of {n} = {stored / n:.3f} | >= 0.99 |")
    print(f"| run 1: not stored, by reason | {dropped or 'none'} | |")
    print(f"| run 1: pages/s of the whole crawl | {pages1 / t1:.1f} ({pages1} responses in {t1:.1f} s, process start included) | |")
    print(f"| `newscrawl extract --workers 2`, same pages: pages/s | {extracted / te:.1f} ({extracted} pages in {te:.1f} s) | |")
    print(f"| crawl pages/s / extract pages/s | {(pages1 / t1) / (extracted / te):.2f} | >= 0.9 |")
    print(f"| run 1: JavaScript shells rendered (of them given up once quiet) | {s1.get('newscrawl/render/rendered', 0)} "
          f"({s1.get('newscrawl/render/quiet', 0)}) | |")
    print(f"| CPU s, crawl: own process / extraction workers / browser | {cpu_text(cpu1)} | |")
    print(f"| CPU s, extract: own process / workers | {cpu_text(cpue)} | |")
    print(f"| ceiling of the ratio on all cores: extract CPU s / crawl CPU s | "
          f"{sum(cpue.values()) / sum(cpu1.values()) * pages1 / extracted:.2f} | |")
    print(f"| bare Scrapy spider fetching the same pages (benchmarks/barespider.py): pages/s | "
          f"{bare['responses'] / tb:.1f} ({bare['responses']} responses, {bare['pages']} pages, in {tb:.1f} s) | |")
    print(f"| crawl pages/s / bare spider pages/s | {(pages1 / t1) / (bare['responses'] / tb):.2f} | |")
    print(f"| run 2: article pages fetched | {sum(hits2.values())} | 0 |")
    print(f"| run 2: skipped as seen | {s2.get('newscrawl/skipped/seen', 0)} | |")
    print(f"| run 2: discovery documents not modified (304, kept copy read) | {s2.get('httpcache/revalidate', 0)} | |")
    print(f"| bytes downloaded, run 1 / run 2 | {s1.get('downloader/response_bytes', 0):,} / "
          f"{s2.get('downloader/response_bytes', 0):,} | |")
    print(f"| run 2: wall time | {t2:.1f} s | |")


if __name__ == "__main__":
    main()
