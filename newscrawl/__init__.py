"""newscrawl: a news-corpus collector.

From Python, one page at a time::

    import newscrawl
    article = newscrawl.extract(html, "https://caliber.az/en/post/...")
    article.title, article.published, article.authors, article.text
"""
from __future__ import annotations

import logging

from .api import extract
from .page import NotHTML
from .record import Article
from .version import __version__

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Article", "NotHTML", "__version__", "extract"]
