"""Feed autodiscovery: ``<link rel="alternate" type="application/rss+xml" href=…>`` on a page."""
from __future__ import annotations

import re
from urllib.parse import urljoin

_LINK = re.compile(r"<link\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"}


def feed_links(html: str, base_url: str) -> list[str]:
    """Feed URLs a page advertises in its ``<head>``, resolved against ``base_url``."""
    head = html[: html.lower().find("</head>")] if "</head>" in html.lower() else html[:65536]
    out: list[str] = []
    for tag in _LINK.findall(head):
        attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or "") for m in _ATTR.finditer(tag)}
        if "alternate" in attrs.get("rel", "").lower().split() and attrs.get("type", "").lower() in FEED_TYPES:
            href = attrs.get("href", "").strip()
            if href:
                url = urljoin(base_url, href)
                if url not in out:
                    out.append(url)
    return out
