"""Baseline ("peer") summarizers behind one interface, for the peer benchmark.

    from peers import PEERS, Budget, oracle
    summary = PEERS["lead"](docs, Budget(sentences=3))   # -> list[str]

``docs`` are the article texts of ONE instance (one article for CNN, ~25 for
DUC); a peer returns summary sentences in output order. Everything is
deterministic and runs offline: no NLTK data is used or downloaded (sumy's
own ``Tokenizer`` needs NLTK punkt, so it is replaced here, see below).

Budget semantics (shared by every peer, see ``_take``)
------------------------------------------------------
* ``Budget(sentences=N)``: exactly N sentences, or all of them when the input
  has fewer. (Exception: the oracle stops early when no sentence adds ROUGE.)
* ``Budget(words=N)``: sentences are taken in the peer's preference order
  and the peer *stops* at the first sentence that would take the total over N
  whitespace-separated words (it does not skip it and try shorter ones);
  but if the very first sentence is already over N words it is returned
  alone (the scorer truncates to N words anyway).

Output order
------------
Every peer returns its selection in source order (document order; for
multi-document input, document 1's sentences, then document 2's, ... as
given), except ``lead`` on several documents, which returns its round-robin
order (that *is* its source order). This mirrors sumy, which always returns
document order, and matters only for the 250-word truncation of an over-long
single first sentence, i.e. never in practice.

Sentence splitting
------------------
* ``random``, ``lead``, ``oracle``: precis's own segmenter
  (``precis.analysis.segmenter.segment``), headings (``kind == "heading"``) dropped.
* sumy peers and ``lexrank-pkg``: pysbd (``clean=False``), as the task
  statement prescribes ("run offline with pysbd sentence splitting").
  The text is cut into paragraphs at blank lines (sumy's ``PlaintextParser``
  does that itself; it joins a paragraph's lines with spaces and treats
  ALL-CAPS lines as headings, which it leaves out), and pysbd splits each
  paragraph. Multi-document input is the documents joined by blank lines.

Peers
-----
``random``   sentences in a random order (``random.Random`` seeded from a
             SHA-256 of the docs), taken until the budget.
``lead``     one doc: its first sentences. Several docs: round robin, the 1st
             sentence of every doc in the given order, then every 2nd
             sentence, ... (documents that run out are skipped).
``sumy-*``   sumy 0.13's LexRank, TextRank, LSA, KL-Sum, Luhn, SumBasic with
             ``Stemmer("english")`` (NLTK's Snowball stemmer: pure code, no
             data) and ``get_stop_words("english")`` (bundled with sumy).
             Words: regex ``[^\\W\\d_]+(?:['’-][^\\W\\d_]+)*`` (runs of letters,
             inner apostrophes/hyphens; sumy's own tokenizer also drops
             tokens with digits or no letters). Ranking: sumy summarizers
             call ``AbstractSummarizer._get_best_sentences(sentences, count,
             rating)``, which sorts every sentence by rating (descending,
             stable, so ties stay in document order) and then calls ``count``
             on that list if ``count`` is callable. We pass a callable as
             ``sentences_count`` that records this full ranking; one sumy call
             per instance then serves any budget, and the selection for
             ``sentences=N`` is exactly what ``summarizer(doc, N)`` returns.
             KL-Sum rates sentences by the order a greedy picks them and ranks
             ALL of them: O(n^2) KL evaluations over a growing summary, 620 s
             for one DUC cluster (D0701A, 1209 sentences). ``_EarlyKL`` runs
             the same loop but stops once the budget is covered (the first k
             picks of a greedy do not depend on later ones; unpicked
             sentences are rated below all picked ones). Checked identical
             to sumy's own KL for sentences=1/3/5 on 60 CNN stories + 2 DUC
             clusters. One caveat, from a sumy quirk: sumy keys ratings by
             sentence *text*, so when an exact duplicate sentence is picked
             later it overwrites (demotes) the earlier pick's rating; the
             early stop never sees that later pick. Only instances with
             duplicate sentences (DUC wire copies) can differ. SumBasic
             ranks everything too but is cheap (1.2 s on D0701A): sumy's own.
``lexrank-pkg``  the ``lexrank`` PyPI package (0.1.0): ``LexRank(documents,
             stopwords=STOPWORDS['en'])`` then the ranking ``get_summary(
             sentences, summary_size=len(sentences), threshold=.1)`` computes
             (``rank_sentences`` + ``np.argsort(scores)[::-1]``, reproduced
             here so duplicate sentence strings keep their positions). IDF is
             fitted on the instance's documents (each a list of its pysbd
             sentences); for a single-document instance that IDF is
             log(1/1) = 0 for every word, so every similarity is 0 and the
             ranking is degenerate -- there each *sentence* is fitted as a
             document instead (as sumy's LexRank does).

``oracle(docs, refs, budget, rouge)``: greedy extractive oracle over precis
sentences, maximising (mean over refs of ROUGE-1 F1 + mean over refs of
ROUGE-2 F1) / 2; it adds the sentence with the largest gain until no
sentence gains or the budget is full. With a word budget only sentences that
still fit are candidates (the first pick may be over-long only if no sentence
fits at all). For speed the greedy runs on n-gram counts computed here with
rouge-score's tokenisation (lower-case, ``[a-z0-9]+`` tokens, Porter stemming
of tokens longer than 3 characters, i.e. ``use_stemmer=True``); the ``rouge``
argument is accepted for the interface but NOT used.
"""

