"""Raw pages as WARC files: written during a crawl (:mod:`.extension`), read back by ``newscrawl extract``."""
from __future__ import annotations

from .reader import SavedPage, Unreadable, iter_inputs
from .writer import WarcFileWriter

__all__ = ["SavedPage", "Unreadable", "WarcFileWriter", "iter_inputs"]
