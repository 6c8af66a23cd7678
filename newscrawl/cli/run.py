"""``newscrawl run [SITE...]``: the cron entry point.

Runs the given sites (or every enabled one) in one process, under a lock so that an
overlapping run exits at once; logs to a file; writes a JSON run manifest; exits 1
when a site failed, 3 when another run holds the lock, 2 on a usage error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess

from .. import defaults
from ..redis.config import connect, missing
from ..outcome import Outcome
from ..signals import parquet_committed
from ..sites import UnknownSite, all_sites, get_site
from ..state.lock import FileLock, held_line, site_lock
from .workers import run_workers, shared_report, summed
from ..window import Window

EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 1, 2, 3


def _parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sites", nargs="*", metavar="SITE", help="registered site names (default: every enabled site)")
    p.add_argument("--output", help="NEWSCRAWL_OUTPUT_DIR (default: output)")
    p.add_argument("--state", help="NEWSCRAWL_STATE_DIR: seen-store, lock and run manifests (default: state)")
    p.add_argument("--log-dir", help="where the run's log file goes (default: STATE/logs)")
    p.add_argument("--since", help="keep articles published on or after this date (YYYY-MM-DD)")
    p.add_argument("--days", help="keep articles published in the last N days")
    p.add_argument("--until", help="keep articles published on or before this date (YYYY-MM-DD)")
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a Scrapy setting")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="crawl processes on this machine, sharing one crawl through NEWSCRAWL_REDIS_URL (default 1)")
    p.add_argument("--worker", type=int, default=0, help=argparse.SUPPRESS)  # K: started by --workers
    p.add_argument("--run-stamp", help=argparse.SUPPRESS)
    return p


def usage_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the command line, in one line; None when nothing is."""
    bad = [item for item in args.set if "=" not in item.strip("=")]
    if bad:
        return f"-s takes NAME=VALUE, not {bad[0]!r}"
    try:
        Window.parse(args.since, args.days, args.until)
    except ValueError as exc:
        return str(exc).replace("since=", "--since ").replace("days=", "--days ").replace("until=", "--until ")
    return None


def _settings(args: argparse.Namespace) -> Any:
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    settings = get_project_settings()
    defaults.apply(settings)  # the add-on applies them too; the run reads the state folder before any crawl
    for item in args.set:
        name, _, value = item.partition("=")
        settings.set(name, value, priority="cmdline")
    if args.output:
        settings.set("NEWSCRAWL_OUTPUT_DIR", args.output, priority="cmdline")
    if args.state:
        settings.set("NEWSCRAWL_STATE_DIR", args.state, priority="cmdline")
    limit = settings.getfloat("NEWSCRAWL_SITE_MAX_SECONDS")
    if limit > 0 and not settings.getfloat("CLOSESPIDER_TIMEOUT"):  # each site's own clock, from its start
        settings.set("CLOSESPIDER_TIMEOUT", limit, priority="cmdline")
    return settings


def _iso(t: datetime | None) -> str | None:
    """The manifest's one time format: ISO-8601 in UTC to the second (2026-12-03T08:40:00+00:00)."""
    return t.astimezone(timezone.utc).isoformat(timespec="seconds") if t else None


def _site_report(crawler: Any) -> dict[str, Any]:
    stats = crawler.stats.get_stats()
    o = Outcome.of(stats)
    start, end = stats.get("start_time"), stats.get("finish_time")
    return {
        "status": "failed" if o.failed else "time_limit" if o.reason == "closespider_timeout" else "ok",
        "finish_reason": o.reason,
        "pages": o.pages,
        "articles": o.dataset_rows,
        "skipped": {"seen": o.seen, **o.skipped} if o.seen else o.skipped,
        "dropped": o.dropped,
        "errors": o.error_count,
        "log_errors": o.log_errors,
        "started": _iso(start),
        "finished": _iso(end),
        "duration_s": round((end - start).total_seconds(), 2) if start and end else None,
        "files": [str(f.path) for f in getattr(crawler, "newscrawl_files", [])],
        **({"shared": shared} if (shared := shared_report(stats)) else {}),
    }


def _locked_report(lock: FileLock) -> dict[str, Any]:
    """A site another crawl holds (``scrapy crawl SITE`` on the same state): not crawled by this run."""
    return {"status": "locked", "finish_reason": None, "pages": 0, "articles": 0, "skipped": {}, "dropped": {},
            "errors": 0, "log_errors": 0, "started": None, "finished": None, "duration_s": None, "files": [],
            "held_by": lock.holder()}


