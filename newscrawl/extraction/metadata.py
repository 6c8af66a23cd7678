"""Page metadata other than dates and bylines: canonical URL, description, section, tags, image.

Each field is read from the page's JSON-LD article, its `<meta>` tags and
`<link rel=canonical>`; relative URLs are resolved against the page (or its
`<base href>`), tracking parameters are dropped from the canonical URL, and
machine tags ("subject:crime-courts", UUIDs, "_Prio_3") are left out of the tags.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Iterable
from urllib.parse import urljoin, urlsplit


from ..page.document import Page
from .. import data

_DATA = data.toml("metadata/metadata.toml")

ARTICLE_TYPES: tuple[str, ...] = tuple(_DATA["article_types"])
_PLACEHOLDER = re.compile(
    r"(?:^|[/_.-])(?:" + "|".join(map(re.escape, _DATA["placeholder_images"])) + r")(?:[_.-][^/]*)?$", re.I)

_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TAG = re.compile(r"<[^>]{0,200}>")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"), None)
_MACHINE_TAG = re.compile(
    r"^[A-Za-z_][\w-]*:"  # "subject:crime-courts", "Category: News", "PACKAGE:WORLD-NEWS"
    r"|^_"  # "_Prio_3", "_no-apple-news"
    r"|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"  # UUIDs
    r"|^\d{5,}$"  # ids
    r"|://"  # URLs
    r"|\b[A-Z]+_[A-Z_]+\b"  # "PERSON Hamidou Diallo PROFESSIONAL_ATHLETE SPORTS_FIGURE PERSON"
)
_NOT_URL = re.compile(r"[\s<>]")
MAX_TAG_CHARS = 80
MAX_TAG_WORDS = 8  # longer "tags" are headlines or sentences


@dataclass
class Metadata:
    canonical_url: str | None = None
    description: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None


def clean(text: Any) -> str:
    """A metadata string as text: entities decoded, tags dropped, invisible characters removed, whitespace folded."""
    if not isinstance(text, str) or not text:
        return ""
    for _ in range(2):  # JSON-LD and some meta tags carry entities, sometimes escaped twice
        if "&" not in text or not _ENTITY.search(text):
            break
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    return " ".join(text.translate(_INVISIBLE).split())


def _ld_text(value: object) -> str | None:
    if isinstance(value, str):
        return clean(value) or None
    if isinstance(value, list):
        for item in value:
            if text := _ld_text(item):
                return text
        return None
    if isinstance(value, dict):
        return _ld_text(value.get("url") or value.get("contentUrl") or value.get("name") or value.get("@id"))
    return None


def article_ld(page: Page) -> dict:
    """The page's JSON-LD article, or its WebPage when it has no article."""
    for obj in page.jsonld_of_type(*ARTICLE_TYPES):
        return obj
    for obj in page.jsonld_of_type("WebPage"):
        return obj
    return {}


def _split_tags(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        for part in re.split(r"\s*[,;]\s*", clean(value)):
            part = part.strip(" '\"‘’“”«»|#")
            key = part.casefold()
            words = sum(1 for w in part.split() if any(ch.isalnum() for ch in w))
            if (not part or key in seen or _MACHINE_TAG.search(part)
                    or len(part) > MAX_TAG_CHARS or words > MAX_TAG_WORDS):
                continue
            seen.add(key)
            out.append(part)
    return out


def _keywords(ld: dict) -> list[str]:
    value = ld.get("keywords")
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v if isinstance(v, str) else _ld_text(v) or "" for v in value]
    return []


def tags(page: Page, ld: dict) -> list[str]:
    """Keywords and tags: JSON-LD keywords, else article:tag, else the keywords meta tags."""
    for values in (_keywords(ld), page.meta.get("article:tag", []), page.meta.get("news_keywords", []),
                   page.meta.get("keywords", [])):
        found = _split_tags(values)
        if found:
            return found
    return []


def section(page: Page, ld: dict) -> str | None:
    """The site's section: JSON-LD articleSection or article:section (the first, when several)."""
    for value in (ld.get("articleSection"), page.meta.get("article:section"), page.meta.get("section")):
        text = _ld_text(value)
        if text:
            first = re.split(r"\s*[,;|]\s*", text)[0].strip()
            if first:
                return first
    return None


def _ld_image(page: Page, value: Any) -> str | None:
    """The URL of a JSON-LD image: a string, an ImageObject, a list of either, or a reference
    ({"@id": "…#primaryimage"}) to an ImageObject elsewhere on the page."""
    if isinstance(value, list):
        for item in value:
            if url := _ld_image(page, item):
                return url
        return None
    if isinstance(value, dict):
        url = value.get("url") or value.get("contentUrl")
        if not url and isinstance(value.get("@id"), str):
            ref = value["@id"]
            for obj in page.jsonld:
                if obj.get("@id") == ref and obj is not value:
                    url = obj.get("url") or obj.get("contentUrl")
                    break
        return _first_str(url)
    return _first_str(value)


def _first_str(value: Any) -> str | None:
    """The first string of a value or list, as it stands (a URL is not text to clean)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def image(page: Page, ld: dict, base: str | None = None) -> str | None:
    """The lead image: og:image (the picture the page shares), the JSON-LD image, twitter:image;
    resolved against the page; placeholders ("blank.jpg") and broken URLs skipped."""
    base = base or page.base_url
    for value in (page.meta.get("og:image"), page.meta.get("og:image:url"), _ld_image(page, ld.get("image")),
                  ld.get("thumbnailUrl"), page.meta.get("twitter:image"), page.meta.get("twitter:image:src")):
        src = _first_str(value)
        if not src or _NOT_URL.search(src):
            continue
        url = urljoin(base, html.unescape(src))
        if url.startswith(("http://", "https://")) and not _PLACEHOLDER.search(urlsplit(url).path):
            return url
    return None


def description(page: Page, ld: dict) -> str | None:
    for value in (page.meta_first("description", "og:description", "twitter:description"), ld.get("description")):
        text = clean(value) if isinstance(value, str) else _ld_text(value)
        if text:
            return text
    return None


def extract_metadata(page: Page) -> Metadata:
    ld = article_ld(page)
    base = page.base_url
    return Metadata(
        canonical_url=page.canonical_url,
        description=description(page, ld),
        section=section(page, ld),
        tags=tags(page, ld),
        image=image(page, ld, base),
    )
