"""Blocks of a page that hold other content than the article: comments, page footers and sidebars,
related links, menus. Their dates, headings and credits are not the article's. The hints are data
(``newscrawl/data/page/blocks.toml``); the footer or aside of the article itself is kept, since it
holds the byline and the date.
"""
from __future__ import annotations

import re
from functools import cache

from lxml import etree

from .. import data


@cache
def _hints() -> tuple[re.Pattern, frozenset[str], re.Pattern]:
    blocks = data.toml("page/blocks.toml")
    # a skip word must start a segment of a class token ("comments", "site-footer", "relatedPosts");
    # taxonomy tokens ("category-popular", "tag-weather") name the topic, not the block
    skip = re.compile(
        r"(?:^|\s)(?!(?:tag|category|categories|topic|section|post|format)-)[\w-]*?(?<![^\s_-])(?:"
        + "|".join(re.escape(h) for h in blocks["skip_hints"])
        + r")[\w-]*",
        re.I,
    )
    own = re.compile(r"\s?(?:%s)[-_]?footer" % "|".join(blocks["own_footer_prefixes"]), re.I)
    return skip, frozenset(blocks["skip_tags"]), own


def _in_article(el: etree._Element) -> bool:
    return any(a.tag in ("article", "main") for a in el.iterancestors())


def skipped(el: etree._Element, depth: int = 5, footers: bool = True) -> bool:
    """Inside a comment block, footer, sidebar, related-links list… (within ``depth`` levels)?
    With ``footers=False``, footers do not count (a labelled "Published:" line may stand there)."""
    skip, tags, own = _hints()
    while el is not None and depth > 0:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in tags and not (tag in ("footer", "aside") and _in_article(el)) and (footers or tag != "footer"):
            return True
        if tag in ("body", "html"):
            return False
        attrs = (el.get("class") or "") + " " + (el.get("id") or "")
        if attrs.strip():
            for m in skip.finditer(attrs):
                if not own.fullmatch(m.group(0)) and (footers or "footer" not in m.group(0).lower()):
                    return True
        el = el.getparent()
        depth -= 1
    return False
