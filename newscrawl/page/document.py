"""A fetched page, parsed once and shared by every field extractor.

Everything here is pure: no Scrapy, no network. Field extractors take a
:class:`Page` and read what they need; the lazy properties make sure the
HTML is parsed, and JSON-LD and meta tags collected, once per page.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, Iterator, Mapping
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from .bulk import bulky, prune
from .jsonld import by_id, ld_names, resolve
from .decode import decode_html
from .headline import find_headline
from .sniff import binary_kind
from .urls import base_of, canonical_of


class NotHTML(ValueError):
    """The bytes are not an HTML document (binary, empty, or another type)."""


@dataclass
class Page:
    url: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    fetched_at: datetime | None = None
    tz: str | None = None  # the site's registered time zone (IANA name)
    site_name: str | None = None  # registry name
    site_names: tuple[str, ...] = ()  # names the outlet goes by ("Caliber.az", "Caliber")
    date_selector: str | None = None  # per-site CSS selector of the visible date (registry)
    byline_selector: str | None = None  # per-site CSS selector of the byline (registry)
    pruned: str | None = field(default=None, init=False)  # what was cut from a page too big to extract whole

    # --- decoding and parsing -------------------------------------------------
    @cached_property
    def html(self) -> str:
        return decode_html(self.body, self.headers.get("content-type") or self.headers.get("Content-Type"))

    @cached_property
    def tree(self) -> lxml.html.HtmlElement:
        kind = binary_kind(self.body)
        if kind:
            raise NotHTML(f"binary content ({kind})")
        text = self.html
        if not text.strip():
            raise NotHTML("empty document")
        # lxml refuses str input that carries an XML encoding declaration
        text = _XML_DECL.sub("", text, count=1)
        try:
            tree = lxml.html.document_fromstring(text, parser=_PARSER)
        except (etree.ParserError, ValueError) as exc:
            raise NotHTML(f"unparseable HTML: {exc}") from exc
        if tree is None:
            raise NotHTML("unparseable HTML")
        if bulky(self.body):  # a page too big to extract whole (:mod:`.bulk`)
            self.pruned = prune(tree)
        return tree

    @cached_property
    def domain(self) -> str:
        host = (urlsplit(self.url).hostname or "").lower()
        return host[4:] if host.startswith("www.") else host

    # --- metadata shared by several extractors ---------------------------------
    @cached_property
    def jsonld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object on the page, `@graph` members flattened out."""
        out: list[dict[str, Any]] = []
        for node in self.tree.iterfind(".//script[@type]"):
            if "ld+json" not in (node.get("type") or "").lower():
                continue
            raw = (node.text or "").strip()
            if not raw:
                continue
            data = _load_json(raw)
            if data is not None:
                out.extend(_flatten_ld(data))
        return out

    @cached_property
    def jsonld_ids(self) -> dict[str, dict[str, Any]]:
        """JSON-LD nodes by their ``@id``, to follow references such as ``"publisher": {"@id": …}``."""
        return by_id(self.jsonld)

    def jsonld_of_type(self, *types: str) -> Iterator[dict[str, Any]]:
        wanted = {t.lower() for t in types}
        for obj in self.jsonld:
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.lower() in wanted for k in kinds):
                yield obj

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """`<meta>` contents keyed by lower-cased name, property or itemprop."""
        out: dict[str, list[str]] = {}
        for node in self.tree.iterfind(".//meta"):
            key = node.get("property") or node.get("name") or node.get("itemprop")
            content = node.get("content")
            if key and content is not None and content.strip():
                out.setdefault(key.strip().lower(), []).append(content.strip())
        return out

    def meta_first(self, *keys: str) -> str | None:
        for key in keys:
            values = self.meta.get(key.lower())
            if values:
                return values[0]
        return None

    @cached_property
    def outlet_names(self) -> tuple[str, ...]:
        """Every name the outlet goes by, as written: the registry's, og:site_name and the app-name
        metas, JSON-LD WebSite/Organization names and the publisher of the page, and the domain.
        The title and byline searches both use it, to tell the site's own name from a headline or a credit."""
        names = [*self.site_names, self.domain]
        for key in ("og:site_name", "application-name", "apple-mobile-web-app-title"):
            names += self.meta.get(key, [])
        ids = self.jsonld_ids
        for obj in self.jsonld:
            kind = obj.get("@type")
            kinds = set(kind if isinstance(kind, list) else [kind])
            if kinds & _OUTLET_TYPES:
                names += ld_names(obj)
            publisher = obj.get("publisher")
            for pub in publisher if isinstance(publisher, list) else [publisher]:
                if isinstance(pub, dict):
                    names += ld_names(resolve(pub, ids))
        out: list[str] = []
        for name in names:
            if isinstance(name, str) and name.strip() and name.strip() not in out:
                out.append(name.strip())
        return tuple(out)

    @cached_property
    def headline(self) -> etree._Element | None:
        """The article's headline element (:func:`~newscrawl.page.headline.find_headline`), found once."""
        stated = self.meta_first("og:title", "twitter:title") or self.tree.findtext(".//title") or ""
        return find_headline(self.tree, stated)

    @cached_property
    def base_url(self) -> str:
        """What relative URLs on the page resolve against: its `<base href>`, else its URL."""
        return base_of(self.tree, self.url)

    @cached_property
    def canonical_url(self) -> str | None:
        """rel=canonical, else og:url, resolved and without tracking parameters (:func:`~newscrawl.page.urls.canonical_of`)."""
        return canonical_of(self.tree, self.url, self.meta_first("og:url"), self.base_url)

    @cached_property
    def declared_language(self) -> str | None:
        """The language the page declares (`<html lang>`, og:locale, Content-Language): "en"."""
        return self.declared_locale[0] if self.declared_locale else None

    @cached_property
    def declared_locale(self) -> tuple[str, str | None] | None:
        """The language and region the page declares: ("en", "GB") for ``lang="en-GB"`` or
        ``og:locale="en_GB"``; the region is None when only the language is given."""
        for raw in (
            self.tree.get("lang"),
            self.tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
            self.meta_first("og:locale", "content-language", "language", "dc.language"),
            self.headers.get("content-language") or self.headers.get("Content-Language"),
        ):
            if raw:
                parts = re.split(r"[-_]", re.split(r"[,;\s]", raw.strip(), maxsplit=1)[0])
                code = parts[0].lower()
                if 2 <= len(code) <= 3 and code.isalpha():
                    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
                    return code, region
        return None


_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=False)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROL = re.compile(r"[\x00-\x1f]")


def _load_json(raw: str) -> Any:
    """A JSON-LD block as pages write it: control characters inside strings, or stray text after
    the object (an extra ``}``, a second object without a comma) — the first value is kept."""
    try:
        return json.loads(raw)
    except ValueError:
        pass
    text = _CONTROL.sub(" ", raw)
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    try:
        return _LENIENT.raw_decode(text)[0]
    except ValueError:
        return None


_LENIENT = json.JSONDecoder(strict=False)


_OUTLET_TYPES = {"WebSite", "Organization", "NewsMediaOrganization"}



def _flatten_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten_ld(item)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, list):
            yield from _flatten_ld(graph)
        if "@type" in data:
            yield data
