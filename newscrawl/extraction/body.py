"""Body text: trafilatura on the shared tree, then newscrawl's own layer.

1. figure captions, link lists and printed microdata are pruned before trafilatura reads the
   page (``prune.py``), on trafilatura's own copy of the tree;
2. the headline repeated at the top, repeated paragraphs, and paragraphs a complete JSON-LD
   ``articleBody`` lacks are dropped (``paragraphs.py``); without such an arbiter, the later
   chunks of a story split over several containers are added (``continuation.py``);
3. a standfirst shown on the page but missed is put first (``standfirst.py``);
4. residue lines are removed and credit lines handed to the byline search (``residue.py``).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import trafilatura
from trafilatura.settings import Extractor

from .continuation import continuation
from ..page.document import Page
from .paragraphs import agree_with_ld, drop_headline, drop_repeats
from .prune import prune_xpaths
from .residue import clean_text
from .standfirst import standfirst

# trafilatura's options, validated once (its Extractor object); each page gets its own copy with its URL,
# so this template is never changed.
_TEMPLATE = Extractor(
    output_format="python",
    comments=False,
    tables=True,
    with_metadata=False,
)


@dataclass
class Body:
    text: str
    credits: list[str] = field(default_factory=list)  # credit lines removed from the text
    removed: list[tuple[str, str]] = field(default_factory=list)  # (line, reason)


def raw_lines(page: Page) -> list[str]:
    """trafilatura's paragraphs for the pruned page."""
    options = copy.copy(_TEMPLATE)
    options.url = options.source = page.url
    doc = trafilatura.bare_extraction(page.tree, options=options, prune_xpath=list(prune_xpaths()))
    if doc is None or not doc.text:
        return []
    return [line.strip() for line in doc.text.splitlines() if line.strip()]


def raw_body(page: Page) -> str:
    """trafilatura's text for the pruned page, paragraphs separated by a blank line."""
    return "\n\n".join(raw_lines(page))


def extract_body(page: Page) -> Body:
    """The story text of ``page``, the credit lines taken out of it, and what was removed and why."""
    lines = raw_lines(page)
    lines, headline = drop_headline(lines, page)
    lines, not_in_ld, decided = agree_with_ld(lines, page)
    if not decided:
        lines += continuation(page, lines)
    lines, repeats = drop_repeats(lines)
    lede = standfirst(page, lines) if lines else None
    if lede:
        lines.insert(0, lede)
    cleaned = clean_text("\n".join(lines), site_names=page.site_names)
    removed = [(line, "headline") for line in headline]
    removed += [(line, "not in articleBody") for line in not_in_ld]
    removed += [(line, "repeat") for line in repeats]
    return Body(text=cleaned.text, credits=cleaned.credits, removed=removed + cleaned.removed)
