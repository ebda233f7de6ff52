"""Near-duplicate, trimmed and reworded copies of one report in a pile of articles.

Two steps, so that cost grows about linearly with the pile:

1. **Candidates.** Every article gets two MinHash signatures
   (:mod:`precis.stories.minhash`): one over its word 5-shingles (finds reprints,
   trimmed or not) and one over the set of its stemmed content words (finds
   rewrites: swapping synonyms breaks most shingles but leaves most names,
   numbers and nouns). Articles that agree on a whole LSH band of either
   signature are candidate pairs. Exact copies of the same content are
   grouped by a hash of their shingle set before any of this.
2. **Verification** of each candidate pair, on the sentences that are not
   headings or boilerplate (:func:`precis.analysis.boilerplate.boilerplate_reasons`):

   - *containment*: the share of the smaller article's shingles found in
     the other;
   - *alignment*: the longest chain of sentence pairs, in the same order in
     both articles, whose TF-IDF cosine (stemmed terms, IDF over the
     candidates' sentences) is at least ``sentence_similarity``; its length
     over the shorter article's sentence count is the *coverage*.

   A pair is a copy when the coverage of the shorter article is at least
   ``threshold`` (articles of one or two sentences: when containment is at
   least 0.8). Its kind: ``"reworded"`` when fewer than 80% of the aligned
   sentence pairs are word for word the same (cosine at least 0.98);
   otherwise ``"duplicate"`` when the alignment also covers 80% of the
   longer article, ``"trimmed"`` when the copy is the opening of the other,
   ``"excerpt"`` for any other part.

Two reports of one event share facts but not the sequence of their
sentences, so they fall short of the coverage threshold.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Literal

import numpy as np
from scipy.sparse import csr_matrix

from ..analysis.document import Document
from ..analysis.tokens import stems, words
from ..config.stories import CopiesConfig
from ..config.validation import resolve
from ..model import Article
from ..represent.tfidf import TfidfRepresenter
from .minhash import item_hashes, lsh_pairs, minhash, shingle_hashes

__all__ = ["Comparison", "Copy", "CopyGroup", "CopyGroups", "CopyKind", "compare", "find_copies"]

CopyKind = Literal["duplicate", "reworded", "trimmed", "excerpt"]
_SHINGLE = 5
_IDENTICAL = 0.98  # cosine from which two aligned sentences are the same words
_VERBATIM = 0.8  # share of identical aligned pairs from which a copy kept the original's words
_FULL = 0.8  # coverage of the longer article from which a verbatim copy is a duplicate
_TINY = 3  # articles with fewer sentences are compared by containment only
_TINY_CONTAINMENT = 0.8


@dataclass(frozen=True, slots=True)
class Copy:
    """One copy of an original report.

    ``similarity`` is the share of the copy's sentences aligned, in order,
    with the original's (for articles of one or two sentences: the shingle
    containment); ``containment`` the share of the smaller one's word
    5-shingles found in the other.
    """

    article_id: str
    kind: CopyKind
    similarity: float
    containment: float


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """An original report and its copies (at least one)."""

    original: str
    copies: tuple[Copy, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """The original's id, then the copies' ids."""
        return (self.original, *(c.article_id for c in self.copies))


@dataclass(frozen=True, slots=True)
class CopyGroups:
    """The copy groups of a pile, by original id; articles with no copy are in none."""

    groups: tuple[CopyGroup, ...]

    def __iter__(self) -> Iterator[CopyGroup]:
        return iter(self.groups)

    def __len__(self) -> int:
        return len(self.groups)

    def original_of(self, article_id: str) -> str:
        """The id of the original that ``article_id`` copies (its own id when it copies nothing)."""
        for group in self.groups:
            if any(c.article_id == article_id for c in group.copies):
                return group.original
        return article_id

    def copy_of(self, article_id: str) -> Copy | None:
        """The :class:`Copy` record of ``article_id``, or ``None`` when it is no copy."""
        for group in self.groups:
            for c in group.copies:
                if c.article_id == article_id:
                    return c
        return None


@dataclass(frozen=True, slots=True)
class Comparison:
    """How much of two articles is the same report (see the module docstring).

    ``coverage_short``/``coverage_long``: shares of the shorter and longer
    article's sentences in the aligned chain; ``closeness``: mean cosine of
    the aligned pairs; ``identical``: the share of aligned pairs that are
    word for word the same; ``jaccard``/``containment``: of the shingle sets;
    ``kind``: the copy kind, or ``None`` when they are not copies.
    """

    coverage_short: float
    coverage_long: float
    closeness: float
    identical: float
    jaccard: float
    containment: float
    kind: CopyKind | None


@dataclass(slots=True)
class _Doc:
    """What comparison needs of one article."""

    position: int
    article: Article
    sentences: list[str]
    shingles: np.ndarray
    terms: np.ndarray
    size: int  # content words


def _prepare(position: int, article: Article) -> _Doc:
    doc = Document.of(article)
    kept = list(compress(doc.texts, doc.news))
    if not kept and article.text.strip():
        kept = [article.text.strip()]  # a text of headings only: compare it as one sentence
    body = " ".join(kept)
    tokens = words(body)
    terms = item_hashes(set(stems(body)))
    return _Doc(
        position, article, kept, shingle_hashes(item_hashes(tokens), size=_SHINGLE), np.unique(terms), len(tokens)
    )


def _order_key(doc: _Doc) -> tuple[int, float, int, str]:
    """Which article is the original: the earliest published, then the longest, then by id."""
    published = doc.article.published
    stamp = published.timestamp() if published is not None else 0.0
    return (published is None, stamp, -doc.size, doc.article.id)


def _chain(sims: np.ndarray, floor: float) -> list[tuple[int, int]]:
    """The longest chain of pairs ``(i, j)``, both increasing, with ``sims[i, j] >= floor``."""
    matches = np.argwhere(sims >= floor)  # sorted by i, then j
    if not matches.shape[0]:
        return []
    # longest strictly increasing j over i-groups: j descending within one i keeps each i used once
    order = np.lexsort((-matches[:, 1], matches[:, 0]))
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(order)
    for k, m in enumerate(order.tolist()):
        j = int(matches[m, 1])
        pos = bisect.bisect_left(tails, j)
        back[k] = tail_at[pos - 1] if pos else -1
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos], tail_at[pos] = j, k
    out: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        m = int(order[k])
        out.append((int(matches[m, 0]), int(matches[m, 1])))
        k = back[k]
    return out[::-1]


class _Verifier:
    """Compares candidate pairs: TF-IDF over the sentences of the articles it is given."""

    def __init__(self, docs: Sequence[_Doc], *, threshold: float, sentence_similarity: float) -> None:
        self.threshold = threshold
        self.sentence_similarity = sentence_similarity
        texts: list[str] = []
        self.rows: dict[int, tuple[int, int]] = {}
        for d in docs:
            if len(d.sentences) >= _TINY and d.position not in self.rows:
                self.rows[d.position] = (len(texts), len(texts) + len(d.sentences))
                texts += d.sentences
        self.x: csr_matrix = TfidfRepresenter().fit_transform(texts) if texts else csr_matrix((0, 1))

    def compare(self, a: _Doc, b: _Doc) -> Comparison:
        """The :class:`Comparison` of two prepared articles."""
        short, long = (a, b) if (len(a.sentences), a.size) <= (len(b.sentences), b.size) else (b, a)
        common = np.intersect1d(a.shingles, b.shingles, assume_unique=True).shape[0]
        union = a.shingles.shape[0] + b.shingles.shape[0] - common
        jaccard = common / union if union else 0.0
        smaller = min(a.shingles.shape[0], b.shingles.shape[0])
        containment = common / smaller if smaller else 0.0
        if len(short.sentences) < _TINY:
            kind: CopyKind | None = None
            if containment >= _TINY_CONTAINMENT:
                kind = "duplicate" if jaccard >= _FULL else "trimmed"
            return Comparison(containment, jaccard, containment, containment, jaccard, containment, kind)
        (s0, s1), (l0, l1) = self.rows[short.position], self.rows[long.position]
        sims = (self.x[s0:s1] @ self.x[l0:l1].T).toarray()
        chain = _chain(sims, self.sentence_similarity)
        cover_short = len(chain) / len(short.sentences)
        cover_long = len(chain) / len(long.sentences)
        aligned = np.array([sims[i, j] for i, j in chain])
        closeness = float(aligned.mean()) if chain else 0.0
        identical = float((aligned >= _IDENTICAL).mean()) if chain else 0.0
        kind = None
        if cover_short >= self.threshold and len(chain) >= 2:
            if identical < _VERBATIM:
                kind = "reworded"
            elif cover_long >= _FULL or jaccard >= _FULL:
                kind = "duplicate"
            else:
                kind = "trimmed" if chain[0][1] <= max(1, len(long.sentences) // 5) else "excerpt"
        return Comparison(cover_short, cover_long, closeness, identical, jaccard, containment, kind)


def compare(a: Article, b: Article, *, threshold: float = 0.6, sentence_similarity: float = 0.5) -> Comparison:
    """Compare two articles as :func:`find_copies` compares a candidate pair.

    Examples
    --------
    >>> text = "Rain flooded the market square. Traders moved their stalls. The mayor visited at noon."
    >>> compare(Article("a", text), Article("b", "Local desk. " + text)).kind
    'duplicate'
    """
    values = {"threshold": threshold, "sentence_similarity": sentence_similarity}
    resolve(CopiesConfig, None, values, owner="find_copies")  # checks them as find_copies does
    docs = [_prepare(0, a), _prepare(1, b)]
    return _Verifier(docs, threshold=threshold, sentence_similarity=sentence_similarity).compare(*docs)


def _candidates(docs: Sequence[_Doc], *, bands: int, rows: int) -> set[tuple[int, int]]:
    """Candidate pairs (positions in ``docs``) from the shingle and the content-word signatures."""
    active = np.array([d.shingles.shape[0] > 0 for d in docs], dtype=bool)
    pairs = lsh_pairs(minhash([d.shingles for d in docs], n_hashes=bands * rows, seed=1), bands=bands, active=active)
    pairs |= lsh_pairs(minhash([d.terms for d in docs], n_hashes=bands * rows, seed=2), bands=bands, active=active)
    return pairs


class _Components:
    """Union-find over positions ``0..n-1``."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        """The root of ``x``'s component."""
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        """Join the components of ``x`` and ``y`` (the smaller root stays)."""
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)

    def groups(self) -> list[list[int]]:
        """Components of more than one member, each sorted."""
        out: dict[int, list[int]] = {}
        for x in range(len(self.parent)):
            out.setdefault(self.find(x), []).append(x)
        return [g for g in out.values() if len(g) > 1]


