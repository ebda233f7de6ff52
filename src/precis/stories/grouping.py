"""Group a mixed pile of articles into stories, without a fixed number of clusters.

1. **What represents an article.** Its title and its first ``lead_sentences``
   sentences that are neither headings nor boilerplate
   (:func:`precis.analysis.boilerplate.boilerplate_reasons`): a long newsletter or cookie
   footer does not weigh on it. Articles that cannot be used (empty, no
   sentence punctuation, not English: :func:`precis.analysis.language.check_article`;
   or no content word) become stories of their own, marked with the reason.
2. **TF-IDF** of those texts (:class:`~precis.represent.tfidf.TfidfRepresenter`:
   stemmed terms, sublinear tf, IDF over the pile, rows L2-normalised).
3. **Neighbours without an n×n matrix.** Each row keeps its ``top_terms``
   heaviest terms; the product of these pruned rows with their transpose,
   a chunk of rows at a time, gives for every article its ``neighbours``
   nearest others (a pruned product never exceeds the full cosine, so
   pruning loses candidates, never invents them). Their full cosines are
   the candidate links.
4. **Clustering.** Copies of one report (:func:`precis.stories.copies.find_copies`)
   start in one cluster. Links are then taken from the strongest down,
   while at least ``similarity``; a link joins two clusters only when their
   *average link*, the mean cosine over all pairs across them
   (``S_a · S_b / (n_a n_b)`` with ``S`` the sum of a cluster's rows), is at
   least ``cohesion``, so that a chain of pairwise links cannot glue two
   stories. Clusters published more than ``max_days`` apart are joined only
   by links of at least ``far_similarity``.

Every step is deterministic: ties break by input position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import compress

import numpy as np
from scipy.sparse import csr_matrix

from ..analysis.document import Document
from ..analysis.language import check_article
from ..config.stories import GroupingConfig
from ..config.validation import resolve
from ..errors import InputError
from ..model import Article, Citation
from ..represent.tfidf import TfidfRepresenter
from .copies import CopyGroup, CopyGroups, find_copies

__all__ = ["Story", "group_stories"]

_HEAD_CHARS = 4000  # only the opening of an article is read (a longer one's is analysed as a text of its own)
_CHUNK = 2048  # rows per block of the neighbour product
_FLOOR = 0.02  # pruned products below this are no candidate link
_DAY = 86_400.0
_TITLE_WORDS = 6  # the least words of a sentence that stands in for a missing title


@dataclass(frozen=True, slots=True)
class Story:
    """One story of a pile: the articles that report it.

    Parameters
    ----------
    ids : tuple of str
        The articles, earliest published first (undated last), then in input order.
    title : str
        The title of the most central article, or its first sentence (then
        ``title_citation`` says where it is); ``""`` when there is neither.
    central : str
        The id of the article most similar to the rest of the story.
    copies : tuple of CopyGroup
        Copies of one report among ``ids`` (see :mod:`precis.stories.copies`).
    published : datetime or None
        The latest publication time in the story.
    reason : str or None
        Why the article was set apart without being compared (unusable
        text); ``None`` for every story built by comparison.
    title_citation : Citation or None
        The span of ``title`` when it is a sentence of an article.
    """

    ids: tuple[str, ...]
    title: str
    central: str
    copies: tuple[CopyGroup, ...] = ()
    published: datetime | None = None
    reason: str | None = None
    title_citation: Citation | None = None

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(slots=True)
class _Lead:
    """The usable opening of one article."""

    position: int
    text: str
    first: Citation | None  # its first news sentence of some length: what stands in for a missing title
    news: int = 0  # sentences of the opening that are news (not headings, boilerplate or notices)
    notices: int = 0  # sentences of the opening that are web-page notices (crawl notes, video-player text)


def _lead(position: int, article: Article, lead_sentences: int) -> _Lead:
    """The title and first ``lead_sentences`` news sentences of ``article``."""
    doc = Document.of(article)
    if len(article.text) > _HEAD_CHARS:
        cut = article.text.rfind(" ", 0, _HEAD_CHARS)
        doc = doc.prefix(cut if cut > 0 else _HEAD_CHARS)  # offsets into a prefix are offsets into the article
    news = list(compress(doc.sentences, doc.news))
    kept = news[:lead_sentences]
    text = " ".join([article.title or "", *(s.text for s in kept)])
    notices = doc.reasons.count("web-page notice")
    # the sentence that can stand for a title: the first of some length ("1 of 2." is a gallery counter)
    first = next((s for s in kept if len(s.text.split()) >= _TITLE_WORDS), kept[0] if kept else None)
    return _Lead(position, text, first.citation if first else None, len(news), notices)


def _unusable(article: Article, check_language: bool) -> str | None:
    """Why ``article`` cannot be compared, or ``None``."""
    try:
        check_article(article, check_language=check_language)
    except InputError as exc:
        return str(exc)
    return None


def _pruned(x: csr_matrix, top_terms: int) -> csr_matrix:
    """``x`` with only the ``top_terms`` largest entries of each row kept."""
    x = x.copy()
    for i in range(x.shape[0]):
        lo, hi = x.indptr[i], x.indptr[i + 1]
        if hi - lo > top_terms:
            row = x.data[lo:hi]
            row[np.argsort(-row, kind="stable")[top_terms:]] = 0.0
    x.eliminate_zeros()
    return x


def _neighbour_links(x: csr_matrix, *, neighbours: int, top_terms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate links ``(i, j, cosine)``, ``i < j``: each row's nearest others by a pruned product."""
    p = _pruned(x, top_terms)
    pt = p.T.tocsr()
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    for lo in range(0, x.shape[0], _CHUNK):
        block = (p[lo : lo + _CHUNK] @ pt).tocsr()
        for r in range(block.shape[0]):
            a, b = block.indptr[r], block.indptr[r + 1]
            cols, vals = block.indices[a:b], block.data[a:b]
            keep = (vals >= _FLOOR) & (cols != lo + r)
            cols, vals = cols[keep], vals[keep]
            if cols.shape[0] > neighbours:
                best = np.lexsort((cols, -vals))[:neighbours]
                cols = cols[best]
            left.append(np.full(cols.shape[0], lo + r, dtype=np.int64))
            right.append(cols.astype(np.int64))
    if not left:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    i, j = np.concatenate(left), np.concatenate(right)
    keys = np.unique(np.minimum(i, j) * x.shape[0] + np.maximum(i, j))
    i, j = np.divmod(keys, x.shape[0])
    cos = np.asarray(x[i].multiply(x[j]).sum(axis=1)).ravel()
    return i, j, cos


