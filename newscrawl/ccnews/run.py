"""Reading CC-NEWS files into the dataset: stream, filter, extract, write, checkpoint.

:func:`process` runs over a list of file URLs with ``newscrawl extract``'s worker pool (:mod:`newscrawl.pool`)
and sink (:mod:`newscrawl.sink`); :func:`process_file` is the same for one file in the calling process, the
unit of work a cluster engine maps over the file list (:mod:`.cluster`).

Resume: the articles of a file are committed (part files renamed into place, then marked in the seen-store)
every ``checkpoint_articles`` pages or ``checkpoint_seconds``, and at its end; only then does the file's
state (:mod:`.state`) move to the offset reached. A run killed at any moment resumes at the last checkpoint:
nothing committed is read again, nothing after it was kept.
"""
from __future__ import annotations

import sys
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator, TextIO

from .. import defaults, filters
from ..discovery.urls import canonicalize
from ..pool import Job, chunk_results
from ..sink import Sink
from ..sites.registry import site_for_host
from ..state import SeenStore
from ..warc.reader import SavedPage, Scan, Unreadable, read_records
from .http import FetchFailed, NotFound, RemoteFile
from .records import domain_filter
from .state import FileState

CHUNK_PAGES = 4
QUIET = {"seen", "language"}  # counted, not a bad record: no line each
MB = 1024 * 1024


@dataclass
class Options:
    """Everything a run needs, as plain values (picklable: a cluster ships it to its workers)."""

    output: str
    state_dir: str
    domains: list[str] | None = None  # None: every domain
    registry: bool = False  # only the hosts of registered sites
    language: str | None = None
    min_words: int = defaults.default("NEWSCRAWL_MIN_WORDS")
    seen: bool = defaults.default("NEWSCRAWL_SEEN_ENABLED")
    seen_ttl_days: float = defaults.default("NEWSCRAWL_SEEN_TTL_DAYS")
    timeout: float = defaults.default("NEWSCRAWL_CCNEWS_TIMEOUT")
    retries: int = defaults.default("NEWSCRAWL_CCNEWS_RETRIES")
    checkpoint_articles: int = defaults.default("NEWSCRAWL_CCNEWS_CHECKPOINT_ARTICLES")
    checkpoint_seconds: float = defaults.default("NEWSCRAWL_CCNEWS_CHECKPOINT_SECONDS")
    timezone: str | None = None
    extract_timeout: float = defaults.default("NEWSCRAWL_EXTRACT_TIMEOUT")  # per page, with 2 workers or more
    extract_max_bytes: int = defaults.default("NEWSCRAWL_EXTRACT_MAX_BYTES")
    quiet: bool = False


@dataclass
class FileReport:
    """What became of one file (also what :func:`process_file` returns, as a dict)."""

    url: str
    status: str = "done"  # done, already_done, not_found, failed, damaged
    error: str = ""
    records: int = 0
    responses: int = 0
    unwanted: int = 0
    pages: int = 0  # wanted responses read
    written: int = 0
    skipped: Counter = field(default_factory=Counter)
    bytes: int = 0
    resumes: int = 0
    started_at: int = 0  # byte the run started at (a resumed file: > 0)
    seconds: float = 0.0
    state: Any = None
    _t0: float = field(default_factory=time.perf_counter)

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[-1]

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("state")
        d.pop("_t0")
        d["skipped"] = dict(self.skipped)
        return d


