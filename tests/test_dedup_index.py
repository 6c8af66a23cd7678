"""The index and the clustering over it, on both backends: real SQLite files and a real redis-server,
reopened as a later run (or another worker) would."""
from __future__ import annotations

import threading

import pytest
from scrapy.settings import Settings

from newscrawl import defaults
from newscrawl.dedup import Deduplicator, IndexConflict, Params, article_id
from newscrawl.dedup.cluster import ParamsMismatch, article_key
from newscrawl.dedup.redis import RedisIndex
from newscrawl.dedup.signature import Signature
from newscrawl.dedup.sqlite import SqliteIndex
from newscrawl.dedup.store import Assignment, Head
from newscrawl.dedup.syndication import domain_label, syndicated_from
from newscrawl.pipelines.dedup import settings_problem
from newscrawl.redis.config import connect

from .conftest import SHARED
from .redisserver import RedisServer

SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
MENAFN = "https://menafn.com/1108947219/Iranian-Foreign-Minister-Meets-Assad-In-Damascus-Amid-Syrian-Crisis"


def seed(i: int) -> str:
    return SEEDS[i].read_text(encoding="utf-8")


def trimmed(text: str) -> str:
    lines = [p for p in text.split("\n") if p.strip()]
    return "\n".join(["Araghchi praises Assad's bravery in Damascus talks", *lines[1:-1], "Source: Khaama Press"])


@pytest.fixture(params=["sqlite", "redis"])
def index(request, tmp_path):
    """Opens a new connection to one index (as a later run, or another worker, would): a SQLite file or a Redis."""
    if request.param == "sqlite":
        yield lambda: SqliteIndex(tmp_path / "dedup.sqlite3")
        return
    server = RedisServer(tmp_path / "redis").start()
    yield lambda: RedisIndex(connect(server.url), server.url)
    server.stop()


def open_dedup(index, **kw) -> Deduplicator:
    return Deduplicator(index(), Params(**kw))


def test_first_article_heads_its_cluster_and_a_copy_joins_it(index):
    dedup = open_dedup(index)
    first = dedup.assign(MENAFN, seed(2), domain="menafn.com", agencies=["Khaama Press"])
    assert first.dup_cluster == article_id(MENAFN) and first.dup_of is None and first.dup_similarity is None
    assert first.syndicated_from == "Khaama Press"
    copy = dedup.assign("https://silkroad.test/araghchi", trimmed(seed(2)), domain="silkroad.test", agencies=["Khaama Press"])
    assert copy.dup_cluster == first.dup_cluster and copy.dup_of == MENAFN
    assert 0.5 <= copy.dup_similarity < 1
    assert copy.syndicated_from == "Khaama Press"


def test_the_five_seed_stories_of_one_event_stay_in_five_clusters(index):
    dedup = open_dedup(index)
    got = [dedup.assign(f"https://outlet{i}.test/story", seed(i)) for i in range(5)]
    assert len({g.dup_cluster for g in got}) == 5 and all(g.dup_of is None for g in got)


def test_a_later_run_gets_the_same_answers(index):
    dedup = open_dedup(index)
    urls = [f"https://outlet{i}.test/story" for i in range(5)] + ["https://copy.test/a"]
    texts = [seed(i) for i in range(5)] + [trimmed(seed(3))]
    before = [dedup.assign(u, t) for u, t in zip(urls, texts)]
    dedup.close()
    again = open_dedup(index)  # a new run: another connection to the same index
    after = [again.assign(u, t) for u, t in reversed(list(zip(urls, texts)))]  # even met in another order
    assert list(reversed(after)) == before
    assert before[-1].dup_of == urls[3]
    assert len(again.store) == 6


def test_the_canonical_url_is_the_key(index):
    dedup = open_dedup(index)
    a = dedup.assign("https://m.outlet.test/story?utm_source=x", seed(0), canonical_url="https://outlet.test/story")
    assert a.dup_cluster == article_id("https://outlet.test/story")
    b = dedup.assign("https://outlet.test/story", seed(1), canonical_url="https://outlet.test/story")
    assert b == a  # the same article seen again, even with its text changed since


def test_an_index_built_with_other_parameters_is_refused_in_one_line(index):
    open_dedup(index).close()
    with pytest.raises(ParamsMismatch, match=r"built with threshold=0.5 .*not threshold=0.7.*newscrawl dedup"):
        open_dedup(index, threshold=0.7)


