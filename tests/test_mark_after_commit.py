"""Nothing is marked in the seen-store before the record that justifies it is committed: a crawl killed after
an article's print copy was dropped as a duplicate keeps the article for the next run."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading

import pyarrow.dataset as ds
import pytest

from newscrawl.demo.server import SiteServer

from .conftest import ROOT
from .crawling import FAST, crawl_news
from newscrawl.demo.sitegen import build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess


def _site_with_a_print_copy(root):
    """A generated site whose first sitemap entries are an article and its print copy (same page, so the same
    ``rel=canonical``: the article's URL)."""
    paths = build_site(root, 60)
    article = paths[0]
    copy = article.replace(".html", "-print.html")
    (root / copy.lstrip("/")).write_text((root / article.lstrip("/")).read_text(encoding="utf-8"), encoding="utf-8")
    sitemap = root / "sitemap.xml"
    first = f"<url><loc>{{{{base}}}}{article}</loc></url>"
    sitemap.write_text(sitemap.read_text().replace(first, first + f"<url><loc>{{{{base}}}}{copy}</loc></url>"))
    return article, copy


def _kill_after_line(args: list[str], needle: str, timeout: float = 120) -> str:
    """Run ``scrapy ARGS``; SIGKILL it as soon as a log line contains ``needle``; return the log read so far."""
    proc = subprocess.Popen([sys.executable, "-m", "scrapy", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    seen = threading.Event()

    def read() -> None:
        for line in proc.stderr:
            lines.append(line)
            if needle in line:
                seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert seen.wait(timeout), "no line with %r: %s" % (needle, "".join(lines)[-3000:])
        assert proc.poll() is None, "the crawl ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    reader.join(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    return "".join(lines)


def test_killed_after_a_duplicate_was_dropped_the_next_run_keeps_the_article(tmp_path):
    site, out, state = tmp_path / "site", tmp_path / "out", tmp_path / "state"
    article, copy = _site_with_a_print_copy(site)
    with SiteServer(site, delay=0.1) as base:
        log = _kill_after_line(["crawl", "news", "-a", f"url={base}/", "-s", f"NEWSCRAWL_OUTPUT_DIR={out}",
                                "-s", f"NEWSCRAWL_STATE_DIR={state}", "-s", "CONCURRENT_REQUESTS=2", *FAST],
                               "Dropped: duplicate_url")
        assert "Dropped: duplicate_url" in log
        assert not list(out.glob("**/*.parquet")), "nothing was committed before the kill"
        db = state / "seen.sqlite3"
        marked = sqlite3.connect(db).execute("select url, status from seen").fetchall() if db.exists() else []
        assert marked == [], "marked before any file was committed: %s" % marked

        crawl_news(base, out, state)
        urls = {f"{base}{article}", f"{base}{copy}"}
        rows = ds.dataset(out, format="parquet", partitioning="hive").to_table(
            columns=["url", "canonical_url"]).to_pylist()
        kept = [r for r in rows if r["url"] in urls]
        assert len(kept) == 1 and kept[0]["canonical_url"] == f"{base}{article}", kept
        assert len(rows) == 60

        # now that the article is committed, its print copy is marked too: a third run fetches neither
        statuses = dict(sqlite3.connect(db).execute("select url, status from seen").fetchall())
        assert statuses[f"{base}{article}"] == "stored"
        assert {statuses[u] for u in urls} <= {"stored", "dropped:duplicate_url"}