def main(argv: list[str], prog: str = "newscrawl run") -> int:
    args = _parser(prog).parse_args(argv)
    problem = usage_problem(args)
    if problem:
        print(f"{prog}: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        names = args.sites or [s.name for s in all_sites().values() if s.enabled]
        for name in names:
            get_site(name)
    except UnknownSite as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not names:
        print(f"{prog}: no site is enabled in the registry; name the sites to run", file=sys.stderr)
        return EXIT_USAGE

    settings = _settings(args)
    settings.set("NEWSCRAWL_SEEN_WITH_FEEDS", True, priority="project")  # a run is incremental, feeds or not
    redis_url = settings.get("NEWSCRAWL_REDIS_URL")
    if args.workers < 1 or (args.workers > 1 and not redis_url):
        print(f"{prog}: --workers {args.workers} needs N >= 1, and NEWSCRAWL_REDIS_URL for N > 1 "
              "(-s NEWSCRAWL_REDIS_URL=redis://HOST:6379/0)", file=sys.stderr)
        return EXIT_USAGE
    if redis_url and (problem := redis_problem(redis_url)):
        print(f"{prog}: {problem}", file=sys.stderr)
        return EXIT_FAILED
    if args.worker:
        prog = f"{prog} [worker {args.worker}]"
    state = Path(settings.get("NEWSCRAWL_STATE_DIR"))
    lock = FileLock(state / "run.lock")
    if not args.worker and not lock.acquire():  # workers run under their parent's lock
        print(f"{prog}: another run holds {lock.path} (pid and start: {lock.holder()}); exiting", file=sys.stderr)
        return EXIT_LOCKED
    site_locks: list[FileLock] = []
    try:
        locked = {}  # sites that `scrapy crawl SITE` (or another tool) is crawling on this state
        for name in [] if args.worker else names:  # workers run under their parent's locks
            site = site_lock(state, name)
            if site.acquire():
                site_locks.append(site)
            else:
                locked[name] = site
                print(f"{prog}: {held_line(site, 'this run does not crawl ' + name)}", file=sys.stderr)
        names = [n for n in names if n not in locked]
        if locked and (args.workers > 1 or not names):
            print(f"{prog}: nothing to crawl; exiting" if not names else
                  f"{prog}: the workers crawl every site named or none; exiting", file=sys.stderr)
            return EXIT_LOCKED
        began = datetime.now(timezone.utc)
        stamp = args.run_stamp or began.strftime("%Y%m%dT%H%M%SZ")  # file names only
        suffix = f"-w{args.worker}" if args.worker else ""
        log_dir = Path(args.log_dir) if args.log_dir else state / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        runs = state / "runs"
        runs.mkdir(parents=True, exist_ok=True)
        if args.workers > 1:
            print(f"{prog}: {args.workers} workers crawling {', '.join(names)} through {redis_url}", file=sys.stderr)
            workers, code = run_workers(argv, args.workers, stamp, runs, prog)
            report = summed(workers)
            manifest = {"started": _iso(began), "finished": _iso(datetime.now(timezone.utc)),
                        "sites": report, "workers": workers}
            return _finish(manifest, state, runs / f"run-{stamp}.json", prog, code, redis_url)
        log_file = log_dir / f"run-{stamp}{suffix}.log"
        settings.set("LOG_FILE", str(log_file), priority="cmdline")
        settings.set("NEWSCRAWL_SUMMARY_ENABLED", False, priority="cmdline")

        process = CrawlerProcess(settings)  # the root log handler: LOG_INSTALL_ROOT_HANDLER (on)
        crawlers: dict[str, Any] = {}
        spider_args = {k: v for k, v in (("since", args.since), ("days", args.days), ("until", args.until)) if v}
        for name in names:
            crawler = process.create_crawler(name)
            crawler.newscrawl_files = []
            crawler.signals.connect(lambda file, c=crawler: c.newscrawl_files.append(file), signal=parquet_committed,
                                    weak=False)
            crawlers[name] = crawler
            process.crawl(crawler, **spider_args)
        print(f"{prog}: crawling {', '.join(names)}; log: {log_file}", file=sys.stderr)
        process.start()

        report = {name: _site_report(c) for name, c in crawlers.items()}
        manifest = {
            "started": _iso(began),
            "finished": _iso(datetime.now(timezone.utc)),
            "log_file": str(log_file),
            "sites": report,
        }
        report.update({name: _locked_report(site) for name, site in locked.items()})
        code = EXIT_FAILED if any(r["status"] == "failed" for r in report.values()) else EXIT_LOCKED if locked else 0
        return _finish(manifest, state, runs / f"run-{stamp}{suffix}.json", prog, code, redis_url,
                       last=not args.worker)
    finally:
        for site in site_locks:
            site.release()
        lock.release()


def redis_problem(url: str) -> str | None:
    """Why the shared crawl at ``url`` cannot start (package missing, server unreachable), or None."""
    if problem := missing():
        return problem
    try:
        connect(url).ping()
    except Exception as exc:
        return f"Redis at {url} is unreachable ({exc}); start it or fix NEWSCRAWL_REDIS_URL"
    return None


def _finish(manifest: dict[str, Any], state: Path, path: Path, prog: str, code: int, redis_url: str | None,
            last: bool = True) -> int:
    """Write the manifest (and ``last-run.json``), print one line per site; returns ``code``."""
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    if last:
        (state / "last-run.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    for name, r in manifest["sites"].items():
        shared = r.get("shared")
        extra = f" queue={shared['queue_length']} requeued={shared['requeued']}" if shared else ""
        print(f"{name:12s} {r['status']:6s} pages={r['pages']} articles={r['articles']} "
              f"skipped={sum(r['skipped'].values())} errors={r['errors']} {r['duration_s']}s{extra}", file=sys.stderr)
    if any((r.get("shared") or {}).get("redis_lost") for r in manifest["sites"].values()):
        print(f"{prog}: Redis at {redis_url} went away during the crawl; the files committed before are kept",
              file=sys.stderr)
    print(f"{prog}: manifest {path}", file=sys.stderr)
    return code
