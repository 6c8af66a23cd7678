"""Turns a crawl into a shared one when ``NEWSCRAWL_REDIS_URL`` is set (called by the add-on).

Imports nothing heavy: scrapy-redis and redis are an optional extra (``pip install -e ".[redis]"``).
"""
from __future__ import annotations

import importlib.util
from typing import Any

SCHEDULER = "newscrawl.redis.scheduler.SharedScheduler"
DISCOVERY = "newscrawl.redis.discovery.DiscoveryOnceMiddleware"


def missing() -> str | None:
    """Why a shared crawl cannot run here, or None."""
    for module, package in (("redis", "redis"), ("scrapy_redis", "scrapy-redis")):
        if importlib.util.find_spec(module) is None:
            return f"NEWSCRAWL_REDIS_URL is set but {package} is not installed (pip install -e \".[redis]\")"
    return None


def connect(url: str) -> Any:
    """A Redis client for ``url`` that fails fast when the server is gone."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5, retry_on_timeout=False)


def configure(settings: Any) -> None:
    if not settings.get("NEWSCRAWL_REDIS_URL"):
        return
    problem = missing()
    if problem:
        raise RuntimeError(problem)
    settings.set("SCHEDULER", SCHEDULER, priority="addon")
    settings["SPIDER_MIDDLEWARES"][DISCOVERY] = 5  # before every other, so it sees start() first
