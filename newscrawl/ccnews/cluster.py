"""CC-NEWS on a cluster: one task per WARC file, mapped with Dask distributed.

Each task is :func:`.run.process_file`: it streams its file, writes its own part files into the shared
dataset and keeps the file's resume state (:mod:`.state`), so a task whose worker is killed is simply run
again by another worker (Dask reschedules it) and resumes at that file's last checkpoint. ``dask`` is
imported here only, and only needed for this (``pip install -e ".[ccnews]"``).
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

from .run import Options, process_file


def map_files(client: Any, urls: list[str], opts: Options, *, retries: int = 2) -> list:
    """Submit one task per file of ``urls`` to the cluster of ``client`` (a ``dask.distributed.Client``);
    returns the futures (see :func:`reports`). A task that raises is retried ``retries`` times; one whose worker
    died is rescheduled by the scheduler itself (up to its ``distributed.scheduler.allowed-failures``)."""
    return client.map(process_file, urls, opts=opts, pure=False, retries=retries, key=[_key(u) for u in urls])


def reports(futures: list, urls: list[str]) -> Iterator[dict]:
    """Each file's report as its task finishes; a task that failed for good is a ``failed`` report."""
    from dask.distributed import as_completed

    for future in as_completed(futures):
        if future.status == "error":
            exc = future.exception()
            yield {"url": _url_of(future.key, urls), "status": "failed", "error": f"{type(exc).__name__}: {exc}"}
        else:
            yield future.result()


def _key(url: str) -> str:
    return "ccnews-" + url.rsplit("/", 1)[-1]


def _url_of(key: Any, urls: list[str]) -> str:
    return next((u for u in urls if _key(u) == key), str(key))


def run_on(address_or_cluster: Any, urls: list[str], opts: Options, on_report: Callable[[dict], None] | None = None) -> list[dict]:
    """Connect to a scheduler address (``tcp://host:8786``) or a ``LocalCluster`` and run ``urls``."""
    from dask.distributed import Client

    with Client(address_or_cluster) as client:
        done = []
        for rep in reports(map_files(client, urls, opts), urls):
            done.append(rep)
            if on_report:
                on_report(rep)
        return done
