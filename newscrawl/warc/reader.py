"""Saved pages read back: WARC ``response`` records, plain HTML files, and directories of both.

:func:`iter_inputs` yields a :class:`SavedPage` for every page it could read and a
:class:`Unreadable` for every record it could not (a truncated or corrupt gzip member, a WARC
record cut short or with a wrong Content-Length, a file that cannot be opened; the
reasons are :data:`.records.DAMAGE`): the caller counts and reports those, and
reading goes on with the next record.
"""
from __future__ import annotations

import contextlib
import io
import json
import mimetypes
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, Union
from urllib.parse import quote, urljoin

from warcio.archiveiterator import ArchiveIterator

from .records import split

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
# extension fields the crawl's WARC writer adds to a response record (see writer.py)
KIND_HEADER = "Newscrawl-Kind"
HINTS_HEADER = "Newscrawl-Hints"
BLOCK = 64 * 1024  # bytes read from a file at a time


@dataclass
class SavedPage:
    """One saved page, as the crawl fetched it."""

    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    status: int | None = 200
    fetched_at: datetime | None = None
    kind: str | None = None  # what the crawl fetched it as (article, sitemap…); None when unknown
    hints: dict[str, str] | None = None  # the crawl's hints (news sitemap date and title)


@dataclass
class Unreadable:
    """A record or file that could not be read; ``where`` is its URI or ``path@offset``."""

    reason: str
    where: str
    detail: str = ""


Item = Union[SavedPage, Unreadable]


class MissingInput(FileNotFoundError):
    pass


def kind_of(path: Path) -> str:
    """``warc`` or ``html``: by name, else by the first bytes (a gzip or ``WARC/`` start means WARC)."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    with open(path, "rb") as fh:
        head = fh.read(8)
    return "warc" if head.startswith((b"\x1f\x8b", b"WARC/")) else "html"


def find_inputs(paths: list[str]) -> list[tuple[Path, Path]]:
    """Every input file as ``(file, root)``: directories are walked (sorted; hidden and unfinished files skipped).

    ``root`` is the directory an HTML file's URL is made relative to. Raises
    :class:`MissingInput` for a path that does not exist.
    """
    found: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith(".") and name.lower().endswith(WARC_SUFFIXES + HTML_SUFFIXES):
                        found.append((Path(dirpath) / name, path))
        elif path.is_file():
            found.append((path, path.parent))
        else:
            raise MissingInput(f"no such file or directory: {raw}")
    return found


def iter_inputs(paths: list[str], base_url: str | None = None) -> Iterator[Item]:
    """Every page under ``paths``, in order."""
    return read_inputs(find_inputs(paths), base_url)


@dataclass
class ReadPosition:
    """How far :func:`read_inputs` got: bytes of the input files read (compressed size, as on disk), and files."""

    total_bytes: int = 0
    done_bytes: int = 0
    total_files: int = 0
    files: int = 0  # files begun

    @classmethod
    def of(cls, found: list[tuple[Path, Path]]) -> "ReadPosition":
        sizes = []
        for path, _ in found:
            with contextlib.suppress(OSError):
                sizes.append(path.stat().st_size)
        return cls(total_bytes=sum(sizes), total_files=len(found))


def read_inputs(found: list[tuple[Path, Path]], base_url: str | None = None,
                position: ReadPosition | None = None) -> Iterator[Item]:
    """Every page of the ``(file, root)`` pairs :func:`find_inputs` returned; ``position`` follows the reading."""
    position = position or ReadPosition()
    for path, root in found:
        start = position.done_bytes
        position.files += 1
        try:
            kind = kind_of(path)
            size = path.stat().st_size
        except OSError as exc:
            yield Unreadable("unreadable", str(path), exc.strerror or str(exc))
            continue
        if kind == "warc":
            for item in iter_warc(path, lambda offset: setattr(position, "done_bytes", start + offset)):
                yield item
        else:
            position.done_bytes = start + size
            yield read_html(path, root, base_url)
        position.done_bytes = start + size


def read_html(path: Path, root: Path, base_url: str | None = None) -> Item:
    """A saved HTML file: URL ``file://…`` (or ``base_url`` + its path under ``root``), fetched at its mtime."""
    try:
        body = path.read_bytes()
        mtime = path.stat().st_mtime
    except OSError as exc:
        return Unreadable("unreadable", str(path), exc.strerror or str(exc))
    if base_url:
        rel = path.relative_to(root).as_posix()
        url = urljoin(base_url if base_url.endswith("/") else base_url + "/", quote(rel))
    else:
        url = path.resolve().as_uri()
    ctype = mimetypes.guess_type(path.name)[0]  # a .json or .txt file is not HTML; no suffix: the bytes decide
    headers = {"content-type": ctype} if ctype else {}
    return SavedPage(url, body, headers, None, datetime.fromtimestamp(mtime, timezone.utc))


