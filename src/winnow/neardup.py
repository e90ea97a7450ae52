"""Near-duplicate articles: a MinHash signature per page, and the banding that links copies.

Two copies of one article that differ by a heading, a few words, their layout or their
script (simplified and traditional) have different content ids (``article_id`` hashes the
exact text), so they are linked by the similarity of their bodies instead:

1. features: the body folded to simplified script and ASCII digits (``numbers.fold_text``),
   whitespace dropped, cut into clauses at punctuation and line ends; the set of clauses
   of at least ``MIN_CLAUSE`` characters. A changed word changes one clause, an added
   heading adds one: the sets of two copies stay close, while two different articles that
   share a site's template share few clauses (the parser has taken the template away).
2. signature: rensa's MinHash (``RMinHash``, Rust) of the clause set, ``NUM_PERM`` values of
   32 bits, computed in the parse workers, which see the text once.
3. bands: the signature cut into ``BANDS`` bands of ``ROWS`` values, each band hashed to one
   64-bit key. Pages sharing a band key are candidates; the dbt model
   ``int_article_pairs_linked`` keeps a candidate pair when the signatures' estimated
   Jaccard similarity (the share of equal values) reaches ``THRESHOLD``. ``linked`` below is
   the same rule, for the tests.

Signatures and band keys are landed with the page (``landing.pages.minhash``, ``minhash_bands``).
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np
from rensa import RMinHash

from winnow.numbers import fold_text

NUM_PERM: Final = 64  # 64 values of 32 bits a page; the similarity estimate's error is about 0.06
SEED: Final = 23  # fixed: the signatures of every run and every worker must be comparable
THRESHOLD: Final = 0.5  # estimated Jaccard similarity of two pages' clause sets to call them copies
MIN_CLAUSE: Final = 4  # shorter pieces (一是, 同时, list numbers) are shared by unrelated texts
# 21 bands of 3 values: a pair at similarity 0.5 shares a band with probability 1-(1-0.5**3)**21
# = 0.94, one at 0.3 with 0.43, one at 0.1 (different articles of one site) with 0.02.
BANDS: Final = 21
ROWS: Final = 3

# A clause: a run between Chinese and ASCII sentence and clause punctuation, brackets and quotes, line ends.
_CLAUSE_ENDS: Final = r"\n\r，,、；;：:。.！!？?（）()【】\[\]《》〈〉“”\"‘’'…—－\-·•|/"
_CLAUSE: Final = re.compile(f"[^{_CLAUSE_ENDS}]{{{MIN_CLAUSE},}}")
_BAND_MIX: Final = np.uint64(0x9E3779B97F4A7C15)  # golden-ratio multiplier: spreads the band's values


def clauses(body: str) -> list[str]:
    """The clauses of a body of at least MIN_CLAUSE characters (repeats are kept: a set to MinHash)."""
    text = "".join(fold_text(body).replace("\n", "。").split())  # line ends stay clause ends
    return _CLAUSE.findall(text)


def signature(body: str) -> list[int] | None:
    """The MinHash signature of a body's clause set; None when it has no clause to sign."""
    features = clauses(body)
    if not features:
        return None
    m = RMinHash(NUM_PERM, SEED)
    m.update(features)
    return m.digest()


def bands(sig: list[int] | None) -> list[int] | None:
    """One signed 64-bit key per band of the signature (the band's number is mixed in)."""
    if sig is None:
        return None
    rows = np.asarray(sig[: BANDS * ROWS], dtype=np.uint64).reshape(BANDS, ROWS)
    key = np.arange(BANDS, dtype=np.uint64)
    with np.errstate(over="ignore"):  # the wrap-around multiplication is the hash
        for j in range(ROWS):
            key = (key ^ rows[:, j]) * _BAND_MIX
    return key.view(np.int64).tolist()


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two pages' clause sets: the share of equal values."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def linked(a: list[int] | None, b: list[int] | None) -> bool:
    """Whether two pages are copies of one article: a shared band and a similarity of THRESHOLD."""
    if a is None or b is None:
        return False
    ba, bb = bands(a), bands(b)
    return any(x == y for x, y in zip(ba or [], bb or [], strict=True)) and similarity(a, b) >= THRESHOLD
