"""``newscrawl extract INPUT... -o DIR``: saved pages (WARC, HTML files, directories) -> the Parquet dataset.

The same extraction and the same keep/drop rules as a crawl, run over pages
already on disk. Worker processes extract chunks of pages; this process reads
the inputs and writes the dataset. A record that cannot be used is counted and
reported with one line (``skipped REASON: URI``) and the run goes on.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator, TextIO
from urllib.parse import urlsplit

from .. import defaults, filters
from ..dedup import Params, ParamsMismatch, open_deduplicator
from ..logtext import printable
from ..pool import PRUNED, Job, results
from ..sink import Sink, existing_parts
from ..sites.registry import UnknownSite, get_site, known_zone
from ..warc.reader import MissingInput, ReadPosition, SavedPage, Unreadable, find_inputs, read_inputs

QUIET = {"not_article"}  # counted, but not a bad record: no line each
PROGRESS_SECONDS = 2.0



# --- what is not worth extracting ---------------------------------------------------
def precheck(page: SavedPage) -> tuple[str, str] | None:
    """Why this saved page is not extracted, or None when it should be."""
    if page.kind not in (None, "article"):
        return "not_article", page.kind
    if page.status is not None and not 200 <= page.status < 300:
        return f"http_{page.status}", ""
    problem = filters.page_problem(page.headers.get("content-type", ""), page.body)
    if problem is None and not page.headers.get("content-type") and _looks_like_json(page.body):
        return "not_html", "JSON"  # a saved file without a type: JSON is not a page
    return problem


def _looks_like_json(body: bytes) -> bool:
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


# --- the parent side -------------------------------------------------------------------
@dataclass
class Tally:
    out: TextIO
    position: ReadPosition = field(default_factory=ReadPosition)
    marks: deque = field(default_factory=deque)  # (bytes, files) read when each page in flight was read
    reached: tuple[int, int] = (0, 0)  # (bytes, files) of the inputs whose pages are extracted and written
    started: float = field(default_factory=time.perf_counter)
    pages: int = 0  # pages read (each response record or HTML file)
    written: int = 0
    pruned: int = 0  # pages too big to extract whole, extracted from a pruned tree
    skipped: Counter = field(default_factory=Counter)
    _last: float = field(default_factory=time.perf_counter)

    def skip(self, reason: str, where: str, detail: str = "") -> None:
        self.skipped[reason] += 1
        if reason not in QUIET:
            detail = printable(detail)  # header values and URIs as the file gave them: no raw control bytes
            print(f"skipped {reason}: {printable(where)}" + (f" ({detail})" if detail else ""), file=self.out)

    @property
    def rate(self) -> float:
        return self.pages / max(time.perf_counter() - self.started, 1e-9)

    def progress(self, prog: str, force: bool = False) -> None:
        now = time.perf_counter()
        if force or now - self._last >= PROGRESS_SECONDS:
            self._last = now
            print(f"{prog}: {self.done()}, {self.pages} pages, {self.rate:.1f} pages/s, {self.written} written, "
                  f"{sum(self.skipped.values())} skipped", file=self.out, flush=True)

    def done(self) -> str:
        """``37% of 2.1 GB (file 3 of 12), ETA 4m10s``: how far the reading got, and the time left at this pace."""
        p = self.position
        done, files = self.reached
        share = done / p.total_bytes if p.total_bytes else 0.0
        elapsed = time.perf_counter() - self.started
        eta = f"ETA {_duration(elapsed * (1 - share) / share)}" if share > 0 else "ETA unknown"
        return f"{share:.0%} of {_size(p.total_bytes)} (file {files} of {p.total_files}), {eta}"


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def _duration(seconds: float) -> str:
    m, s = divmod(int(seconds + 0.5), 60)
    h, m = divmod(m, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s" if m else f"{s}s"


def jobs(items: Iterable[SavedPage | Unreadable], tally: Tally, options: dict) -> Iterator[Job]:
    """Pages to extract, with the keywords of :func:`newscrawl.extract` (``site``, ``timezone``); unreadable
    records and pages not worth extracting are counted here."""
    for item in items:
        if isinstance(item, Unreadable):
            tally.skip(item.reason, item.where, item.detail)
            continue
        tally.pages += 1
        why = precheck(item)
        if why:
            tally.skip(why[0], item.url, why[1])
            continue
        tally.marks.append((tally.position.done_bytes, tally.position.files))  # how far the reading got
        yield Job(item.url, item.body, item.headers, item.status, item.fetched_at, item.hints, options)


# --- the command -------------------------------------------------------------------------
def build_parser(prog: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog=prog, description="Re-extract saved pages (WARC or HTML files, or directories "
                                 "of them) into the Parquet dataset, as a crawl would have written them.")
    ap.add_argument("inputs", nargs="+", metavar="INPUT", help="WARC files (.warc, .warc.gz), HTML files, or directories of them")
    ap.add_argument("-o", "--output", default=defaults.default("NEWSCRAWL_OUTPUT_DIR"), metavar="DIR",
                    help=f"root of the Parquet dataset (default: {defaults.default('NEWSCRAWL_OUTPUT_DIR')})")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="worker processes (default: all cores; 1 runs in this process)")
    ap.add_argument("--base-url", metavar="URL", help="URL of an HTML input: URL + its path under the directory given (default: file://)")
    ap.add_argument("--site", metavar="NAME", help="registered site of every input page (WARC files do not record it; "
                    "default: the site whose domain the page's URL is on)")
    ap.add_argument("--timezone", metavar="ZONE", help="IANA zone assumed for pages of unregistered sites (default: none)")
    ap.add_argument("--min-words", type=int, default=defaults.default("NEWSCRAWL_MIN_WORDS"), metavar="N",
                    help=f"drop pages with fewer body words, as the crawl does (default: {defaults.default('NEWSCRAWL_MIN_WORDS')})")
    ap.add_argument("--timeout", type=float, default=defaults.default("NEWSCRAWL_EXTRACT_TIMEOUT"), metavar="S",
                    help="seconds one page may take (with 2 workers or more); its worker is then replaced "
                         f"(default: {defaults.default('NEWSCRAWL_EXTRACT_TIMEOUT'):g}, 0: no limit)")
    ap.add_argument("--max-bytes", type=int, default=defaults.default("NEWSCRAWL_EXTRACT_MAX_BYTES"), metavar="N",
                    help=f"pages larger than this are not extracted (default: {defaults.default('NEWSCRAWL_EXTRACT_MAX_BYTES')}, 0: no limit)")
    ap.add_argument("--crawl-date", metavar="YYYY-MM-DD", help="partition to write to (default: the day each page was fetched)")
    ap.add_argument("--state", default=defaults.default("NEWSCRAWL_STATE_DIR"), metavar="DIR",
                    help=f"state folder of the near-duplicate index, shared with crawls (default: {defaults.default('NEWSCRAWL_STATE_DIR')})")
    ap.add_argument("--dedup", choices=filters.DEDUP_MODES, default=defaults.default("NEWSCRAWL_DEDUP"),
                    help="near-duplicates: mark them in the dup_* columns, drop them, or off (default: %(default)s)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    return ap


def _usage_error(args: argparse.Namespace) -> str | None:
    if args.workers < 1:
        return f"--workers must be at least 1, not {args.workers}"
    if args.timeout < 0 or args.max_bytes < 0:
        return "--timeout and --max-bytes take 0 (no limit) or more"
    if args.crawl_date:
        try:
            date.fromisoformat(args.crawl_date)
        except ValueError:
            return f"--crawl-date {args.crawl_date!r} is not a date like 2024-12-01"
    if args.site:
        try:
            get_site(args.site)
        except UnknownSite as exc:
            return f"--site: {exc}"
    if args.timezone and not known_zone(args.timezone):
        return f"--timezone {args.timezone!r} is not an IANA time zone"
    if args.base_url and urlsplit(args.base_url).scheme not in ("http", "https"):
        return f"--base-url {args.base_url!r} is not an http(s) URL"
    return None


def main(argv: list[str] | None = None, prog: str = "newscrawl extract") -> int:
    parser = build_parser(prog)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed
        return int(exc.code or 0)
    problem = _usage_error(args)
    try:
        found = find_inputs(args.inputs) if not problem else []
    except MissingInput as exc:
        problem = str(exc)
    if problem:
        print(f"{prog}: error: {problem}", file=sys.stderr)
        return 2
    if not found:
        print(f"{prog}: no WARC or HTML files in {', '.join(args.inputs)}", file=sys.stderr)
        return 1
    held = existing_parts(args.output)
    if held:  # a second extraction would add a copy of every page: refuse before writing anything
        print(f"{prog}: error: {args.output} already holds a dataset ({held} Parquet file{'s' if held > 1 else ''}); "
              f"extract into a new folder, or delete it first", file=sys.stderr)
        return 2
    return run(found, args, prog)


def _close(sink: Sink, exc: OSError, output: str, prog: str) -> None:
    """The disk refused a write: give up the part files not committed (a part whose write failed is never
    committed: its file may be damaged), and say so in one line."""
    lost = sink.abort()
    print(f"{prog}: error: cannot write the dataset under {output}: {exc.strerror or exc}"
          + (f"; {lost} extracted article(s) not written" if lost else "") + "; the files committed before are kept",
          file=sys.stderr)


def run(found: list, args: argparse.Namespace, prog: str) -> int:
    err = sys.stderr
    tally = Tally(err, ReadPosition.of(found))
    try:
        near = None if args.dedup == "off" else filters.NearDuplicates(
            open_deduplicator(args.state, Params()), drop=args.dedup == "drop")
    except (ParamsMismatch, OSError, sqlite3.Error) as exc:
        print(f"{prog}: error: {exc}", file=err)
        return 2
    sink = Sink(args.output, args.crawl_date, args.min_words, near)
    interrupted = False
    try:
        pages = jobs(read_inputs(found, args.base_url, tally.position), tally, {"site": args.site, "timezone": args.timezone})
        for job, (article, reason, detail) in results(pages, args.workers, args.timeout, args.max_bytes):
            if article is not None:
                if reason == PRUNED:
                    tally.pruned += 1
                    print(f"pruned: {printable(job.url)} ({detail})", file=err)
                reason = sink.add(article) or ""
                detail = ""
            if reason:
                tally.skip(reason, job.url, detail)
            else:
                tally.written += 1
            tally.reached = tally.marks.popleft()
            if not args.quiet:
                tally.progress(prog)
    except KeyboardInterrupt:
        interrupted = True
        print(f"{prog}: interrupted; keeping what was extracted", file=err)
    except OSError as exc:
        _close(sink, exc, args.output, prog)
        return 1
    try:
        files = sink.close()
    except OSError as exc:
        _close(sink, exc, args.output, prog)
        return 1
    if not args.quiet and not interrupted:  # the last line says 100%, however recent the one before it
        tally.reached = (tally.position.total_bytes, tally.position.total_files)
        tally.progress(prog, force=True)
    seconds = time.perf_counter() - tally.started
    skipped = ", ".join(f"{reason} {n}" for reason, n in tally.skipped.most_common()) or "none"
    print(f"{prog}: {tally.pages} pages in {seconds:.1f} s, {tally.rate:.1f} pages/s ({args.workers} worker{'s' if args.workers > 1 else ''})")
    pruned = f" ({tally.pruned} from a pruned tree: too big to extract whole)" if tally.pruned else ""
    print(f"{prog}: {tally.pages} pages, {tally.written} articles written{pruned}, skipped: {skipped}; "
          f"{len(files)} file{'s' if len(files) != 1 else ''} written under {args.output}")
    sys.stdout.flush()
    if interrupted:
        return 130
    return 0 if tally.pages else 1
