"""A remote file read as a stream: one HTTP GET, read in blocks, resumed with a range request when the
connection drops.

Nothing is written to disk and at most one block is held, so memory does not depend on the file's size.
A connection that breaks (reset, time-out, a body shorter than its ``Content-Length``) is reopened with
``Range: bytes=N-`` from the byte reached, up to ``retries`` times in a row with a growing pause.
"""
from __future__ import annotations

import http.client
import time
from urllib.parse import urlsplit

from ..version import __version__

USER_AGENT = f"newscrawl/{__version__} (ccnews)"


class NotFound(Exception):
    """The server answered 404 (or 410) for this URL."""


class FetchFailed(Exception):
    """The URL could not be read: an HTTP error, or the connection kept failing."""


class RemoteFile:
    """A read-only, forward-only file over HTTP(S), starting at byte ``start``.

    ``tell()`` is the absolute position in the remote file. ``resumes`` counts range requests made after a
    dropped connection; ``bytes_read`` the bytes this object handed out.
    """

    def __init__(self, url: str, start: int = 0, *, timeout: float, retries: int, backoff: float = 0.5) -> None:
        self.url = url
        self.position = start
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.resumes = 0
        self.bytes_read = 0
        self._failures = 0  # reconnections in a row that brought no byte
        self.size: int | None = None
        self._conn: http.client.HTTPConnection | None = None
        self._resp: http.client.HTTPResponse | None = None
        try:
            self._open()
        except (OSError, http.client.HTTPException) as exc:
            self._reopen(f"{type(exc).__name__}: {exc}")

    # --- connection -------------------------------------------------------------------------------------
    def _connect(self) -> http.client.HTTPConnection:
        parts = urlsplit(self.url)
        cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        return cls(parts.hostname, parts.port, timeout=self.timeout)

    def _open(self) -> None:
        parts = urlsplit(self.url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if self.position:
            headers["Range"] = f"bytes={self.position}-"
        self.close()
        self._conn = self._connect()
        self._conn.request("GET", path, headers=headers)
        resp = self._conn.getresponse()
        if resp.status in (404, 410):
            resp.read()
            self.close()
            raise NotFound(f"HTTP {resp.status}")
        if resp.status == 416 and self.size is not None and self.position >= self.size:
            resp.read()  # asked for the bytes after the end: there are none
        elif self.position and resp.status != 206:
            self.close()
            raise FetchFailed(f"HTTP {resp.status} to a range request (the server does not resume)")
        elif not self.position and resp.status != 200:
            self.close()
            raise FetchFailed(f"HTTP {resp.status}")
        if resp.status == 200 and resp.length is not None:
            self.size = resp.length
        elif resp.status == 206:
            total = resp.getheader("Content-Range", "").rpartition("/")[2]
            self.size = int(total) if total.isdigit() else self.size
        self._resp = resp

    def _reopen(self, error: str) -> None:
        """Open again from the byte reached; ``retries`` failures in a row (a reopened connection that brings
        no byte counts as one) make the file fail."""
        while self._failures < self.retries:
            time.sleep(self.backoff * 2 ** self._failures)
            self._failures += 1
            try:
                self._open()
                self.resumes += 1
                return
            except NotFound:
                raise FetchFailed(f"{error}; then HTTP 404 on resuming") from None
            except (OSError, http.client.HTTPException) as exc:
                error = f"{type(exc).__name__}: {exc}"
        raise FetchFailed(f"connection lost at byte {self.position} and {self.retries} range requests in a row "
                          f"brought nothing: {error}")

    # --- the file interface -------------------------------------------------------------------------------
    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = 1 << 20
        while True:
            if self._resp is None or (self.size is not None and self.position >= self.size):
                return b""
            try:
                data = self._resp.read(size)
            except (OSError, http.client.HTTPException) as exc:
                self._reopen(f"{type(exc).__name__}: {exc}")
                continue
            if not data and self.size is not None and self.position < self.size:
                self._reopen(f"the body ended at byte {self.position} of {self.size}")
                continue
            self.position += len(data)
            self.bytes_read += len(data)
            self._failures = 0
            return data

    def tell(self) -> int:
        return self.position

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except OSError:
                pass
        self._conn = self._resp = None

    def __enter__(self) -> "RemoteFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def fetch(url: str, *, timeout: float, retries: int) -> bytes:
    """A whole (small) resource, such as a listing; raises :class:`NotFound` or :class:`FetchFailed`."""
    try:
        with RemoteFile(url, timeout=timeout, retries=retries) as fh:
            chunks = []
            while block := fh.read(1 << 20):
                chunks.append(block)
            return b"".join(chunks)
    except (OSError, http.client.HTTPException) as exc:
        raise FetchFailed(f"{type(exc).__name__}: {exc}") from None


