"""Clean text -> word shingles -> a MinHash signature (datasketch) and its LSH band keys.

Pure functions and values, no I/O. A signature is stable across processes, runs and
machines: shingles are hashed with a fixed polynomial hash of their UTF-8 bytes (not
Python's salted ``hash``) and the permutations come from a fixed seed and datasketch's
``affine32`` scheme. Everything past the regular expression that finds the words runs in
numpy, a whole text at a time: the per-article cost is a few array operations, not a
Python loop over its words.

What the index keeps of a signature is small: the low 16 bits of each of the
``num_perm`` minimum hashes (b-bit MinHash: two 16-bit minima agree by chance with
probability 2**-16, so the match rate still estimates the Jaccard similarity) and
one 64-bit key per LSH band.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np  # array arithmetic wraps around modulo 2**width silently: the hashes rely on it
from datasketch import MinHash, MinHashLSH

from ..defaults import default

_WORD = re.compile(r"\w+")
SCHEME = "affine32"
HASHING = "poly64"  # how shingles are hashed; part of what an index is built with (Params.describe)
_BASE = 0x100000001B3  # odd, so invertible modulo 2**64: a substring's hash does not depend on where it starts
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)
_RUN_MIX = 0xC2B2AE3D27D4EB4F  # odd: a run's j-th word weighs MIX**j
_BAND_MIX = 0x9E3779B97F4A7C15  # odd 64-bit constants mixing a band's rows into its key
_BAND_SEED = 0xD6E8FEB86659FD93
_ROWS_AT_ONCE = 2048  # shingles permuted per numpy step (bounds the temporary array of a very long text)
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_FMIX64 = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(33), np.uint64(0xC4CEB9FE1A85EC53), np.uint64(33))


@dataclass(frozen=True)
class Params:
    """How signatures are made and compared; an index is built with one set and keeps it."""

    threshold: float = default("NEWSCRAWL_DEDUP_THRESHOLD")  # estimated Jaccard at or above which a page is a copy
    shingle: int = 5  # words per shingle
    num_perm: int = 64  # benchmarks/dedup.py at 0.5: precision 1.0, recall 0.990 (128: 1.0, 0.993), at about half the cost
    seed: int = 1

    @property
    def bands(self) -> tuple[int, int]:
        """(bands, rows per band) that datasketch's LSH picks for the threshold."""
        return _bands(self.threshold, self.num_perm)

    def describe(self) -> str:
        b, r = self.bands
        return (f"threshold={self.threshold} shingle={self.shingle} num_perm={self.num_perm} seed={self.seed} "
                f"bands={b}x{r} hashing={HASHING}")


@cache
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


@cache
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations


def _fmix(hv: np.ndarray, constants: tuple) -> np.ndarray:
    """The MurmurHash3 finalizer (a bijection that spreads every input bit over the output), element-wise."""
    s1, m1, s2, m2, s3 = constants
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


def _folded(text: str) -> str:
    """NFKC-normalised and casefolded (for ASCII text both are ``lower()``)."""
    if text.isascii():
        return text.lower()
    if not unicodedata.is_normalized("NFKC", text):  # the check is cheap; most pages need no change
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def words(text: str) -> list[str]:
    """The words of ``text``, NFKC-normalised and casefolded (punctuation and spacing do not count)."""
    return _WORD.findall(_folded(text))


