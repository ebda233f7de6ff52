"""MinHash signatures and LSH banding in numpy: candidate pairs of similar sets in about linear time.

A set is an array of 64-bit item hashes. Its signature holds, for each of
``n_hashes`` functions ``h_i(x) = (a_i * x + b_i) mod 2**64`` (``a_i`` odd;
multiply-shift hashing, the top 32 bits kept), the least value over the set:
two sets agree on one signature entry with probability about their Jaccard
similarity. Banding cuts a signature into ``bands`` rows of ``rows`` entries;
two sets are candidates when they agree on a whole band, which happens with
probability ``1 - (1 - J**rows)**bands`` (an S-curve with its step near
``(1 / bands) ** (1 / rows)``). Seeds are fixed, so signatures are the same in
every process.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["item_hashes", "lsh_pairs", "minhash", "shingle_hashes"]

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_CHUNK = 1 << 14  # items hashed at a time: bounds the (chunk, n_hashes) uint64 working arrays (~16 MB)
_BIG_BUCKET = 24  # members of a bucket beyond which it is linked as a star, not all pairs


def item_hashes(items: Iterable[str]) -> np.ndarray:
    """Deterministic 64-bit hashes of strings (CRC-32 of the UTF-8 text, spread over 64 bits)."""
    crc = np.fromiter((zlib.crc32(s.encode("utf-8", "surrogatepass")) for s in items), dtype=np.uint64)
    return _spread(crc)


def _spread(x: np.ndarray) -> np.ndarray:
    """A 64-bit mix of ``x`` (splitmix64's finaliser), elementwise; wraps modulo 2**64."""
    x = (x + _MIX) & _MASK
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    out: np.ndarray = x ^ (x >> np.uint64(31))
    return out


def shingle_hashes(word_hashes: np.ndarray, *, size: int) -> np.ndarray:
    """Sorted distinct hashes of the runs of ``size`` consecutive words (all words when fewer)."""
    n = word_hashes.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    width = min(size, n)
    out = np.zeros(n - width + 1, dtype=np.uint64)
    for k in range(width):  # a polynomial hash of each window, wrapping modulo 2**64
        out = _spread(out ^ word_hashes[k : n - width + 1 + k])
    return np.unique(out)


def _coefficients(n_hashes: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2**63, size=n_hashes, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=n_hashes, dtype=np.uint64)
    return a, b


def minhash(sets: Sequence[np.ndarray], *, n_hashes: int = 120, seed: int = 0) -> np.ndarray:
    """The ``(len(sets), n_hashes)`` uint32 MinHash signatures of hash sets (empty set: all ones)."""
    a, b = _coefficients(n_hashes, seed)
    sizes = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
    out = np.full((len(sets), n_hashes), np.iinfo(np.uint32).max, dtype=np.uint32)
    if not sizes.sum():
        return out
    flat = np.concatenate([np.asarray(s, dtype=np.uint64) for s in sets])
    owner = np.repeat(np.arange(len(sets)), sizes)
    for lo in range(0, flat.shape[0], _CHUNK):
        x = flat[lo : lo + _CHUNK, None]
        values = ((x * a + b) >> np.uint64(32)).astype(np.uint32)
        rows = owner[lo : lo + _CHUNK]
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        least = np.minimum.reduceat(values, starts, axis=0)
        np.minimum.at(out, rows[starts], least)
    return out


def lsh_pairs(signatures: np.ndarray, *, bands: int, active: np.ndarray | None = None) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of rows that agree on at least one band of their signatures.

    ``active`` masks the rows that take part (rows of empty sets should not).
    A bucket with more than a few members links each to its first member
    only, so that many near-identical items cost linear, not quadratic, work.
    """
    n, width = signatures.shape
    rows = width // bands
    keep = np.arange(n) if active is None else np.flatnonzero(active)
    pairs: set[tuple[int, int]] = set()
    if keep.shape[0] < 2:
        return pairs
    for band in range(bands):
        block = np.ascontiguousarray(signatures[keep, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        ends = np.r_[starts[1:], keys.shape[0]]
        for lo, hi in zip(starts[ends - starts > 1].tolist(), ends[ends - starts > 1].tolist(), strict=True):
            members = np.sort(keep[order[lo:hi]]).tolist()
            if len(members) > _BIG_BUCKET:
                pairs.update((members[0], m) for m in members[1:])
            else:
                pairs.update((x, y) for k, x in enumerate(members) for y in members[k + 1 :])
    return pairs
