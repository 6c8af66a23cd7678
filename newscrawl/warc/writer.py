"""Raw pages kept as gzipped WARC files, rotated by size, visible only once closed.

A file is written as ``.NAME.pidPID.inprogress`` and renamed to
``<prefix>-<UTC stamp>-<n>.warc.gz`` when it is closed (at ``max_bytes`` or at
:meth:`WarcFileWriter.close`). Files left behind by a process that died are
renamed into place when the next writer opens the directory: every gzip member
in them is a whole record except perhaps the last, which ``newscrawl extract``
reports as truncated.

Scrapy hands over bodies already de-chunked and decompressed, so a response
record stores that body with ``Transfer-Encoding`` and ``Content-Encoding``
removed and ``Content-Length`` set to its length: the record reads back as the
bytes the crawl parsed.
"""
from __future__ import annotations

import io
import json
import logging
import os
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import Iterable, Mapping
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from ..version import __version__
from ..tempfiles import orphans, temp_path
from .reader import HINTS_HEADER, KIND_HEADER

logger = logging.getLogger(__name__)

MAX_BYTES = 100 * 1024 * 1024
# hop-by-hop or already undone by the downloader: kept, they would make the stored body unreadable
_DROPPED = {"transfer-encoding", "content-encoding", "content-length"}

Headers = Iterable[tuple[str, str]] | Mapping[str, str]


def _pairs(headers: Headers | None) -> list[tuple[str, str]]:
    if headers is None:
        return []
    return list(headers.items()) if isinstance(headers, Mapping) else list(headers)


class WarcFileWriter:
    """Appends response (and request) records to rotating ``.warc.gz`` files in ``directory``."""

    def __init__(self, directory: str | os.PathLike, prefix: str = "newscrawl", max_bytes: int = MAX_BYTES) -> None:
        self.directory = Path(directory)
        self.prefix = "".join(c if c.isalnum() or c in "-_." else "_" for c in prefix) or "newscrawl"
        self.max_bytes = max(1, max_bytes)
        self.records = 0  # response records written
        self.files: list[Path] = []  # files closed and renamed into place
        self.recovered: list[Path] = []  # files of dead processes renamed into place
        self._seq = 0
        self._fh: io.BufferedWriter | None = None
        self._warc: WARCWriter | None = None
        self._tmp: Path | None = None
        self._final: Path | None = None

    # --- files ---------------------------------------------------------------------
    def _open(self) -> None:
        if not self.files and not self._seq:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.recovered = recover_unfinished(self.directory)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        while True:
            self._seq += 1
            name = f"{self.prefix}-{stamp}-{self._seq:05d}.warc.gz"
            final = self.directory / name
            if not final.exists():
                break
        self._final = final
        self._tmp = temp_path(self.directory / name)
        self._fh = open(self._tmp, "wb")
        self._warc = WARCWriter(self._fh, gzip=True, warc_version="1.1")
        info = {"software": f"newscrawl/{__version__}", "format": "WARC File Format 1.1"}
        self._warc.write_record(self._warc.create_warcinfo_record(name, info))

    def _commit(self) -> None:
        assert self._fh is not None and self._tmp is not None and self._final is not None
        self._fh.close()
        os.replace(self._tmp, self._final)
        self.files.append(self._final)
        logger.info("wrote WARC file %s", self._final)
        self._fh = self._warc = self._tmp = self._final = None

    def close(self) -> list[Path]:
        if self._fh is not None:
            self._commit()
        return self.files

    @property
    def open_path(self) -> Path | None:
        """The temporary path of the file being written, if any."""
        return self._tmp

    # --- records -------------------------------------------------------------------
    def write_response(
        self,
        url: str,
        status: int,
        headers: Headers | None,
        body: bytes,
        *,
        date: datetime | None = None,
        protocol: str = "HTTP/1.1",
        request_method: str | None = None,
        request_headers: Headers | None = None,
        request_body: bytes = b"",
        kind: str | None = None,
        hints: Mapping[str, str] | None = None,
    ) -> None:
        """One ``response`` record; with ``request_method`` also its ``request`` record."""
        if self._fh is None:
            self._open()
        assert self._warc is not None and self._fh is not None
        date = date or datetime.now(timezone.utc)
        warc_headers = {"WARC-Date": datetime_to_iso_date(date.astimezone(timezone.utc).replace(tzinfo=None), use_micros=True)}
        if kind:
            warc_headers[KIND_HEADER] = kind
        if hints:
            warc_headers[HINTS_HEADER] = json.dumps(dict(hints), sort_keys=True)
        kept = [(k, v) for k, v in _pairs(headers) if k.lower() not in _DROPPED]
        kept.append(("Content-Length", str(len(body))))
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        http = StatusAndHeaders(f"{status} {reason}", kept, protocol=protocol)
        response = self._warc.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                 warc_headers_dict=warc_headers, http_headers=http)
        if request_method:
            target = _request_target(url)
            req_http = StatusAndHeaders(f"{request_method} {target} {protocol}", _pairs(request_headers),
                                        is_http_request=True)
            request = self._warc.create_warc_record(url, "request", payload=io.BytesIO(request_body),
                                                    length=len(request_body), http_headers=req_http)
            self._warc.write_request_response_pair(request, response)
        else:
            self._warc.write_record(response)
        self.records += 1
        self._fh.flush()  # a crawl killed later loses at most the record being written
        if self._fh.tell() >= self.max_bytes:
            self._commit()


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def recover_unfinished(directory: Path) -> list[Path]:
    """Rename WARC files left unfinished by processes that no longer run to their final names."""
    recovered = []
    for tmp, final in orphans(directory, "*.warc.gz"):
        if final.exists() or tmp.stat().st_size == 0:
            continue
        os.replace(tmp, final)
        recovered.append(final)
    return recovered

