"""Body text: trafilatura on the shared tree, then newscrawl's residue cleaning."""
from __future__ import annotations

from dataclasses import dataclass, field

import trafilatura
from trafilatura.settings import Extractor

from .page import Page
from .residue import clean_text

# Options validated once and reused for every page (trafilatura's Extractor object).
_OPTIONS = Extractor(
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


def raw_body(page: Page) -> str:
    """trafilatura's text for the page, paragraphs separated by a blank line."""
    _OPTIONS.url = _OPTIONS.source = page.url  # per page; each worker process has its own copy
    doc = trafilatura.bare_extraction(page.tree, options=_OPTIONS)
    if doc is None or not doc.text:
        return ""
    return "\n\n".join(line.strip() for line in doc.text.splitlines() if line.strip())


def extract_body(page: Page) -> Body:
    cleaned = clean_text(raw_body(page), site_names=page.site_names)
    return Body(text=cleaned.text, credits=cleaned.credits, removed=cleaned.removed)
