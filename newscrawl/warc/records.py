"""A WARC file cut into whole, checked records, reading on past damage.

A damaged record never costs the records after it, and none of its bytes are handed on:

- ``.warc.gz``: every gzip member is inflated on its own and must end with its CRC intact; a member that is
  cut short or corrupt is reported, and reading goes on at the next gzip member start (``1f 8b 08``) that
  inflates to a WARC record;
- in plain WARC (and inside each member), a record's block is exactly its ``Content-Length`` bytes, followed by
  the blank lines and then the next ``WARC/1.`` header or the end; a record whose length does not fit, or
  whose ``WARC-Block-Digest`` does not match its bytes, is reported and reading goes on at the next line that
  starts with ``WARC/1.``.

:func:`split` yields :class:`Chunk`: either one record's bytes (``data``) or the damage found (``damage``,
one of :data:`DAMAGE`), with the record's ``WARC-Target-URI`` when its header could still be read.
"""
from __future__ import annotations

import base64
import hashlib
import io
import re
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Iterator

GZIP_MAGIC = b"\x1f\x8b\x08"
DAMAGE = {
    "truncated": "the record or its gzip member ends before its end",
    "bad_gzip": "gzip data that does not inflate, or fails its CRC",
    "bad_length": "Content-Length does not match the record",
    "bad_digest": "WARC-Block-Digest does not match the record",
    "bad_header": "no WARC record header where one should start",
    "too_large": "a record or gzip member larger than the limit",
}
MAX_HEADER_BYTES = 1 << 20
MAX_RECORD_BYTES = 1 << 30  # inflated size of one gzip member / one record
_READ = 1 << 16
_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*\r?$", re.I | re.M)
_URI = re.compile(rb"^warc-target-uri:[ \t]*<?([^\r\n>]*)>?[ \t]*\r?\n", re.I | re.M)  # a whole line only
_DIGEST = re.compile(rb"^warc-block-digest:[ \t]*([\w-]+):([^\s]+)[ \t]*\r?$", re.I | re.M)
_HEADER_END = re.compile(rb"\r?\n\r?\n")


@dataclass
class Chunk:
    offset: int  # where the record (or the damaged stretch) starts in the file
    data: bytes | None = None  # one whole record, header and block
    damage: str | None = None  # a key of DAMAGE
    detail: str = ""
    uri: str | None = None


def split(fh: BinaryIO, gzipped: bool) -> Iterator[Chunk]:
    """Every record of the file ``fh`` (opened in binary mode, seekable), and every damaged stretch."""
    if not gzipped:
        yield from _plain(fh)
        return
    for offset, data, damage, detail in _members(fh):
        if damage:
            yield Chunk(offset, damage=damage, detail=detail, uri=uri_in(data))
            continue
        for chunk in _plain(io.BytesIO(data)):
            if chunk.damage == "truncated":  # the member is whole: its record claims more than it holds
                chunk.damage = "bad_length"
            if chunk.damage:
                chunk.detail += f" (in the gzip member at byte {offset})"
            chunk.offset = offset
            yield chunk


def uri_in(data: bytes | None) -> str | None:
    """The ``WARC-Target-URI`` of a record header, if the bytes hold one."""
    if not data or not data.startswith(b"WARC/"):
        return None
    m = _URI.search(data[:MAX_HEADER_BYTES].split(b"\r\n\r\n", 1)[0])
    return m.group(1).decode("utf-8", "replace") if m else None


# --- gzip members ----------------------------------------------------------------------------------

def _members(fh: BinaryIO) -> Iterator[tuple[int, bytes, str | None, str]]:
    """(offset, inflated bytes, damage, detail) for each gzip member, resynchronising after a bad one."""
    pos, lost = 0, None  # ``lost``: where the damaged stretch being skipped began
    while True:
        fh.seek(pos)
        head = fh.read(3)
        if not head:
            return
        if head != GZIP_MAGIC:
            rest = head + fh.read(4096)
            if lost is None and rest.strip(b"\r\n\x00 "):
                yield pos, b"", "bad_header", "bytes that are not a gzip member"
                lost = pos
            nxt = _find(fh, GZIP_MAGIC, pos + 1)
            if nxt is None:
                return
            pos = nxt
            continue
        data, end, damage, detail = _inflate(fh, pos)
        if damage is None and data.startswith(b"WARC/"):
            yield pos, data, None, ""
            pos, lost = end, None
            continue
        if damage is None:
            damage, detail = "bad_header", "a gzip member that does not hold a WARC record"
        if lost is None:  # the first failure of a stretch is the damage; later false starts are part of it
            yield pos, data, damage, detail
            lost = pos
        nxt = _find(fh, GZIP_MAGIC, pos + 1)
        if nxt is None:
            return
        pos = nxt


