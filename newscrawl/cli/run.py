"""``newscrawl run [SITE...]``: the cron entry point.

Runs the given sites (or every enabled one) in one process, under a lock so that an
overlapping run exits at once; logs to a file; writes a JSON run manifest; exits 1
when a site failed, 3 when another run holds the lock, 2 on a usage error.
"""
from __future__ import annotations

import argparse
import fcntl
import json
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess

from .. import defaults
from ..signals import parquet_committed
from ..sites import UnknownSite, all_sites, get_site

EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 1, 2, 3


class RunLock:
    """An exclusive ``flock`` on ``STATE_DIR/run.lock``; released by the kernel if the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh: Any = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            self.fh = None
            return False
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(f"{os.getpid()} {datetime.now(timezone.utc).isoformat(timespec='seconds')}\n")
        self.fh.flush()
        return True

    def holder(self) -> str:
        try:
            return self.path.read_text().strip() or "unknown"
        except OSError:
            return "unknown"

    def release(self) -> None:
        if self.fh:
            fcntl.flock(self.fh, fcntl.LOCK_UN)
            self.fh.close()
            self.fh = None


def _parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sites", nargs="*", metavar="SITE", help="registered site names (default: every enabled site)")
    p.add_argument("--output", help="NEWSCRAWL_OUTPUT_DIR (default: output)")
    p.add_argument("--state", help="NEWSCRAWL_STATE_DIR: seen-store, lock and run manifests (default: state)")
    p.add_argument("--log-dir", help="where the run's log file goes (default: STATE/logs)")
    p.add_argument("--since", help="skip sitemap/feed entries older than this date (YYYY-MM-DD)")
    p.add_argument("--days", help="skip sitemap/feed entries older than N days")
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a Scrapy setting")
    return p


def _settings(args: argparse.Namespace) -> Any:
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    settings = get_project_settings()
    defaults.apply(settings)  # the add-on applies them too; the run reads the state folder before any crawl
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"newscrawl run: -s takes NAME=VALUE, not {item!r}")
        settings.set(name, value, priority="cmdline")
    if args.output:
        settings.set("NEWSCRAWL_OUTPUT_DIR", args.output, priority="cmdline")
    if args.state:
        settings.set("NEWSCRAWL_STATE_DIR", args.state, priority="cmdline")
    limit = settings.getfloat("NEWSCRAWL_SITE_MAX_SECONDS")
    if limit > 0 and not settings.getfloat("CLOSESPIDER_TIMEOUT"):  # each site's own clock, from its start
        settings.set("CLOSESPIDER_TIMEOUT", limit, priority="cmdline")
    return settings


def _site_report(crawler: Any, started: float) -> dict[str, Any]:
    stats = crawler.stats.get_stats()
    errors = sum(v for k, v in stats.items() if k.startswith("newscrawl/errors/"))
    skipped = {k.removeprefix("newscrawl/skipped/"): v for k, v in stats.items() if k.startswith("newscrawl/skipped/")}
    dropped = {k.removeprefix("newscrawl/dropped/"): v for k, v in stats.items() if k.startswith("newscrawl/dropped/")}
    files = [str(f.path) for f in getattr(crawler, "newscrawl_files", [])]
    reason = stats.get("finish_reason", "not finished")
    timed_out = reason == "closespider_timeout"  # NEWSCRAWL_SITE_MAX_SECONDS: what it has is committed
    failed = reason not in ("finished", "closespider_timeout") or stats.get("log_count/ERROR", 0) > 0 or (
        stats.get("downloader/response_count", 0) == 0 and errors > 0)
    return {
        "status": "failed" if failed else "time_limit" if timed_out else "ok",
        "finish_reason": reason,
        "pages": stats.get("downloader/response_count", 0),
        "articles": stats.get("newscrawl/parquet/rows", 0),
        "skipped": skipped,
        "dropped": dropped,
        "errors": errors,
        "log_errors": stats.get("log_count/ERROR", 0),
        "duration_s": round(time.monotonic() - started, 2),
        "files": files,
    }


def main(argv: list[str], prog: str = "newscrawl run") -> int:
    args = _parser(prog).parse_args(argv)
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
    state = Path(settings.get("NEWSCRAWL_STATE_DIR"))
    lock = RunLock(state / "run.lock")
    if not lock.acquire():
        print(f"{prog}: another run holds {lock.path} (pid and start: {lock.holder()}); exiting", file=sys.stderr)
        return EXIT_LOCKED
    try:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        log_dir = Path(args.log_dir) if args.log_dir else state / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        log_file = log_dir / f"run-{stamp}.log"
        settings.set("LOG_FILE", str(log_file), priority="cmdline")
        settings.set("NEWSCRAWL_SUMMARY_ENABLED", False, priority="cmdline")

        process = CrawlerProcess(settings, install_root_handler=True)
        crawlers: dict[str, Any] = {}
        started: dict[str, float] = {}
        spider_args = {k: v for k, v in (("since", args.since), ("days", args.days)) if v}
        for name in names:
            crawler = process.create_crawler(name)
            crawler.newscrawl_files = []
            crawler.signals.connect(lambda file, c=crawler: c.newscrawl_files.append(file), signal=parquet_committed,
                                    weak=False)
            crawlers[name] = crawler
            started[name] = time.monotonic()
            process.crawl(crawler, **spider_args)
        print(f"{prog}: crawling {', '.join(names)}; log: {log_file}", file=sys.stderr)
        process.start()

        report = {name: _site_report(c, started[name]) for name, c in crawlers.items()}
        manifest = {
            "started": stamp,
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "log_file": str(log_file),
            "sites": report,
        }
        runs = state / "runs"
        runs.mkdir(parents=True, exist_ok=True)
        path = runs / f"run-{stamp}.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        os.replace(tmp, path)
        (state / "last-run.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        for name, r in report.items():
            print(f"{name:12s} {r['status']:6s} pages={r['pages']} articles={r['articles']} "
                  f"skipped={sum(r['skipped'].values())} errors={r['errors']} {r['duration_s']}s", file=sys.stderr)
        print(f"{prog}: manifest {path}", file=sys.stderr)
        return EXIT_FAILED if any(r["status"] == "failed" for r in report.values()) else 0
    finally:
        lock.release()
