"""A bounded pool of extraction processes: saved pages in, articles out, memory flat.

Worker processes run :func:`newscrawl.extract` over chunks of pages; the caller hands chunks in and
takes outcomes out in input order, with at most a few chunks in flight (back-pressure), and a worker
that dies (a crash in a C library on one page) costs only that page. ``newscrawl extract`` uses it.
"""
from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any, Iterator

from .api import extract
from .page import NotHTML

# (url, body, headers, status, fetched_at, hints)
Job = tuple[str, bytes, dict, "int | None", "datetime | None", "dict | None"]
# (article or None, skip reason, detail)
Outcome = tuple[Any, str, str]
IN_FLIGHT = 3  # chunks queued per worker


_TIMEZONE: str | None = None


def init_worker(tz: str | None, in_pool: bool = True) -> None:
    global _TIMEZONE
    _TIMEZONE = tz
    if in_pool:  # Ctrl-C is the parent's to handle
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def extract_one(job: Job) -> Outcome:
    url, body, headers, status, fetched_at, hints = job
    try:
        article = extract(body, url, headers=headers, fetched_at=fetched_at, http_status=status, hints=hints,
                          timezone=_TIMEZONE)
    except NotHTML as exc:
        return None, "not_html", str(exc)
    except Exception as exc:  # a bug in one extractor must not stop a run of a million pages
        return None, "error", f"{type(exc).__name__}: {exc}"
    if article.site is None:
        article.site = "news"
    return article, "", ""


def extract_chunk(jobs: list[Job]) -> list[Outcome]:
    return [extract_one(job) for job in jobs]


def results(jobs: Iterator[list[Job]], workers: int, tz: str | None) -> Iterator[tuple[list[Job], list[Outcome]]]:
    """Each chunk with its outcomes, in input order; at most a few chunks in flight (bounded memory)."""
    if workers <= 1:
        init_worker(tz, in_pool=False)
        for chunk in jobs:
            yield chunk, extract_chunk(chunk)
        return
    _warm_up()  # forked workers inherit what the first extraction loads
    pool = Workers(workers, tz)
    pending: deque = deque()
    try:
        for chunk in jobs:
            pending.append((chunk, pool.submit(chunk)))
            while len(pending) >= workers * IN_FLIGHT:
                chunk_, future = pending.popleft()
                yield chunk_, pool.outcomes(chunk_, future)
        while pending:
            chunk_, future = pending.popleft()
            yield chunk_, pool.outcomes(chunk_, future)
    finally:
        pool.shutdown()


class Workers:
    """A process pool that survives a worker dying (a crash in a C library on one page)."""

    def __init__(self, n: int, tz: str | None) -> None:
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.n, self.tz = n, tz
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.n, mp_context=self.context, initializer=init_worker, initargs=(self.tz,))

    def _restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def submit(self, chunk: list[Job]) -> Future:
        try:
            return self.executor.submit(extract_chunk, chunk)
        except BrokenProcessPool:
            self._restart()
            return self.executor.submit(extract_chunk, chunk)

    def outcomes(self, chunk: list[Job], future: Future) -> list[Outcome]:
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        # the pool died under this chunk or under one before it: redo its pages one by one
        out: list[Outcome] = []
        for job in chunk:
            for attempt in (1, 2):
                try:
                    out.append(self.submit([job]).result()[0])
                    break
                except BrokenProcessPool:
                    self._restart()
                    if attempt == 2:
                        out.append((None, "crashed", "the worker process died on this page"))
        return out

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _warm_up() -> None:
    sample = b"<html><head><title>t</title></head><body><article><p>" + b"A short warm-up sentence. " * 20 + b"</p></article></body></html>"
    try:
        extract(sample, "https://example.com/warm-up")
    except Exception:
        pass