def _inflate(fh: BinaryIO, pos: int) -> tuple[bytes, int, str | None, str]:
    """Inflate the gzip member at ``pos``: (bytes, offset after it, damage, detail)."""
    fh.seek(pos)
    inflater = zlib.decompressobj(31)
    out: list[bytes] = []
    size, read = 0, 0
    while not inflater.eof:
        raw = fh.read(_READ)
        if not raw:
            return b"".join(out), pos + read, "truncated", f"gzip member cut short after {read} bytes"
        read += len(raw)
        try:
            piece = inflater.decompress(raw)
        except zlib.error as exc:
            return b"".join(out), pos + read, "bad_gzip", f"gzip member at byte {pos}: {exc}"
        size += len(piece)
        if size > MAX_RECORD_BYTES:
            return b"".join(out)[:MAX_HEADER_BYTES], pos + read, "too_large", f"gzip member over {MAX_RECORD_BYTES} bytes"
        out.append(piece)
    return b"".join(out), pos + read - len(inflater.unused_data), None, ""


def _find(fh: BinaryIO, needle: bytes, start: int) -> int | None:
    """Offset of the next ``needle`` at or after ``start``, or None."""
    pos, overlap = start, len(needle) - 1
    while True:
        fh.seek(pos)
        block = fh.read(_READ + overlap)
        hit = block.find(needle)
        if hit >= 0:
            return pos + hit
        if len(block) < _READ + overlap:
            return None
        pos += _READ


# --- records ------------------------------------------------------------------------------------

def _plain(fh: BinaryIO) -> Iterator[Chunk]:
    """Records of uncompressed WARC bytes; after damage, reading goes on at the next ``WARC/1.`` that starts
    a whole record (a damaged record may end anywhere, so the next header need not start a line)."""
    pos, lost = 0, False  # ``lost``: skipping a damaged stretch, whose false starts are part of it
    while True:
        fh.seek(pos)
        start = fh.read(8)
        if not start.strip(b"\r\n\x00 \t"):
            return
        if not start.lstrip(b"\r\n").startswith(b"WARC/"):
            chunk = Chunk(pos, damage="bad_header", detail="bytes that are not a WARC record header")
        else:
            pos += len(start) - len(start.lstrip(b"\r\n"))
            chunk = _record(fh, pos)
            if chunk.damage is None:
                yield chunk
                pos, lost = pos + len(chunk.data), False
                continue
        if not lost:
            yield chunk
            lost = True
        nxt = _find(fh, b"WARC/1.", pos + 1)
        if nxt is None:
            return
        pos = nxt


def _record(fh: BinaryIO, pos: int) -> Chunk:
    """The record whose header starts at ``pos``, checked whole (its bytes include the blank lines after it)."""
    fh.seek(pos)
    head = fh.read(_READ)
    m = _HEADER_END.search(head)
    while m is None and len(head) < MAX_HEADER_BYTES:
        more = fh.read(_READ)
        if not more:
            break
        head += more
        m = _HEADER_END.search(head)
    if m is None:
        reason = "truncated" if len(head) < MAX_HEADER_BYTES else "bad_header"
        return Chunk(pos, damage=reason, detail="record header without its end", uri=uri_in(head))
    header = head[:m.end()]
    uri = uri_in(header)
    length = _LENGTH.search(header)
    if not length:
        return Chunk(pos, damage="bad_header", detail="record header without Content-Length", uri=uri)
    size = int(length.group(1))
    if size > MAX_RECORD_BYTES:
        return Chunk(pos, damage="too_large", detail=f"Content-Length {size}", uri=uri)
    fh.seek(pos + len(header))
    block = fh.read(size)
    if len(block) < size:
        return Chunk(pos, damage="truncated", uri=uri, detail=f"record ends {size - len(block)} bytes short")
    tail = fh.read(4)
    trailer = tail[:len(tail) - len(tail.lstrip(b"\r\n"))]
    rest = tail[len(trailer):]
    if rest and not (rest + fh.read(4)).startswith(b"WARC/"):
        return Chunk(pos, damage="bad_length", uri=uri, detail=f"Content-Length {size} does not end the record")
    if not _digest_ok(header, block):
        return Chunk(pos, damage="bad_digest", uri=uri, detail="WARC-Block-Digest does not match")
    return Chunk(pos, data=header + block + trailer, uri=uri)


def _digest_ok(header: bytes, block: bytes) -> bool:
    """True when the header's ``WARC-Block-Digest`` matches ``block`` (or there is none we can check)."""
    m = _DIGEST.search(header)
    if not m:
        return True
    algo, value = m.group(1).decode().lower().replace("-", ""), m.group(2).decode("ascii", "replace")
    if algo not in ("sha1", "sha256", "md5"):
        return True
    digest = hashlib.new(algo, block).digest()
    return value in (base64.b32encode(digest).decode(), digest.hex()) or value.lower() == digest.hex()
