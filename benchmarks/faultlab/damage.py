"""WARC records damaged the ways seen in the field (tests/test_warc_damage.py, benchmarks/faults.py): a member cut
half-way or overwritten, a wrong Content-Length, garbage before a record; gzip members or plain WARC."""
from __future__ import annotations

import gzip
import io
import re

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HOWS = ("cut", "corrupt", "length_short", "length_long", "garbage")


def record_bytes(url: str, body: bytes, headers, gzipped: bool) -> bytes:
    """One response record of ``body`` (a gzip member when ``gzipped``)."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzipped)
    http = StatusAndHeaders("200 OK", [(k, v) for k, v in headers if k.lower() != "content-length"]
                            + [("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                        warc_headers_dict={"WARC-Date": "2025-01-08T09:30:00Z"}, http_headers=http))
    return buf.getvalue()


def set_length(record: bytes, delta: int) -> bytes:
    """The WARC header's Content-Length changed by ``delta`` (the block left as it is)."""
    m = re.search(rb"\r\nContent-Length: (\d+)\r\n", record)
    assert m is not None
    return record[:m.start(1)] + str(int(m.group(1)) + delta).encode() + record[m.end(1):]


def damage_gz(member: bytes, how: str) -> bytes:
    if how == "cut":  # the member stops half-way, the next member follows at once
        return member[:len(member) // 2]
    if how == "corrupt":  # bytes in the middle of the deflate stream overwritten
        mid = len(member) // 2
        return member[:mid] + bytes(b ^ 0x5A for b in member[mid:mid + 64]) + member[mid + 64:]
    if how in ("length_short", "length_long"):
        return gzip.compress(set_length(gzip.decompress(member), -500 if how == "length_short" else 500))
    if how == "garbage":  # a run of bytes that is no gzip member at all, before the record
        return b"\x00garbage from a bad copy\x00" * 40 + member
    raise ValueError(how)


def damage_plain(record: bytes, how: str) -> bytes:
    if how == "cut":
        return record[:len(record) // 2]
    if how == "corrupt":  # same length, other bytes: only the block digest can tell
        mid = len(record) // 2
        return record[:mid] + bytes(b ^ 0x20 if 0x41 <= b <= 0x7A else b for b in record[mid:mid + 64]) + record[mid + 64:]
    if how == "length_short":
        return set_length(record, -500)
    if how == "length_long":
        return set_length(record, 500)
    if how == "garbage":
        return b"junk line\r\n" * 40 + record
    raise ValueError(how)


def damaged(pages: list[tuple[str, bytes, list[tuple[str, str]]]], bad: int, gzipped: bool, how: str) -> bytes:
    """A WARC of ``pages``, one record each, the record at index ``bad`` damaged ``how``."""
    parts = [record_bytes(url, body, headers, gzipped) for url, body, headers in pages]
    parts[bad] = (damage_gz if gzipped else damage_plain)(parts[bad], how)
    return b"".join(parts)
