"""The article record: defined once here.

The Parquet schema (:func:`arrow_schema`), the column table in the README
(:func:`columns_markdown`) and the tests all derive from :class:`Article`.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pyarrow as pa

SCHEMA_VERSION = 3  # 2: published_date, part files leave `site` to the partition path; 3: dup_* and syndicated_from

_TS = pa.timestamp("us", tz="UTC")
_STR_LIST = pa.list_(pa.string())


def _col(arrow_type: pa.DataType, doc: str, default: Any = None, **kw: Any) -> Any:
    meta = {"arrow": arrow_type, "doc": doc}
    if "default_factory" in kw:
        return field(default_factory=kw["default_factory"], metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(slots=True)
class Article:
    """One news article, as written to Parquet (schema version 3)."""

    url: str = _col(pa.string(), "Final URL of the page, after redirects.", "")
    canonical_url: str | None = _col(pa.string(), "Canonical URL (rel=canonical / og:url, tracking parameters removed).")
    site: str | None = _col(
        pa.string(),
        "Registry name of the site (`scrapy list`), or `news` for the generic spider. In the dataset the "
        "`site=` directory supplies it (the part files do not repeat it); a feed file (`-O x.parquet`) holds it.",
    )
    domain: str | None = _col(pa.string(), "Host name of `url`, without a leading `www.`.")
    title: str | None = _col(pa.string(), "Headline, without the site name glued on.")
    text: str | None = _col(pa.string(), "Clean body text; paragraphs separated by a blank line.")
    description: str | None = _col(pa.string(), "Summary / standfirst from the page's metadata.")
    authors: list[str] = _col(_STR_LIST, "People credited with the article.", default_factory=list)
    agencies: list[str] = _col(_STR_LIST, "Credited agencies and outlets (EFE, Reuters, Khaama Press…).", default_factory=list)
    byline_raw: str | None = _col(pa.string(), "The credit line as the page gave it.")
    published: str | None = _col(
        pa.string(),
        "Publication time, ISO-8601 in the publisher's local time with its offset "
        "(`2024-12-02T11:36:00+04:00`), or a bare date (`2024-12-02`) when only the day is known.",
    )
    published_utc: datetime | None = _col(_TS, "Publication instant in UTC; a day-only value is midnight in the site's time zone (UTC when none is known).")
    published_date: date | None = _col(
        pa.date32(),
        "Publication day in the publisher's own calendar (the day of `published`): group by this for day-level "
        "counts, not by the day of `published_utc`, which east of UTC can be the day before. New in version 2.",
    )
    published_precision: str | None = _col(pa.string(), "`day`, `minute` or `second`.")
    published_source: str | None = _col(
        pa.string(),
        "Where the date came from: `json-ld`, `meta`, `time`, `text`, `url`, `sitemap`…, or `htmldate` (htmldate's day, "
        "asked only when the page gives none we read); `+site-tz` is appended when the page gave no offset and the site's "
        "time zone was applied.",
    )
    published_raw: str | None = _col(pa.string(), "The date string as found on the page.")
    modified: str | None = _col(pa.string(), "Last modification time, same rules as `published`.")
    modified_utc: datetime | None = _col(_TS, "Last modification instant in UTC.")
    language: str | None = _col(pa.string(), "ISO 639-1 language of the text.")
    language_score: float | None = _col(pa.float32(), "Confidence of the language, 0 to 1.")
    section: str | None = _col(pa.string(), "Section or category of the site.")
    tags: list[str] = _col(_STR_LIST, "Keywords and tags.", default_factory=list)
    image: str | None = _col(pa.string(), "URL of the lead image.")
    word_count: int | None = _col(pa.int32(), "Number of words (`\\w+` tokens) in `text`.")
    text_hash: str | None = _col(pa.string(), "SHA-256 of the normalised text (NFKC, casefolded, whitespace folded): finds exact duplicates.")
    dup_cluster: str | None = _col(
        pa.string(),
        "Near-duplicate cluster: the id of the first article seen of this story (its own id when it is that "
        "article or has no copy yet); stable across runs and sites.",
    )
    dup_of: str | None = _col(pa.string(), "URL of the cluster's first article; null for that article itself.")
    dup_similarity: float | None = _col(pa.float32(), "Estimated Jaccard similarity (MinHash of word 5-grams) to that first article; null for it.")
    syndicated_from: str | None = _col(
        pa.string(),
        "The outlet this copy credits as its source (\"(MENAFN- Khaama Press)\", \"Source: Reuters\"), "
        "preferring one that names the cluster's first outlet.",
    )
    html_sha256: str | None = _col(pa.string(), "SHA-256 of the raw HTML bytes as fetched.")
    fetched_at: datetime | None = _col(_TS, "When the page was fetched (UTC).")
    http_status: int | None = _col(pa.int16(), "HTTP status of the response.")
    extractor: str | None = _col(pa.string(), "Versions that produced the record: `newscrawl/X trafilatura/Y`.")
    schema_version: int = _col(pa.int16(), "Version of this schema.", SCHEMA_VERSION)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Article))


def arrow_schema() -> pa.Schema:
    """The Parquet schema, derived from :class:`Article`; the docs travel as field metadata."""
    fields = [
        pa.field(f.name, f.metadata["arrow"], nullable=True, metadata={"doc": f.metadata["doc"]})
        for f in dataclasses.fields(Article)
    ]
    return pa.schema(fields, metadata={"newscrawl.schema_version": str(SCHEMA_VERSION)})


def columns_markdown() -> str:
    """The column table of the README, derived from :class:`Article`."""
    rows = ["| column | type | meaning |", "|---|---|---|"]
    for f in dataclasses.fields(Article):
        rows.append(f"| `{f.name}` | `{f.metadata['arrow']}` | {f.metadata['doc']} |")
    return "\n".join(rows)


def coerce(item: Any) -> dict[str, Any]:
    """An Article, or a mapping with Article's keys, as a plain dict with every column."""
    if isinstance(item, Article):
        return item.to_dict()
    data = dict(item)
    unknown = set(data) - set(COLUMNS)
    if unknown:
        raise ValueError(f"not article columns: {sorted(unknown)}")
    return {name: data.get(name) for name in COLUMNS}


if __name__ == "__main__":  # python -m newscrawl.record: print the README's column table
    print(columns_markdown())
