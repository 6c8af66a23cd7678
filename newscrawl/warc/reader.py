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
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Union
from urllib.parse import quote, urljoin

from warcio.archiveiterator import ArchiveIterator

from .records import split

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
# extension fields the crawl's WARC writer adds to a response record (see writer.py)
KIND_HEADER = "Newscrawl-Kind"
HINTS_HEADER = "Newscrawl-Hints"


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


def read_inputs(found: list[tuple[Path, Path]], base_url: str | None = None) -> Iterator[Item]:
    """Every page of the ``(file, root)`` pairs :func:`find_inputs` returned."""
    for path, root in found:
        try:
            kind = kind_of(path)
        except OSError as exc:
            yield Unreadable("unreadable", str(path), exc.strerror or str(exc))
            continue
        if kind == "warc":
            yield from iter_warc(path)
        else:
            yield read_html(path, root, base_url)


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
    return SavedPage(url, body, {}, None, datetime.fromtimestamp(mtime, timezone.utc))


def iter_warc(path: Path) -> Iterator[Item]:
    """The ``response`` records of one WARC file; a damaged record is reported and reading goes on after it
    (:mod:`.records`), so that no intact record is lost and no byte of a damaged one is kept."""
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
                yield item


def _parse(data: bytes, where: str) -> Item | None:
    """A whole record's bytes as a :class:`SavedPage` (None for other record types)."""
    try:
        with _warnings() as warned:
            rec = next(ArchiveIterator(io.BytesIO(data)), None)
            if rec is None or rec.rec_type != "response":
                return None
            body = rec.content_stream().read()
    except Exception as exc:  # warcio raises many types on damaged input
        return Unreadable("damaged", where, _first_line(warned.getvalue()) or f"{type(exc).__name__}: {exc}")
    if warned.getvalue():
        return Unreadable("damaged", where, _first_line(warned.getvalue()))
    return _page(rec, where, body)


def _page(rec, url: str, body: bytes) -> SavedPage:
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
def _warnings() -> Iterator[io.StringIO]:
    """warcio reports some damage only by writing to stderr: capture it, so it becomes one counted line."""
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        yield buf


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
