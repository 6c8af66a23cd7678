"""benchmarks/faults.py runs as documented: real runs of two cheap cases (a damaged WARC through ``newscrawl
extract``, a registry with clashing site names), the table's line format, and ``--list`` naming every case once."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from benchmarks.faults import CASES

from .conftest import ROOT

ROW = re.compile(r"^(?P<case>.{56}) +(?P<item>[1-8]) +(?P<survived>yes|no) +(?P<lost>\d+) +(?P<peak>\d+) "
                 r"+(?P<seconds>\d+\.\d)  (?P<why>.*)$")
TOTALS = re.compile(r"^faults tried (\d+), survived (\d+) \((\d+)%\), rows lost (\d+), peak memory max (\d+) MB "
                    r"\(goal: 100%, 0, < 1024 MB\); \d+ s$")


def _faults(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "benchmarks/faults.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.crawl  # `newscrawl run` (refused before any crawl) and `scrapy crawl` are started
def test_two_cheap_cases_run_and_survive():
    proc = _faults("--only", "gzipped WARC, record cut", "--only", "site names a/b")
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:2] == ["case", "item"]
    rows = [ROW.match(line) for line in lines[1:-1]]
    assert all(rows), lines
    assert [(r["case"].strip(), r["item"], r["survived"], r["lost"], r["why"]) for r in rows] == [
        ("gzipped WARC, record cut", "5", "yes", "0", ""), ("site names a/b and a_b (one partition)", "8", "yes", "0", "")]
    assert all(0 < int(r["peak"]) < 1024 and float(r["seconds"]) > 0 for r in rows)
    totals = TOTALS.match(lines[-1])
    assert totals and totals.groups()[:4] == ("2", "2", "100", "0"), lines[-1]
    assert proc.stderr.splitlines()[:2] == ["[1/2] gzipped WARC, record cut (item 5) …",
                                            "[2/2] site names a/b and a_b (one partition) (item 8) …"]
    assert "Traceback" not in proc.stderr


def test_list_names_every_case_once():
    proc = _faults("--list")
    assert proc.returncode == 0, proc.stderr
    listed = [line.split("  ", 1) for line in proc.stdout.splitlines()]
    assert [(int(item), name) for item, name in listed] == [(c.item, c.name) for c in CASES]
    names = [name for _, name in listed]
    assert len(names) == len(set(names)) >= 30
    assert {int(item) for item, _ in listed} == set(range(1, 9))  # every item of issue 11 has a case
    assert all(len(name) <= 56 for name in names)  # the table's first column holds every name