class Run:
    def __init__(self, opts: Options, out: TextIO) -> None:
        self.opts = opts
        self.out = out
        self.wanted = domain_filter(opts.domains, (lambda h: site_for_host(h) is not None) if opts.registry else None)
        self.sink = Sink(opts.output, None, opts.min_words)
        self.store = SeenStore(f"{opts.state_dir}/seen.sqlite3", opts.seen_ttl_days) if opts.seen else None
        self.marks: deque = deque()  # (report, end offset, last chunk of its file?) for every chunk handed out
        self.pending: list[tuple[str, str | None, None, str]] = []  # seen-store rows of what is not committed
        self.since_commit = 0
        self.last_commit = time.monotonic()
        self.reports: list[FileReport] = []
        self.position: tuple[FileReport, int] | None = None  # the file and offset the last chunk taken ended at
        self.chunk_pages = min(CHUNK_PAGES, max(1, opts.checkpoint_articles))  # no checkpoint waits for a chunk

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def skip(self, rep: FileReport, reason: str, where: str, detail: str = "") -> None:
        rep.skipped[reason] += 1
        if reason not in QUIET:
            self.say(f"skipped {reason}: {where}" + (f" ({detail})" if detail else ""))

    # --- reading (runs ahead of the workers) ---------------------------------------------------------------
    def jobs(self, urls: list[str]) -> Iterator[list[Job]]:
        for url in urls:
            rep = FileReport(url)
            self.reports.append(rep)
            rep.state = FileState(self.opts.state_dir, url)
            if rep.state.done:
                rep.status = "already_done"
                self.marks.append((rep, rep.state.offset, True))
                yield []
                continue
            yield from self._file(rep)

    def _file(self, rep: FileReport) -> Iterator[list[Job]]:
        scan = Scan(offset=rep.state.offset)
        rep.started_at = rep.state.offset
        chunk: list[Job] = []
        fh = None
        try:
            fh = RemoteFile(rep.url, rep.state.offset, timeout=self.opts.timeout, retries=self.opts.retries)
            for end, item in read_records(fh, rep.url, scan, self.wanted, passthrough=(FetchFailed,)):
                if isinstance(item, Unreadable):
                    self.skip(rep, item.reason, item.where, item.detail)
                    if item.reason == "truncated":
                        rep.status = "damaged"
                    continue
                rep.pages += 1
                why = self._precheck(item)
                if why:
                    self.skip(rep, why[0], item.url, why[1])
                    continue
                chunk.append(Job(item.url, item.body, item.headers, item.status, item.fetched_at, item.hints,
                                 {"timezone": self.opts.timezone}))
                if len(chunk) >= self.chunk_pages:
                    self.marks.append((rep, end, False))
                    yield chunk
                    chunk = []
        except NotFound as exc:
            rep.status, rep.error = "not_found", str(exc)
            rep.skipped["not_found"] += 1
            self.say(f"skipped not_found: {rep.url} ({exc})")
        except FetchFailed as exc:
            rep.status, rep.error = "failed", str(exc)
            self.say(f"error: {rep.url}: {exc}")
        finally:
            if fh is not None:
                rep.bytes, rep.resumes = fh.bytes_read, fh.resumes
                fh.close()
            rep.records, rep.responses, rep.unwanted = scan.records, scan.responses, scan.unwanted
        self.marks.append((rep, scan.offset, True))
        yield chunk

    def _precheck(self, page: SavedPage) -> tuple[str, str] | None:
        if page.status is not None and not 200 <= page.status < 300:
            return f"http_{page.status}", ""
        verdict = filters.page_problem(page.headers.get("content-type", ""), page.body)
        if verdict:
            return verdict.reason, verdict.detail
        if self._seen(page.url):
            return "seen", ""
        return None

    def _seen(self, url: str | None) -> bool:
        return bool(url) and self.store is not None and self.store.check(canonicalize(url)) == "seen"

    # --- writing (in input order) -------------------------------------------------------------------------
    def take(self, chunk: list[Job], outcomes: list) -> None:
        rep, end, last = self.marks.popleft()
        for job, (article, reason, detail) in zip(chunk, outcomes):
            if article is not None:
                if self.opts.language and article.language != self.opts.language:
                    reason, detail = "language", article.language or ""
                elif self._seen(article.canonical_url):  # stored before under another URL
                    reason, detail = "seen", ""
                else:
                    reason, detail = self.sink.add(article) or "", ""
            if reason != "language":  # a page of another language is no page seen: another run may want it
                status = f"dropped:{reason}" if reason else "stored"
                site = article.site if article else None
                keys = {canonicalize(job[0])} | ({canonicalize(article.canonical_url)} if article and article.canonical_url else set())
                self.pending += [(key, site, None, status) for key in keys]
            if reason:
                self.skip(rep, reason, job[0], detail)
            else:
                rep.written += 1
        self.since_commit += len(chunk)
        if rep.status in ("already_done", "not_found"):
            return
        self.position = (rep, end)
        due = (self.since_commit >= self.opts.checkpoint_articles
               or time.monotonic() - self.last_commit >= self.opts.checkpoint_seconds)
        if last or due:
            self.checkpoint(rep, end, done=last and rep.status in ("done", "damaged"))
        if last:
            rep.seconds = time.perf_counter() - rep._t0
            self.progress(rep)

    def checkpoint(self, rep: FileReport, offset: int, done: bool) -> None:
        parts = self.sink.open_parts()
        if parts:
            rep.state.intend(offset=offset, parts=[p for p, _ in parts], articles=sum(n for _, n in parts), done=done)
        committed = self.sink.commit()
        if self.store is not None and self.pending:
            self.store.mark(self.pending)
        rep.state.save(offset=offset, done=done, articles=sum(f.rows for f in committed))
        self.pending = []
        self.since_commit = 0
        self.last_commit = time.monotonic()

    def progress(self, rep: FileReport) -> None:
        if self.opts.quiet:
            return
        s = max(rep.seconds, 1e-9)
        resumed = f", resumed at byte {rep.started_at}" if rep.started_at else ""
        drops = f", {rep.resumes} range request{'s' if rep.resumes != 1 else ''} after a dropped connection" if rep.resumes else ""
        self.say(f"ccnews: {rep.name}: {rep.status}, {rep.records} records, {rep.responses} responses, "
                 f"{rep.pages} kept by domain, {rep.written} written, {rep.pages / s:.1f} pages/s, "
                 f"{rep.bytes / MB / s:.1f} MB/s{resumed}{drops}")

    def close(self) -> None:
        """Commit what was taken and save where it ends (an interrupted run resumes there)."""
        if self.since_commit and self.position is not None:
            rep, end = self.position
            self.checkpoint(rep, end, done=False)
        self.sink.close()
        if self.store is not None:
            self.store.close()


def process(urls: list[str], opts: Options, workers: int = 1, out: TextIO | None = None) -> list[FileReport]:
    """Read every file of ``urls`` (skipping those done) into the dataset; one report per file."""
    run = Run(opts, out or sys.stderr)
    try:
        for chunk, outcomes in chunk_results(run.jobs(urls), workers, opts.extract_timeout, opts.extract_max_bytes):
            run.take(chunk, outcomes)
    finally:
        run.close()
    return run.reports


def process_file(url: str, opts: Options) -> dict:
    """One file, in this process: the task a cluster engine maps over the file list. Returns the report as a
    dict (plain values); a file already done returns at once with status ``already_done``."""
    return process([url], opts, workers=1)[0].as_dict()
