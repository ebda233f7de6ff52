"""Evidence for a summary sentence: the source sentences closest to it, and how much of it they carry.

:class:`SourceIndex` represents the sources once per check (their sentences and stems are each
article's one :class:`~precis.analysis.document.Document`);
:meth:`SourceIndex.align` finds, for one summary sentence, the source
sentences with the highest cosine in the index's representation (best first)
and measures lexical support:

- ``cos_best``: cosine of the closest source sentence;
- ``stems_best`` / ``stems_top``: share of the sentence's content stems found
  in the closest source sentence / in the closest three together;
- ``stems_any``, ``bigrams_any``, ``trigrams_any``: share of its content
  stems, word bigrams and word trigrams found anywhere in the sources;
- ``verbatim``: 1 when the sentence occurs word for word in a source;
- ``cover_comb`` / ``idf_comb``: share of its content stems (plain / weighted
  by their inverse document frequency over the source sentences) carried by
  the best combination of one to three source sentences, chosen greedily by
  weighted gain: what a sentence that fuses or rewords two source sentences
  still shares with them;
- ``bigrams_comb``: share of its word bigrams found in that combination (word
  order, so a sentence made of source words in another arrangement scores low);
- ``idf_any``: weighted share of its content stems found anywhere in the
  sources (a missing rare word costs more than a missing common one);
- ``novel``: ``log(1 + n)`` for its ``n`` content stems found nowhere in the sources.

The combination's sentences are evidence too: after the closest sentence by
cosine, up to :data:`TOP` in all. They are also the premise a consistency
model should read for the sentence (``Alignment.combination``).

Words here are lower-cased runs of letters and digits, with a tokenizer's
space before a clitic taken out, so ``Tottenham's`` and the tokenized
``Tottenham 's`` agree, and so do ``don't`` and ``do n't``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..analysis.document import Document
from ..analysis.tokens import stems
from ..model import Article, Citation, Sentence
from ..represent import cosine

if TYPE_CHECKING:
    from ..represent import Matrix, Representer

__all__ = ["Alignment", "SourceIndex", "norm_words"]

_WORD = re.compile(r"[^\W_]+")
TOP = 3
COMBINE = 3  # source sentences in the best combination


# the space a tokenizer puts before a clitic ("do n't", "Tottenham 's"), which precis's display form takes out
_CLITIC_SPACE = re.compile(r"\s+(?=n['’]t\b|['’](?:s|re|ve|ll|d|m)\b)", re.IGNORECASE)


def norm_words(text: str) -> list[str]:
    """Lower-cased runs of letters and digits: the words n-grams are made of ("do n't" = "don't")."""
    return _WORD.findall(_CLITIC_SPACE.sub("", text.lower()))


def _ngrams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _share(items: set[tuple[str, ...]] | set[str], known: AbstractSet[tuple[str, ...]] | AbstractSet[str]) -> float:
    return sum(1 for it in items if it in known) / len(items) if items else 1.0


@dataclass(frozen=True, slots=True)
class Alignment:
    """A summary sentence's evidence (indices into the index's sentences, best first) and support measures."""

    evidence: tuple[int, ...]
    cos_best: float
    stems_best: float
    stems_top: float
    stems_any: float
    bigrams_any: float
    trigrams_any: float
    verbatim: bool
    exact: Citation | None = None
    cover_comb: float = 0.0
    idf_comb: float = 0.0
    bigrams_comb: float = 0.0
    idf_any: float = 0.0
    novel: float = 0.0
    combination: tuple[int, ...] = ()  # the source sentences that together carry most of it, best first


@dataclass(slots=True)
class SourceIndex:
    """The sources, segmented and represented once for every sentence of a check."""

    articles: tuple[Article, ...]
    sentences: list[Sentence]
    x: Matrix
    representer: Representer
    sentence_stems: list[frozenset[str]]
    all_stems: set[str]
    bigrams: set[tuple[str, ...]]
    trigrams: set[tuple[str, ...]]
    flat: list[str]  # each article's words joined by single spaces, for verbatim look-ups
    idf: dict[str, float]  # stem -> log((n + 1) / (df + 0.5)) over the source sentences
    unseen_idf: float  # the weight of a stem no source sentence has
    sentence_bigrams: list[set[tuple[str, ...]]]
    vocabulary: set[str]  # every normalised word of the sources

    @classmethod
    def build(cls, articles: Sequence[Article], representer: Representer) -> SourceIndex:
        """Index ``articles``, fitting ``representer`` on their sentences.

        The fit sees the sources only, exactly as the summarizer's does, so a
        precis summary's sentences have here the vectors they had when they
        were selected (which is what keeps its repetition check silent on
        precis's own output).
        """
        docs = [Document.of(art) for art in articles]
        sentences = [s for doc in docs for s in doc.sentences]
        texts = [s.text for s in sentences]
        representer.fit(texts)
        x = representer.transform(texts) if texts else np.zeros((0, 1))
        sentence_stems = [bag for doc in docs for bag in doc.stems]
        df: dict[str, int] = {}
        for bag in sentence_stems:
            for stem in bag:
                df[stem] = df.get(stem, 0) + 1
        n = len(sentence_stems)
        bigrams: set[tuple[str, ...]] = set()
        trigrams: set[tuple[str, ...]] = set()
        flat = []
        vocabulary: set[str] = set()
        for art in articles:
            words = norm_words(art.text)
            vocabulary.update(words)
            bigrams |= _ngrams(words, 2)
            trigrams |= _ngrams(words, 3)
            flat.append(" " + " ".join(words) + " ")
        return cls(
            articles=tuple(articles),
            sentences=sentences,
            x=x,
            representer=representer,
            sentence_stems=sentence_stems,
            all_stems=set().union(*sentence_stems) if sentence_stems else set(),
            bigrams=bigrams,
            trigrams=trigrams,
            flat=flat,
            idf={stem: math.log((n + 1) / (k + 0.5)) for stem, k in df.items()},
            unseen_idf=math.log((n + 1) / 0.5),
            sentence_bigrams=[_ngrams(norm_words(t), 2) for t in texts],
            vocabulary=vocabulary,
        )

    def align(self, text: str, vector: Matrix) -> Alignment:
        """Evidence and support measures for one summary sentence (``vector``: its row)."""
        sims = cosine(self.x, vector).ravel() if len(self.sentences) else np.zeros(0)
        order = np.argsort(-sims, kind="stable")[:TOP]
        evidence = tuple(int(i) for i in order if sims[i] > 0)
        own = set(stems(text))
        top_stems: set[str] = set().union(*(self.sentence_stems[i] for i in evidence)) if evidence else set()
        words = norm_words(text)
        combination, covered = self._combine(own)
        bigrams = _ngrams(words, 2)
        comb_bigrams: set[tuple[str, ...]] = set().union(*(self.sentence_bigrams[i] for i in combination))
        weight = {w: self.idf.get(w, self.unseen_idf) for w in own}
        total = sum(weight.values())
        evidence = (*evidence[:1], *(i for i in combination if i not in evidence[:1]), *evidence[1:])
        evidence = tuple(dict.fromkeys(evidence))[:TOP]
        return Alignment(
            evidence=evidence,
            cos_best=float(sims[evidence[0]]) if evidence else 0.0,
            stems_best=_share(own, self.sentence_stems[evidence[0]]) if evidence else 0.0,
            stems_top=_share(own, top_stems),
            stems_any=_share(own, self.all_stems),
            bigrams_any=_share(_ngrams(words, 2), self.bigrams),
            trigrams_any=_share(_ngrams(words, 3), self.trigrams),
            verbatim=bool(words) and any(" " + " ".join(words) + " " in f for f in self.flat),
            exact=self._exact(text),
            cover_comb=len(covered) / len(own) if own else 1.0,
            idf_comb=sum(weight[w] for w in covered) / total if total else 1.0,
            bigrams_comb=_share(bigrams, comb_bigrams),
            idf_any=sum(weight[w] for w in own if w in self.all_stems) / total if total else 1.0,
            novel=math.log1p(sum(1 for w in own if w not in self.all_stems)),
            combination=combination,
        )

    def _combine(self, own: set[str]) -> tuple[tuple[int, ...], set[str]]:
        """Up to :data:`COMBINE` source sentences that best carry ``own`` (greedy by weighted gain), and their cover."""
        chosen: list[int] = []
        covered: set[str] = set()
        candidates = [i for i, bag in enumerate(self.sentence_stems) if not own.isdisjoint(bag)]
        for _ in range(COMBINE):
            best, gain = -1, 0.0
            for i in candidates:
                g = sum(self.idf[w] for w in (own & self.sentence_stems[i]) - covered)
                if g > gain:
                    best, gain = i, g
            if best < 0:
                break
            chosen.append(best)
            covered |= own & self.sentence_stems[best]
        return tuple(chosen), covered

    def _exact(self, text: str) -> Citation | None:
        """The span of a source that is exactly ``text`` (stripped), if any."""
        needle = text.strip()
        if len(needle) < 2:
            return None
        for art in self.articles:
            at = art.text.find(needle)
            if at >= 0:
                return Citation(art.id, at, at + len(needle))
        return None

    def citations(self, alignment: Alignment) -> tuple[Citation, ...]:
        """The evidence as citations: the exact span first when there is one."""
        cites = [self.sentences[i].citation for i in alignment.evidence]
        if alignment.exact is not None:
            cites = [alignment.exact, *(c for c in cites if c != alignment.exact)]
        return tuple(cites)
