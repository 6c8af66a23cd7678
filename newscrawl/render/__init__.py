"""JavaScript pages: tell empty shells apart (``detect``), render them in Chromium through scrapy-playwright
(``browser``, ``pages``, ``middleware``) — only where needed."""
from __future__ import annotations
