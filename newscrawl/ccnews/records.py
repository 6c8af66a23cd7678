"""The records of one CC-NEWS file, read as a stream, with the domain filter applied on the WARC headers.

Records are read with ``no_record_parse``: for a record that is not a response, or whose ``WARC-Target-URI``
is not of a wanted domain, neither the HTTP headers nor the payload are parsed or decoded; the record's gzip
member is only inflated to find where the next one starts (a gzip member's length is not known before). Damage
is handled as ``newscrawl extract`` does it (:mod:`newscrawl.warc.reader`): a record cut short ends the file, a
record warcio complains about is skipped, each counted.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator

from ..warc.reader import Item, Unreadable, captured_warnings, first_line, page_of
from .http import FetchFailed

BLOCK = 64 * 1024


@dataclass
class Scan:
    """What one pass over a file saw."""

    records: int = 0  # every record (warcinfo, request, response, metadata…)
    responses: int = 0
    unwanted: int = 0  # responses of domains not asked for
    offset: int = 0  # where the last whole record ended


def host_of(uri: str) -> str:
    try:
        host = (urlsplit(uri).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def domain_filter(domains: list[str] | None, registry_owns: Callable[[str], bool] | None = None) -> Callable[[str], bool]:
    """A test on a URI's host: one of ``domains`` or a subdomain of one (``None``: every host), or, with
    ``registry_owns``, a host of a registered site."""
    if registry_owns is not None:
        cache: dict[str, bool] = {}

        def registered(uri: str) -> bool:
            host = host_of(uri)
            if host not in cache:
                cache[host] = len(cache) < 100_000 and registry_owns(host)
            return cache[host]
        return registered
    if not domains:
        return lambda uri: True
    exact = {d.lower().removeprefix("www.") for d in domains}

    def wanted(uri: str) -> bool:
        host = host_of(uri)
        while host:
            if host in exact:
                return True
            host = host.partition(".")[2]
        return False
    return wanted


def read_records(fh: BinaryIO, where: str, wanted: Callable[[str], bool], scan: Scan) -> Iterator[tuple[int, Item]]:
    """``(end offset, page or unreadable)`` for every wanted response record of ``fh`` from its current position.

    The end offset is where the record's gzip member ends in the remote file: a run that stops after handling
    this record resumes there. ``scan`` counts every record passed over.
    """
    records = ArchiveIterator(fh, no_record_parse=True, block_size=BLOCK)
    scan.offset = fh.tell()
    while True:
        uri = None
        try:
            with captured_warnings() as warned:
                rec = next(records, None)
                if rec is None:
                    break
                scan.records += 1
                if rec.rec_type != "response":
                    records.read_to_end()
                    scan.offset = records.offset
                    continue
                scan.responses += 1
                uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
                if not wanted(uri):
                    scan.unwanted += 1
                    records.read_to_end()
                    scan.offset = records.offset
                    continue
                rec.http_headers = records.loader.load_http_headers(rec.rec_type, uri, rec.raw_stream, rec.length)
                body = rec.content_stream().read()
                missing = getattr(rec.raw_stream, "limit", 0)
                records.read_to_end()
        except FetchFailed:  # the connection, not the record: the caller's to count
            raise
        except Exception as exc:  # warcio raises many types on damaged input
            yield scan.offset, Unreadable("truncated", uri or f"{where}@{scan.offset}",
                                          first_line(warned.getvalue()) or f"{type(exc).__name__}: {exc}")
            return
        scan.offset = records.offset
        if missing > 0:
            yield scan.offset, Unreadable("truncated", uri or where, f"record ends {missing} bytes short")
            return
        if warned.getvalue():
            yield scan.offset, Unreadable("damaged", uri or where, first_line(warned.getvalue()))
            continue
        yield scan.offset, page_of(rec, uri, body)
