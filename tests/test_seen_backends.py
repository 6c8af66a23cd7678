"""The seen-store's two backends (SQLite, Redis) answer alike: the same TTL and sitemap lastmod rules."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import redis

from newscrawl.state.redis_seen import RedisSeenStore
from newscrawl.state.seen import SeenStore

from .redisserver import redis_server  # noqa: F401  (fixture)

URL = "https://www.khaama.com/iran-s-fm-arrives-in-turkiye/"
LATER = datetime(2030, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", "redis"])
def open_store(request, tmp_path):
    """A function opening the store anew (as the next run does) with a TTL in days."""
    if request.param == "sqlite":
        return lambda ttl=30.0: SeenStore(tmp_path / "seen.sqlite3", ttl_days=ttl)
    server = request.getfixturevalue("redis_server")
    return lambda ttl=30.0: RedisSeenStore(redis.Redis.from_url(server.url), "khaama", ttl_days=ttl)


def test_new_then_seen_across_runs(open_store):
    store = open_store()
    assert store.check(URL) == "new"
    assert store.mark([(URL, "khaama", None, "stored")]) == 1
    store.close()
    again = open_store()
    assert again.check(URL) == "seen"
    assert again.check(URL.replace("fm", "pm")) == "new"
    assert len(again) == 1


@pytest.mark.parametrize("stored_lastmod, offered, verdict", [
    (None, None, "seen"),
    (None, LATER, "updated"),  # newer than when it was stored
    (None, datetime(2001, 1, 1), "seen"),  # naive: read as UTC
    (datetime(2024, 12, 2, 11, 36, tzinfo=timezone(timedelta(hours=4))), datetime(2024, 12, 2, 7, 36, tzinfo=timezone.utc), "seen"),
    (datetime(2024, 12, 2, 11, 36, tzinfo=timezone(timedelta(hours=4))), datetime(2024, 12, 2, 7, 37, tzinfo=timezone.utc), "updated"),
])
def test_lastmod_rule(open_store, stored_lastmod, offered, verdict):
    store = open_store()
    store.mark([(URL, "khaama", stored_lastmod, "stored")])
    assert store.check(URL, offered) == verdict


def test_a_mark_without_lastmod_keeps_the_stored_one(open_store):
    store = open_store()
    first = datetime(2024, 12, 2, tzinfo=timezone.utc)
    store.mark([(URL, "khaama", first, "stored")])
    store.mark([(URL, "khaama", None, "dropped:duplicate_url")])
    assert store.check(URL, first + timedelta(seconds=1)) == "updated"
    assert store.check(URL, first) == "seen"


def test_entries_older_than_the_ttl_are_forgotten_and_counted(open_store):
    store = open_store()
    store.mark([(URL, "khaama", None, "stored")])
    store.close()
    assert open_store(ttl=30).expired == 0
    expired = open_store(ttl=-1e-9)  # a TTL so short that what was just stored is already too old
    assert expired.expired == 0  # a TTL <= 0 keeps everything (as NEWSCRAWL_SEEN_TTL_DAYS=0)
    tiny = open_store(ttl=1e-9)
    assert tiny.expired == 1
    assert tiny.check(URL) == "new"


def test_redis_sites_do_not_share_a_store(redis_server):
    server = redis.Redis.from_url(redis_server.url)
    RedisSeenStore(server, "khaama").mark([(URL, "khaama", None, "stored")])
    assert RedisSeenStore(server, "khaama").check(URL) == "seen"
    assert RedisSeenStore(server, "news:khaama.com").check(URL) == "new"
