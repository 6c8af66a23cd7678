"""Is it an HTML page at all? The content type, and bytes that are not text whatever the label."""
from __future__ import annotations

HTML_TYPES = ("text/html", "application/xhtml")
# leading bytes of common binary formats a server may still label text/html
_MAGIC = {b"%PDF": "pdf", b"\x89PNG": "png", b"GIF8": "gif", b"\xff\xd8\xff": "jpeg", b"PK\x03\x04": "zip",
          b"\x1f\x8b": "gzip", b"RIFF": "riff", b"OggS": "ogg", b"ID3": "mp3"}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_TEXT_CONTROLS = {9, 10, 12, 13, 27}  # tab, newlines, form feed, escape: seen in real pages
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in _TEXT_CONTROLS)  # deleted to count the rest


def is_html_type(content_type: str | bytes | None) -> bool:
    """True for an HTML content type, and for none at all (the bytes decide then)."""
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    ctype = (content_type or "").lower()
    return not ctype or any(t in ctype for t in HTML_TYPES)


def binary_kind(body: bytes) -> str | None:
    """What a body is when it is not text: a known file signature, NUL bytes, or many control bytes."""
    head = body[:4096].lstrip()
    if head.startswith(_UTF16_BOMS):  # UTF-16 text with its byte-order mark
        return None
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if head.count(b"\x00") > len(head) // 100:  # a stray NUL in a text page is not enough
        return "binary"
    controls = len(head.translate(None, _NOT_CONTROL))  # per page: the C loop, not a Python one
    return "binary" if controls > len(head) // 20 else None