from __future__ import annotations

import hashlib
import random as _random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

__all__ = ["PEERS", "Budget", "Summarize", "oracle", "precis_sentences", "pysbd_sentences"]


@dataclass(frozen=True)
class Budget:
    """Summary length: exactly one of ``words`` / ``sentences``."""

    words: int | None = None
    sentences: int | None = None

    def __post_init__(self) -> None:
        if (self.words is None) == (self.sentences is None):
            raise ValueError("Budget: set exactly one of words / sentences")
        value = self.words if self.words is not None else self.sentences
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"Budget: need a positive int, got {value!r}")


Summarize = Callable[[list[str], Budget], list[str]]


def _nwords(text: str) -> int:
    return len(text.split())


def _take(ranked: list[int], texts: list[str], budget: Budget) -> list[int]:
    """Indices picked from ``ranked`` (preference order) under ``budget``."""
    if budget.sentences is not None:
        return ranked[: budget.sentences]
    out: list[int] = []
    total = 0
    for i in ranked:
        n = _nwords(texts[i])
        if total + n > budget.words:
            if not out:
                out.append(i)  # over-long first sentence: the scorer truncates it
            break
        out.append(i)
        total += n
    return out


# ---------------------------------------------------------------------------
# sentence splitting
# ---------------------------------------------------------------------------

_BLANK = re.compile(r"\n[ \t]*\n")


def precis_sentences(doc: str, doc_id: str = "d") -> list[str]:
    """Non-heading sentences of ``doc`` by precis's segmenter."""
    from precis.analysis.segmenter import segment
    from precis.model import Article

    if not doc.strip():
        return []
    return [s.text for s in segment(Article(doc_id, doc)) if s.kind != "heading"]


@lru_cache(maxsize=1)
def _pysbd():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def _pysbd_split(paragraph: str) -> list[str]:
    if not paragraph.strip():
        return []
    return [s.strip() for s in _pysbd().segment(paragraph) if s.strip()]


def pysbd_sentences(doc: str) -> list[str]:
    """pysbd sentences of ``doc``, paragraph by paragraph (lines joined by spaces)."""
    out: list[str] = []
    for para in _BLANK.split(doc):
        out.extend(_pysbd_split(" ".join(line.strip() for line in para.splitlines() if line.strip())))
    return out


# ---------------------------------------------------------------------------
# random, lead
# ---------------------------------------------------------------------------


def _seed(docs: list[str]) -> int:
    h = hashlib.sha256()
    for d in docs:
        h.update(d.encode("utf-8"))
        h.update(b"\x00")
    return int.from_bytes(h.digest()[:8], "big")


def _flat_precis(docs: list[str]) -> list[str]:
    out: list[str] = []
    for k, d in enumerate(docs):
        out.extend(precis_sentences(d, f"d{k}"))
    return out


def random_peer(docs: list[str], budget: Budget) -> list[str]:
    texts = _flat_precis(docs)
    order = list(range(len(texts)))
    _random.Random(_seed(docs)).shuffle(order)
    return [texts[i] for i in sorted(_take(order, texts, budget))]


def lead_peer(docs: list[str], budget: Budget) -> list[str]:
    per_doc = [precis_sentences(d, f"d{k}") for k, d in enumerate(docs)]
    texts: list[str] = []  # round robin: 1st of every doc, then 2nd, ...
    for rank in range(max((len(s) for s in per_doc), default=0)):
        texts.extend(s[rank] for s in per_doc if rank < len(s))
    return [texts[i] for i in _take(list(range(len(texts))), texts, budget)]