def test_the_first_parameters_set_stay_when_two_workers_start_at_once(index):
    """Both find the index empty; the second to set its parameters finds the first's, and is refused."""
    first, second = index(), index()
    assert first.params() is None and second.params() is None
    first.set_params(Params().describe())
    first.close()
    second.set_params(Params(threshold=0.7).describe())
    assert second.params() == Params().describe()
    with pytest.raises(ParamsMismatch):
        Deduplicator(second, Params(threshold=0.7))


def redis_only(dedup: Deduplicator) -> None:
    if isinstance(dedup.store, SqliteIndex):
        pytest.skip("SQLite's lock serialises the two blocks (the test with threads below runs on both)")


def test_a_head_started_meanwhile_in_the_same_bands_is_a_conflict_and_the_copy_joins_it(index):
    """Worker A looks up a story and finds nothing; before it stores, worker B stores a copy of the same story.
    A's insert is refused (nothing stored), and done again it joins B's cluster: one cluster, not two."""
    a = open_dedup(index)
    redis_only(a)
    b = open_dedup(index)
    story, copy = seed(2), trimmed(seed(2))
    params = Params()
    signature = Signature.of(story, params)
    bands = signature.band_keys(params)
    key = article_key(MENAFN)
    with a.store.transaction():
        assert a.store.assignment(key) is None and a.store.candidates(bands) == []
        first = b.assign("https://silkroad.test/araghchi", copy)  # B, at the same moment
        head = Head(key, article_id(MENAFN), MENAFN, signature.compact(), ())
        with pytest.raises(IndexConflict):
            a.store.add(key, Assignment(article_id(MENAFN)), head, bands)
    assert a.store.assignment(key) is None and len(a.store) == 1  # nothing was stored
    got = a.assign(MENAFN, story)  # A does the look-up again
    assert got.dup_cluster == first.dup_cluster == article_id("https://silkroad.test/araghchi")
    assert got.dup_of == "https://silkroad.test/araghchi"


def test_the_same_article_assigned_meanwhile_is_a_conflict_and_gets_that_answer(index):
    a = open_dedup(index)
    redis_only(a)
    b = open_dedup(index)
    key = article_key(MENAFN)
    with a.store.transaction():
        assert a.store.assignment(key) is None
        first = b.assign(MENAFN, seed(2))
        with pytest.raises(IndexConflict):
            a.store.add(key, Assignment(article_id(MENAFN)), Head(key, article_id(MENAFN), MENAFN, b"", ()), [])
    assert a.assign(MENAFN, seed(2)) == first


def test_workers_storing_copies_of_the_same_stories_at_once_make_one_cluster_per_story(index):
    """Four workers (threads, each with its own connection), released together, each storing its own copy of
    each of the five seed stories: every story ends in one cluster, whatever the interleaving."""
    workers = 4
    open_dedup(index).close()  # the index's parameters, set (and with SQLite committed) before the workers open it
    start = threading.Barrier(workers)
    got: dict[tuple[int, int], object] = {}
    errors: list[BaseException] = []

    def work(w: int) -> None:
        try:
            dedup = open_dedup(index)  # in its thread: a SQLite connection serves the thread that opened it
            start.wait()
            for story in range(5):
                got[w, story] = dedup.assign(f"https://outlet{w}.test/story{story}", trimmed(seed(story)) if w % 2
                                                 else seed(story))
            dedup.close()
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    for story in range(5):
        clusters = {got[w, story].dup_cluster for w in range(workers)}
        assert len(clusters) == 1, (story, clusters)
        assert sum(got[w, story].dup_of is None for w in range(workers)) == 1  # one head
    assert len({got[0, story].dup_cluster for story in range(5)}) == 5
    assert len(index()) == workers * 5


def test_a_failed_block_leaves_nothing_behind(tmp_path):  # SQLite: a Redis block stores in one script or not at all
    store = SqliteIndex(tmp_path / "dedup.sqlite3")
    dedup = Deduplicator(store, Params())
    dedup.assign("https://a.test/1", seed(0))
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.db.execute("insert into articles(key, head) values (42, 1)")
            raise RuntimeError("boom")
    store.close()
    assert len(SqliteIndex(tmp_path / "dedup.sqlite3")) == 1


