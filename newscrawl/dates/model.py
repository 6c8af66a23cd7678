"""Date values as the article record stores them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# the role a date plays on a page: when it was first published, last changed, or either
PUBLISHED, MODIFIED, ANY = "published", "modified", "any"


@dataclass(frozen=True)
class DateValue:
    iso: str  # "2024-12-02T11:36:00+04:00" or "2024-12-02"
    utc: datetime  # aware, UTC; a day is midnight in the site's zone
    precision: str  # "day" | "minute" | "second"
    source: str  # "json-ld", "meta", "time", "text", "url", "sitemap", "script", "selector", "description"; "+site-tz" when the zone was assumed
    raw: str  # as found


@dataclass(frozen=True)
class DateFields:
    published: DateValue | None = None
    modified: DateValue | None = None
