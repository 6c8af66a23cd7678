"""First version: JSON-LD and meta author only. Replaced by the full byline search."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..extraction.page import Page


@dataclass
class Byline:
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    raw: str | None = None


def find_byline(page: Page, credits: list[str] | None = None) -> Byline:
    names: list[str] = []
    for obj in page.jsonld_of_type("NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"):
        author = obj.get("author")
        for a in author if isinstance(author, list) else [author]:
            name = a.get("name") if isinstance(a, dict) else a
            if isinstance(name, str) and name.strip():
                names.append(name.strip())
    if not names and (raw := page.meta_first("author")):
        names = [raw]
    return Byline(authors=names, raw=", ".join(names) or None)
