"""First version: JSON-LD and meta only. Replaced by the full evidence search."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Mapping
from zoneinfo import ZoneInfo

from ..extraction.page import Page
from .model import DateFields, DateValue


def _value(raw: str, source: str, tz: str | None) -> DateValue | None:
    try:
        dt = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if len(raw.strip()) <= 10:
        zone = ZoneInfo(tz) if tz else timezone.utc
        return DateValue(dt.date().isoformat(), dt.replace(tzinfo=zone).astimezone(timezone.utc), "day", source, raw)
    if dt.tzinfo is None:
        if not tz:
            return None
        dt = dt.replace(tzinfo=ZoneInfo(tz))
        source += "+site-tz"
    precision = "second" if dt.second or dt.microsecond else "minute"
    return DateValue(dt.isoformat(timespec="seconds"), dt.astimezone(timezone.utc), precision, source, raw)


def find_dates(page: Page, hints: Mapping[str, str] | None = None) -> DateFields:
    pub = mod = None
    for obj in page.jsonld:
        if pub is None and isinstance(obj.get("datePublished"), str):
            pub = _value(obj["datePublished"], "json-ld", page.tz)
        if mod is None and isinstance(obj.get("dateModified"), str):
            mod = _value(obj["dateModified"], "json-ld", page.tz)
    if pub is None and (raw := page.meta_first("article:published_time")):
        pub = _value(raw, "meta", page.tz)
    if mod is None and (raw := page.meta_first("article:modified_time")):
        mod = _value(raw, "meta", page.tz)
    if pub is None and hints and hints.get("publication_date"):
        pub = _value(hints["publication_date"], "sitemap", page.tz)
    return DateFields(pub, mod)
