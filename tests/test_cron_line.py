"""The README's crontab line, run as cron runs it (``sh -c``), in a fresh clone that has no ``state/`` yet."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.demo.server import SiteServer
from newscrawl.sites import all_sites

from .conftest import ROOT
from .readme import block
from newscrawl.demo.sitegen import build_site

pytestmark = pytest.mark.crawl  # every test here crawls through a subprocess


def fresh_clone(target):
    """The files a clone has (tracked, or new and not ignored), as they are in this working tree."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")  # the README's install step, already done here
    return target


def test_the_readme_crontab_line_runs_in_a_fresh_clone(tmp_path):
    (entry,) = [line for line in block("cron", "newscrawl run").splitlines() if line.strip()]
    command = entry.split(None, 5)[5]  # after the five schedule fields, as cron hands it to sh
    assert command.startswith("cd /opt/newscrawl && ")

    clone = fresh_clone(tmp_path / "clone")
    assert not (clone / "state").exists()
    root = tmp_path / "site"
    paths = build_site(root, 4)
    # the line keeps the last --days 2 by publication date: publish them yesterday (never in the future)
    today = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    for path in paths:
        page = root / path.lstrip("/")
        page.write_text(re.sub(r'"datePublished":"2024-12-\d\d', f'"datePublished":"{today}', page.read_text()))
    server = SiteServer(root)
    base = server.start()
    try:
        # the registry's enabled sites are on the internet: turn them off, and enable one local site
        sites = tmp_path / "sites.toml"
        off = "".join(f'[sites.{s.name}]\ndomains = {json.dumps(list(s.domains))}\nenabled = false\n\n'
                      for s in all_sites().values() if s.enabled)
        sites.write_text(off + f'[sites.local]\ndomains = ["127.0.0.1"]\nhome = "{base}/"\n'
                               f'sitemaps = ["{base}/sitemap.xml"]\n')
        env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "NEWSCRAWL_SITES_FILE": str(sites)}
        proc = subprocess.run(["sh", "-c", command.replace("/opt/newscrawl", str(clone))], env=env,
                              capture_output=True, text=True, timeout=600)
    finally:
        server.stop()
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-2000:]
    assert proc.stdout == proc.stderr == "", "everything went to the log"
    log = (clone / "state" / "cron.log").read_text()
    assert "newscrawl run: crawling local; log: " in log and "newscrawl run: manifest " in log, log
    report = json.loads((clone / "state" / "last-run.json").read_text())["sites"]
    assert list(report) == ["local"] and report["local"]["status"] == "ok"
    assert report["local"]["articles"] == len(paths)
    assert len(list((clone / "output").rglob("site=local/crawl_date=*/part-*.parquet"))) == 1
