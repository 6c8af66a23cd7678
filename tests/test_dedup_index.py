"""The index and the clustering over it: real SQLite files, reopened as a later run would."""
from __future__ import annotations

import pytest

from newscrawl.dedup import Deduplicator, Params, article_id
from newscrawl.dedup.cluster import ParamsMismatch
from newscrawl.dedup.sqlite import SqliteIndex
from newscrawl.dedup.syndication import domain_label, syndicated_from

from .conftest import SHARED

SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
MENAFN = "https://menafn.com/1108947219/Iranian-Foreign-Minister-Meets-Assad-In-Damascus-Amid-Syrian-Crisis"


def seed(i: int) -> str:
    return SEEDS[i].read_text(encoding="utf-8")


def trimmed(text: str) -> str:
    lines = [p for p in text.split("\n") if p.strip()]
    return "\n".join(["Araghchi praises Assad's bravery in Damascus talks", *lines[1:-1], "Source: Khaama Press"])


def open_dedup(path, **kw) -> Deduplicator:
    return Deduplicator(SqliteIndex(path), Params(**kw))


def test_first_article_heads_its_cluster_and_a_copy_joins_it(tmp_path):
    dedup = open_dedup(tmp_path / "dedup.sqlite3")
    first = dedup.assign(MENAFN, seed(2), domain="menafn.com", agencies=["Khaama Press"])
    assert first.dup_cluster == article_id(MENAFN) and first.dup_of is None and first.dup_similarity is None
    assert first.syndicated_from == "Khaama Press"
    copy = dedup.assign("https://silkroad.test/araghchi", trimmed(seed(2)), domain="silkroad.test", agencies=["Khaama Press"])
    assert copy.dup_cluster == first.dup_cluster and copy.dup_of == MENAFN
    assert 0.5 <= copy.dup_similarity < 1
    assert copy.syndicated_from == "Khaama Press"


def test_the_five_seed_stories_of_one_event_stay_in_five_clusters(tmp_path):
    dedup = open_dedup(tmp_path / "dedup.sqlite3")
    got = [dedup.assign(f"https://outlet{i}.test/story", seed(i)) for i in range(5)]
    assert len({g.dup_cluster for g in got}) == 5 and all(g.dup_of is None for g in got)


def test_a_later_run_gets_the_same_answers(tmp_path):
    path = tmp_path / "dedup.sqlite3"
    dedup = open_dedup(path)
    urls = [f"https://outlet{i}.test/story" for i in range(5)] + ["https://copy.test/a"]
    texts = [seed(i) for i in range(5)] + [trimmed(seed(3))]
    before = [dedup.assign(u, t) for u, t in zip(urls, texts)]
    dedup.close()
    again = open_dedup(path)  # a new run: another connection to the same file
    after = [again.assign(u, t) for u, t in reversed(list(zip(urls, texts)))]  # even met in another order
    assert list(reversed(after)) == before
    assert before[-1].dup_of == urls[3]
    assert len(again.store) == 6


def test_the_canonical_url_is_the_key(tmp_path):
    dedup = open_dedup(tmp_path / "dedup.sqlite3")
    a = dedup.assign("https://m.outlet.test/story?utm_source=x", seed(0), canonical_url="https://outlet.test/story")
    assert a.dup_cluster == article_id("https://outlet.test/story")
    b = dedup.assign("https://outlet.test/story", seed(1), canonical_url="https://outlet.test/story")
    assert b == a  # the same article seen again, even with its text changed since


def test_an_index_built_with_other_parameters_is_refused_in_one_line(tmp_path):
    path = tmp_path / "dedup.sqlite3"
    open_dedup(path).close()
    with pytest.raises(ParamsMismatch, match=r"built with threshold=0.5 .*not threshold=0.7.*newscrawl dedup"):
        open_dedup(path, threshold=0.7)


def test_a_failed_block_leaves_nothing_behind(tmp_path):
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
