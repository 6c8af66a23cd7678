"""Rendering benchmark: the shell detector on the dev corpora, then a crawl of client-rendered pages.

    python benchmarks/render.py [--pages 200] [--render-pages 4] [--skip-crawl]

1. Detector: :func:`newscrawl.render.detect.is_js_shell` over every page of ../shared/corpus,
   ms/page beside ``trafilatura.bare_extraction`` on the aeb+fundus pages (same run), and
   how many pages it calls shells.
2. Crawl: N client-rendered article pages (the test fixture: an empty ``<div id="root">``, the
   story fetched as JSON after load) on 127.0.0.1, crawled with ``scrapy crawl news``; then
   the same N stories served with their text in the HTML, crawled without a browser. Prints
   rendered pages/s (first to last render) and the browser's memory: the sum of RSS of the
   Chromium processes of the crawl, read from /proc, at 50, 100, 150… rendered pages.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import NEWS as NAMES, load  # noqa: E402
from benchmarks.proctree import descendants  # noqa: E402
from newscrawl.demo.server import LocalServer, folder_lookup  # noqa: E402
from newscrawl.render.detect import is_js_shell  # noqa: E402

SITE = ROOT / "tests" / "fixtures" / "render" / "site"
SHELL = next((SITE / "en" / "post").glob("*/index.html")).read_bytes()
STORY = json.loads(next((SITE / "api" / "articles").glob("*.json")).read_text(encoding="utf-8"))
HTML = {"Content-Type": "text/html; charset=utf-8"}


# --- 1. detector ----------------------------------------------------------------------------
def detector() -> None:
    import trafilatura

    pages = [p for name in NAMES for p in load(name)]
    t0 = time.perf_counter()
    shells = [p.url for p in pages if is_js_shell(p.body)]
    detect_ms = (time.perf_counter() - t0) / len(pages) * 1000
    small = [p for p in pages if p.corpus in ("aeb", "fundus")]
    t0 = time.perf_counter()
    for p in small:
        is_js_shell(p.body)
    small_ms = (time.perf_counter() - t0) / len(small) * 1000
    t0 = time.perf_counter()
    for p in small:
        trafilatura.bare_extraction(p.body, url=p.url)
    traf_ms = (time.perf_counter() - t0) / len(small) * 1000
    print("| detector | value |")
    print("|---|---|")
    print(f"| pages | {len(pages)} ({', '.join(NAMES)}) |")
    print(f"| called shells | {len(shells)}: {', '.join(shells) or '-'} |")
    print(f"| ms/page, all corpora | {detect_ms:.3f} |")
    print(f"| ms/page, aeb+fundus | {small_ms:.3f} (trafilatura.bare_extraction: {traf_ms:.1f} = "
          f"{small_ms / traf_ms:.1%}) |")


# --- 2. rendered crawl -------------------------------------------------------------------------
def story(i: int) -> dict:
    return {**STORY, "title": f"{STORY['title']} ({i})",
            "paragraphs": [f"Story {i} of the rendering benchmark."] + STORY["paragraphs"]}


def server_rendered(i: int) -> bytes:
    s = story(i)
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in s["paragraphs"])
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(s["title"])}</title></head>'
            f'<body><article><h1>{escape(s["title"])}</h1><time datetime="{s["published"]}">{s["published_text"]}'
            f'</time>{paragraphs}<div class="byline">By <a rel="author" href="/author/x/">{s["author"]}</a></div>'
            f"</article></body></html>").encode()


class BenchSite:
    """N stories at /en/post/story-I/, rendered in the browser (``js``) or in the HTML; counts API calls."""

    def __init__(self, n: int, js: bool) -> None:
        self.n, self.js = n, js
        self.files = folder_lookup(SITE)
        self.rendered: list[float] = []  # time of each API call = one page rendered
        self.lock = threading.Lock()

    def lookup(self, path: str, base: str):
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{base}/en/post/story-{i}/</loc></url>" for i in range(self.n))
            body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            return 200, {"Content-Type": "application/xml"}, body.encode()
        if path.startswith("/en/post/story-"):
            i = int(path.rstrip("/").rsplit("-", 1)[1])
            return 200, HTML, SHELL if self.js else server_rendered(i)
        if path.startswith("/api/articles/story-"):
            with self.lock:
                self.rendered.append(time.perf_counter())
            i = int(path.rsplit("-", 1)[1].removesuffix(".json"))
            return 200, {"Content-Type": "application/json"}, json.dumps(story(i)).encode()
        if path == "/":
            return 200, HTML, b"<html><body><p>Home</p></body></html>"
        return self.files(path, base)


CLOCK = os.sysconf("SC_CLK_TCK")


def kind_of(pid: int, comm: str) -> str:
    if "chrom" not in comm:
        return "node" if "node" in comm else "crawl (python)"
    with open(f"/proc/{pid}/cmdline", "rb") as fh:  # Chromium rewrites its argv into one string
        args = fh.read().replace(b"\0", b" ").split()
    kind = next((a.split(b"=", 1)[1].decode() for a in args if a.startswith(b"--type=")), "browser")
    sub = next((a.split(b"=", 1)[1].decode() for a in args if a.startswith(b"--utility-sub-type=")), "")
    return f"chromium {kind}" + (f" {sub.split('.')[0]}" if sub else "")


def chromium_rss_mb(root: int, cpu: dict[int, tuple[str, float]]) -> tuple[float, float, int]:
    """Sum of VmRSS and of PSS of the Chromium processes under ``root`` (MB), and how many there are.

    RSS counts the memory Chromium's processes share once per process; PSS splits it between them.

    ``cpu`` gets the CPU seconds used so far by every process of the crawl (pid -> (kind, seconds)).
    """
    total, pss, count = 0, 0, 0
    for pid in [root, *descendants(root)]:
        try:
            with open(f"/proc/{pid}/comm") as fh:
                comm = fh.read().strip()
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            cpu[pid] = (kind_of(pid, comm), (int(fields[11]) + int(fields[12])) / CLOCK)
            if "chrom" not in comm:
                continue
            with open(f"/proc/{pid}/status") as fh:
                rss = next((line for line in fh if line.startswith("VmRSS:")), None)
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                share = next((line for line in fh if line.startswith("Pss:")), None)
        except (OSError, IndexError, ValueError):
            continue
        if rss and share:
            total += int(rss.split()[1])
            pss += int(share.split()[1])
            count += 1
    return total / 1024, pss / 1024, count


def crawl(site: BenchSite, tmp: Path, tag: str, render_pages: int,
          extra: list[str]) -> tuple[dict, float, list[tuple[int, float, float, int]], dict[str, float]]:
    server = LocalServer(site.lookup)
    base = server.start()
    stats_file = tmp / f"stats-{tag}.json"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base}/",
           "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp / tag}", "-s", f"NEWSCRAWL_STATE_DIR={tmp / tag / 'state'}",
           "-s", f"NEWSCRAWL_STATS_FILE={stats_file}", "-s", "NEWSCRAWL_SUMMARY_ENABLED=0",
           "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", f"NEWSCRAWL_RENDER_PAGES={render_pages}",
           "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING", *extra]
    samples: list[tuple[int, float, float, int]] = []  # (pages rendered, chromium RSS MB, PSS MB, processes)
    cpu: dict[int, tuple[str, float]] = {}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"})
    try:
        while proc.poll() is None:
            rss, pss, count = chromium_rss_mb(proc.pid, cpu)
            if count:
                samples.append((len(site.rendered), rss, pss, count))
            time.sleep(0.2)
        _, err = proc.communicate()
    finally:
        server.stop()
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"crawl failed:\n{err[-3000:]}")
    by_kind: dict[str, float] = {}
    for kind, seconds in cpu.values():
        by_kind[kind] = by_kind.get(kind, 0.0) + seconds
    return json.loads(stats_file.read_text()), elapsed, samples, by_kind


def rendered_crawl(n: int, render_pages: int, extra: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        js = BenchSite(n, js=True)
        s_js, t_js, samples, cpu = crawl(js, tmp, "js", render_pages, extra)
        plain = BenchSite(n, js=False)
        s_plain, t_plain, _, _ = crawl(plain, tmp, "plain", render_pages, extra)
    rendered = s_js.get("newscrawl/render/rendered", 0)
    span = (js.rendered[-1] - js.rendered[0]) if len(js.rendered) > 1 else float("nan")
    print()
    print(f"| rendered crawl ({n} client-rendered pages, {render_pages} browser pages at once, {os.cpu_count()} cores)"
          " | value | goal |")
    print("|---|---|---|")
    print(f"| pages rendered / stored | {rendered} / {s_js.get('newscrawl/parquet/rows', 0)} | {n} / {n} |")
    print(f"| detected / failed / still empty | {s_js.get('newscrawl/render/detected', 0)} / "
          f"{s_js.get('newscrawl/render/failed', 0)} / {s_js.get('newscrawl/render/still_empty', 0)} | |")
    print(f"| rendered pages/s (first to last render) | {(len(js.rendered) - 1) / span:.1f} | >= 5 |")
    print(f"| whole crawl, rendered | {t_js:.1f} s = {n / t_js:.1f} articles/s (process start included) | |")
    print(f"| CPU seconds of the rendered crawl | {'; '.join(f'{k}: {v:.1f}' for k, v in sorted(cpu.items()))}"
          f" (sampled every 0.2 s) | |")
    print(f"| whole crawl, same stories in the HTML | {t_plain:.1f} s = {n / t_plain:.1f} articles/s, "
          f"rendered: {s_plain.get('newscrawl/render/rendered', 0)} | |")
    marks = [m for m in range(50, n + 1, 50)]
    at = []
    for m in marks:
        sample = next((s for s in samples if s[0] >= m), None)
        window = [s[1] for s in samples if m - 50 <= s[0] < m] or [float("nan")]
        at.append(f"{m}: {sample[1]:.0f} MB (PSS {sample[2]:.0f}, {sample[3]} proc.), peak before {max(window):.0f}"
                  if sample else f"{m}: -")
    print(f"| Chromium RSS (sum) at N rendered pages | {'; '.join(at)} | flat after 50 |")
    peak = max((s[1] for s in samples), default=float("nan"))
    peak_pss = max((s[2] for s in samples), default=float("nan"))
    print(f"| Chromium peak, RSS sum / PSS sum | {peak:.0f} MB / {peak_pss:.0f} MB | |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=200, help="client-rendered pages to crawl (default 200)")
    ap.add_argument("--render-pages", type=int, default=4, help="NEWSCRAWL_RENDER_PAGES (default 4)")
    ap.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                    help="a Scrapy setting for both crawls, e.g. -s NEWSCRAWL_CHROMIUM_ARGS=--process-per-site")
    ap.add_argument("--skip-crawl", action="store_true", help="measure the detector only")
    ap.add_argument("--skip-detector", action="store_true", help="measure the crawl only")
    args = ap.parse_args()
    if not args.skip_detector:
        detector()
    if not args.skip_crawl:
        rendered_crawl(args.pages, args.render_pages, [x for s in args.settings for x in ("-s", s)])


if __name__ == "__main__":
    main()