class _Clusters:
    """Union-find with each cluster's row sum, size and date range (for average-link and date checks)."""

    def __init__(self, x: csr_matrix, stamps: list[float | None]) -> None:
        self.parent = list(range(x.shape[0]))
        self.sums: dict[int, csr_matrix] = {}
        self.x = x
        self.size = [1] * x.shape[0]
        self.span: list[tuple[float, float] | None] = [None if t is None else (t, t) for t in stamps]

    def find(self, a: int) -> int:
        """The root of ``a``'s cluster."""
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def row_sum(self, root: int) -> csr_matrix:
        """The sum of the rows of ``root``'s cluster."""
        return self.sums[root] if root in self.sums else self.x[root]

    def average_link(self, ra: int, rb: int) -> float:
        """Mean cosine over the pairs across two clusters."""
        dot = self.row_sum(ra).multiply(self.row_sum(rb)).sum()
        return float(dot) / (self.size[ra] * self.size[rb])

    def days_apart(self, ra: int, rb: int) -> float:
        """Days between the two clusters' publication ranges (0 when they overlap or a date is missing)."""
        a, b = self.span[ra], self.span[rb]
        if a is None or b is None:
            return 0.0
        return max(0.0, b[0] - a[1], a[0] - b[1]) / _DAY

    def union(self, a: int, b: int) -> None:
        """Join the clusters of ``a`` and ``b``; the smaller root stays."""
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra == rb:
            return
        self.sums[ra] = self.row_sum(ra) + self.row_sum(rb)
        self.sums.pop(rb, None)
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        sa, sb = self.span[ra], self.span[rb]
        self.span[ra] = sa if sb is None else sb if sa is None else (min(sa[0], sb[0]), max(sa[1], sb[1]))


