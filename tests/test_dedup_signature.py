"""MinHash signatures of the seed texts: stable, close to the true Jaccard, copies near and stories apart."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from datasketch import MinHash

from newscrawl.dedup.signature import _WORD, SCHEME, Params, Signature, _is_word, minhash, shingle_hashes, words

from .conftest import ROOT, SHARED

SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
PARAMS = Params()


def seed(i: int) -> str:
    return SEEDS[i].read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def true_jaccard(a: str, b: str, size: int = PARAMS.shingle) -> float:
    sa, sb = set(shingle_hashes(a, size).tolist()), set(shingle_hashes(b, size).tolist())
    return len(sa & sb) / len(sa | sb)


@pytest.mark.parametrize("text, expected", [
    ("Iran’s Foreign Minister, ARAGHCHI!", ["iran", "s", "foreign", "minister", "araghchi"]),
    ("Ｆｕｌｌ-width ＴＥＸＴ", ["full", "width", "text"]),  # NFKC
    ("Straße  STRASSE", ["strasse", "strasse"]),  # casefolded
])
def test_words_fold_case_width_and_punctuation(text, expected):
    assert words(text) == expected


def test_spacing_and_punctuation_do_not_change_the_signature():
    text = seed(2)
    messy = text.replace(" ", "  ").replace(",", " ,").upper()
    assert Signature.of(text, PARAMS).similarity(Signature.of(messy, PARAMS).compact()) == 1.0


def test_a_short_text_is_one_shingle_and_an_empty_one_none():
    assert len(shingle_hashes("Reuters reports", 5)) == 1
    assert len(shingle_hashes("", 5)) == 0


def test_signature_is_the_same_in_another_process():
    """Shingles are hashed with a fixed polynomial hash, not Python's salted hash: the index outlives the process."""
    mine = Signature.of(seed(0), PARAMS).compact().hex()
    code = ("import sys; from newscrawl.dedup.signature import Params, Signature; "
            "print(Signature.of(open(sys.argv[1], encoding='utf-8').read(), Params()).compact().hex())")
    other = subprocess.run([sys.executable, "-c", code, str(SEEDS[0])], cwd=ROOT, capture_output=True, text=True,
                           env={"PYTHONHASHSEED": "123", "PATH": ""}, check=True).stdout.strip()
    assert other == mine


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_estimate_is_close_to_the_true_jaccard(cut):
    text = seed(4)
    shorter = "\n".join(paragraphs(text)[:-cut])
    estimate = Signature.of(text, PARAMS).similarity(Signature.of(shorter, PARAMS).compact())
    assert abs(estimate - true_jaccard(text, shorter)) < 0.12  # 64 permutations: standard error <= 0.0625


def test_the_five_seed_stories_are_far_apart():
    sigs = [Signature.of(seed(i), PARAMS) for i in range(len(SEEDS))]
    assert len(sigs) == 5
    for i, a in enumerate(sigs):
        for j, b in enumerate(sigs):
            if i != j:
                assert a.similarity(b.compact()) < 0.15, (SEEDS[i].name, SEEDS[j].name)


def test_a_trimmed_copy_shares_a_band_and_a_story_does_not():
    text = seed(2)
    copy = "\n".join(["(MENAFN- Khaama Press)", *paragraphs(text)[1:-1], "Source: Khaama Press"])
    bands = set(Signature.of(text, PARAMS).band_keys(PARAMS))
    assert bands & set(Signature.of(copy, PARAMS).band_keys(PARAMS))
    assert not bands & set(Signature.of(seed(1), PARAMS).band_keys(PARAMS))
    assert len(bands) == PARAMS.bands[0]


def test_params_describe_what_signatures_depend_on():
    assert Params().describe() != Params(threshold=0.6).describe() != Params(shingle=4).describe()
    b, r = Params().bands
    assert b * r <= Params().num_perm


def test_the_word_table_is_what_the_regular_expression_matches():
    """Words are found in numpy with a table of code points; it must agree with ``\\w`` everywhere."""
    points = np.array([*range(0x10000), 0x1F600, 0x1D518, 0x20000, 0x10FFFF], dtype=np.uint32)
    said = _is_word(points)
    regex = np.array([bool(_WORD.fullmatch(chr(c))) for c in points.tolist()])
    assert np.flatnonzero(said != regex).tolist() == []
    assert said[ord("a")] and said[ord("_")] and said[ord("٣")] and not said[ord("’")]
    assert not said[-4] and said[-2]  # an emoji is not a word, a CJK ideograph past the BMP is


@pytest.mark.parametrize("i", range(5))
def test_minhash_is_datasketchs(i):
    """The numpy MinHash gives exactly what datasketch's update_batch gives for the same shingle hashes."""
    hashes = shingle_hashes(seed(i), PARAMS.shingle)
    reference = MinHash(num_perm=PARAMS.num_perm, seed=PARAMS.seed, scheme=SCHEME, hashfunc=int)
    reference.update_batch(hashes.tolist())
    assert minhash(hashes, PARAMS).tolist() == reference.hashvalues.tolist()
    empty = MinHash(num_perm=PARAMS.num_perm, seed=PARAMS.seed, scheme=SCHEME)
    assert minhash(hashes[:0], PARAMS).tolist() == empty.hashvalues.tolist()


def test_a_long_text_is_permuted_in_blocks_with_the_same_result():
    text = " ".join(seed(i) for i in range(5)) * 3  # more shingles than one numpy block
    hashes = shingle_hashes(text, PARAMS.shingle)
    assert len(hashes) > 2048
    reference = MinHash(num_perm=PARAMS.num_perm, seed=PARAMS.seed, scheme=SCHEME, hashfunc=int)
    reference.update_batch(hashes.tolist())
    assert minhash(hashes, PARAMS).tolist() == reference.hashvalues.tolist()
