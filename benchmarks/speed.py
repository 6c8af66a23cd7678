"""Pages per second: plain trafilatura beside ``newscrawl extract`` (1 and 2 workers), same pages, same run.

    python benchmarks/speed.py              # every dev corpus, 2 rounds
    python benchmarks/speed.py --repeat 3 --corpus fundus

Plain trafilatura is ``bare_extraction(body, url=url, with_metadata=True)`` over pages
held in memory: with its metadata (title, author, date…), as newscrawl extracts them too. ``newscrawl extract`` runs through the CLI's own ``main``:
it reads the corpora's WARC files from disk and writes a Parquet dataset into a
temporary directory. Each round times the three one after the other; the best
round of each is reported. Other processes can slow any of them on a small
machine, so the CPU the rest of the machine used during each timing is printed
beside it (``others``, in cores): compare wall-clock figures only when it is
near 0. Pages per CPU-second (this process and its workers) hardly depend on
what else runs, and show the cost of the work itself.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import trafilatura  # noqa: E402

from benchmarks import corpus  # noqa: E402
from newscrawl.cli.extract import main as extract_main  # noqa: E402

GOAL_ONE = 1.3  # one worker / plain trafilatura with its metadata (issue 13)
GOAL_TWO = 1.6  # two workers / one worker


@dataclass
class Timing:
    seconds: float
    cpu: float  # CPU seconds of this process and its workers
    others: float  # cores busy with other processes during the timing


def _cpu_ticks() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine, from /proc/stat."""
    with open("/proc/stat") as fh:
        fields = [float(x) for x in fh.readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0.0)
    return (sum(fields) - idle) / hz, sum(fields) / hz


def _own_cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], object]) -> Timing:
    busy0, own0, t0 = _cpu_ticks()[0], _own_cpu(), time.perf_counter()
    fn()
    seconds = time.perf_counter() - t0
    cpu = _own_cpu() - own0
    others = max(0.0, (_cpu_ticks()[0] - busy0) - cpu) / seconds
    return Timing(seconds, cpu, others)


def plain_trafilatura(pages: list[corpus.CorpusPage]) -> None:
    for page in pages:
        trafilatura.bare_extraction(page.body, url=page.url, with_metadata=True)


def newscrawl_extract(warcs: list[Path], workers: int, tmp: Path) -> None:
    out = Path(tempfile.mkdtemp(dir=tmp))
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        code = extract_main([*map(str, warcs), "-o", str(out), "--workers", str(workers), "--quiet"])
    if code != 0:
        raise SystemExit(f"newscrawl extract failed ({code}):\n{sink.getvalue()[-2000:]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", choices=corpus.NAMES, help="only this corpus (repeatable)")
    ap.add_argument("--repeat", type=int, default=2, help="rounds (default 2; the best of each is kept)")
    args = ap.parse_args()
    names = args.corpus or list(corpus.NAMES)
    warcs = [corpus.CORPUS_DIR / name / "pages.warc.gz" for name in names]
    pages = [p for name in names for p in corpus.load(name)]
    print(f"{len(pages)} pages ({', '.join(names)}), {os.cpu_count()} cores, load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    runs: dict[str, list[Timing]] = {"trafilatura": [], "extract 1 worker": [], "extract 2 workers": []}
    with tempfile.TemporaryDirectory(prefix="newscrawl-speed-") as tmpdir:
        tmp = Path(tmpdir)
        plain_trafilatura(pages[:10])  # warm-up: imports, models, caches
        newscrawl_extract(warcs[:1], 1, tmp)
        for _ in range(max(1, args.repeat)):
            runs["trafilatura"].append(timed(lambda: plain_trafilatura(pages)))
            runs["extract 1 worker"].append(timed(lambda: newscrawl_extract(warcs, 1, tmp)))
            runs["extract 2 workers"].append(timed(lambda: newscrawl_extract(warcs, 2, tmp)))

    rate, per_cpu = {}, {}
    print("\n| run | pages/s (best) | pages per CPU-second (best) | every round: pages/s [others' cores] |")
    print("|---|---|---|---|")
    for label, timings in runs.items():
        rate[label] = max(len(pages) / t.seconds for t in timings)
        per_cpu[label] = max(len(pages) / t.cpu for t in timings)
        rounds = ", ".join(f"{len(pages) / t.seconds:.1f} [{t.others:.2f}]" for t in timings)
        print(f"| {label} | {rate[label]:.1f} | {per_cpu[label]:.1f} | {rounds} |")
    one = rate["extract 1 worker"] / rate["trafilatura"]
    two = rate["extract 2 workers"] / rate["extract 1 worker"]
    print(f"\none worker / plain trafilatura: {one:.2f} (goal >= {GOAL_ONE}) {'ok' if one >= GOAL_ONE else 'BELOW'}")
    print(f"two workers / one worker:      {two:.2f} (goal >= {GOAL_TWO}) {'ok' if two >= GOAL_TWO else 'BELOW'}")
    cpu_one = per_cpu["extract 1 worker"] / per_cpu["trafilatura"]
    cpu_two = per_cpu["extract 2 workers"] / per_cpu["extract 1 worker"]
    print(f"per CPU-second (contention-proof): one worker / trafilatura {cpu_one:.2f}; two workers / one worker "
          f"{cpu_two:.2f} (x2 = the two-worker ratio on two idle cores)")
    busiest = max(t.others for ts in runs.values() for t in ts)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; other processes used up to "
          f"{busiest:.2f} cores during a timing{' (machine busy: figures are pessimistic)' if busiest > 0.3 else ''}")


if __name__ == "__main__":
    main()