# ---------------------------------------------------------------------------
# sumy
# ---------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


class PysbdTokenizer:
    """Stand-in for ``sumy.nlp.tokenizers.Tokenizer``: pysbd sentences, regex words."""

    language = "english"

    @staticmethod
    def to_sentences(paragraph: str) -> tuple[str, ...]:
        return tuple(_pysbd_split(paragraph))

    @staticmethod
    def to_words(sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


class _Ranking:
    """Callable ``sentences_count``: records sumy's full ranking (SentenceInfo list)."""

    def __init__(self) -> None:
        self.infos: list = []

    def __call__(self, infos):  # infos: sorted by rating, best first
        self.infos = list(infos)
        return self.infos


def _early_kl():
    from sumy.summarizers.kl import KLSummarizer

    class _EarlyKL(KLSummarizer):
        """KLSummarizer whose greedy stops once ``_done`` says the budget is covered."""

        budget: Budget | None = None

        def _compute_ratings(self, sentences):
            word_freq = self.compute_tf(sentences)
            ratings = {}
            summary = []
            sentences_list = list(sentences)
            sentences_as_words = [self._get_content_words_in_sentence(s) for s in sentences]
            picks: list[str] = []
            while sentences_list and not _done(picks, self.budget):  # loop body as in sumy 0.13
                kls = []
                summary_as_word_list = self._get_all_words_in_doc(summary)
                for s in sentences_as_words:
                    joint_freq = self._joint_freq(s, summary_as_word_list)
                    kls.append(self._kl_divergence(joint_freq, word_freq))
                index_to_remove = self._find_index_of_best_sentence(kls)
                best_sentence = sentences_list.pop(index_to_remove)
                del sentences_as_words[index_to_remove]
                summary.append(best_sentence)
                ratings[best_sentence] = -1 * len(ratings)
                picks.append(str(best_sentence))
            for s in sentences_list:  # not ranked: below every ranked one, ties keep document order
                ratings.setdefault(s, -len(sentences) - 1)
            return ratings

    return _EarlyKL


def _check_early_copy() -> None:
    """_EarlyKL's loop copies sumy 0.13's; refuse to run on another sumy."""
    import sumy

    if sumy.__version__ != "0.13.0":
        raise RuntimeError(f"bench/peers.py copies sumy 0.13.0 internals; found sumy {sumy.__version__}")


@cache
def _sumy_summarizer(name: str):
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    _check_early_copy()
    cls = {
        "LexRank": LexRankSummarizer,
        "TextRank": TextRankSummarizer,
        "LSA": LsaSummarizer,
        "KL-Sum": _early_kl(),
        "Luhn": LuhnSummarizer,
        "SumBasic": SumBasicSummarizer,
    }[name]
    summ = cls(Stemmer("english"))
    summ.stop_words = get_stop_words("english")
    return summ


def _done(picks: list[str], budget: Budget | None) -> bool:
    """True once ``_take`` over a ranking starting with ``picks`` can no longer look further."""
    if budget is None:
        return False
    if budget.sentences is not None:
        return len(picks) >= budget.sentences
    return sum(_nwords(p) for p in picks) > budget.words


def _sumy_peer(name: str) -> Summarize:
    def run(docs: list[str], budget: Budget) -> list[str]:
        from sumy.parsers.plaintext import PlaintextParser

        text = "\n\n".join(d.strip() for d in docs if d.strip())
        if not text:
            return []
        document = PlaintextParser.from_string(text, PysbdTokenizer()).document
        sentences = document.sentences
        if not sentences:
            return []
        texts = [str(s) for s in sentences]
        summ = _sumy_summarizer(name)
        if hasattr(summ, "budget"):
            summ.budget = budget
        ranking = _Ranking()
        summ(document, ranking)
        ranked = [info.order for info in ranking.infos]
        return [texts[i] for i in sorted(_take(ranked, texts, budget))]

    run.__name__ = f"sumy_{name}"
    return run


# ---------------------------------------------------------------------------
# lexrank (PyPI package)
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lexrank_stopwords():
    from lexrank import STOPWORDS

    return STOPWORDS["en"]


def lexrank_pkg_peer(docs: list[str], budget: Budget) -> list[str]:
    import numpy as np
    from lexrank import LexRank

    per_doc = [pysbd_sentences(d) for d in docs]
    texts = [s for sents in per_doc for s in sents]
    if not texts:
        return []
    documents = [d for d in per_doc if d]
    if len(documents) == 1:  # one doc: idf would be log(1/1) = 0 for all words
        documents = [[s] for s in texts]
    try:
        lxr = LexRank(documents, stopwords=_lexrank_stopwords())
    except ValueError:  # "documents are not informative": no usable word at all
        ranked = list(range(len(texts)))
    else:
        scores = lxr.rank_sentences(texts, threshold=0.1, fast_power_method=True)
        ranked = [int(i) for i in np.argsort(scores)[::-1]]  # as LexRank.get_summary
    return [texts[i] for i in sorted(_take(ranked, texts, budget))]


# ---------------------------------------------------------------------------
# oracle
# ---------------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _porter():
    from nltk.stem import porter  # pure code, no NLTK data

    return porter.PorterStemmer("ORIGINAL_ALGORITHM")


@lru_cache(maxsize=200_000)
def _stem(tok: str) -> str:
    return _porter().stem(tok) if len(tok) > 3 else tok


def _rouge_tokens(text: str) -> list[str]:
    return [_stem(t) for t in _TOKEN.findall(text.lower())]


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(zip(*(tokens[i:] for i in range(n)), strict=False))


def oracle(docs: list[str], refs: list[str], budget: Budget, rouge=None) -> list[str]:
    """Greedy ROUGE oracle (see module docstring); ``rouge`` is unused."""
    texts = _flat_precis(docs)
    refs = [r for r in refs if r.strip()]
    if not texts or not refs:
        return []
    words = [_nwords(t) for t in texts]
    ref_ng = []  # per n: list over refs of (Counter, total)
    for n in (1, 2):
        grams = [_ngrams(_rouge_tokens(r), n) for r in refs]
        ref_ng.append([(g, sum(g.values())) for g in grams])
    sent_ng = []  # per n: list over sentences of (Counter restricted to ref n-grams, total)
    for n, refs_n in zip((1, 2), ref_ng, strict=True):
        vocab = set().union(*(g for g, _ in refs_n))
        rows = []
        for t in texts:
            g = _ngrams(_rouge_tokens(t), n)
            rows.append(({k: v for k, v in g.items() if k in vocab}, sum(g.values())))
        sent_ng.append(rows)

    n_refs = len(refs)
    summ = [Counter(), Counter()]  # summary n-gram counts (ref n-grams only)
    summ_len = [0, 0]
    overlap = [[0] * n_refs, [0] * n_refs]

    def f1(ov: int, slen: int, rlen: int) -> float:
        return 2.0 * ov / (slen + rlen) if ov and slen + rlen else 0.0

    def objective(ovs, slens) -> float:
        return sum(sum(f1(ovs[k][j], slens[k], ref_ng[k][j][1]) for j in range(n_refs)) / n_refs for k in (0, 1)) / 2

    best_score = 0.0
    chosen: list[int] = []
    chosen_set: set[int] = set()
    used_words = 0
    limit = budget.sentences if budget.sentences is not None else len(texts)
    while len(chosen) < limit:
        candidates = [i for i in range(len(texts)) if i not in chosen_set]
        if budget.words is not None:
            fitting = [i for i in candidates if used_words + words[i] <= budget.words]
            if not fitting and chosen:
                break
            candidates = fitting or candidates
        best = None
        for i in candidates:
            new_ov = [[0] * n_refs, [0] * n_refs]
            new_len = [0, 0]
            for k in (0, 1):
                g, glen = sent_ng[k][i]
                new_len[k] = summ_len[k] + glen
                for j, (rg, _) in enumerate(ref_ng[k]):
                    ov = overlap[k][j]
                    for gram, c in g.items():
                        r = rg.get(gram, 0)
                        if r:
                            s = summ[k][gram]
                            if s < r:
                                ov += min(s + c, r) - s
                    new_ov[k][j] = ov
            score = objective(new_ov, new_len)
            if score > best_score + 1e-12 and (best is None or score > best[0]):
                best = (score, i, new_ov, new_len)
        if best is None:
            break
        best_score, i, overlap, summ_len = best
        chosen.append(i)
        chosen_set.add(i)
        used_words += words[i]
        for k in (0, 1):
            summ[k].update(sent_ng[k][i][0])
        if budget.words is not None and used_words >= budget.words:
            break
    return [texts[i] for i in sorted(chosen)]


PEERS: dict[str, Summarize] = {
    "random": random_peer,
    "lead": lead_peer,
    **{f"sumy-{n}": _sumy_peer(n) for n in ("LexRank", "TextRank", "LSA", "KL-Sum", "Luhn", "SumBasic")},
    "lexrank-pkg": lexrank_pkg_peer,
}
