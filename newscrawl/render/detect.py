"""Tell an empty JavaScript shell from a page whose text is in its HTML (pure, cheap, bytes in).

A shell is what a client-rendered site sends before its scripts run: an application root
(``<div id="root"></div>``, ``__next``, ``<app-root>``), maybe a ``<noscript>`` asking for
JavaScript, scripts, and next to no visible text. Such a page is worth one rendered fetch;
a page with its text in the HTML never is.

The test runs on every article response, so it works on the raw bytes with a few regular
expressions (no parse) and stops reading once the body shows enough text: about 0.25 ms a
page on the dev corpora (186 KB a page on average). The signs it looks for are
data (``newscrawl/data/render/shells.toml``); the thresholds are below.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from .. import data

# Visible text is counted in bytes that are not white space (UTF-8: a CJK character is 3).
BARE_TEXT = 100  # below this, a page with a script is a shell whatever else it holds
SHELL_TEXT = 400  # below this, a page with a script and an app root or a noscript warning is a shell
ENOUGH_TEXT = 600  # a rendered page holding this much text has its article (the browser waits for it)

_SCRIPT = re.compile(
    rb"<script\b(?![^>]*\btype\s*=\s*[\"']?(?:application/(?:ld\+)?json|text/template|text/x-template)\b)",
    re.I,
)
_BODY = re.compile(rb"<body\b|</head\s*>", re.I)
# Raw-text elements, whose content is never shown as text, and comments: skipped to their end.
_HIDDEN_OPEN = re.compile(rb"<(script|style|noscript|template|textarea)\b|<!--", re.I)
_HIDDEN_CLOSE = {name: re.compile(rb"</" + name + rb"\s*>", re.I)
                 for name in (b"script", b"style", b"noscript", b"template", b"textarea")}
_MARKUP = re.compile(rb"<[^>]*>|\s+|&nbsp;|&#160;")
_NOSCRIPT = re.compile(rb"<noscript\b[^>]*>(.*?)</noscript\s*>", re.I | re.S)


@dataclass(frozen=True)
class ShellSigns:
    """What the detector saw in one page."""

    text: int  # visible text of the body in non-space bytes, counted up to SHELL_TEXT; -1 when no script
    script: bool  # an executable <script> is there
    app_root: bool  # an element a framework mounts into
    noscript: bool  # a <noscript> asks for JavaScript

    @property
    def is_shell(self) -> bool:
        if not self.script or self.text >= SHELL_TEXT:
            return False
        return self.text < BARE_TEXT or self.app_root or self.noscript


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[bytes], tuple[bytes, ...]]:
    shells = data.toml("render/shells.toml")
    ids = b"|".join(re.escape(i.encode()) for i in shells["app_root_ids"])
    tags = b"|".join(re.escape(t.encode()) for t in shells["app_root_tags"])
    attrs = b"|".join(re.escape(a.encode()) for a in shells["app_root_attributes"])
    root = re.compile(
        rb"(?<![\w-])id\s*=\s*[\"']?(?:" + ids + rb")(?=[\"'\s/>])"
        rb"|<(?:" + tags + rb")[\s>]"
        rb"|<[a-z][\w-]*\s[^>]*?(?<![\w-])(?:" + attrs + rb")(?=[\s=/>])",
        re.I,
    )
    words = tuple(w.lower().encode() for w in shells["noscript_words"])
    return root, words


def visible_text_bytes(html: bytes, enough: int | None = None) -> int:
    """Non-space bytes of text in the body, outside scripts, styles, noscript, templates and comments.

    With ``enough``, counting stops as soon as that much text is found (the common, cheap case).
    """
    m = _BODY.search(html)
    pos, end, count = (m.start() if m else 0), len(html), 0
    while pos < end:
        hidden = _HIDDEN_OPEN.search(html, pos)
        stop = hidden.start() if hidden else end
        if stop > pos:
            count += len(_MARKUP.sub(b"", html[pos:stop]))
            if enough is not None and count >= enough:
                return count
        if hidden is None:
            break
        name = hidden.group(1)
        if name is None:  # a comment
            close_at = html.find(b"-->", hidden.end())
            pos = end if close_at < 0 else close_at + 3
        else:  # unclosed: the browser takes the rest of the page as its content too
            close = _HIDDEN_CLOSE[name.lower()].search(html, hidden.end())
            pos = end if close is None else close.end()
    return count


def shell_signs(html: bytes) -> ShellSigns:
    """The signs of a JavaScript shell in ``html`` (raw bytes as fetched, decompressed)."""
    if not _SCRIPT.search(html):
        return ShellSigns(text=-1, script=False, app_root=False, noscript=False)
    text = visible_text_bytes(html, enough=SHELL_TEXT)
    if text >= SHELL_TEXT:  # the common case: an article page; the other signs need not be looked for
        return ShellSigns(text=text, script=True, app_root=False, noscript=False)
    root, words = _patterns()
    noscript = any(w in block.lower() for block in _NOSCRIPT.findall(html) for w in words)
    return ShellSigns(text=text, script=True, app_root=bool(root.search(html)), noscript=noscript)


def is_js_shell(html: bytes) -> bool:
    """True when ``html`` is an empty JavaScript shell that only a browser would fill."""
    return shell_signs(html).is_shell