def _split_component(
    members: list[_Doc], verifier: _Verifier, known: dict[tuple[int, int], Comparison]
) -> list[CopyGroup]:
    """Copy groups of one connected component: each original takes the members that verify against it."""
    left = sorted(members, key=_order_key)
    out: list[CopyGroup] = []
    while len(left) > 1:
        original, rest = left[0], left[1:]
        copies: list[Copy] = []
        remaining: list[_Doc] = []
        for doc in rest:
            key = (min(original.position, doc.position), max(original.position, doc.position))
            result = known.get(key) or verifier.compare(original, doc)
            if result.kind is None:
                remaining.append(doc)
                continue
            own = result.coverage_short if len(doc.sentences) <= len(original.sentences) else result.coverage_long
            copies.append(Copy(doc.article.id, result.kind, round(own, 4), round(result.containment, 4)))
        if copies:
            out.append(CopyGroup(original.article.id, tuple(sorted(copies, key=lambda c: c.article_id))))
        left = remaining
    return out


def find_copies(
    articles: Sequence[Article],
    *,
    threshold: float = 0.6,
    sentence_similarity: float = 0.5,
    bands: int = 40,
    rows: int = 3,
    config: CopiesConfig | None = None,
) -> CopyGroups:
    """Group the copies of one report in ``articles``: reprints, trimmed reprints and rewrites.

    Parameters
    ----------
    articles : sequence of Article
        The pile; ids must be unique. Empty texts are never copies.
    threshold : float, default=0.6
        Share of the shorter article's sentences that must have an in-order
        counterpart in the other for the two to be copies.
    sentence_similarity : float, default=0.5
        TF-IDF cosine from which two sentences are counterparts.
    bands, rows : int, default=40, 3
        LSH banding of ``bands * rows`` MinHash values: pairs with Jaccard
        similarity near ``(1 / bands) ** (1 / rows)`` (0.29) are candidates
        half of the time, pairs at 0.5 almost always.
    config : CopiesConfig or None, default=None
        The settings above in one object; then leave them at their defaults.

    Returns
    -------
    CopyGroups
        One group per original, in the order of the originals' first
        appearance in ``articles``; copies by id. The original is the
        earliest published, then the longest, then the smallest id, so the
        groups do not depend on the input's order.

    Examples
    --------
    >>> text = "Rain flooded the market square. Traders moved their stalls. The mayor visited at noon."
    >>> groups = find_copies([Article("a", text), Article("b", text + " Subscribe to our newsletter.")])
    >>> [(g.original, [(c.article_id, c.kind) for c in g.copies]) for g in groups]
    [('a', [('b', 'duplicate')])]
    """
    values = {"threshold": threshold, "sentence_similarity": sentence_similarity, "bands": bands, "rows": rows}
    cfg = resolve(CopiesConfig, config, values, owner="find_copies")
    docs = [_prepare(k, a) for k, a in enumerate(articles)]
    components = _Components(len(docs))
    by_content: dict[bytes, int] = {}
    for d in docs:  # identical shingle sets: one representative goes on to LSH
        if d.shingles.shape[0]:
            components.union(by_content.setdefault(d.shingles.tobytes(), d.position), d.position)
    reps = [d for d in docs if d.shingles.shape[0] and components.find(d.position) == d.position]
    pairs = sorted((reps[i].position, reps[j].position) for i, j in _candidates(reps, bands=cfg.bands, rows=cfg.rows))
    exact = {p for group in components.groups() for p in group}
    involved = sorted({p for pair in pairs for p in pair} | exact)
    verifier = _Verifier(
        [docs[p] for p in involved], threshold=cfg.threshold, sentence_similarity=cfg.sentence_similarity
    )
    known: dict[tuple[int, int], Comparison] = {}
    for i, j in pairs:
        known[i, j] = verifier.compare(docs[i], docs[j])
        if known[i, j].kind is not None:
            components.union(i, j)
    groups: list[CopyGroup] = []
    for members in components.groups():
        groups += _split_component([docs[p] for p in members], verifier, known)
    first = {a.id: k for k, a in enumerate(articles)}
    return CopyGroups(tuple(sorted(groups, key=lambda g: first[g.original])))
