"""A bounded pool of extraction processes: pages in, articles out, with a time limit per page.

Worker processes run :func:`newscrawl.extract` on one page at a time. A page that overruns its time limit has
its worker killed and replaced (``extract_timeout``), a worker that dies (a crash in a C library) costs only
its page (``crashed``), and a page larger than the size limit is never handed to a worker (``too_large``).
A page under the limit with too many links or tags is extracted from a pruned tree (:mod:`newscrawl.page.bulk`)
and its article comes with the reason ``pruned``.
``newscrawl extract`` feeds it from :func:`results` (a few pages in flight per worker); a crawl's
:class:`~newscrawl.pipelines.extract.ExtractPipeline` submits pages from the reactor thread and awaits
their :class:`~concurrent.futures.Future`; the crawls of one process (``newscrawl run``) share one pool
(:func:`shared`).
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection, wait
from typing import Any, Iterable, Iterator, NamedTuple

from .api import extract
from .page import NotHTML
from .page.bulk import bulky
from .sharing import Shared


class Job(NamedTuple):
    """One page to extract, and how :func:`newscrawl.extract` is told about its site."""

    url: str
    body: bytes
    headers: dict
    status: int | None = 200
    fetched_at: datetime | None = None
    hints: dict | None = None
    options: dict | None = None  # site=, timezone=, outlet_names= of newscrawl.extract


@dataclass
class FetchedPage:
    """A fetched article page on its way to extraction (the crawl's item until it is an Article)."""

    job: Job
    site: str  # the spider's site name, given to the article

    @property
    def url(self) -> str:
        return self.job.url


# (article or None, skip or drop reason, detail); (article, PRUNED, why) for a page whose tree was cut down
Outcome = tuple[Any, str, str]
PRUNED = "pruned"
IN_FLIGHT = 4  # pages handed to the pool per worker before results() waits for the oldest
_READY = "ready"


def extract_one(job: Job) -> Outcome:
    try:
        article = extract(job.body, job.url, headers=job.headers, fetched_at=job.fetched_at,
                          http_status=job.status, hints=job.hints, **(job.options or {}))
    except NotHTML as exc:
        return None, "not_html", str(exc)
    except Exception as exc:  # a bug in one extractor must not stop a run of a million pages
        return None, "error", f"{type(exc).__name__}: {exc}"
    if article.site is None:
        article.site = "news"
    why = bulky(job.body)  # too big to extract whole: extracted from its pruned tree (newscrawl.page.bulk)
    return (article, PRUNED, f"{why}: tree pruned") if why else (article, "", "")


def too_large(job: Job, max_bytes: int) -> Outcome | None:
    """A body over ``max_bytes`` (0: no limit) is not extracted: its tree alone would take gigabytes."""
    if max_bytes and len(job.body) > max_bytes:
        return None, "too_large", f"{len(job.body):,} bytes > {max_bytes:,} (NEWSCRAWL_EXTRACT_MAX_BYTES)"
    return None


def extract_here(job: Job, max_bytes: int) -> Outcome:
    """In this process, with no time limit (workers = 0): for tests and debugging."""
    return too_large(job, max_bytes) or extract_one(job)


PARENT_CHECK_SECONDS = 1.0  # how often an idle worker checks that its parent is alive


def _serve(conn: Connection, parent: int) -> None:
    """A worker: one page in, its outcome out, until told to stop or its parent goes.

    A parent killed with SIGKILL closes no pipe that a worker would see (its siblings, forked from it, hold
    the parent's ends too), so an idle worker also checks every second that ``parent`` is still its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the crawl's graceful-shutdown handler
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.set_wakeup_fd(-1)  # the parent's event loop is not this process's
    conn.send(_READY)
    while True:
        try:
            while not conn.poll(PARENT_CHECK_SECONDS):
                if os.getppid() != parent:
                    return  # orphaned: the crawl that started us is gone
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(extract_one(job))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    job: tuple[Job, Future, float] | None = None  # the page being extracted, its future, its time limit
    started: float = 0.0

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class Pool:
    """``workers`` extraction processes, one page each at a time, fed by a dispatcher thread."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.replaced = 0  # workers killed (time limit) or dead (crash) and started afresh
        self._waiting: deque = deque()  # (job, future, time limit) not yet given to a worker
        self._lock = threading.Lock()
        self._closed = False
        methods = multiprocessing.get_all_start_methods()
        # fork: a worker starts with what the parent loaded (the warm-up below), in milliseconds
        self._context = multiprocessing.get_context("fork" if "fork" in methods else None)
        _warm_up()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_w.setblocking(False)
        self._slots = [self._start() for _ in range(self.workers)]
        self._thread = threading.Thread(target=self._loop, name="newscrawl-extract-pool", daemon=True)
        self._thread.start()

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, os.getpid()), daemon=True,
                                        name="newscrawl-extract")
        # what this process holds (a crawl's Scrapy, its settings, the extractors' tables) is frozen out of the
        # worker's garbage collections: they would walk every inherited object and copy each page it touches
        gc.freeze()
        try:
            process.start()
        finally:
            gc.unfreeze()
        child.close()
        return _Worker(process, parent)

    # --- any thread ------------------------------------------------------------------------
    def submit(self, job: Job, timeout: float = 0, max_bytes: int = 0) -> Future:
        """The outcome of ``job``, later; ``timeout`` seconds of extraction at most (0: none)."""
        future: Future = Future()
        refused = too_large(job, max_bytes)
        if refused is not None:
            future.set_result(refused)
            return future
        with self._lock:
            if self._closed:
                raise RuntimeError("the extraction pool is closed")
            self._waiting.append((job, future, timeout))
        self._wake()
        return future

    def withdraw(self, futures: "set[Future] | frozenset[Future]", outcome: Outcome) -> int:
        """Answer those of ``futures`` still waiting for a worker with ``outcome``, unextracted; how many."""
        with self._lock:
            gone = [item for item in self._waiting if item[1] in futures]
            if gone:
                self._waiting = deque(item for item in self._waiting if item[1] not in futures)
        for _, future, _ in gone:
            future.set_result(outcome)
        return len(gone)

    def close(self) -> None:
        """Finish what was submitted, then stop the workers."""
        with self._lock:
            self._closed = True
        self._wake()
        self._thread.join()

    def _wake(self) -> None:
        try:
            self._wake_w.send(b"x")
        except (BlockingIOError, OSError):  # already woken (a full buffer), or closing
            pass

    # --- the dispatcher thread ------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self._lock:
                done = self._closed and not self._waiting
            if done and not any(w.job for w in self._slots):
                break
            self._dispatch()
            ready = wait([w.conn for w in self._slots] + [self._wake_r], timeout=self._next_deadline())
            for conn in ready:
                if conn is self._wake_r:
                    self._wake_r.recv(65536)
                    continue
                self._receive(next(w for w in self._slots if w.conn is conn))
            self._enforce_time_limits()
        for w in self._slots:
            try:
                w.conn.send(None)
            except OSError:
                pass
        for w in self._slots:
            w.process.join(5)
            if w.process.is_alive():
                w.kill()
        self._wake_r.close()
        self._wake_w.close()

    def _dispatch(self) -> None:
        for w in self._slots:
            if not w.ready or w.job is not None:
                continue
            with self._lock:
                if not self._waiting:
                    return
                item = self._waiting.popleft()
            w.job, w.started = item, time.monotonic()
            try:
                w.conn.send(item[0])  # the worker waits in recv(): this never blocks for long
            except OSError:
                self._replace(w, (None, "crashed", "the worker process died on this page"))

    def _receive(self, w: _Worker) -> None:
        try:
            message = w.conn.recv()
        except (EOFError, OSError):
            self._replace(w, (None, "crashed", "the worker process died on this page"))
            return
        if message == _READY:
            w.ready = True
            return
        assert w.job is not None
        future = w.job[1]
        w.job = None
        future.set_result(message)

    def _next_deadline(self) -> float | None:
        limits = [w.started + w.job[2] for w in self._slots if w.job and w.job[2]]
        return max(0.0, min(limits) - time.monotonic()) if limits else None

    def _enforce_time_limits(self) -> None:
        now = time.monotonic()
        for w in self._slots:
            if w.job and w.job[2] and now - w.started >= w.job[2]:
                self._replace(w, (None, "extract_timeout", f"over {w.job[2]:g} s (NEWSCRAWL_EXTRACT_TIMEOUT)"))

    def _replace(self, w: _Worker, outcome: Outcome) -> None:
        """Kill ``w`` (or bury it), answer its page with ``outcome``, start a fresh worker in its place."""
        w.kill()
        if w.job is not None:
            w.job[1].set_result(outcome)
        self._slots[self._slots.index(w)] = self._start()
        self.replaced += 1