@dataclass(frozen=True, slots=True)
class _Options:
    similarity: float
    cohesion: float
    max_days: float
    far_similarity: float


def _cluster(links: tuple[np.ndarray, np.ndarray, np.ndarray], clusters: _Clusters, o: _Options) -> None:
    """Take links from the strongest down, joining clusters that pass the average-link and date checks."""
    i, j, cos = links
    order = np.lexsort((j, i, -cos))
    for k in order[cos[order] >= o.similarity].tolist():
        ra, rb = clusters.find(int(i[k])), clusters.find(int(j[k]))
        if ra == rb:
            continue
        if clusters.days_apart(ra, rb) > o.max_days and cos[k] < o.far_similarity:
            continue
        if clusters.size[ra] * clusters.size[rb] > 1 and clusters.average_link(ra, rb) < o.cohesion:
            continue
        clusters.union(ra, rb)


def _stamp(article: Article) -> float | None:
    return article.published.timestamp() if article.published is not None else None


def _story(rows: list[int], positions: list[int], articles: Sequence[Article], leads: list[_Lead], x: csr_matrix,
           copies: CopyGroups, copy_ids: set[str]) -> Story:  # fmt: skip
    """The :class:`Story` of the rows ``rows`` of ``x`` (row ``r`` is article ``positions[r]``)."""
    sub = x[rows]
    total = np.asarray(sub.sum(axis=0)).ravel()
    centrality = sub @ total - np.asarray(sub.multiply(sub).sum(axis=1)).ravel()
    copied = [articles[positions[r]].id in copy_ids for r in rows]
    if not all(copied):  # a copy does not name the story: its original is in it
        centrality = np.where(copied, -np.inf, centrality)
    best = rows[int(np.argmax(centrality))]  # the first of the best: rows are in input order
    article = articles[positions[best]]
    members = [positions[r] for r in rows]
    ids = _ordered_ids(members, articles)
    inside = set(ids)
    groups = tuple(g for g in copies if g.original in inside)
    citation = None if article.title else leads[best].first
    title = article.title or (article.text[citation.start : citation.end] if citation else "")
    return Story(ids, title, article.id, groups, _latest(members, articles), None, citation)


def _ordered_ids(members: list[int], articles: Sequence[Article]) -> tuple[str, ...]:
    def key(p: int) -> tuple[bool, float, int]:
        stamp = _stamp(articles[p])
        return (stamp is None, stamp or 0.0, p)

    return tuple(articles[p].id for p in sorted(members, key=key))


def _latest(members: list[int], articles: Sequence[Article]) -> datetime | None:
    dated = [articles[p] for p in members if articles[p].published is not None]
    return max(dated, key=lambda a: _stamp(a) or 0.0).published if dated else None


def _story_key(story: Story, first: dict[str, int]) -> tuple[int, bool, float, int]:
    """Larger stories first, then the most recent, then by input position."""
    stamp = story.published.timestamp() if story.published is not None else 0.0
    return (-len(story.ids), story.published is None, -stamp, min(first[i] for i in story.ids))


