"""Decoding page bytes to text.

In order: a byte-order mark; pure ASCII; strict UTF-8 (bytes that are valid
UTF-8 are UTF-8 whatever the page declares: a page saying iso-8859-1 whose
bytes read as UTF-8 is UTF-8); mostly-UTF-8 bytes with a few stray
windows-1252 bytes, or a declared UTF-8 page with some (the declaration wins unless the bytes clearly
deny it); the declared charset, read the way browsers read labels
(iso-8859-1 is windows-1252, gb2312 is gb18030…); and, when nothing is
declared or the declaration does not fit the bytes, detection
(:mod:`.charset`). Characters XML forbids (C0 controls other than tab and
newlines, U+FFFE, U+FFFF) are removed: lxml refuses them in the text trafilatura
writes, and one of them would lose the whole body. UTF-8 bytes are repaired where the page itself holds
UTF-8 that was once read as windows-1252 ("Ã©" for "é"), and runs of U+FFFD
replacement characters become a space.
"""
from __future__ import annotations

import codecs
import re

from .charset import CODEC_FOR_LABEL, guess_codec

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_ASCII = bytes(range(128))
MOSTLY_UTF8 = 0.8  # share of non-ASCII bytes in valid UTF-8 sequences above which stray bytes are windows-1252
# ... and above which a page that declares UTF-8 is read as declared, only its stray bytes as windows-1252 (the
# windows-1252 pages of the corpora that claim UTF-8 have a share of 0: their bytes hardly ever pair up)
DECLARED_UTF8 = 0.25
SNIFF_BYTES = 4096  # where a <meta charset> is looked for (the HTML standard says 1024; pages overrun it)


def _stray_byte(err: UnicodeDecodeError) -> tuple[str, int]:
    """Error handler: a byte that is not UTF-8 inside UTF-8 text, read as windows-1252."""
    bad = err.object[err.start:err.start + 1]
    return bad.decode("cp1252", "replace") if bad[0] not in b"\x81\x8d\x8f\x90\x9d" else " ", err.start + 1


codecs.register_error("newscrawl-cp1252", _stray_byte)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    label = name.strip().lower()
    if label in CODEC_FOR_LABEL:
        return CODEC_FOR_LABEL[label]
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return CODEC_FOR_LABEL.get(codec, codec)


def declared_charset(body: bytes, content_type: str | None = None) -> str | None:
    """The codec the HTTP header or the page's own `<meta>` declares, as browsers read the label."""
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and (name := _codec(m.group(1))):
            return name
    m = _META_CHARSET.search(body[:SNIFF_BYTES])
    if not m:
        return None
    name = _codec(m.group(1).decode("ascii", "ignore"))
    # a <meta> read from ASCII-compatible bytes cannot truly say UTF-16 or UTF-32
    return "utf-8" if name and name.startswith(("utf-16", "utf-32", "utf_16", "utf_32")) else name


def utf8_share(body: bytes) -> float:
    """Share of the non-ASCII bytes that sit in well-formed UTF-8 sequences."""
    high = len(body.translate(None, _ASCII))
    if not high:
        return 1.0
    kept = len(body.decode("utf-8", "ignore").encode("utf-8"))  # ASCII plus well-formed sequences
    return (kept - (len(body) - high)) / high


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode HTML bytes to text (see the module's docstring for the order of evidence)."""
    if body.startswith(codecs.BOM_UTF8):
        return _clean(fix_mojibake(body[3:]).decode("utf-8", "newscrawl-cp1252"))
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _clean(body.decode("utf-16", "replace"))
    if body.isascii():
        return _clean(body.decode("ascii"))
    try:
        return _clean(fix_mojibake(body).decode("utf-8"))
    except UnicodeDecodeError:
        pass
    share, charset = utf8_share(body), declared_charset(body, content_type)
    if share >= MOSTLY_UTF8 or (charset == "utf-8" and share >= DECLARED_UTF8):
        return _clean(fix_mojibake(body).decode("utf-8", "newscrawl-cp1252"))
    if charset and charset != "utf-8":
        try:
            return _clean(body.decode(charset))
        except (UnicodeDecodeError, LookupError):
            pass  # the label does not fit the bytes: detect
    return _clean(body.decode(guess_codec(body), "replace"))


# --- repairs -------------------------------------------------------------------

# UTF-8 that was read as windows-1252 and written out again as UTF-8 ("Ã©" for "é"), matched in
# the UTF-8 bytes: the character of a lead byte (U+00C2-U+00F4, bytes C3 82-C3 B4) followed by
# the characters of its continuation bytes (windows-1252 0x80-0xBF, here as their UTF-8 bytes).
_CONT = (rb"(?:\xc2[\x80-\xbf]|\xe2\x80[\x93\x94\x98-\x9a\x9c-\x9e\xa0-\xa2\xa6\xb0\xb9\xba]"
         rb"|\xe2\x82\xac|\xe2\x84\xa2|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92|\xcb[\x86\x9c])")
_MOJIBAKE = re.compile(rb"\xc3[\x82-\x9f]" + _CONT + rb"|\xc3[\xa0-\xaf]" + _CONT + rb"{2}|\xc3[\xb0-\xb4]" + _CONT + rb"{3}")
_REPLACEMENT_RUN = re.compile("\ufffd+")
# what a repaired sequence may stand for: letters of alphabets, typography, symbols, kana, emoji;
# not ideographs or rare scripts ("é\u00a0»" in French would otherwise read as one CJK character)
_PLAUSIBLE = re.compile(
    "[\u00a0-\u024f\u0370-\u052f\u0590-\u06ff\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u215f"
    "\u2190-\u21ff\u2500-\u27bf\u3000-\u30ff\uff00-\uffef\U0001f300-\U0001faff]"
)


def _unmangle(m: re.Match) -> bytes:
    seq = m.group()
    chars = seq.decode("utf-8")
    try:
        raw = bytes(ord(c) if ord(c) < 0x100 else c.encode("cp1252")[0] for c in chars)
        fixed = raw.decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return seq
    return fixed.encode("utf-8") if _PLAUSIBLE.fullmatch(fixed) else seq


def fix_mojibake(body: bytes, passes: int = 3) -> bytes:
    """Undo UTF-8 read as windows-1252 and stored again, in UTF-8 bytes ("fÃ¼r" -> "für", "â€“" -> "–").

    A page mangled twice ("ÃƒÂ¼") needs a second pass.
    """
    for _ in range(passes):
        if not _MOJIBAKE.search(body):
            break
        fixed = _MOJIBAKE.sub(_unmangle, body)
        if fixed == body:
            break
        body = fixed
    return body


# XML 1.0 forbids these; the form feed is white space in HTML, so it becomes a space
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    """Runs of U+FFFD (bytes lost before the page reached us) become a space; characters XML forbids go."""
    if "\ufffd" in text:
        text = _REPLACEMENT_RUN.sub(" ", text)
    if "\x0c" in text:
        text = text.replace("\x0c", " ")
    return _XML_FORBIDDEN.sub("", text)
