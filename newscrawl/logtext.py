"""Text from the network made safe for one log line: control characters shown escaped, not sent raw.

A header value such as ``text/html\x1b[2J`` would otherwise clear the terminal of whoever reads the log, or
break one line into two.
"""
from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str | bytes | None) -> str:
    """``text`` with every control character written as ``\\xNN`` (``\\uNNNN`` for line separators)."""
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    return _CONTROL.sub(_escape, text)


def _escape(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
