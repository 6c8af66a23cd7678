"""Downloader and spider middlewares of newscrawl."""
from __future__ import annotations
