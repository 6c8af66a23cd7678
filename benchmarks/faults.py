"""Faults benchmark: the whole list of issue 11, each fault against a local server or a crafted file.

    python benchmarks/faults.py [--only SUBSTR] [--list]

Builds a generated site of 20 good articles (newscrawl/demo/sitegen.py), serves it on 127.0.0.1 with the project's
own server (newscrawl/demo/server.py), and for each case adds one fault and runs the command a user runs
(``scrapy crawl news``, ``scrapy crawl SITE``, ``newscrawl run``, ``newscrawl extract``) as a subprocess with a
time limit, then, where the case has one, a re-run on the same state. Per case it prints:

- survived: every run ended within its limit, exited with the code the README promises for that fault (0 for a
  handled bad page; 1, or 3 for a held lock, with one line, for a disk, state or overlap failure), printed the
  promised line once, no Python traceback, and no process of it was left running;
- rows lost: good articles expected in the dataset (read back with pyarrow) and missing after the last run, plus
  rows stored twice, stored without their text (under 150 words or no title), or stored from a damaged record;
- peak MB: the most memory a run's process tree held, sampled every 0.1 s from /proc: the proportional set size
  (PSS: resident pages, each page shared after fork divided among its sharers) summed over the crawl and its
  extraction workers, so a page the workers share with the crawl counts once, not once per process.

Then the totals, against the goal of issue 11: 100% survived, 0 rows lost, peak memory under 1,024 MB for every
case. The exit status is 1 when a goal is missed. Disk cases mount small tmpfs file systems (run as root).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.faultlab import discovery, disks, overlap, pages, records, stops  # noqa: E402
from benchmarks.faultlab.mounts import NoMount  # noqa: E402
from benchmarks.faultlab.verdict import Case, Outcome  # noqa: E402

CASES: list[Case] = sorted([*pages.CASES, *discovery.CASES, *stops.CASES, *records.CASES, *disks.CASES,
                            *overlap.CASES], key=lambda c: c.item)
GOAL_MB = 1024
HEADER = f"{'case':<56} {'item':>4} {'survived':>8} {'rows lost':>9} {'peak MB':>8} {'seconds':>8}  why failed"


def row(case: Case, o: Outcome) -> str:
    why = "; ".join(o.why + o.losses + ([f"peak {o.peak_mb:.0f} MB >= {GOAL_MB}"] if o.peak_mb >= GOAL_MB else []))
    return (f"{case.name:<56} {case.item:>4} {'yes' if o.survived else 'no':>8} {o.lost:>9} {o.peak_mb:>8.0f} "
            f"{o.seconds:>8.1f}  {why}")


def run_case(case: Case, tmp: Path) -> Outcome:
    try:
        return case.run(tmp)
    except NoMount as why:
        return Outcome(why=[f"not run: {why}"])
    except Exception as exc:  # a fault of the benchmark itself: shown in the row, the other cases still run
        return Outcome(why=[f"benchmark error: {type(exc).__name__}: {exc}"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", metavar="SUBSTR", action="append", help="run the cases whose name holds SUBSTR (repeatable)")
    ap.add_argument("--list", action="store_true", help="list the cases (item, name) and exit")
    args = ap.parse_args(argv)
    chosen = [c for c in CASES if not args.only or any(s.lower() in c.name.lower() for s in args.only)]
    if args.list:
        for c in chosen:
            print(f"{c.item}  {c.name}")
        return 0
    if not chosen:
        print(f"no case matches {args.only}; see --list", file=sys.stderr)
        return 2
    print(HEADER, flush=True)
    results = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="newscrawl-faults-") as base:
        for n, case in enumerate(chosen, 1):
            print(f"[{n}/{len(chosen)}] {case.name} (item {case.item}) …", file=sys.stderr, flush=True)
            tmp = Path(base) / f"case-{n:02d}"
            tmp.mkdir()
            outcome = run_case(case, tmp)
            results.append(outcome)
            print(row(case, outcome), flush=True)
    tried, survived = len(results), sum(o.survived for o in results)
    lost, peak = sum(o.lost for o in results), max(o.peak_mb for o in results)
    print(f"faults tried {tried}, survived {survived} ({survived / tried:.0%}), rows lost {lost}, peak memory max "
          f"{peak:.0f} MB (goal: 100%, 0, < {GOAL_MB} MB); {time.monotonic() - started:.0f} s")
    return 0 if survived == tried and lost == 0 and peak < GOAL_MB else 1


if __name__ == "__main__":
    sys.exit(main())
