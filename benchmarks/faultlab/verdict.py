"""What a case measured: survived (ended in time, the promised exit code, no traceback, the promised line), rows
lost (expected good articles missing from the dataset, stored twice, or stored without their text) and peak memory."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyarrow.dataset as ds

from .measure import Ran

MIN_WORDS = 150  # a generated article has ~176 words: fewer means its text was lost


@dataclass
class Outcome:
    """One case's figures; ``why`` lists what broke a promise (empty: survived), ``losses`` what rows were lost."""
    why: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)
    lost: int = 0
    peak_mb: float = 0.0
    seconds: float = 0.0

    @property
    def survived(self) -> bool:
        return not self.why

    def ran(self, ran: Ran, codes: Iterable[int], label: str = "", line: str | None = None) -> Ran:
        """Add one run: its time and memory, and what it broke of its promise (exit code in ``codes``, no
        traceback, ``line`` printed exactly once when given)."""
        codes = tuple(codes)
        self.peak_mb = max(self.peak_mb, ran.peak_mb)
        self.seconds += ran.seconds
        tag = f"{label}: " if label else ""
        if ran.timed_out:
            self.why.append(f"{tag}still running after {ran.seconds:.0f} s (killed)")
        elif ran.returncode not in codes:
            last = next((ln for ln in reversed(ran.stderr.splitlines()) if ln.strip()), "")
            self.why.append(f"{tag}exit {ran.returncode}, not {'/'.join(map(str, codes))} ({last[:120]})")
        if "Traceback (most recent call last)" in ran.stderr:
            at = ran.stderr.index("Traceback")
            self.why.append(f"{tag}traceback: " + ran.stderr[at:].splitlines()[-1][:120])
        if line is not None and ran.stderr.count(line) != 1:
            self.why.append(f"{tag}{ran.stderr.count(line)} lines with {line!r}, not 1")
        if ran.left_behind:
            self.why.append(f"{tag}processes still running 2 s after it ended")
        return ran

    def check(self, ok: bool, why: str) -> None:
        if not ok:
            self.why.append(why)


def rows(*outs: Path) -> list[dict]:
    """url, title and word_count of every row of the Parquet datasets under ``outs`` (none when a folder has none)."""
    found = []
    for out in outs:
        if list(out.glob("**/*.parquet")):
            table = ds.dataset(out, format="parquet", partitioning="hive").to_table(columns=["url", "title", "word_count"])
            found += table.to_pylist()
    return found


def count_lost(outcome: Outcome, base: str, expected: Iterable[str], *outs: Path, bad: Iterable[str] = ()) -> None:
    """Rows lost: expected paths not stored, stored more than once, stored with under MIN_WORDS words or no title,
    plus any row of a ``bad`` URL (bytes that must never be stored)."""
    stored = rows(*outs)
    urls = [r["url"] for r in stored]
    want = {base + p for p in expected}
    missing = want - set(urls)
    twice = len(urls) - len(set(urls))
    hollow = {r["url"] for r in stored if r["url"] in want and ((r["word_count"] or 0) < MIN_WORDS or not r["title"])}
    garbage = [u for u in urls if u in set(bad)]
    outcome.lost += len(missing) + twice + len(hollow) + len(garbage)
    for n, what in ((len(missing), "not stored"), (twice, "stored twice"), (len(hollow), "stored without its text"),
                    (len(garbage), "stored from a damaged record")):
        if n:
            outcome.losses.append(f"{n} {what}")


@dataclass(frozen=True)
class Case:
    """One fault: its name, the item of issue 11 it belongs to, and how to run it in a fresh folder."""
    name: str
    item: int
    run: Callable[[Path], Outcome]
