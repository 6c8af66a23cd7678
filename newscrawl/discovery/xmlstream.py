"""Safe, streamed reading of sitemap and feed bodies: gzip with a size cap, XML without entities.

Nothing here fetches, expands an entity or builds a whole tree: the body is decompressed in
small chunks (refused past ``max_bytes``), fed to a pull parser that neither loads a DTD nor
resolves an entity nor reaches the network, and the caller clears each record once read.
"""
from __future__ import annotations

import re
import zlib
from typing import Iterator

from lxml import etree

GZIP_MAGIC = b"\x1f\x8b"
_PROLOG = re.compile(  # declarations, comments and a doctype, then the root element's name
    rb"\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*<([\w.:-]+)", re.S | re.I
)
CHUNK = 64 * 1024
DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # the sitemap protocol's limit on an uncompressed file


class BodyError(Exception):
    """A body refused or broken: the message is one line a person can read."""


class TooLarge(BodyError):
    """The (decompressed) body is larger than the cap."""


def is_gzip(body: bytes) -> bool:
    return body[:2] == GZIP_MAGIC


def chunks(body: bytes, max_bytes: int = DEFAULT_MAX_BYTES, size: int = CHUNK) -> Iterator[bytes]:
    """The body in chunks of at most ``size`` bytes, gunzipped when it is gzip (several members too).

    Raises :class:`TooLarge` once more than ``max_bytes`` would come out (what came before is
    yielded, so a caller keeps what it parsed), and :class:`BodyError` for a corrupt gzip stream.
    """
    if not is_gzip(body):
        for start in range(0, min(len(body), max_bytes), size):
            yield body[start:min(start + size, max_bytes)]
        if len(body) > max_bytes:
            raise TooLarge(f"body of {len(body)} bytes is over the {max_bytes}-byte cap")
        return
    out = 0
    data = body
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = data
        try:
            while pending and not inflater.eof:
                piece = inflater.decompress(pending, size)
                pending = inflater.unconsumed_tail
                out += len(piece)
                if out > max_bytes:
                    raise TooLarge(f"gzip body inflates past the {max_bytes}-byte cap")
                if piece:
                    yield piece
            while not inflater.eof:  # input used up: drain what the inflater still holds
                piece = inflater.decompress(b"", size)
                if not piece:
                    break
                out += len(piece)
                if out > max_bytes:
                    raise TooLarge(f"gzip body inflates past the {max_bytes}-byte cap")
                yield piece
        except zlib.error as exc:
            raise BodyError(f"corrupt gzip body: {exc}") from None
        if not inflater.eof:
            raise BodyError("truncated gzip body")
        data = inflater.unused_data
        if data and not is_gzip(data):
            break  # trailing garbage after the last member, as gzip(1) tolerates


def local(tag: object) -> str:
    """Local name of an element tag (``{ns}loc`` -> ``loc``); '' for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def text_of(el: etree._Element | None) -> str | None:
    """The stripped text of an element (CDATA included, entity references left out), or None."""
    if el is None:
        return None
    text = el.text if not len(el) else "".join(el.itertext())
    if not text:
        return None
    return text.strip() or None


def _parser(events: tuple[str, ...], tag: str | None = None) -> etree.XMLPullParser:
    return etree.XMLPullParser(
        events=events,
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _pull(body: bytes, max_bytes: int, parser: etree.XMLPullParser) -> Iterator[tuple[str, etree._Element]]:
    """Feed the body to ``parser`` chunk by chunk and hand out its events, refusing entity declarations.

    A syntax error or a refused body is raised only after the events read before it were handed out.
    """
    checked = False
    pieces = chunks(body, max_bytes)
    while True:
        failure: Exception | None = None
        piece = None
        try:
            piece = next(pieces, None)
            if piece is None:
                parser.close()
            else:
                parser.feed(piece)
        except (etree.XMLSyntaxError, BodyError) as exc:
            failure = exc
        if failure is not None and piece is None:
            # the document ended inside an element: what lxml (6.2 and later) closes for us then was never
            # written whole ("<loc>https://…/a-b-c-3</lo"), so none of it is handed out
            raise failure
        for event, el in parser.read_events():
            if not checked:
                checked = True
                dtd = el.getroottree().docinfo.internalDTD
                if dtd is not None and any(True for _ in dtd.iterentities()):
                    raise BodyError("XML declares entities in its DTD: refused")
            yield event, el
        if failure is not None:
            raise failure
        if piece is None:
            return


def events(body: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[str, etree._Element, int]]:
    """``(event, element, depth)`` for every start/end of the XML body, the root at depth 0.

    Refuses a document that declares entities (billion laughs, external entities) with
    :class:`BodyError`; lxml's ``XMLSyntaxError`` passes through for malformed XML. The caller
    should free the records it has read (see :func:`drop`).
    """
    depth = -1
    for event, el in _pull(body, max_bytes, _parser(("start", "end"))):
        if event == "start":
            depth += 1
            yield event, el, depth
        else:
            yield event, el, depth
            depth -= 1


def records(body: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[etree._Element]:
    """Each complete child of the root whose local name is ``name``, in any namespace or none.

    The fast path for big files: the parser reports nothing else. Same refusals as :func:`events`;
    the caller frees each record with :func:`drop` once read.
    """
    for _, el in _pull(body, max_bytes, _parser(("end",), tag="{*}" + name)):
        parent = el.getparent()
        if parent is not None and parent.getparent() is None:
            yield el


def root_name(head: bytes) -> str | None:
    """Local name of the root element, read from the first bytes of an XML body (None when unseen)."""
    match = _PROLOG.match(head)
    return match.group(1).rpartition(b":")[2].decode("ascii", "replace") if match else None


def drop(el: etree._Element) -> None:
    """Free a record once read: its content and the siblings read before it."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def first_bytes(body: bytes, n: int = 4096) -> bytes:
    """The first ``n`` bytes of the body, gunzipped when it is gzip; b'' when it cannot be read."""
    out = b""
    try:
        for piece in chunks(body, max_bytes=1 << 62, size=n):
            out += piece
            if len(out) >= n:
                break
    except BodyError:
        pass
    return out[:n]


def head_of(body: bytes) -> bytes:
    """The first kilobyte (gzip undone), without a byte-order mark or leading white space: enough to sniff."""
    return first_bytes(body, 1024).lstrip(b"\xef\xbb\xbf \t\r\n")


def unreadable(body: bytes) -> str:
    """Why a body whose first bytes came out empty cannot be read, in one line."""
    if not body.strip():
        return "empty body"
    try:
        for _ in chunks(body, size=CHUNK):
            break
    except BodyError as exc:
        return str(exc)
    return "blank body: no content in its first kilobyte"


def rejected(head: bytes, body: bytes, what: str) -> str | None:
    """Why a body is no ``what`` ("sitemap", "feed") at first sight, in one line; None when it may be."""
    if not head:
        return unreadable(body)
    if is_html(head):
        return f"not a {what}: an HTML page"
    return None


def is_html(head: bytes) -> bool:
    """Whether the (stripped) first bytes of a body open an HTML page."""
    return head[:14].lower().startswith((b"<!doctype html", b"<html"))
