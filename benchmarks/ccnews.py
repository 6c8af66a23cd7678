"""``newscrawl ccnews`` streaming beside ``newscrawl extract`` on the same records, the cost of records of
unwanted domains, peak memory over growing runs, and Dask with 1 and 2 workers.

    python benchmarks/ccnews.py                        # aeb + fundus, 2 workers
    python benchmarks/ccnews.py --memory-mb 2048 --dask [--dask-copies 4]

The dev corpora's pages are written as CC-NEWS-style files (warcinfo, then request, response and metadata
records per page) and served from 127.0.0.1 by the tests' archive server (Range support). ``newscrawl extract``
reads the very same files from disk. Wall-clock figures on a shared machine move with its load: the cores other
processes used during each timing are printed beside it.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks.speed import timed  # noqa: E402
from newscrawl.ccnews import Options, process  # noqa: E402
from newscrawl.ccnews.listing import NAME  # noqa: E402
from newscrawl.cli.ccnews import main as ccnews_main  # noqa: E402
from newscrawl.cli.extract import main as extract_main  # noqa: E402
from tests.ccnews_archive import Archive, Server, corpus_pages  # noqa: E402

DAY = datetime(2024, 12, 1, 0, 0, 0, tzinfo=timezone.utc)
PAGES_PER_FILE = 40
ROOT = Path(__file__).resolve().parent.parent


def quiet(fn, *args):
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        code = fn(*args)
    if code != 0:
        raise SystemExit(f"{fn.__module__} failed ({code}):\n{sink.getvalue()[-3000:]}")
    return sink.getvalue()


def build(root: Path, corpora: list[str]) -> tuple[Archive, list[Path]]:
    a = Archive(root)
    pages = [p for name in corpora for p in corpus_pages(name)]
    for i in range(0, len(pages), PAGES_PER_FILE):
        a.add(DAY + timedelta(minutes=i), i // PAGES_PER_FILE, pages[i:i + PAGES_PER_FILE])
    return a, sorted(root.rglob("CC-NEWS-*.warc.gz"))


def grow(a: Archive, files: list[Path], target: int) -> int:
    """Hard links of the files under new names (next days) until the archive holds ``target`` bytes."""
    total, serial, day = sum(f.stat().st_size for f in files), 1000, DAY
    while total < target:
        day += timedelta(days=1)
        for f in files:
            rel = f"crawl-data/CC-NEWS/2024/12/CC-NEWS-{day:%Y%m%d%H%M%S}-{serial:05d}.warc.gz"
            serial += 1
            if not (a.root / rel).exists():
                os.link(f, a.root / rel)
            a.files[rel] = []
            total += f.stat().st_size
            if total >= target:
                break
    a.write_listings()
    return total


def copies(a: Archive, files: list[Path], times: int) -> list[str]:
    """``files`` ``times`` over (hard links under other names, from 2024-11-01 on; not in any listing): the
    archive paths of the originals and the copies. Real CC-NEWS months hold hundreds of files: with six, two
    workers cannot share them evenly (three of 40 pages against two of 40 and one of 7)."""
    rels = [str(f.relative_to(a.root)) for f in files]
    day = datetime(2024, 11, 1, tzinfo=timezone.utc)
    for k in range(1, times):
        for i, f in enumerate(files):
            rel = f"crawl-data/CC-NEWS/2024/11/CC-NEWS-{day + timedelta(hours=k):%Y%m%d%H%M%S}-{5000 + k * 100 + i:05d}.warc.gz"
            (a.root / rel).parent.mkdir(parents=True, exist_ok=True)
            if not (a.root / rel).exists():
                os.link(f, a.root / rel)
            rels.append(rel)
    return rels


def rss_of(pid: int) -> int:
    """Resident memory of a process and its children, in bytes."""
    total = 0
    for p in [pid, *children(pid)]:
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next(int(ln.split()[1]) * 1024 for ln in fh if ln.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return total


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def memory_run(server: Server, until: date, tmp: Path, domains: str, workers: int) -> tuple[float, list[int], str]:
    cmd = [sys.executable, "-m", "newscrawl.cli", "ccnews", "--since", "2024-12-01", "--until", until.isoformat(),
           "--base-url", server.url, "-o", str(tmp / "out"), "--state", str(tmp / "state"), "--no-seen",
           "--workers", str(workers), "--domains", domains, "-q"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    samples: list[int] = []
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True)
    reader.start()
    while proc.poll() is None:
        samples.append(rss_of(proc.pid))
        time.sleep(0.2)
    reader.join()
    if proc.returncode != 0:
        raise SystemExit(f"ccnews failed ({proc.returncode}):\n{''.join(out)[-3000:]}")
    return time.perf_counter() - t0, samples, "".join(out)


def warm_up() -> None:
    import newscrawl

    newscrawl.extract(b"<html><body><article><p>" + b"A warm-up sentence of a page. " * 30 + b"</p></article></body></html>",
                      "https://example.com/warm-up")


def cpu_seconds() -> float:
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def dask_run(cluster_workers: int, urls: list[str], tmp: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the workers) of mapping the files."""
    from dask.distributed import Client, LocalCluster

    from newscrawl.ccnews.cluster import run_on

    opts = Options(output=str(tmp / f"dask{cluster_workers}"), state_dir=str(tmp / f"dask{cluster_workers}-state"),
                   seen=False, quiet=True)
    with LocalCluster(n_workers=cluster_workers, threads_per_worker=1, dashboard_address=None, silence_logs=40) as c:
        with Client(c) as client:
            client.run(warm_up)  # every worker imports and loads what an extraction needs, outside the timing
            cpu0 = sum(client.run(cpu_seconds).values())
            t0 = time.perf_counter()
            with contextlib.redirect_stderr(io.StringIO()):
                reports = run_on(c, urls, opts)
            seconds = time.perf_counter() - t0
            cpu = sum(client.run(cpu_seconds).values()) - cpu0
    assert {r["status"] for r in reports} == {"done"}, reports
    return seconds, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", help="dev corpora to use (default: aeb and fundus)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--memory-mb", type=int, default=512, help="size of the largest memory run (default 512)")
    ap.add_argument("--dask", action="store_true", help="also time a LocalCluster of 1 and of 2 workers")
    ap.add_argument("--dask-copies", type=int, default=4, help="the files this many times over for Dask (default 4)")
    ap.add_argument("--no-memory", action="store_true", help="skip the memory runs")
    args = ap.parse_args()
    corpora = args.corpus or ["aeb", "fundus"]
    w = str(args.workers)
    with tempfile.TemporaryDirectory(prefix="newscrawl-ccnews-") as tmpdir:
        tmp = Path(tmpdir)
        a, files = build(tmp / "archive", corpora)
        pages = sum(len(v) for v in a.files.values())
        mb = sum(f.stat().st_size for f in files) / 2**20
        print(f"{pages} pages of {', '.join(corpora)} in {len(files)} CC-NEWS files ({mb:.1f} MB), {args.workers} "
              f"workers, {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        with Server(a.root) as server:
            cc = ["--since", "2024-12-01", "--base-url", server.url, "--no-seen", "--workers", w, "-q"]
            quiet(extract_main, [str(files[0]), "-o", str(tmp / "warm"), "--workers", "1", "-q"])  # imports, models
            t_ex = timed(lambda: quiet(extract_main, [*map(str, files), "-o", str(tmp / "ex"), "--workers", w, "-q"]))
            t_cc = timed(lambda: quiet(ccnews_main, cc + ["-o", str(tmp / "cc"), "--state", str(tmp / "s1")]))
            t_un = timed(lambda: quiet(ccnews_main, cc + ["-o", str(tmp / "un"), "--state", str(tmp / "s2"),
                                                          "--domains", "unwanted.invalid"]))
            print("\n| run | seconds | pages/s | pages per CPU-second | others' cores |\n|---|---|---|---|---|")
            print(f"| newscrawl extract, local files | {t_ex.seconds:.1f} | {pages / t_ex.seconds:.1f} | {pages / t_ex.cpu:.1f} | {t_ex.others:.2f} |")
            print(f"| newscrawl ccnews, streamed from 127.0.0.1 | {t_cc.seconds:.1f} | {pages / t_cc.seconds:.1f} | {pages / t_cc.cpu:.1f} | {t_cc.others:.2f} |")
            print(f"| newscrawl ccnews, every domain unwanted | {t_un.seconds:.2f} | {pages / t_un.seconds:.0f} records/s | {pages / t_un.cpu:.0f} | {t_un.others:.2f} |")
            print(f"\nstreaming / extract pages/s: {t_ex.seconds / t_cc.seconds:.2f} (goal >= 1); per CPU-second "
                  f"(contention-proof, includes the server thread): {t_ex.cpu / t_cc.cpu:.2f}")
            ratio = (t_un.seconds / pages) / (t_cc.seconds / pages)
            print(f"an unwanted record costs {ratio * 100:.1f}% of a wanted one (goal <= 5%): "
                  f"{t_un.seconds / pages * 1000:.2f} ms vs {t_cc.seconds / pages * 1000:.1f} ms wall-clock, "
                  f"{t_un.cpu / t_cc.cpu * 100:.1f}% in CPU; both include the run's fixed start (listing, pool)")

            # peak memory: the same domains over a quarter of the size and the whole; a few pages extracted
            hosts = sorted({u.split("/")[2].removeprefix("www.") for v in a.files.values() for u, _ in v})[:3]
            print(f"\npeak memory, ccnews --workers {w} --domains {','.join(hosts)} (resident, with the workers):")
            print("| archive | files | seconds | MB/s | peak RSS MB, first half of the run | second half |\n|---|---|---|---|---|---|")
            for target in () if args.no_memory else (args.memory_mb * 2**20 // 4, args.memory_mb * 2**20):
                size = grow(a, files, target)
                last = max(NAME.search(rel)[0] for rel in a.files)
                until = date(int(last[8:12]), int(last[12:14]), int(last[14:16]))
                run_tmp = Path(tempfile.mkdtemp(dir=tmp))
                seconds, samples, _ = memory_run(server, until, run_tmp, ",".join(hosts), args.workers)
                half = max(1, len(samples) // 2)
                print(f"| {size / 2**20:.0f} MB | {len(a.files)} | {seconds:.1f} | {size / 2**20 / seconds:.1f} | "
                      f"{max(samples[:half]) / 2**20:.0f} | {max(samples[half:] or [0]) / 2**20:.0f} |")

            if args.dask:
                urls = [f"{server.url}/{rel}" for rel in copies(a, files, args.dask_copies)]
                (one, cpu1), (two, cpu2) = dask_run(1, urls, tmp), dask_run(2, urls, tmp)
                pages *= args.dask_copies
                print(f"\nDask LocalCluster over {len(urls)} files ({args.dask_copies}x the {len(files)} files): "
                      f"1 worker {one:.1f} s ({pages / one:.1f} pages/s, "
                      f"{pages / cpu1:.1f} per worker CPU-second), 2 workers {two:.1f} s ({pages / two:.1f} pages/s, "
                      f"{pages / cpu2:.1f} per worker CPU-second): {one / two:.2f}x wall-clock (goal >= 1.6); "
                      f"CPU per page, 2 workers / 1: {cpu2 / cpu1:.2f} (1.00 = the two-worker wall-clock ratio is 2x on idle cores)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
