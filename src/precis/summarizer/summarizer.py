"""The summarizer: segment, represent, score, select, cite, order.

:class:`Summarizer` composes the stages and is meant for reuse (a model loads
once); :func:`summarize` is the functional shortcut over it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate, compress
from typing import TYPE_CHECKING, Any

import numpy as np

from ..analysis.document import Document
from ..analysis.language import check_articles
from ..config.settings import SummarizerConfig
from ..errors import InputError
from ..model import (
    Article,
    Budget,
    Sentence,
    Source,
    Summary,
    as_articles,
)
from ..represent import clone, cosine, make_representer
from .citing import cite
from .learned_scoring import learned_scores, sentence_features
from .ordering import order_keys
from .prepared import Prepared
from .scoring import centroid_scores, combine_scores, position_scores
from .selection import FORWARD, STANDALONE, UNAVAILABLE, Pick, get_selector

if TYPE_CHECKING:
    from ..represent import Matrix, Representer

__all__ = ["Summarizer", "summarize"]

_DEFAULT_CONFIG = SummarizerConfig()  # frozen: one shared instance, validated once


def _segment(
    articles: Sequence[Article], *, min_words: int
) -> tuple[
    list[Sentence], list[str], list[int], list[int], list[bool], list[int], list[bool], list[int | None], list[bool]
]:
    """The sentences of all articles in order, with per sentence: its text, its article's position,
    its rank among its article's selectable sentences, whether it is selectable, its words, whether
    it leans on an earlier sentence, which sentence further back it leans on (its index; None when it
    cannot be told; -1 when it is the one before or none) and whether it leads in to the one after it
    (each article's one :class:`~precis.analysis.document.Document`)."""
    sentences: list[Sentence] = []
    texts: list[str] = []
    article_pos: list[int] = []
    ranks: list[int] = []
    eligible: list[bool] = []
    word_counts: list[int] = []
    leans: list[bool] = []
    leans_far: list[int | None] = []
    leads_in: list[bool] = []
    for pos, article in enumerate(articles):
        doc = Document.of(article)
        ok = doc.eligible(min_words)
        sentences += doc.sentences
        texts += doc.texts
        article_pos += [pos] * len(ok)
        ranks += list(accumulate(ok, initial=0))[:-1]  # selectable sentences before each, in its article
        eligible += ok
        word_counts += doc.word_counts
        leans += doc.leans
        # what a sentence further back from it leans on: its index among all sentences, None if unknown,
        # -1 for a sentence that leans on the one before it or on nothing
        offset = len(leans_far)
        leans_far += [
            (None if a is None else offset + a) if far else -1
            for far, a in zip(doc.leans_far, doc.antecedents, strict=True)
        ]
        leads_in += doc.leads_in
    return sentences, texts, article_pos, ranks, eligible, word_counts, leans, leans_far, leads_in


class Summarizer:
    """Extractive, cited, non-redundant summaries of one or many articles.

    Parameters
    ----------
    config : SummarizerConfig or None, default=None
        Settings; ``None`` is ``SummarizerConfig()``.
    representer : Representer or None, default=None
        A representer to use instead of the one ``config`` names; each input
        is represented by a fresh clone of it
        (:func:`~precis.represent.clone`), so it is never changed.

    Notes
    -----
    One Summarizer may serve several threads at once: no call changes it.

    Examples
    --------
    >>> s = Summarizer()
    >>> text = ("Talks opened in Geneva on Monday. Russia demanded limits on NATO. "
    ...         "The United States rejected the demand. Officials met for eight hours.")
    >>> [item.text for item in s.summarize(text, sentences=2).items]
    ['Talks opened in Geneva on Monday.', 'Russia demanded limits on NATO.']
    """

    def __init__(self, config: SummarizerConfig | None = None, *, representer: Representer | None = None) -> None:
        self.config = config
        self.representer = representer
        self._settings: tuple[SummarizerConfig, dict[str, Any]] | None = None  # a config and its to_dict()

    @property
    def config_(self) -> SummarizerConfig:
        """The effective configuration."""
        return self.config if self.config is not None else _DEFAULT_CONFIG

    def _representer(self) -> Representer:
        """A new, unfitted representer for one input: a clone of the caller's, or the one the config names."""
        if self.representer is not None:
            return clone(self.representer)
        cfg = self.config_
        return make_representer(cfg.representation, model=cfg.model)

    def prepare(self, source: Source, *, query: str | None = None) -> Prepared:
        """Segment, represent and score ``source`` (the shared first half of every mode)."""
        cfg = self.config_
        articles = as_articles(source)
        check_articles(articles, check_language=cfg.check_language)
        sentences, texts, article_pos, ranks, eligible, word_counts, leans, leans_far, leads_in = _segment(
            articles, min_words=cfg.min_words
        )
        mask = np.array(eligible, dtype=bool)
        n_selectable = eligible.count(True)
        if n_selectable < 2:
            names = ", ".join(repr(a.id) for a in articles[:3])
            raise InputError(
                f"The input ({names}) has {n_selectable} summarizable sentence(s); "
                "precis needs at least two full sentences to choose from. Give it a longer text.",
                source=articles[0].id if len(articles) == 1 else None,
            )
        representer = self._representer()
        x = representer.fit_transform(texts)
        n_words = np.array(word_counts, dtype=float)
        pos_arr = np.array(article_pos)
        centrality = centroid_scores(x, mask)
        query_sims = cosine(x, representer.transform([query])).ravel() if query else np.zeros(len(texts))
        if self._learned(len(articles), query):
            features = sentence_features(
                x=x, eligible=mask, article_pos=pos_arr, n_words=n_words, texts=texts, centrality=centrality
            )
            scores = learned_scores(features)
            if query:  # (without one the term is +0.0: scores are left as they are)
                scores = scores + cfg.query_weight * np.minimum(1.0, n_words / 10.0) * query_sims
        else:
            scores = combine_scores(
                centrality=centrality,
                position=position_scores(np.array(ranks, dtype=float)),
                title=self._title_scores(representer, x, articles, pos_arr),
                query=query_sims,
                n_words=n_words,
                centroid_weight=cfg.centroid_weight,
                # the lead prior says less when many articles share the summary
                position_weight=cfg.position_weight / np.sqrt(len(articles)),
                title_weight=cfg.title_weight,
                query_weight=cfg.query_weight,
            )
        redundancy = cfg.redundancy if cfg.redundancy is not None else representer.redundancy
        return Prepared(
            articles=articles,
            sentences=sentences,
            article_pos=pos_arr,
            x=x,
            scores=np.where(mask, scores, 0.0),
            eligible=mask,
            lead=self._leads(sentences, pos_arr, leans, leans_far, leads_in),
            n_words=n_words,
            redundancy=redundancy,
            corroboration=cfg.corroboration if cfg.corroboration is not None else redundancy,
            representer=representer,
        )

    def _learned(self, n_articles: int, query: str | None) -> bool:
        """Whether the learned scorer applies: by the ``scoring`` setting.

        ``"auto"`` means one article, no query, TF-IDF vectors: the model's
        cosine features were learned in TF-IDF space.
        """
        mode = self.config_.scoring
        if mode == "auto":
            return n_articles == 1 and not query and self.config_.representation == "tfidf"
        return mode == "learned"

    @staticmethod
    def _title_scores(representer: Representer, x: Matrix, articles: Sequence[Article], pos: np.ndarray) -> np.ndarray:
        """``cos(x_i, title of i's article)``; 0 for untitled articles. Linear in sentences."""
        out = np.zeros(len(pos))
        titled = [i for i, a in enumerate(articles) if a.title]
        if not titled:
            return out
        t = representer.transform([articles[i].title or "" for i in titled])
        # sentences are in article order, so each article's rows are one contiguous range
        bounds = np.searchsorted(pos, np.arange(len(articles) + 1))
        for k, art in enumerate(titled):
            lo, hi = int(bounds[art]), int(bounds[art + 1])
            if hi > lo:
                out[lo:hi] = cosine(x[lo:hi], t[k : k + 1]).ravel()
        return out

    def _leads(
        self,
        sentences: Sequence[Sentence],
        pos: np.ndarray,
        leans: Sequence[bool],
        leans_far: Sequence[int | None],
        leads_in: Sequence[bool],
    ) -> np.ndarray:
        """``lead[i]`` for selection: who sentence ``i`` leans on (``leans[i]``), by the context setting.

        A sentence that leads in to the next (``leads_in[i]``, it ends with ":") is ``FORWARD``:
        never shown alone, only as the first of a pair with the sentence after it (when that one leans
        on it). One that leans both ways is ``UNAVAILABLE``.
        """
        mode = self.config_.context
        lead = np.full(len(sentences), STANDALONE)
        if mode == "off":
            return lead
        # every leaning sentence, eligible or not: an ineligible one may still be the lead of a pair
        for i in compress(range(len(sentences)), leans):
            sent = sentences[i]
            far = leans_far[i]
            if far is None or far >= 0:  # it leans further back: shown only after that sentence, if known
                lead[i] = far if far is not None and mode == "pair" and not leads_in[i] else UNAVAILABLE
                continue
            prev = i - 1
            pairable = (
                mode == "pair"
                and not leads_in[i]
                and prev >= 0
                and pos[prev] == pos[i]
                and sentences[prev].kind == sent.kind
                and sentences[prev].paragraph >= sent.paragraph - 1
            )
            lead[i] = prev if pairable else UNAVAILABLE
        for i in compress(range(len(sentences)), leads_in):
            if lead[i] == STANDALONE:
                lead[i] = FORWARD if mode == "pair" else UNAVAILABLE
        return lead

    def summarize(
        self,
        source: Source,
        *,
        words: int | None = None,
        chars: int | None = None,
        sentences: int | None = None,
        ratio: float | None = None,
        outline: bool = False,
        query: str | None = None,
    ) -> Summary:
        """Summarize ``source`` within one budget (default: 120 words).

        Parameters
        ----------
        source : str, Article, or list of them
            A list is one multi-article story.
        words, chars, sentences, ratio : number, optional
            The budget; give at most one. ``ratio`` is a share of the input's words.
        outline : bool, default=False
            One or two key sentences per section or block of paragraphs, in article order.
        query : str, optional
            What the reader wants to know; sentences close to it score higher.

        Returns
        -------
        Summary

        Raises
        ------
        InputError
            Empty, blank, unpunctuated, non-English or one-sentence input.
        ConfigError
            A budget that is not a positive number, or more than one budget.
        """
        budget = Budget.from_options(words=words, chars=chars, sentences=sentences, ratio=ratio)
        return self.select(self.prepare(source, query=query), budget, outline=outline)

    def select(self, prep: Prepared, budget: Budget, *, outline: bool = False, mode: str | None = None) -> Summary:
        """The summary of a prepared input within ``budget`` (the second half of :meth:`summarize`).

        The selector is the registered one (:data:`precis.config.registry`) that the
        config names (``"mmr.v1"``, ``"coverage.v1"``), or ``"outline.v1"`` for an outline.
        """
        cfg = self.config_
        name = "outline.v1" if outline else cfg.selector
        picks = get_selector(name, cfg)(prep, budget)
        return self._summary(prep, picks, budget, mode=mode or ("outline" if outline else "summary"))

    def _summary(self, prep: Prepared, picks: Sequence[Pick], budget: Budget, *, mode: str) -> Summary:
        cfg = self.config_
        items = [cite(prep, pick) for pick in picks]
        keys = [(int(prep.article_pos[p.members[0]]), prep.sentences[p.members[0]].index, p.score) for p in picks]
        # a sentence taken alone because what it leans on is another item's: shown right after that item
        owner = {m: k for k, p in enumerate(picks) for m in p.members}
        for k in sorted(range(len(picks)), key=lambda k: picks[k].members[0]):
            on = owner.get(int(prep.lead[picks[k].members[0]]), k)
            if on != k:
                keys[k] = (keys[on][0], keys[k][1], keys[on][2])
        order = "document" if mode == "outline" else cfg.order
        ranked = [items[i] for i in order_keys(keys, prep.articles, order=order)]
        reason = None
        if not ranked:
            reason = f"No sentence fits the budget of {budget.value:g} {budget.unit}; raise the budget."
            costs = prep.costs(budget)[prep.eligible]
            if costs.size and costs.min() <= budget.limit(total_words=int(prep.n_words.sum())):  # fits, not chosen
                reason = "No sentence carries content worth choosing (the text is repeated or function words only)."
        return Summary(
            items=tuple(ranked),
            articles=prep.articles,
            budget=budget,
            mode=mode,  # type: ignore[arg-type]
            settings=self._settings_of(cfg),
            reason=reason,
        )

    def _settings_of(self, cfg: SummarizerConfig) -> dict[str, Any]:
        """``cfg.to_dict()``, made once per config (which is frozen); each summary gets its own copy."""
        cached = self._settings  # read once: another thread may replace it meanwhile
        if cached is None or cached[0] is not cfg:
            cached = (cfg, cfg.to_dict())
            self._settings = cached
        return dict(cached[1])


def summarize(
    source: Source,
    *,
    words: int | None = None,
    chars: int | None = None,
    sentences: int | None = None,
    ratio: float | None = None,
    outline: bool = False,
    query: str | None = None,
    config: SummarizerConfig | None = None,
) -> Summary:
    """Summarize ``source``: the functional form of :meth:`Summarizer.summarize`.

    Examples
    --------
    >>> from precis import summarize
    >>> text = "Talks opened in Geneva on Monday. Russia demanded limits on NATO expansion."
    >>> summarize(text, words=8).items[0].text
    'Talks opened in Geneva on Monday.'
    """
    return Summarizer(config).summarize(
        source, words=words, chars=chars, sentences=sentences, ratio=ratio, outline=outline, query=query
    )
