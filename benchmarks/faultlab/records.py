"""Damaged WARCs for ``newscrawl extract`` (issue 11 item 5): the 20 generated articles, one record each, the
fourth damaged; every intact record must be stored and nothing from the damaged one."""
from __future__ import annotations

from pathlib import Path

from newscrawl.demo.sitegen import build_site

from .damage import HOWS, damaged
from .measure import run
from .site import GOOD, LIMIT_S, newscrawl
from .verdict import Case, Outcome, count_lost

BASE = "http://127.0.0.1:8080"
BAD = 3


def _extract_damaged(tmp: Path, gzipped: bool, how: str) -> Outcome:
    paths = build_site(tmp / "site", GOOD)
    pages = [(BASE + p, (tmp / "site" / p.lstrip("/")).read_bytes().replace(b"{{base}}", BASE.encode()),
              [("Content-Type", "text/html; charset=utf-8")]) for p in paths]
    warc = tmp / ("damaged.warc.gz" if gzipped else "damaged.warc")
    warc.write_bytes(damaged(pages, BAD, gzipped, how))
    out, o = tmp / "out", Outcome()
    ran = o.ran(run(newscrawl("extract", str(warc), "-o", str(out), "--workers", "2", "--state", str(tmp / "state")),
                    LIMIT_S), (0,))
    told = [line for line in ran.stderr.splitlines() if line.startswith("skipped bad_")]
    o.check(len(told) == 1, f"{len(told)} lines name the damage, not 1")
    intact = [p for n, p in enumerate(paths) if n != BAD or how == "garbage"]  # garbage before a record spares it
    count_lost(o, BASE, intact, out, bad=[] if how == "garbage" else [BASE + paths[BAD]])
    return o


CASES = [Case(f"{'gzipped' if gz else 'plain'} WARC, record {how.replace('_', ' ')}", 5,
              lambda tmp, gz=gz, how=how: _extract_damaged(tmp, gz, how))
         for gz in (True, False) for how in HOWS]