def iter_warc(path: Path, at: "Callable[[int], None] | None" = None) -> Iterator[Item]:
    """The ``response`` records of one local WARC file; a damaged record is reported and reading goes on after
    it (:mod:`.records`), so that no intact record is lost and no byte of a damaged one is kept.

    ``at`` is told the file offset read up to at each page (the progress line). A stream that cannot seek (CC-NEWS
    over HTTP) is read by :func:`read_records` instead.
    """
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Unreadable("unreadable", str(path), exc.strerror or str(exc))
        return
    with fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
        for chunk in split(fh, gzipped):
            where = chunk.uri or f"{path}@{chunk.offset}"
            if chunk.damage:
                yield Unreadable(chunk.damage, where, chunk.detail)
                continue
            item = _parse(chunk.data, where)
            if item is not None:
                if at and isinstance(item, SavedPage):
                    at(fh.tell())  # the bytes read so far, this record included
                yield item


def _parse(data: bytes, where: str) -> Item | None:
    """A whole record's bytes as a :class:`SavedPage` (None for other record types)."""
    try:
        with captured_warnings() as warned:
            rec = next(ArchiveIterator(io.BytesIO(data)), None)
            if rec is None or rec.rec_type != "response":
                return None
            body = rec.content_stream().read()
    except Exception as exc:  # warcio raises many types on damaged input
        return Unreadable("damaged", where, first_line(warned.getvalue()) or f"{type(exc).__name__}: {exc}")
    if warned.getvalue():
        return Unreadable("damaged", where, first_line(warned.getvalue()))
    return page_of(rec, where, body)


@dataclass
class Scan:
    """What one pass of :func:`read_records` over a file saw."""

    records: int = 0  # every record (warcinfo, request, response, metadata…)
    responses: int = 0
    unwanted: int = 0  # responses that ``wanted`` turned down
    offset: int = 0  # where the last whole record ended


def read_records(fh: BinaryIO, where: str, scan: Scan, wanted: Callable[[str], bool] | None = None,
                 passthrough: tuple[type[BaseException], ...] = ()) -> Iterator[tuple[int, Item]]:
    """``(end offset, page or unreadable)`` for every response record of ``fh`` from its position on.

    Records are read with warcio's ``no_record_parse``: of a record that is not a response, or whose
    ``WARC-Target-URI`` ``wanted`` turns down, neither the HTTP headers nor the payload are parsed (a gzip
    member is still inflated to find where the next record starts). The end offset is where the record ends in
    the file (a reader that stops after it resumes there); ``scan`` counts every record passed over. A record
    cut short ends the reading, one warcio complains about is skipped; exceptions of ``passthrough`` types (the
    stream's own) are raised as they are.
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
                target = rec.rec_headers.get_header("WARC-Target-URI") or ""
                if wanted is not None and not wanted(target):
                    scan.unwanted += 1
                    records.read_to_end()
                    scan.offset = records.offset
                    continue
                rec.http_headers = records.loader.load_http_headers(rec.rec_type, target, rec.raw_stream, rec.length)
                if rec.http_headers is None:  # a record cut in its headers
                    raise EOFError("the record ends in its headers")
                uri = target  # from here on the record is named by its URI
                body = rec.content_stream().read()
                missing = getattr(rec.raw_stream, "limit", 0)
                records.read_to_end()
        except passthrough:
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
        yield scan.offset, page_of(rec, uri or where, body)


def page_of(rec, url: str, body: bytes) -> SavedPage:
    http = rec.http_headers
    headers: dict[str, str] = {}
    status = None
    if http is not None:
        for name, value in http.headers:
            headers.setdefault(name.lower(), value)
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            status = None
    date = rec.rec_headers.get_header("WARC-Date")
    try:
        fetched = datetime.fromisoformat(date.replace("Z", "+00:00")) if date else None
    except ValueError:
        fetched = None
    if fetched is not None and fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=timezone.utc)
    hints = None
    if raw := rec.rec_headers.get_header(HINTS_HEADER):
        try:
            hints = {str(k): str(v) for k, v in json.loads(raw).items()}
        except (ValueError, AttributeError):
            hints = None
    return SavedPage(url, body, headers, status, fetched, rec.rec_headers.get_header(KIND_HEADER), hints)


@contextlib.contextmanager
def captured_warnings() -> Iterator[io.StringIO]:
    """warcio reports some damage only by writing to stderr: capture it, so it becomes one counted line."""
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        yield buf


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
