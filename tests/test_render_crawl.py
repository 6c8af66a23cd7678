"""JavaScript pages, for real: Chromium renders a page whose article arrives by fetch() after load.

A local server on 127.0.0.1 serves a client-rendered article (an empty ``<div id="root">``; the
title, byline, date and paragraphs come from a JSON API and are put into the DOM by a script)
and a real saved page with its text in the HTML (netzpolitik.org, from the fundus corpus).
The crawl must store both, and only the first may go to the browser.

Chromium policy: these tests need Debian's ``chromium`` (``NEWSCRAWL_CHROMIUM`` to point
elsewhere). When it is missing, the session runs ``scripts/system-deps`` (which installs it
with apt-get when it can) and FAILS if Chromium is still missing: a skipped browser test
would hide that rendering is untested.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from benchmarks.corpus import iter_warc
from newscrawl.demo.server import LocalServer, folder_lookup

from .conftest import ROOT, run_scrapy
from .crawling import FAST, crawl_news

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess

SITE = ROOT / "tests" / "fixtures" / "render" / "site"
JS_PATH = "/en/post/iran-s-fm-arrives-from-damascus-to-turkiye-to-discuss-current-situation-in-syria/"
JS_API = "/api/articles/iran-s-fm-arrives-from-damascus-to-turkiye-to-discuss-current-situation-in-syria.json"
PLAIN_URL = "https://netzpolitik.org/2024/breakpoint-hilfe-die-fundis-kommen/"
PLAIN_PATH = "/2024/breakpoint-hilfe-die-fundis-kommen/"
STORY = json.loads((ROOT / "tests" / "fixtures" / "render" / "site" / JS_API.lstrip("/")).read_text(encoding="utf-8"))
WARNING = "JavaScript pages cannot be rendered"


@pytest.fixture(scope="session")
def chromium() -> str:
    wanted = os.environ.get("NEWSCRAWL_CHROMIUM", "/usr/bin/chromium")
    if shutil.which(wanted) is None:
        subprocess.run(["bash", str(ROOT / "scripts" / "system-deps")], check=False, timeout=900)
    found = shutil.which(wanted)
    if found is None:
        pytest.fail(f"Chromium is missing ({wanted}): run `bash scripts/system-deps` (apt-get install chromium) "
                    "or set NEWSCRAWL_CHROMIUM")
    return found


@pytest.fixture(scope="module")
def plain_page(shared_dir) -> tuple[bytes, dict]:
    folder = shared_dir / "corpus" / "fundus"
    truth = next(json.loads(line) for line in (folder / "truth.jsonl").open(encoding="utf-8")
                 if json.loads(line)["url"] == PLAIN_URL)
    body = next(body for url, body, _ in iter_warc(folder / "pages.warc.gz") if url == PLAIN_URL)
    return body, truth


def serve(plain_body: bytes, slow: dict[str, float] | None = None, gone: frozenset[str] = frozenset()) -> LocalServer:
    """The fixture site, the saved plain page at its own path; ``slow`` delays some paths (seconds), ``gone``
    answers 404 for others."""
    site = folder_lookup(SITE)

    def lookup(path: str, base: str):
        time.sleep((slow or {}).get(path, 0))
        if path in gone:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        if path == PLAIN_PATH:
            return 200, {"Content-Type": "text/html; charset=utf-8"}, plain_body
        return site(path, base)

    return LocalServer(lookup)


def rows_of(out: Path) -> dict[str, dict]:
    table = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    return {"/" + row["url"].split("/", 3)[3]: row for row in table.to_pylist()}


def folded(text: str) -> str:
    return " ".join(text.split())  # NBSP and runs of white space become one space, as in the stored text


def assert_js_article(row: dict) -> None:
    assert row["title"] == STORY["title"]
    assert row["authors"] == [STORY["author"]]
    assert row["published"] == STORY["published"]
    text = folded(row["text"])
    for paragraph in STORY["paragraphs"]:
        assert folded(paragraph) in text
    assert "Caliber.az © 2024" not in row["text"] and "By Khagan Isayev" not in row["text"]


def assert_plain_article(row: dict, truth: dict) -> None:
    assert row["title"] == truth["title"]
    assert row["authors"] == truth["authors"]
    assert row["published"] == truth["published"]
    paragraphs = [p for p in truth["body"].split("\n") if p.strip()]
    text = folded(row["text"])
    kept = [p for p in paragraphs if folded(p) in text]
    assert len(kept) >= 0.8 * len(paragraphs), f"{len(kept)} of {len(paragraphs)} paragraphs kept"


def test_only_the_javascript_page_is_rendered(chromium, plain_page, tmp_path):
    body, truth = plain_page
    server = serve(body)
    with server as base:
        stats = crawl_news(base, tmp_path / "out", tmp_path / "state", "-s", f"NEWSCRAWL_CHROMIUM={chromium}")
    rows = rows_of(tmp_path / "out")
    assert set(rows) == {JS_PATH, PLAIN_PATH}
    assert_js_article(rows[JS_PATH])
    assert_plain_article(rows[PLAIN_PATH], truth)
    assert stats["newscrawl/render/detected"] == 1
    assert stats["newscrawl/render/rendered"] == 1
    assert "newscrawl/render/failed" not in stats and "newscrawl/render/unavailable" not in stats
    assert "newscrawl/render/quiet" not in stats  # the story arrived: not given up
    assert stats["playwright/page_count"] == 1
    # the plain page was fetched once, by Scrapy; the shell twice (Scrapy, then the browser, which called the API)
    assert server.hits[PLAIN_PATH] == 1
    assert server.hits[JS_PATH] == 2 and server.hits[JS_API] == 1


def test_a_shell_whose_api_fails_is_given_up_once_the_page_is_quiet(chromium, plain_page, tmp_path):
    """The story's API answers 404: nothing will fill the page, so the browser lets it go once the network
    is idle and no text came, instead of holding it for NEWSCRAWL_RENDER_WAIT (60 s here)."""
    body, truth = plain_page
    server = serve(body, gone=frozenset({JS_API}))
    with server as base:
        stats = crawl_news(base, tmp_path / "out", tmp_path / "state", "-s", f"NEWSCRAWL_CHROMIUM={chromium}",
                           "-s", "NEWSCRAWL_RENDER_WAIT=60")
    assert server.hits[JS_API] == 1  # the browser did call the API
    assert stats["newscrawl/render/rendered"] == 1 and stats["newscrawl/render/still_empty"] == 1
    assert stats["newscrawl/render/quiet"] == 1
    assert stats["newscrawl/dropped/too_short"] == 1  # the shell, still empty
    rows = rows_of(tmp_path / "out")
    assert set(rows) == {PLAIN_PATH}
    assert_plain_article(rows[PLAIN_PATH], truth)


def test_without_chromium_the_crawl_says_so_once_and_counts(plain_page, tmp_path):
    body, truth = plain_page
    with serve(body) as base:
        stats = crawl_news(base, tmp_path / "out", tmp_path / "state", "-s", "NEWSCRAWL_CHROMIUM=/nonexistent",
                           "-s", "LOG_FILE=" + str(tmp_path / "crawl.log"))
    log = (tmp_path / "crawl.log").read_text()
    lines = [line for line in log.splitlines() if WARNING in line]
    assert len(lines) == 1 and "/nonexistent" in lines[0] and "Traceback" not in log
    assert stats["newscrawl/render/detected"] == 1 and stats["newscrawl/render/unavailable"] == 1
    assert "newscrawl/render/rendered" not in stats and not any(k.startswith("playwright/") for k in stats)
    assert stats["newscrawl/dropped/too_short"] == 1  # the empty shell, extracted as fetched
    rows = rows_of(tmp_path / "out")
    assert set(rows) == {PLAIN_PATH}
    assert_plain_article(rows[PLAIN_PATH], truth)


def test_a_site_registered_with_render_true_goes_through_the_browser(chromium, plain_page, tmp_path, monkeypatch):
    body, _ = plain_page
    with serve(body) as base:
        sites = tmp_path / "sites.toml"
        # the sitemap lists the JavaScript page only: a rendered copy of the saved page would fetch its
        # third-party scripts from the web
        sites.write_text(f'[sites.jsnews]\ndomains = ["127.0.0.1"]\nsitemaps = ["{base}/sitemap-js.xml"]\n'
                         f'timezone = "Asia/Baku"\nrender = true\n')
        monkeypatch.setenv("NEWSCRAWL_SITES_FILE", str(sites))
        stats_file = tmp_path / "stats.json"
        proc = run_scrapy("crawl", "jsnews", "-s", f"NEWSCRAWL_OUTPUT_DIR={tmp_path / 'out'}",
                          "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}", "-s", f"NEWSCRAWL_STATS_FILE={stats_file}",
                          "-s", f"NEWSCRAWL_CHROMIUM={chromium}", *FAST)
    assert proc.returncode == 0, proc.stderr[-3000:]
    stats = json.loads(stats_file.read_text())
    assert stats["newscrawl/render/site"] == 1 and stats["newscrawl/render/rendered"] == 1
    assert "newscrawl/render/detected" not in stats  # rendered from the start: never fetched as a shell
    rows = rows_of(tmp_path / "out")
    assert set(rows) == {JS_PATH}
    assert_js_article(rows[JS_PATH])


def test_a_render_that_times_out_is_counted_and_the_shell_goes_on(chromium, plain_page, tmp_path):
    body, truth = plain_page
    # the app's script never arrives in time: the page never reaches DOMContentLoaded within 1 s
    with serve(body, slow={"/static/app.js": 4}) as base:
        stats = crawl_news(base, tmp_path / "out", tmp_path / "state", "-s", f"NEWSCRAWL_CHROMIUM={chromium}",
                           "-s", "NEWSCRAWL_RENDER_TIMEOUT=1")
    assert stats["newscrawl/render/detected"] == 1 and stats["newscrawl/render/failed"] == 1
    assert "newscrawl/render/rendered" not in stats
    assert stats["newscrawl/dropped/too_short"] == 1
    rows = rows_of(tmp_path / "out")
    assert set(rows) == {PLAIN_PATH}
    assert_plain_article(rows[PLAIN_PATH], truth)


def many_stories(n: int):
    """``n`` client-rendered stories at /en/post/story-I/ (the fixture shell; the story text varies by I)."""
    shell = (SITE / JS_PATH.lstrip("/") / "index.html").read_bytes()
    site = folder_lookup(SITE)

    def lookup(path: str, base: str):
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{base}/en/post/story-{i}/</loc></url>" for i in range(n))
            return 200, {"Content-Type": "application/xml"}, (
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()
        if path.startswith("/en/post/story-"):
            return 200, {"Content-Type": "text/html; charset=utf-8"}, shell
        if path.startswith("/api/articles/story-"):
            i = path.rsplit("-", 1)[1].removesuffix(".json")
            story = {**STORY, "title": f"{STORY['title']} ({i})",
                     "paragraphs": [f"Story {i} of a series."] + STORY["paragraphs"]}
            return 200, {"Content-Type": "application/json"}, json.dumps(story).encode()
        return site(path, base)

    return LocalServer(lookup)


def test_browser_pages_are_reused_a_bounded_number_of_times(chromium, tmp_path):
    server = many_stories(12)
    with server as base:
        stats = crawl_news(base, tmp_path / "out", tmp_path / "state", "-s", f"NEWSCRAWL_CHROMIUM={chromium}",
                           "-s", "NEWSCRAWL_RENDER_PAGES=2", "-s", "NEWSCRAWL_RENDER_PAGE_USES=3")
    rows = rows_of(tmp_path / "out")
    assert len(rows) == 12 and all(row["authors"] == [STORY["author"]] for row in rows.values())
    assert stats["newscrawl/render/rendered"] == 12 and "newscrawl/render/failed" not in stats
    assert 4 <= stats["playwright/page_count"] < 12  # reused, and closed after 3 articles each
    assert stats["playwright/page_count/max_concurrent"] <= 2
