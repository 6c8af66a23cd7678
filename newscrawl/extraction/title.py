"""The headline, without the site name glued on."""
from __future__ import annotations

from typing import Mapping

from .page import Page


def extract_title(page: Page, hints: Mapping[str, str] | None = None) -> str | None:
    for obj in page.jsonld_of_type("NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"):
        if isinstance(obj.get("headline"), str) and obj["headline"].strip():
            return obj["headline"].strip()
    og = page.meta_first("og:title", "twitter:title")
    if og:
        return og
    h1 = page.tree.find(".//h1")
    if h1 is not None and h1.text_content().strip():
        return " ".join(h1.text_content().split())
    title = page.tree.findtext(".//title")
    return " ".join(title.split()) if title else None