@cache
def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``BASE**i`` and ``BASE**-i`` modulo 2**64 for i < n (n a power of two: few sizes are ever made)."""
    up = np.cumprod(np.full(n, _BASE, dtype=np.uint64))
    down = np.cumprod(np.full(n, _BASE_INVERSE, dtype=np.uint64))
    one = np.ones(1, dtype=np.uint64)
    return np.concatenate((one, up[:-1])), np.concatenate((one, down[:-1]))


@cache
def _word_table() -> np.ndarray:
    """For every code point of the Basic Multilingual Plane, whether ``\\w`` matches it (``str.isalnum``
    or the underscore, as :mod:`re` decides), built once (64 KB)."""
    return np.fromiter((chr(c).isalnum() or c == 0x5F for c in range(0x10000)), dtype=bool, count=0x10000)


@cache
def _run_weights(size: int) -> tuple[np.uint64, ...]:
    return tuple(np.uint64(pow(_RUN_MIX, j, 1 << 64)) for j in range(size))


def _is_word(points: np.ndarray) -> np.ndarray:
    """Which code points ``\\w`` matches: a table look-up; a code point past the BMP (emoji, rare
    scripts) is asked of ``str.isalnum`` once for each distinct one in the text."""
    table = _word_table()
    if not len(points) or points.max() <= 0xFFFF:
        return table[points]
    mask = table[np.minimum(points, 0xFFFF)]
    astral = points > 0xFFFF
    distinct = np.unique(points[astral])
    word = np.fromiter((chr(c).isalnum() for c in distinct.tolist()), dtype=bool, count=len(distinct))
    mask[astral] = word[np.searchsorted(distinct, points[astral])]
    return mask


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """32-bit hashes of the runs of ``size`` words, in text order (a text shorter than that is one run; a run
    that repeats is there twice, which changes no minimum).

    In numpy over the text's code points: a word's hash is the polynomial hash of its code points
    (``sum c[k] * BASE**(k - start)`` modulo 2**64, from one prefix sum over the whole text), so the
    same word hashes the same wherever it stands; a run's hash mixes its words' hashes by position
    (``sum w[i + j] * MIX**j``), folded into 32 bits.
    """
    points = np.frombuffer(_folded(text).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    n = len(points)
    inside = np.zeros(n + 2, dtype=np.int8)
    inside[1:-1] = _is_word(points)
    edges = np.flatnonzero(inside[1:] != inside[:-1])  # a word starts, ends, starts, ends…
    if not len(edges):
        return np.zeros(0, dtype=np.uint32)
    starts, ends = edges[0::2], edges[1::2]
    up, down = _powers(1 << n.bit_length())
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(points * up[:n], out=prefix[1:])
    word = (prefix[ends] - prefix[starts]) * down[starts]
    size = min(size, len(word))
    count = len(word) - size + 1
    runs = word[:count].copy()
    for j, weight in enumerate(_run_weights(size)[1:], 1):
        runs += word[j:j + count] * weight
    return (runs ^ (runs >> np.uint64(32))).astype(np.uint32)


def minhash(hashes: np.ndarray, params: Params) -> np.ndarray:
    """The ``num_perm`` minima of datasketch's ``affine32`` permutations over ``hashes`` (uint32): what
    ``MinHash(scheme="affine32", seed=…).update_batch(hashes)`` computes, without its loop over the values."""
    a, b = _permutations(params.num_perm, params.seed)
    values = np.full(params.num_perm, 0xFFFFFFFF, dtype=np.uint32)
    if not len(hashes):
        return values
    mixed = _fmix(hashes.astype(np.uint32), _FMIX32)
    block = np.empty((min(len(mixed), _ROWS_AT_ONCE), params.num_perm), dtype=np.uint32)
    for at in range(0, len(mixed), _ROWS_AT_ONCE):
        rows = mixed[at:at + _ROWS_AT_ONCE, None]
        part = block[: len(rows)]
        np.multiply(rows, a, out=part)
        np.add(part, b, out=part)
        np.minimum(values, part.min(axis=0), out=values)
    return values


@dataclass(frozen=True)
class Signature:
    """The MinHash of one text: ``values`` (uint32, one per permutation)."""

    values: np.ndarray

    @classmethod
    def of(cls, text: str, params: Params) -> "Signature":
        return cls(minhash(shingle_hashes(text, params.shingle), params))

    def compact(self) -> bytes:
        """What the index stores: the low 16 bits of each minimum, 2 bytes a permutation."""
        return (self.values & 0xFFFF).astype("<u2").tobytes()

    def band_keys(self, params: Params) -> list[int]:
        """One signed 64-bit key per LSH band: its rows mixed with the band's number, then avalanched."""
        bands, rows = params.bands
        table = self.values[: bands * rows].reshape(bands, rows).astype(np.uint64)
        keys = np.arange(bands, dtype=np.uint64) * np.uint64(_BAND_MIX) + np.uint64(_BAND_SEED)
        for row in range(rows):
            keys = (keys ^ table[:, row]) * np.uint64(_BAND_MIX)
        keys = _fmix(keys, _FMIX64)
        return keys.view(np.int64).tolist()

    def similarity(self, compact: bytes) -> float:
        """Estimated Jaccard similarity to a stored (compact) signature."""
        mine = (self.values & 0xFFFF).astype("<u2")
        theirs = np.frombuffer(compact, dtype="<u2")
        return float(np.count_nonzero(mine == theirs)) / len(mine)
