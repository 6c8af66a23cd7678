"""`newscrawl run`, the cron entry point: lock, manifest, log file, exit codes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from newscrawl.demo.server import SiteServer

from .conftest import ROOT
from .crawling import dataset_urls
from newscrawl.demo.sitegen import build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "ROBOTSTXT_OBEY=1"]


def _run(args, sites_file, **kw):
    env = {**os.environ, "NEWSCRAWL_SITES_FILE": str(sites_file), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "newscrawl.cli", "run", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


@pytest.fixture
def local_site(tmp_path):
    build_site(tmp_path / "site", 30)
    server = SiteServer(tmp_path / "site", delay=0.1)
    base = server.start()
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[sites.localnews]\ndomains = ["127.0.0.1"]\ntimezone = "Europe/Madrid"\nhome = "{base}/"\n'
                     f'[sites.deadnews]\ndomains = ["127.0.0.2"]\nhome = "http://127.0.0.2:9/"\nenabled = false\n')
    yield base, sites
    server.stop()


def test_overlapping_run_is_refused_by_the_lock(local_site, tmp_path):
    _, sites = local_site
    state, out = tmp_path / "state", tmp_path / "out"
    first = _run(["localnews", "--state", str(state), "--output", str(out), *FAST], sites)
    lock = state / "run.lock"
    deadline = time.monotonic() + 30
    while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = _run(["localnews", "--state", str(state), "--output", str(out), *FAST], sites)
    out2, err2 = second.communicate(timeout=60)
    out1, err1 = first.communicate(timeout=300)
    assert second.returncode == 3, err2
    assert "another run holds" in err2 and str(first.pid) in err2
    assert first.returncode == 0, err1[-2000:]

    manifest = json.loads((state / "last-run.json").read_text())
    site = manifest["sites"]["localnews"]
    assert site["status"] == "ok" and site["articles"] == 30 and site["errors"] == 0
    assert site["pages"] >= 30 and site["duration_s"] > 0 and len(site["files"]) == 1
    assert os.path.exists(site["files"][0])
    log = open(manifest["log_file"]).read()
    assert "Spider closed (finished)" in log
    assert list((state / "runs").glob("run-*.json"))


def test_a_failing_site_makes_the_run_exit_non_zero(local_site, tmp_path):
    _, sites = local_site
    state = tmp_path / "state"
    proc = _run(["deadnews", "--state", str(state), "--output", str(tmp_path / "out"),
                 "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_TIMEOUT=5", *FAST], sites)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    report = json.loads((state / "last-run.json").read_text())["sites"]["deadnews"]
    assert report["status"] == "failed" and report["articles"] == 0 and report["errors"] >= 1


def test_unknown_site_is_a_usage_error(local_site, tmp_path):
    _, sites = local_site
    proc = _run(["nosuchsite", "--state", str(tmp_path / "state")], sites)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert err.strip().splitlines()[-1].startswith("newscrawl run: unknown site 'nosuchsite'")


@pytest.mark.parametrize("args, line", [
    (["--days", "two"], "newscrawl run: error: --days 'two' is not a number"),
    (["--days", "-3"], "newscrawl run: error: --days '-3' is not a number of days (0 or more)"),
    (["--since", "yesterday"], "newscrawl run: error: --since 'yesterday' is not a date like 2024-12-01"),
    (["--since", "2024-12-05", "--until", "2024-12-01"], "newscrawl run: error: --until '2024-12-01' is before the "
                                                          "window's start (2024-12-05T00:00:00+00:00)"),
    (["-s", "FOO"], "newscrawl run: error: -s takes NAME=VALUE, not 'FOO'"),
    (["--no-such-option"], None),
])
def test_a_usage_error_is_one_line_and_exit_2(local_site, tmp_path, args, line):
    _, sites = local_site
    state = tmp_path / "state"
    proc = _run(["localnews", "--state", str(state), *args], sites)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    if line:
        assert err.splitlines() == [line]
    else:  # argparse's own: the usage, then one error line
        assert err.splitlines()[-1] == "newscrawl run: error: unrecognized arguments: --no-such-option"
    assert not state.exists()  # nothing was started


def test_manifest_times_are_one_iso_format_and_each_site_has_its_duration(local_site, tmp_path):
    from datetime import datetime

    _, sites = local_site
    build_site(tmp_path / "small", 1)
    extra = tmp_path / "two.toml"
    with SiteServer(tmp_path / "small", host="127.0.0.3") as small:
        extra.write_text(sites.read_text() + f'[sites.othernews]\ndomains = ["127.0.0.3"]\nhome = "{small}/"\n')
        state = tmp_path / "state"
        proc = _run(["localnews", "othernews", "--state", str(state), "--output", str(tmp_path / "out"), *FAST], extra)
        _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-2000:]
    assert "Deprecat" not in err
    manifest = json.loads((state / "last-run.json").read_text())
    sites_ = manifest["sites"]
    times = [manifest["started"], manifest["finished"]] + [s[k] for s in sites_.values() for k in ("started", "finished")]
    for t in times:
        assert datetime.fromisoformat(t).utcoffset().total_seconds() == 0 and t.endswith("+00:00") and len(t) == 25, t
    for s in sites_.values():
        span = datetime.fromisoformat(s["finished"]) - datetime.fromisoformat(s["started"])
        assert abs(span.total_seconds() - s["duration_s"]) < 1.5
    # the site of 30 slow pages took longer than the site of one page
    assert sites_["localnews"]["duration_s"] > sites_["othernews"]["duration_s"] + 1
    log = open(manifest["log_file"]).read()
    assert "install_root_handler" not in log


def test_a_site_over_its_time_limit_commits_what_it_has(tmp_path):
    """NEWSCRAWL_SITE_MAX_SECONDS: a slow site (0.5 s a response, 100 articles) is stopped, its rows committed."""
    build_site(tmp_path / "site", 100)
    sites = tmp_path / "sites.toml"
    state = tmp_path / "state"
    with SiteServer(tmp_path / "site", delay=0.5) as base:
        sites.write_text(f'[sites.slownews]\ndomains = ["127.0.0.1"]\nhome = "{base}/"\n')
        proc = _run(["slownews", "--state", str(state), "--output", str(tmp_path / "out"),
                     "-s", "NEWSCRAWL_SITE_MAX_SECONDS=10", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", *FAST], sites)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-2000:]
    report = json.loads((state / "last-run.json").read_text())["sites"]["slownews"]
    assert report["status"] == "time_limit" and report["finish_reason"] == "closespider_timeout"
    assert 0 < report["articles"] < 100 and report["duration_s"] < 40, report
    assert len(report["files"]) == 1 and os.path.exists(report["files"][0])


def _scrapy_crawl(site, state, out, sites_file):
    env = {**os.environ, "NEWSCRAWL_SITES_FILE": str(sites_file)}
    return subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", site, "-s", f"NEWSCRAWL_STATE_DIR={state}",
                             "-s", f"NEWSCRAWL_OUTPUT_DIR={out}", *FAST], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_lock(path, proc):
    deadline = time.monotonic() + 60
    while not (path.exists() and path.read_text().strip()) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the first crawl ended before the second started"


def test_scrapy_crawl_beside_newscrawl_run_of_the_same_site_is_refused(local_site, tmp_path):
    _, sites = local_site
    state, out = tmp_path / "state", tmp_path / "out"
    run = _run(["localnews", "--state", str(state), "--output", str(out), *FAST], sites)
    _wait_for_lock(state / "locks" / "localnews.lock", run)
    crawl = _scrapy_crawl("localnews", state, out, sites)
    _, crawl_err = crawl.communicate(timeout=120)
    _, run_err = run.communicate(timeout=300)
    assert crawl.returncode == 3, crawl_err[-2000:]
    assert f"localnews: another crawl holds {state / 'locks' / 'localnews.lock'} (pid and start: {run.pid} " \
        in crawl_err
    assert run.returncode == 0, run_err[-2000:]
    urls = dataset_urls(out)
    assert len(urls) == len(set(urls)) == 30


def test_newscrawl_run_skips_a_site_that_scrapy_crawl_holds_and_exits_3(local_site, tmp_path):
    base, sites = local_site
    sites.write_text(sites.read_text() + f'[sites.othernews]\ndomains = ["127.0.0.1"]\nhome = "{base}/"\n')
    state, out = tmp_path / "state", tmp_path / "out"
    crawl = _scrapy_crawl("localnews", state, out, sites)
    _wait_for_lock(state / "locks" / "localnews.lock", crawl)
    run = _run(["localnews", "othernews", "--state", str(state), "--output", str(out), *FAST], sites)
    _, run_err = run.communicate(timeout=300)
    _, crawl_err = crawl.communicate(timeout=300)
    assert run.returncode == 3, run_err[-2000:]
    assert "this run does not crawl localnews" in run_err and str(crawl.pid) in run_err
    manifest = json.loads((state / "last-run.json").read_text())["sites"]
    assert manifest["localnews"]["status"] == "locked" and manifest["localnews"]["held_by"].startswith(str(crawl.pid))
    assert manifest["othernews"]["status"] == "ok" and manifest["othernews"]["pages"] > 0  # crawled (its
    # articles are the same URLs as localnews's: the seen-store skips those the other crawl stored first)
    assert crawl.returncode == 0, crawl_err[-2000:]
    urls = dataset_urls(out / "site=localnews")
    assert len(urls) == len(set(urls)) == 30

    alone = _run(["localnews", "--state", str(state), "--output", str(out), *FAST], sites)  # nothing is locked now
    assert alone.wait(timeout=120) == 0
