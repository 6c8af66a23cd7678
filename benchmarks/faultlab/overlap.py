"""Two commands on one state (issue 11 item 6) and site names that would share a partition (item 8): the one started
second exits 3 with one line, the site is stored once; a bad name is one line and exit 2."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .measure import Ran, run, wait_for
from .site import LIMIT_S, Site, newscrawl, sites_file
from .verdict import Case, Outcome, count_lost

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]
SITE = "localnews"


def _newscrawl_run(state: Path, out: Path) -> list[str]:
    return newscrawl("run", SITE, "--state", str(state), "--output", str(out), *FAST)


def _scrapy_crawl(state: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", SITE, "-s", f"NEWSCRAWL_STATE_DIR={state}",
            "-s", f"NEWSCRAWL_OUTPUT_DIR={out}", *FAST]


def _two_on_one_state(tmp: Path, first: str, second: str, lock: str, line: str) -> Outcome:
    commands = {"run": _newscrawl_run, "crawl": _scrapy_crawl}
    site, state, out, o = Site(tmp / "site", delay=0.2), tmp / "state", tmp / "out", Outcome()
    with site as base:
        env = {"NEWSCRAWL_SITES_FILE": str(sites_file(tmp / "sites.toml", base, SITE))}
        later: list[Ran] = []

        def start_second(proc: subprocess.Popen, log) -> None:
            held = state / lock
            if wait_for(proc, lambda: held.exists() and bool(held.read_text().strip())):
                later.append(run(commands[second](state, out), LIMIT_S, env))

        o.ran(run(commands[first](state, out), LIMIT_S, env, during=start_second), (0,), f"first ({first})")
        o.check(bool(later), "the first command ended before the second could start")
        for ran in later:
            o.ran(ran, (3,), f"second ({second})", line=line)
        count_lost(o, base, site.expected, out)
    return o


def _bad_names(tmp: Path) -> Outcome:
    o = Outcome()
    path = tmp / "sites.toml"
    path.write_text('[sites."a/b"]\ndomains = ["a.test"]\n[sites.a_b]\ndomains = ["b.test"]\n')
    env = {"NEWSCRAWL_SITES_FILE": str(path)}
    line = "site name must be lower-case letters"
    o.ran(run(newscrawl("run", "a_b", "--state", str(tmp / "state")), LIMIT_S, env), (2,), "newscrawl run", line=line)
    o.ran(run([sys.executable, "-m", "scrapy", "crawl", "a_b"], LIMIT_S, env), (2,), "scrapy crawl", line=line)
    return o


CASES = [
    Case("scrapy crawl SITE beside newscrawl run SITE", 6,
         lambda tmp: _two_on_one_state(tmp, "run", "crawl", f"locks/{SITE}.lock", "another crawl holds")),
    Case("newscrawl run SITE beside scrapy crawl SITE", 6,
         lambda tmp: _two_on_one_state(tmp, "crawl", "run", f"locks/{SITE}.lock", f"this run does not crawl {SITE}")),
    Case("newscrawl run beside newscrawl run", 6,
         lambda tmp: _two_on_one_state(tmp, "run", "run", "run.lock", "another run holds")),
    Case("site names a/b and a_b (one partition)", 8, _bad_names),
]
