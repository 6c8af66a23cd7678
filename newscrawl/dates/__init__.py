"""Date values: strings and numbers turned into dates (pure; no page). The page search is in
:mod:`newscrawl.extraction.dates`."""
from __future__ import annotations

from .model import DateFields, DateValue

__all__ = ["DateFields", "DateValue"]
