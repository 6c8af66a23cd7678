"""Links of a listing page (home, section), read as a stream and only up to a cap.

A page with a million links must cost neither a million requests nor the memory of a tree of the whole page:
``<a href>`` tags are matched in the raw bytes one after the other (comments skipped, entities decoded, the
page's ``<base href>`` honoured), and reading stops as soon as ``limit`` links were kept, or ten times as
many were read.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urljoin, urlsplit

_VALUE = rb"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"""
_TAG = re.compile(rb"<!--.*?-->|<(a|base)\b[^>]*?\bhref" + _VALUE, re.I | re.S)


@dataclass
class Links:
    urls: list[str] = field(default_factory=list)  # absolute http(s) URLs that passed ``keep``, in page order
    capped: bool = False  # reading stopped at the cap: the page has more


def listing_links(body: bytes, base_url: str, limit: int, keep: Callable[[str], bool] = lambda url: True) -> Links:
    """The first ``limit`` distinct links of ``body`` (absolute, http or https) that ``keep`` accepts."""
    out = Links()
    seen: set[str] = set()
    base, origin, read = base_url, _origin(base_url), 0
    for m in _TAG.finditer(body):
        if m.group(1) is None:  # a comment
            continue
        raw = next(g for g in m.groups()[1:] if g is not None)
        href = html.unescape(raw.decode("utf-8", "replace")).strip()
        if m.group(1).lower() == b"base":
            base = urljoin(base_url, href) if href else base
            origin = _origin(base)
            continue
        read += 1
        if read > limit * 10:
            out.capped = True
            break
        url = origin + href if href.startswith("/") and not href.startswith("//") and origin else urljoin(base, href)
        if url in seen or urlsplit(url).scheme not in ("http", "https") or not keep(url):
            continue
        if len(out.urls) >= limit:
            out.capped = True
            break
        seen.add(url)
        out.urls.append(url)
    return out


def _origin(url: str) -> str:
    """``https://host:port`` of ``url`` (a root-relative link is that plus the link), or empty."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""
