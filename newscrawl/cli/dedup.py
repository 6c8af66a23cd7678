"""``newscrawl dedup DATASET -o CLUSTERS.parquet``: near-duplicate clusters over an existing dataset.

Reads the Parquet files under DATASET (any schema version: only ``url``, ``canonical_url``,
``text``, ``domain``, ``site`` and ``agencies`` are read) in the order they were written,
clusters them as a crawl would, and writes a small table that joins on ``url``:
``url, dup_cluster, dup_of, dup_similarity, syndicated_from``. The index is built afresh
in a temporary folder; ``--state DIR`` keeps it as ``DIR/dedup.sqlite3`` (replacing the one
there), so that later crawls cluster against the rebuilt clusters.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from .. import defaults
from ..dedup import Deduplicator, Params
from ..dedup.cluster import INDEX_FILE
from ..dedup.sqlite import SqliteIndex

READ = ("url", "canonical_url", "text", "domain", "site", "agencies")
BATCH_ROWS = 1000
PROGRESS_SECONDS = 2.0
CLUSTERS_SCHEMA = pa.schema([
    pa.field("url", pa.string()),
    pa.field("dup_cluster", pa.string()),
    pa.field("dup_of", pa.string()),
    pa.field("dup_similarity", pa.float32()),
    pa.field("syndicated_from", pa.string()),
])


def dataset_files(root: Path) -> list[Path]:
    """The committed part files under ``root`` (or ``root`` itself), oldest first: part names start with their time."""
    if root.is_file():
        return [root]
    files = [p for p in root.rglob("*.parquet") if not p.name.startswith(".")]
    return sorted(files, key=lambda p: (p.name, str(p)))


def rows(files: list[Path], out) -> Iterator[dict]:
    """Each row's columns of :data:`READ` (None where an older file lacks one); unreadable files are said and skipped."""
    for path in files:
        try:
            pf = pq.ParquetFile(path)
            present = [c for c in READ if c in pf.schema_arrow.names]
            batches = pf.iter_batches(batch_size=BATCH_ROWS, columns=present)
            for batch in batches:
                for row in batch.to_pylist():
                    yield {c: row.get(c) for c in READ}
        except (OSError, pa.ArrowException) as exc:
            print(f"skipped unreadable: {path} ({exc})", file=out)


def build_parser(prog: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog=prog, description="Build or rebuild the near-duplicate clusters of a Parquet "
                                 "dataset into a table that joins on url.")
    ap.add_argument("dataset", metavar="DATASET", help="root of a dataset written by a crawl or `newscrawl extract`, or one Parquet file")
    ap.add_argument("-o", "--output", required=True, metavar="CLUSTERS.parquet", help="the table to write")
    ap.add_argument("--threshold", type=float, default=defaults.default("NEWSCRAWL_DEDUP_THRESHOLD"),
                    help="estimated Jaccard at which a page is a copy (default: %(default)s)")
    ap.add_argument("--state", metavar="DIR", help="keep the rebuilt index as DIR/dedup.sqlite3 (replacing it), for later crawls")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    return ap


def main(argv: list[str] | None = None, prog: str = "newscrawl dedup") -> int:
    parser = build_parser(prog)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    root = Path(args.dataset)
    problem = None
    if not root.exists():
        problem = f"no such dataset: {root}"
    elif not 0 < args.threshold <= 1:
        problem = f"--threshold must be above 0 and at most 1, not {args.threshold}"
    if problem:
        print(f"{prog}: error: {problem}", file=sys.stderr)
        return 2
    files = dataset_files(root)
    if not files:
        print(f"{prog}: no Parquet files under {root}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="newscrawl-dedup-") as tmp:
        return run(files, args, prog, Path(tmp) / INDEX_FILE)


def run(files: list[Path], args: argparse.Namespace, prog: str, index_path: Path) -> int:
    err = sys.stderr
    dedup = Deduplicator(SqliteIndex(index_path), Params(threshold=args.threshold))
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.inprogress")
    sizes: Counter = Counter()
    n = skipped = copies = syndicated = 0
    started = last = time.perf_counter()
    batch: list[dict] = []
    try:
        with pq.ParquetWriter(partial, CLUSTERS_SCHEMA, compression="zstd") as writer:
            for row in rows(files, err):
                if not row["url"]:
                    skipped += 1
                    continue
                got = dedup.assign(row["url"], row["text"], canonical_url=row["canonical_url"], domain=row["domain"],
                                   site=row["site"], agencies=row["agencies"])
                n += 1
                sizes[got.dup_cluster] += 1
                copies += got.dup_of is not None
                syndicated += got.syndicated_from is not None
                batch.append({"url": row["url"], "dup_cluster": got.dup_cluster, "dup_of": got.dup_of,
                              "dup_similarity": got.dup_similarity, "syndicated_from": got.syndicated_from})
                if len(batch) >= BATCH_ROWS:
                    writer.write_table(pa.Table.from_pylist(batch, schema=CLUSTERS_SCHEMA))
                    batch = []
                now = time.perf_counter()
                if not args.quiet and now - last >= PROGRESS_SECONDS:
                    last = now
                    print(f"{prog}: {n} rows, {n / (now - started):.0f} rows/s, {copies} copies", file=err, flush=True)
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=CLUSTERS_SCHEMA))
        os.replace(partial, output)
    except KeyboardInterrupt:
        partial.unlink(missing_ok=True)
        dedup.close()
        print(f"{prog}: interrupted; nothing written", file=err)
        return 130
    except OSError as exc:
        partial.unlink(missing_ok=True)
        dedup.close()
        print(f"{prog}: error: cannot write {output}: {exc.strerror or exc}", file=err)
        return 1
    dedup.close()
    if args.state:
        keep(index_path, Path(args.state))
    print(summary(prog, n, sizes, copies, syndicated, skipped, time.perf_counter() - started, output))
    return 0 if n else 1


def keep(index_path: Path, state: Path) -> None:
    """Move the rebuilt index into ``state``, replacing the one there (and its WAL files)."""
    state.mkdir(parents=True, exist_ok=True)
    target = state / INDEX_FILE
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.move(str(index_path), target)


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def summary(prog: str, n: int, sizes: Counter, copies: int, syndicated: int, skipped: int, seconds: float,
            output: Path) -> str:
    clusters = {c: k for c, k in sizes.items() if k > 1}
    in_clusters = sum(clusters.values())
    largest = max(clusters.items(), key=lambda kv: kv[1], default=(None, 0))
    first = f"{prog}: {_count(n, 'row')} in {seconds:.1f} s ({n / max(seconds, 1e-9):.0f} rows/s)"
    if skipped:
        first += f", {_count(skipped, 'row')} without a url skipped"
    second = f"{prog}: {_count(len(clusters), 'cluster')} of near-duplicates"
    if largest[0]:
        second += f", the largest {_count(largest[1], 'row')} (cluster {largest[0]})"
    second += (f"; {_count(in_clusters, 'row')} in clusters ({in_clusters / max(n, 1):.1%}), "
               f"{copies} {'copy' if copies == 1 else 'copies'}, {syndicated} crediting another outlet; written to {output}")
    return first + "\n" + second