# --- newscrawl extract: pages in input order ------------------------------------------------
def results(jobs: Iterable[Job], workers: int, timeout: float = 0, max_bytes: int = 0) -> Iterator[tuple[Job, Outcome]]:
    """Each page with its outcome, in input order; a few pages per worker in flight (memory stays flat).
    One worker extracts in this process, with no time limit."""
    if workers <= 1:
        for job in jobs:
            yield job, extract_here(job, max_bytes)
        return
    pool = Pool(workers)
    pending: deque = deque()
    try:
        for job in jobs:
            pending.append((job, pool.submit(job, timeout, max_bytes)))
            while len(pending) >= workers * IN_FLIGHT:
                job_, future = pending.popleft()
                yield job_, future.result()
        while pending:
            job_, future = pending.popleft()
            yield job_, future.result()
    finally:
        pool.close()



def chunk_results(chunks: Iterable[list[Job]], workers: int, timeout: float = 0,
                  max_bytes: int = 0) -> Iterator[tuple[list[Job], list[Outcome]]]:
    """:func:`results` for a reader that hands out its pages in chunks (ccnews: a chunk ends where it may
    checkpoint, an empty one marks a file with nothing to read): each chunk with its outcomes, in input order."""
    queued: deque = deque()  # the chunks read so far whose outcomes are not all handed back

    def pages() -> Iterator[Job]:
        for chunk in chunks:
            queued.append(chunk)
            yield from chunk

    got: list[Outcome] = []
    for _, outcome in results(pages(), workers, timeout, max_bytes):
        while queued and len(queued[0]) == len(got):  # chunks complete before this page (empty ones included)
            yield queued.popleft(), got
            got = []
        got.append(outcome)
    while queued:
        yield queued.popleft(), got
        got = []


# --- crawls: one pool per process ------------------------------------------------------------
_SHARED = Shared()


def shared(workers: int) -> Pool:
    """The process's pool, started by its first user (``newscrawl run`` crawls every site in one process:
    they share it rather than each starting as many workers as there are cores)."""
    return _SHARED.acquire("pool", lambda: Pool(workers))


def release(pool: Pool) -> None:
    """One user of :func:`shared` is done; the last one stops the workers."""
    if _SHARED.release("pool", pool):
        pool.close()


def _warm_up() -> None:
    sample = b"<html><head><title>t</title></head><body><article><p>" + b"A short warm-up sentence. " * 20 + b"</p></article></body></html>"
    try:
        extract(sample, "https://example.com/warm-up")
    except Exception:
        pass
