"""Log lines of a crawl: a dropped article is one short line (reason and URL), not the whole record."""
from __future__ import annotations

import logging
from typing import Any

from scrapy.logformatter import LogFormatter


class NewscrawlLogFormatter(LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any = None) -> dict[str, Any]:
        return {"level": logging.INFO, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
