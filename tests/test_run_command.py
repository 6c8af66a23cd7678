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
from .sitegen import build_site

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
