"""Page metadata other than dates and bylines: canonical URL, description, section, tags, image."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from .page import Page


@dataclass
class Metadata:
    canonical_url: str | None = None
    description: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None


def _ld_text(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value:
        return _ld_text(value[0])
    if isinstance(value, dict):
        return _ld_text(value.get("url") or value.get("name") or value.get("@id"))
    return None


def _article_ld(page: Page) -> dict:
    for obj in page.jsonld_of_type("NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting",
                                   "AnalysisNewsArticle", "OpinionNewsArticle", "WebPage"):
        return obj
    return {}


def canonical_url(page: Page) -> str | None:
    for node in page.tree.iterfind(".//link[@rel]"):
        if (node.get("rel") or "").strip().lower() == "canonical" and node.get("href"):
            return urljoin(page.url, node.get("href").strip())
    og = page.meta_first("og:url")
    return urljoin(page.url, og) if og else None


def _split_tags(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        for part in re.split(r"\s*[,;]\s*", value):
            part = part.strip()
            if part and part.casefold() not in {t.casefold() for t in out}:
                out.append(part)
    return out


def extract_metadata(page: Page) -> Metadata:
    ld = _article_ld(page)
    keywords = ld.get("keywords")
    if isinstance(keywords, str):
        keywords = [keywords]
    tags = _split_tags([k for k in (keywords or []) if isinstance(k, str)]
                       or page.meta.get("article:tag", []) or page.meta.get("keywords", []) or page.meta.get("news_keywords", []))
    image = _ld_text(ld.get("image")) or page.meta_first("og:image", "twitter:image")
    return Metadata(
        canonical_url=canonical_url(page),
        description=page.meta_first("description", "og:description", "twitter:description") or _ld_text(ld.get("description")),
        section=_ld_text(ld.get("articleSection")) or page.meta_first("article:section"),
        tags=tags,
        image=urljoin(page.url, image) if image else None,
    )