def test_memory_index_for_one_run():
    dedup = Deduplicator(SqliteIndex(":memory:"), Params())
    assert dedup.assign("https://a.test/1", seed(0)).dup_of is None
    assert dedup.assign("https://b.test/1", trimmed(seed(0))).dup_of == "https://a.test/1"


@pytest.mark.parametrize("agencies, domain, site, first, expected", [
    (["Khaama Press"], "menafn.com", "news", (), "Khaama Press"),          # "(MENAFN- Khaama Press)"
    (["Reuters"], "example.com", "news", (), "Reuters"),                  # "Source: Reuters"
    (["EFE"], "telesurenglish.net", "telesur", (), "EFE"),                # "teleSUR/ JF Sources: EFE"
    (["Reuters"], "reuters.com", "reuters", (), None),                    # the outlet itself
    (["DER SPIEGEL"], "spiegel.de", "spiegel", (), None),                 # the outlet itself, by another name
    (["Staff"], "example.com", "news", (), None),                         # its own newsroom
    (["AFP", "Khaama Press"], "silkroad.test", "news", ("khaama",), "Khaama Press"),  # the first copy's outlet wins
    (["AFP", "Khaama Press"], "silkroad.test", "news", (), "AFP"),
    ([], "silkroad.test", "news", ("khaama",), None),                     # a copy that credits nobody
    (None, None, None, (), None),
])
def test_syndicated_from(agencies, domain, site, first, expected):
    assert syndicated_from(agencies, domain, site, first) == expected


@pytest.mark.parametrize("domain, label", [
    ("www.khaama.com", "khaama"), ("bbc.co.uk", "bbc"), ("en.trend.az", "trend"), ("127.0.0.1", ""), ("", ""),
])
def test_domain_label(domain, label):
    assert domain_label(domain) == label


def test_a_shared_crawl_checks_the_redis_index_before_it_starts(tmp_path):
    """settings_problem: nothing is created in Redis; other parameters and an unreachable Redis are one line."""
    server = RedisServer(tmp_path / "redis").start()
    try:
        settings = Settings()
        defaults.apply(settings)
        settings.set("NEWSCRAWL_REDIS_URL", server.url)
        settings.set("NEWSCRAWL_STATE_DIR", str(tmp_path / "state"))
        assert settings_problem(settings) is None
        assert connect(server.url).keys("newscrawl:dedup:*") == []
        Deduplicator(RedisIndex(connect(server.url)), Params()).close()  # a first crawl built it
        assert settings_problem(settings) is None
        settings.set("NEWSCRAWL_DEDUP_THRESHOLD", 0.7)
        assert "built with threshold=0.5" in settings_problem(settings)
    finally:
        server.stop()
    problem = settings_problem(settings)
    assert problem.startswith(f"the near-duplicate index in Redis at {server.url} is unreachable") and "\n" not in problem


def test_opening_the_index_holds_no_lock_and_a_flush_releases_a_batch(tmp_path):
    """Another process opening or writing the index (a crawl and `newscrawl extract`, say) waits for no
    batch: setting the parameters is committed at once, and flush() commits what was assigned."""
    path = tmp_path / "dedup.sqlite3"
    first = Deduplicator(SqliteIndex(path), Params())
    other = SqliteIndex(path)
    other.db.execute("pragma busy_timeout = 100")  # a lock held would fail this in 0.1 s, not wait a minute
    assert other.params() == Params().describe()
    first.assign("https://a.test/1", seed(0))
    first.flush()
    with other.transaction():
        other.db.execute("insert into meta(name, value) values ('probe', '1')")
    other.close()
    assert len(first.store) == 1
    first.close()


def test_the_crawlers_of_one_process_share_one_connection(tmp_path):
    from newscrawl.dedup.cluster import open_index

    a, b = open_index(tmp_path), open_index(tmp_path)
    assert a is b
    Deduplicator(a, Params()).assign("https://a.test/1", seed(0))
    a.close()
    assert Deduplicator(b, Params()).assign("https://a.test/1", seed(0)).dup_of is None  # still open, same answer
    b.close()
    c = open_index(tmp_path)  # the last close closed it: a new connection, which sees what was committed
    assert c is not a and len(c) == 1
    c.close()
