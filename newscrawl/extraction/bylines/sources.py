"""Where a page names its authors: JSON-LD, meta tags, the site's own names.

Each function returns :class:`Found` -- the raw credit as the page gave it and its :class:`Split`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from ...page.jsonld import ld_names, resolve
from ...bylines.names import Sites
from ...bylines.split import AGENCY, SITE, Credit, Split, collect, parse

if TYPE_CHECKING:
    from ...page.document import Page

ARTICLE_TYPES = (
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "LiveBlogPosting", "BlogPosting",
    "SocialMediaPosting", "Report", "TechArticle", "ScholarlyArticle", "VideoObject",
)
# meta names that carry the author, best first
META_KEYS = (
    "author", "article:author", "og:article:author", "parsely-author", "sailthru.author", "dc.creator",
    "dcterms.creator", "cxenseparse:author", "articleauthor", "byl", "citation_author",
)


@dataclass(frozen=True)
class Found:
    raw: str | None = None
    split: Split = Split()


NOTHING = Found()


def page_sites(page: "Page") -> Sites:
    """Every name the site goes by (:attr:`Page.outlet_names`), as byline keys."""
    return Sites(page.outlet_names)


# --- JSON-LD ----------------------------------------------------------------------------------
def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    return {k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}


def _is_cms_account(obj: dict) -> bool:
    """A CMS login, not a person: WordPress's ``/author/admin/``."""
    for key in ("url", "@id", "sameAs"):
        value = obj.get(key)
        if isinstance(value, str) and value.rstrip("/").lower().endswith(("/admin", "/administrator", "/editor")):
            return True
    return False


def _ld_entries(page: "Page") -> Iterator[tuple[str, dict]]:
    """("person"|"org"|"?", entry) for the author of the page's article object."""
    ids = page.jsonld_ids
    objs = list(page.jsonld_of_type(*ARTICLE_TYPES)) or list(page.jsonld_of_type("WebPage"))
    for key in ("author", "creator"):
        for obj in objs:
            value = obj.get(key)
            if not value:
                continue
            for entry in value if isinstance(value, list) else [value]:
                if isinstance(entry, str):
                    yield "?", {"name": entry}
                elif isinstance(entry, dict):
                    entry = resolve(entry, ids)
                    kinds = _types(entry)
                    if "Person" in kinds:
                        yield "person", entry
                    elif any(k.endswith("Organization") or k == "Corporation" for k in kinds):
                        yield "org", entry
                    else:
                        yield "?", entry
            return  # the first article object that names an author is the page's


def from_jsonld(page: "Page", sites: Sites) -> Found:
    credits: list[Credit] = []
    raws: list[str] = []
    for kind, entry in _ld_entries(page):
        if _is_cms_account(entry):
            continue
        for name in ld_names(entry):
            if name.lower().startswith(("http://", "https://")):
                continue
            raws.append(name)
            if kind == "org":
                credits.append(Credit(name, SITE if sites.matches(name) else AGENCY))
            else:
                credits.extend(parse(name, sites))
    return Found(", ".join(raws), collect(credits)) if raws else NOTHING


# --- meta -------------------------------------------------------------------------------------
def _usable(value: str) -> bool:
    v = value.strip().lower()
    return bool(v) and not v.startswith(("http://", "https://", "www.", "//", "@")) and ".com/" not in v


def from_meta(page: "Page", sites: Sites) -> Found:
    """The first meta key, best first, that credits somebody (a person, an agency or the site)."""
    for key in META_KEYS:
        values = [v for v in page.meta.get(key, []) if _usable(v)]
        if not values:
            continue
        credits: list[Credit] = []
        for value in values:
            credits.extend(parse(value, sites))
        found = Found(" | ".join(values), collect(credits))
        if found.split or found.split.site:
            return found
    return NOTHING


def from_credits(lines: list[str] | None, sites: Sites) -> Found:
    """Credit lines the body cleaner took out of the text ("By Khagan Isayev", "(MENAFN- Khaama Press)")."""
    if not lines:
        return NOTHING
    credits: list[Credit] = []
    for line in lines:
        credits.extend(parse(line, sites))
    return Found(" | ".join(lines), collect(credits))


__all__ = ["Found", "NOTHING", "page_sites", "from_jsonld", "from_meta", "from_credits"]
