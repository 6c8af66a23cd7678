"""robots.txt: the ``Sitemap:`` lines it lists."""
from __future__ import annotations

import re
from urllib.parse import urljoin

_SITEMAP_LINE = re.compile(r"^\s*site-?map\s*:\s*(\S.*?)\s*$", re.I)
_COMMENT = re.compile(r"(?:^|\s)#.*$")


def sitemap_urls_from_robots(text: str, base_url: str) -> list[str]:
    """The sitemap URLs a robots.txt names (any group, any case), resolved against ``base_url``, once each."""
    urls: list[str] = []
    for line in text.lstrip("\ufeff").splitlines():
        match = _SITEMAP_LINE.match(_COMMENT.sub("", line))
        if not match:
            continue
        url = urljoin(base_url, match.group(1).split()[0])
        if url.lower().startswith(("http://", "https://")) and url not in urls:
            urls.append(url)
    return urls
