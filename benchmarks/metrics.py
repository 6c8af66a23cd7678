"""The corpus metric (see ../shared/corpus/README.md): shingle F1, exact titles, author sets, dates."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import datetime, timedelta

_TOKEN = re.compile(r"\w+")


def shingles(text: str, k: int = 4) -> Counter:
    toks = _TOKEN.findall(text or "")
    return Counter(tuple(toks[i:i + k]) for i in range(max(len(toks) - k + 1, 0)))


class BodyScore:
    """Mean precision and mean recall over pages; F1 of the two means."""

    def __init__(self) -> None:
        self.precisions: list[float] = []
        self.recalls: list[float] = []

    def add(self, truth: str, pred: str) -> tuple[float, float]:
        t, p = shingles(truth), shingles(pred)
        tp = sum((t & p).values())
        fp = sum(p.values()) - tp
        fn = sum(t.values()) - tp
        if fp == 0 and fn == 0:
            self.precisions.append(1.0)
            self.recalls.append(1.0)
            return 1.0, 1.0
        prec = rec = None
        if tp + fp > 0:
            prec = tp / (tp + fp)
            self.precisions.append(prec)
        if tp + fn > 0:
            rec = tp / (tp + fn)
            self.recalls.append(rec)
        return (prec or 0.0), (rec or 0.0)

    @property
    def precision(self) -> float:
        return sum(self.precisions) / len(self.precisions) if self.precisions else 0.0

    @property
    def recall(self) -> float:
        return sum(self.recalls) / len(self.recalls) if self.recalls else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def norm(s: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", s or "").casefold().split())


def title_ok(truth: str, pred: str | None) -> bool:
    return norm(truth) == norm(pred)


def authors_ok(truth: list[str], people: list[str], agencies: list[str]) -> bool:
    want = {norm(a) for a in truth}
    got = {norm(a) for a in people}
    return want == got or want == got | {norm(a) for a in agencies}


def _parse(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None


def day_ok(truth: str, published: str | None) -> bool:
    return bool(published) and published[:10] == truth[:10]


def has_time(truth: str) -> bool:
    dt = _parse(truth)
    return dt is not None and len(truth) > 10 and dt.tzinfo is not None


def instant_ok(truth: str, published: str | None) -> bool:
    t, p = _parse(truth), _parse(published or "")
    if t is None or p is None or p.tzinfo is None or len(published or "") <= 10:
        return False
    return abs(t - p) <= timedelta(seconds=60)


def fold_space(text: str | None) -> str:
    return " ".join((text or "").split())


class SnippetScore:
    """trafilatura's own evaluation: a ``with`` passage found is a TP, one missing a FN, a ``without`` passage
    found a FP (whitespace folded); sums over all pages give precision, recall and F1."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, with_: list[str], without: list[str], pred: str) -> tuple[list[str], list[str]]:
        """Count one page; return the ``with`` passages missed and the ``without`` passages found."""
        text = fold_space(pred)
        missed = [s for s in with_ if fold_space(s) not in text]
        found = [s for s in without if fold_space(s) in text]
        self.tp += len(with_) - len(missed)
        self.fn += len(missed)
        self.fp += len(found)
        return missed, found

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
