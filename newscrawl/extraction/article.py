"""The one entry point: (HTML bytes, URL, headers, site) -> Article."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING, Mapping

import trafilatura

from ..version import __version__
from .bylines import find_byline
from .dates import find_dates
from ..language import detect_language
from ..record import Article
from .body import extract_body
from .metadata import extract_metadata
from ..page.document import NotHTML, Page
from .title import extract_title

if TYPE_CHECKING:
    from ..sites import Site

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def extractor_version() -> str:
    return f"newscrawl/{__version__} trafilatura/{trafilatura.__version__}"


def text_hash(text: str) -> str:
    norm = _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def extract_article(
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    site: "Site | None" = None,
    *,
    fetched_at: datetime | None = None,
    http_status: int | None = 200,
    hints: Mapping[str, str] | None = None,
) -> Article:
    """Turn one fetched page into an :class:`Article`.

    ``hints`` carries evidence found outside the page (a news sitemap's
    ``publication_date`` and ``title``). Raises :class:`NotHTML` when the
    bytes are not an HTML page. Without ``fetched_at`` nothing here reads the clock: relative dates
    stay unresolved and no date is dropped as lying in the future (:func:`newscrawl.extract` documents it).
    """
    page = Page(
        url=url,
        body=body,
        headers={k.lower(): v for k, v in (headers or {}).items()},
        fetched_at=fetched_at,
        tz=site.timezone if site else None,
        site_name=site.name if site else None,
        site_names=site.outlet_names if site else (),
        date_selector=site.date_selector if site else None,
        byline_selector=site.byline_selector if site else None,
    )
    page.tree  # parse now: NotHTML is raised before any other work
    meta = extract_metadata(page)
    body_ = extract_body(page)
    dates = find_dates(page, hints=hints)
    byline = find_byline(page, credits=body_.credits)
    language, score = detect_language(body_.text, page.declared_language)
    # a page's date can never be later than the moment we fetched it
    pub, mod = (d if d is None or fetched_at is None or d.utc <= fetched_at else None
                for d in (dates.published, dates.modified))
    return Article(
        url=url,
        canonical_url=meta.canonical_url,
        site=(site.name or None) if site else None,  # a bare zone or names given alone: no registry site
        domain=page.domain,
        title=extract_title(page, hints=hints),
        text=body_.text,
        description=meta.description,
        authors=byline.authors,
        agencies=byline.agencies,
        byline_raw=byline.raw,
        published=pub.iso if pub else None,
        published_utc=pub.utc if pub else None,
        published_precision=pub.precision if pub else None,
        published_source=pub.source if pub else None,
        published_raw=pub.raw if pub else None,
        modified=mod.iso if mod else None,
        modified_utc=mod.utc if mod else None,
        language=language,
        language_score=score,
        section=meta.section,
        tags=meta.tags,
        image=meta.image,
        word_count=len(_WORD.findall(body_.text)),
        text_hash=text_hash(body_.text) if body_.text else None,
        html_sha256=hashlib.sha256(body).hexdigest(),
        fetched_at=fetched_at,
        http_status=http_status,
        extractor=extractor_version(),
    )


__all__ = ["extract_article", "extractor_version", "text_hash", "NotHTML"]
