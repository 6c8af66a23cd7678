"""Clean text -> word shingles -> a MinHash signature (datasketch) and its LSH band keys.

Pure functions and values, no I/O. A signature is stable across processes, runs and
machines: words are hashed with CRC-32 (not Python's salted ``hash``) and the
permutations come from a fixed seed and datasketch's ``affine32`` scheme.

What the index keeps of a signature is small: the low 16 bits of each of the
``num_perm`` minimum hashes (b-bit MinHash: two 16-bit minima agree by chance with
probability 2**-16, so the match rate still estimates the Jaccard similarity) and
one 64-bit key per LSH band.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..defaults import default

_WORD = re.compile(r"\w+")
_MIX = 0x9E3779B1  # odd: the position weights of a run's words
SCHEME = "affine32"


@dataclass(frozen=True)
class Params:
    """How signatures are made and compared; an index is built with one set and keeps it."""

    threshold: float = default("NEWSCRAWL_DEDUP_THRESHOLD")  # estimated Jaccard at or above which a page is a copy
    shingle: int = 5  # words per shingle
    num_perm: int = 128
    seed: int = 1

    @property
    def bands(self) -> tuple[int, int]:
        """(bands, rows per band) that datasketch's LSH picks for the threshold."""
        return _bands(self.threshold, self.num_perm)

    def describe(self) -> str:
        b, r = self.bands
        return f"threshold={self.threshold} shingle={self.shingle} num_perm={self.num_perm} seed={self.seed} bands={b}x{r}"


@cache
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


@cache
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations


def words(text: str) -> list[str]:
    """The words of ``text``, NFKC-normalised and casefolded (punctuation and spacing do not count)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """32-bit hashes of the runs of ``size`` words (a text shorter than that is one run).

    Each word is hashed once (CRC-32 of its UTF-8); a run's hash mixes its words' hashes by
    position (``sum h[i+j] * M**j`` modulo 2**32), in numpy, so a long article costs little.
    """
    tokens = words(text)
    if not tokens:
        return np.zeros(0, dtype=np.uint32)
    hashes = np.fromiter((zlib.crc32(t.encode()) for t in tokens), dtype=np.uint32, count=len(tokens))
    size = min(size, len(tokens))
    runs = len(tokens) - size + 1
    out = hashes[:runs].copy()
    factor = np.uint32(1)
    with np.errstate(over="ignore"):
        for j in range(1, size):
            factor = np.uint32((int(factor) * _MIX) & 0xFFFFFFFF)
            out += hashes[j:j + runs] * factor
    return np.unique(out)


def _identity(value: int) -> int:
    return value


@dataclass(frozen=True)
class Signature:
    """The MinHash of one text: ``values`` (uint32, one per permutation)."""

    values: np.ndarray

    @classmethod
    def of(cls, text: str, params: Params) -> "Signature":
        m = MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=_identity, scheme=SCHEME,
                    permutations=_permutations(params.num_perm, params.seed))
        m.update_batch(shingle_hashes(text, params.shingle).tolist())
        return cls(m.hashvalues.astype(np.uint32))

    def compact(self) -> bytes:
        """What the index stores: the low 16 bits of each minimum, 2 bytes a permutation."""
        return (self.values & 0xFFFF).astype("<u2").tobytes()

    def band_keys(self, params: Params) -> list[int]:
        """One signed 64-bit key per LSH band (the band's number is part of the key)."""
        bands, rows = params.bands
        keys = []
        for band in range(bands):
            chunk = self.values[band * rows:(band + 1) * rows].astype("<u4").tobytes()
            digest = hashlib.blake2b(chunk, digest_size=8, salt=band.to_bytes(2, "little")).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys

    def similarity(self, compact: bytes) -> float:
        """Estimated Jaccard similarity to a stored (compact) signature."""
        mine = (self.values & 0xFFFF).astype("<u2")
        theirs = np.frombuffer(compact, dtype="<u2")
        return float(np.count_nonzero(mine == theirs)) / len(mine)