def group_stories(
    articles: Sequence[Article],
    *,
    similarity: float = 0.12,
    cohesion: float = 0.15,
    neighbours: int = 10,
    top_terms: int = 30,
    lead_sentences: int = 8,
    max_days: float = 7.0,
    far_similarity: float = 0.5,
    check_language: bool = True,
    copies: CopyGroups | None = None,
    config: GroupingConfig | None = None,
) -> list[Story]:
    """Group ``articles`` into stories (see the module docstring for the method).

    Parameters
    ----------
    articles : sequence of Article
        The pile; ids must be unique.
    similarity : float, default=0.12
        Least TF-IDF cosine of a link between two articles.
    cohesion : float, default=0.15
        Least mean cosine over all pairs across two clusters for them to join.
    neighbours : int, default=10
        Candidate links kept per article.
    top_terms : int, default=30
        Terms per article used to find neighbours.
    lead_sentences : int, default=8
        Sentences of each article, after its title, that represent it.
    max_days, far_similarity : float, default=7.0, 0.5
        Clusters published more than ``max_days`` apart join only by a link
        of at least ``far_similarity``.
    check_language : bool, default=True
        Set apart articles that do not look like English.
    copies : CopyGroups or None, default=None
        Copy groups already found; ``None`` runs :func:`~precis.stories.copies.find_copies`.
    config : GroupingConfig or None, default=None
        The settings above (all but ``copies``) in one object; then leave them at their defaults.

    Returns
    -------
    list of Story
        Every article in exactly one story; larger stories first, then the
        most recent. Unusable articles are stories of their own with a ``reason``.

    Raises
    ------
    InputError
        When two articles share an id.
    ConfigError
        For a bad setting, or settings given both in ``config`` and as keyword arguments.

    Examples
    --------
    >>> pile = [Article("a", "Floods closed the Marl bridge. Crews pumped water all night."),
    ...         Article("b", "The Marl bridge stayed closed by floods as crews pumped water."),
    ...         Article("c", "A chess prodigy won the city open on Sunday.")]
    >>> [s.ids for s in group_stories(pile)]
    [('a', 'b'), ('c',)]
    """
    values = {"similarity": similarity, "cohesion": cohesion, "max_days": max_days, "far_similarity": far_similarity,
              "neighbours": neighbours, "top_terms": top_terms, "lead_sentences": lead_sentences,
              "check_language": check_language}  # fmt: skip
    cfg = resolve(GroupingConfig, config, values, owner="group_stories")
    first = _unique_ids(articles)
    stories: list[Story] = []
    positions: list[int] = []
    leads: list[_Lead] = []
    for k, article in enumerate(articles):
        reason = _unusable(article, cfg.check_language)
        lead = _lead(len(leads), article, int(cfg.lead_sentences)) if reason is None else None
        if lead is not None and (lead.first is None or lead.notices >= lead.news):
            reason = (f"article {article.id!r} has no news sentence: only boilerplate or web-page notices "
                      "(newsletter, cookie, crawl or video-player text)")  # fmt: skip
        if reason is not None or lead is None:
            stories.append(Story((article.id,), article.title or "", article.id, (), article.published, reason))
            continue
        positions.append(k)
        leads.append(lead)
    if positions:
        options = _Options(cfg.similarity, cfg.cohesion, cfg.max_days, cfg.far_similarity)
        stories += _compare(articles, positions, leads, copies, options, neighbours=int(cfg.neighbours),
                            top_terms=int(cfg.top_terms))  # fmt: skip
    return sorted(stories, key=lambda s: _story_key(s, first))


def _unique_ids(articles: Sequence[Article]) -> dict[str, int]:
    first: dict[str, int] = {}
    for k, article in enumerate(articles):
        if first.setdefault(article.id, k) != k:
            raise InputError(
                f"Two articles share the id {article.id!r}; give each article its own id.", source=article.id
            )
    return first


def _compare(articles: Sequence[Article], positions: list[int], leads: list[_Lead], copies: CopyGroups | None,
             options: _Options, *, neighbours: int, top_terms: int) -> list[Story]:  # fmt: skip
    """The stories of the usable articles (row ``r`` is article ``positions[r]``)."""
    usable = [articles[p] for p in positions]
    if copies is None:
        copies = find_copies(usable)
    x = TfidfRepresenter().fit_transform([lead.text for lead in leads])
    clusters = _Clusters(x, [_stamp(a) for a in usable])
    row_of = {a.id: r for r, a in enumerate(usable)}
    for group in copies:
        for member in group.ids[1:]:
            if group.original in row_of and member in row_of:
                clusters.union(row_of[group.original], row_of[member])
    _cluster(_neighbour_links(x, neighbours=neighbours, top_terms=top_terms), clusters, options)
    members: dict[int, list[int]] = {}
    for r in range(len(usable)):
        members.setdefault(clusters.find(r), []).append(r)
    copy_ids = {c.article_id for group in copies for c in group.copies}
    return [_story(rows, positions, articles, leads, x, copies, copy_ids) for rows in members.values()]
