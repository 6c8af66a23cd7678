"""Publication and modification dates: find the evidence on a page, normalise it."""
from __future__ import annotations

from .model import DateFields, DateValue
from .find import find_dates

__all__ = ["DateFields", "DateValue", "find_dates"]
