"""The shared queue's round trips, against a real redis-server: a request is filtered and queued in one, a
leased request handed over in one, and a committed file's articles are marked seen in one store call."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import redis

from newscrawl.middlewares.seen import SeenMiddleware
from newscrawl.redis.keys import Keys
from newscrawl.redis.leases import Leases
from newscrawl.state.redis_seen import RedisSeenStore

from .redisserver import redis_server  # noqa: F401  (fixture)


@pytest.fixture
def server(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    yield client
    client.close()


def calls(server: redis.Redis) -> dict[str, int]:
    """Commands the server has answered, by name (scripts count as ``evalsha`` plus what they call)."""
    return {k.removeprefix("cmdstat_"): v["calls"] for k, v in server.info("commandstats").items()}


def test_a_request_is_filtered_and_queued_in_one_round_trip(server):
    leases = Leases(server, Keys("khaama"), "host-1")
    assert leases.enqueue(b"home", "fp0") is True  # the first call also loads the script (once per process)
    server.config_resetstat()
    assert leases.enqueue(b"page-1", "fp1", priority=0) is True
    assert calls(server)["evalsha"] == 1
    assert leases.enqueue(b"page-1 again", "fp1") is False  # the duplicate filter has it
    assert leases.enqueue(b"page-1 again", None) is True  # dont_filter: queued anyway
    assert leases.queued() == 3
    assert calls(server)["evalsha"] == 3


def test_higher_priority_is_popped_first(server):
    leases = Leases(server, Keys("khaama"), "host-1")
    leases.enqueue(b"low", "a", priority=0)
    leases.enqueue(b"high", "b", priority=10)
    assert [leases.pop()[1], leases.pop()[1], leases.pop()] == [b"high", b"low", None]


def test_a_lease_handed_over_ends_whether_or_not_its_successor_is_new(server):
    keys = Keys("khaama")
    leases = Leases(server, keys, "host-1")
    leases.enqueue(b"article", "fp-article")
    leases.enqueue(b"other", "fp-other")
    first, _ = leases.pop()
    second, _ = leases.pop()
    assert server.scard(keys.busy("host-1")) == 2
    assert leases.enqueue(b"redirected", "fp-redirected", lease=first) is True  # a redirect to a new URL
    assert leases.enqueue(b"other again", "fp-other", lease=second) is False  # a redirect to a URL already taken
    assert server.hlen(keys.leases("host-1")) == 0
    assert server.scard(keys.busy("host-1")) == 0
    assert leases.pop()[1] == b"redirected"
    assert leases.give_back() == 1  # only the request popped last is still leased


def test_a_committed_file_is_marked_seen_in_one_call(server):
    store = RedisSeenStore(server, "khaama")
    stats = SimpleNamespace(values={}, inc_value=lambda k, n=1: stats.values.__setitem__(k, stats.values.get(k, 0) + n))
    mw = SeenMiddleware(store, site="khaama", stats=stats)
    urls = [f"https://www.khaama.com/story-{i}/" for i in range(5)]
    for url in urls:
        mw.pending[url] = ({url, url + "?amp=1"}, None)
    server.config_resetstat()
    mw.committed(SimpleNamespace(urls=urls))
    assert calls(server)["hmget"] == 1  # one read of the stored lastmods, one pipeline of writes
    assert calls(server)["exec"] == 1
    assert stats.values["newscrawl/seen/marked"] == 10
    assert [store.check(u) for u in urls] == ["seen"] * 5
    assert mw.pending == {}
