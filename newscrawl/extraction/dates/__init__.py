"""Finding a page's publication and modification dates: the evidence on the page, weighed."""
from __future__ import annotations

from .find import find_dates

__all__ = ["find_dates"]
