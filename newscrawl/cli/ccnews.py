"""``newscrawl ccnews --since DAY --until DAY [--domains …] -o DIR``: CC-NEWS files of a window into the dataset.

Exit codes as ``newscrawl run``: 0 when every file was read (or was done already; a listed file the server
has not, 404, is counted and is no failure), 1 when a file or a listing could not be read, 2 on a usage
error, 130 when interrupted (what was taken is committed and the run resumes there).
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from collections import Counter
from datetime import date
from urllib.parse import urlsplit

from .. import defaults
from ..ccnews import Options, list_files, process
from ..ccnews.run import MB
from ..language import iso639_1
from ..state.seen import SeenStoreError

D = defaults.default


def build_parser(prog: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog=prog, description="Stream the CC-NEWS files of a window of days, keep the "
                                 "pages of the domains asked for, and write them to the Parquet dataset (resumable).")
    ap.add_argument("--since", required=True, metavar="YYYY-MM-DD", help="first day (inclusive), by the file names")
    ap.add_argument("--until", metavar="YYYY-MM-DD", help="last day (inclusive; default: --since)")
    ap.add_argument("--domains", metavar="LIST", help="comma-separated domains (subdomains included), or 'registry' "
                    "for the hosts of the registered sites (default: every domain)")
    ap.add_argument("--language", metavar="CODE", help="keep only articles in this ISO 639-1 language")
    ap.add_argument("--max-files", type=int, metavar="N", help="read at most N files of the window")
    ap.add_argument("--base-url", default=D("NEWSCRAWL_CCNEWS_BASE_URL"), metavar="URL",
                    help=f"the archive (default: {D('NEWSCRAWL_CCNEWS_BASE_URL')})")
    ap.add_argument("-o", "--output", default=D("NEWSCRAWL_OUTPUT_DIR"), metavar="DIR",
                    help=f"root of the Parquet dataset (default: {D('NEWSCRAWL_OUTPUT_DIR')})")
    ap.add_argument("--state", default=D("NEWSCRAWL_STATE_DIR"), metavar="DIR",
                    help=f"NEWSCRAWL_STATE_DIR: resume state (ccnews/) and seen-store (default: {D('NEWSCRAWL_STATE_DIR')})")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="extraction processes (default: all cores; 1 runs in this process)")
    ap.add_argument("--min-words", type=int, default=D("NEWSCRAWL_MIN_WORDS"), metavar="N",
                    help=f"drop pages with fewer body words (default: {D('NEWSCRAWL_MIN_WORDS')})")
    ap.add_argument("--checkpoint", type=int, default=D("NEWSCRAWL_CCNEWS_CHECKPOINT_ARTICLES"), metavar="N",
                    help=f"commit and save the resume offset every N pages (default: {D('NEWSCRAWL_CCNEWS_CHECKPOINT_ARTICLES')})")
    ap.add_argument("--timeout", type=float, default=D("NEWSCRAWL_CCNEWS_TIMEOUT"), metavar="SECONDS",
                    help="seconds without a byte before a connection counts as dropped (default %(default)s)")
    ap.add_argument("--retries", type=int, default=D("NEWSCRAWL_CCNEWS_RETRIES"), metavar="N",
                    help="requests in a row, with a growing pause, before a listing or file counts as failed "
                         "(default %(default)s)")
    ap.add_argument("--no-seen", action="store_true", help="do not consult or fill the seen-store")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress line per file")
    return ap


def _day(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{flag} {text!r} is not a day like 2024-12-01") from None


def options(args: argparse.Namespace) -> tuple[Options, date, date]:
    since = _day(args.since, "--since")
    until = _day(args.until, "--until") if args.until else since
    if until < since:
        raise ValueError(f"--until {until} is before --since {since}")
    if args.max_files is not None and args.max_files < 1:
        raise ValueError(f"--max-files must be at least 1, not {args.max_files}")
    if args.workers < 1:
        raise ValueError(f"--workers must be at least 1, not {args.workers}")
    if args.checkpoint < 1:
        raise ValueError(f"--checkpoint must be at least 1, not {args.checkpoint}")
    if args.retries < 1:
        raise ValueError(f"--retries must be at least 1, not {args.retries}")
    if not args.timeout > 0:
        raise ValueError(f"--timeout must be more than 0 seconds, not {args.timeout:g}")
    if urlsplit(args.base_url).scheme not in ("http", "https"):
        raise ValueError(f"--base-url {args.base_url!r} is not an http(s) URL")
    language = None
    if args.language:
        language = iso639_1(args.language)
        if not language:
            raise ValueError(f"--language {args.language!r} is not an ISO 639-1 code")
    registry = (args.domains or "").strip() == "registry"
    domains = None if registry or not args.domains else [d.strip() for d in args.domains.split(",") if d.strip()]
    opts = Options(output=args.output, state_dir=args.state, domains=domains, registry=registry, language=language,
                   min_words=args.min_words, seen=not args.no_seen, checkpoint_articles=args.checkpoint,
                   quiet=args.quiet, timeout=args.timeout, retries=args.retries)
    return opts, since, until


def main(argv: list[str] | None = None, prog: str = "newscrawl ccnews") -> int:
    parser = build_parser(prog)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        opts, since, until = options(args)
    except ValueError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    err = sys.stderr
    started = time.perf_counter()
    listed = list_files(args.base_url, since, until, max_files=args.max_files, timeout=opts.timeout, retries=opts.retries)
    for url in listed.missing:
        print(f"skipped listing_not_found: {url}", file=err)
    for url, why in listed.failed:
        print(f"error: listing {url}: {why}", file=err)
    print(f"{prog}: {len(listed.urls)} file{'s' if len(listed.urls) != 1 else ''} from {since} to {until} "
          f"in {listed.listings} listing{'s' if listed.listings != 1 else ''}", file=err, flush=True)
    interrupted = False
    reports = []
    try:
        reports = process(listed.urls, opts, workers=args.workers, out=err)
    except KeyboardInterrupt:
        interrupted = True
        print(f"{prog}: interrupted; what was taken is committed, the next run resumes there", file=err)
    except (SeenStoreError, sqlite3.Error, OSError) as exc:  # the state disk full or read-only: no traceback
        if isinstance(exc, OSError) and not str(exc.filename or "").startswith(str(opts.state_dir)):
            raise
        print(f"{prog}: cannot write its state under {opts.state_dir}: {exc}; the files committed are kept, "
              "the next run resumes at the last checkpoint", file=err)
        summary(prog, reports, listed, time.perf_counter() - started, False)
        return 1
    return summary(prog, reports, listed, time.perf_counter() - started, interrupted)


def summary(prog: str, reports: list, listed, seconds: float, interrupted: bool) -> int:
    status = Counter(r.status for r in reports)
    skipped: Counter = Counter()
    for r in reports:
        skipped.update(r.skipped)
    pages = sum(r.pages for r in reports)
    mb = sum(r.bytes for r in reports) / MB
    line = ", ".join(f"{k} {n}" for k, n in sorted(status.items())) or "none"
    print(f"{prog}: files: {line}; {sum(r.records for r in reports)} records, {sum(r.responses for r in reports)} "
          f"responses, {sum(r.unwanted for r in reports)} of other domains, {pages} kept by domain, "
          f"{sum(r.written for r in reports)} articles written")
    print(f"{prog}: skipped: {', '.join(f'{k} {n}' for k, n in skipped.most_common()) or 'none'}; "
          f"{pages / max(seconds, 1e-9):.1f} pages/s, {mb:.1f} MB in {seconds:.1f} s")
    sys.stdout.flush()
    if interrupted:
        return 130
    return 1 if status["failed"] or listed.failed else 0
