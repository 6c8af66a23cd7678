"""Persistent crawl state under ``NEWSCRAWL_STATE_DIR``: the seen-store and the run lock."""
from __future__ import annotations

from .seen import SeenStore

__all__ = ["SeenStore"]
