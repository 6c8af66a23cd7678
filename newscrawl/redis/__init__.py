"""A crawl shared by many processes through Redis (``NEWSCRAWL_REDIS_URL``), on top of scrapy-redis.

Redis holds, per site (:mod:`.keys`): the request queue and duplicate filter (scrapy-redis), the
requests each worker has taken and not finished (:mod:`.leases`), the live workers and the run
(:mod:`.workers`), and the seen-store (:mod:`newscrawl.state.redis_seen`).
"""
from __future__ import annotations
