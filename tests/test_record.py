from __future__ import annotations

import dataclasses

import pyarrow as pa
import pytest

from newscrawl.record import COLUMNS, SCHEMA_VERSION, Article, arrow_schema, coerce, columns_markdown

REQUIRED = """url canonical_url site domain title text description authors agencies byline_raw published
published_utc published_date published_precision published_source published_raw modified modified_utc language language_score
section tags image word_count text_hash html_sha256 fetched_at http_status extractor schema_version""".split()


def test_schema_has_every_contract_column_in_order_of_the_record():
    schema = arrow_schema()
    assert schema.names == list(COLUMNS)
    assert set(REQUIRED) <= set(schema.names)
    assert schema.field("authors").type == pa.list_(pa.string())
    assert schema.field("published_utc").type == pa.timestamp("us", tz="UTC")
    assert schema.metadata[b"newscrawl.schema_version"] == str(SCHEMA_VERSION).encode()


def test_every_column_is_documented_and_the_readme_table_derives_from_the_record():
    table = columns_markdown()
    for f in dataclasses.fields(Article):
        assert f.metadata["doc"].strip()
        assert f"| `{f.name}` |" in table


def test_readme_holds_the_current_column_table():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert columns_markdown() in readme, "README column table is stale: python -m newscrawl.record > table"


def test_coerce_rejects_unknown_keys_and_fills_missing():
    row = coerce({"url": "https://x.test/a", "title": "T"})
    assert row["url"] == "https://x.test/a" and row["text"] is None and len(row) == len(COLUMNS)
    with pytest.raises(ValueError, match="not article columns"):
        coerce({"url": "u", "headline": "T"})
