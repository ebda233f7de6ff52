"""The checker: audit a summary sentence by sentence against its sources.

The summary may be precis's own printed output: its citation markers,
conflict notes and ``Sources`` block are blanked before segmenting
(:mod:`.markup`), so they are never checked and every sentence keeps its
offsets in the text as given. For each sentence of the summary (segmented like
any article) the checker

1. finds its evidence, the closest source sentences (:mod:`.alignment`);
2. flags what it can name: entities, attributions, numbers and quotations the
   sources lack (:mod:`.mentions`), a polarity flip against close evidence
   (:mod:`.polarity`), a restatement of an earlier sentence
   (:mod:`.repetition`), garbled text (:mod:`.garble`);
3. scores support with a calibrated logistic model (:mod:`.calibration`), or,
   when ``CheckerConfig.scorer`` asks for it (``precis[model]``), with that
   score blended with the consistency model's entailment probability over the
   evidence windows (:mod:`.consistency`); the report's ``settings.scorer``
   then names the model, the blend and the threshold used.

A sentence is ``contradicted`` when it flips the polarity of close evidence
or gives a different figure where the sources give one for the same thing;
``unsupported`` when its score is under the threshold or it has an entity,
attribution, number or quote flag; ``supported`` otherwise. Repetition and
garble flags do not change a sentence's verdict: they are about how the
summary is written, not what the sources say. The summary's verdict is the
worst sentence verdict and its score the lowest sentence score. Findings
about the whole summary are its notes (:mod:`.notes`): tokenization debris
that recurs across it, counted once instead of flagged on every sentence, and
numbered sources its ``Sources`` block names that were not given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..analysis.language import check_articles, looks_english
from ..analysis.segmenter import Segmenter
from ..config.settings import CheckerConfig
from ..errors import InputError, MissingDependencyError
from ..model import (
    Article,
    CheckReport,
    Citation,
    Flag,
    Sentence,
    SentenceCheck,
    Source,
    Summary,
    Verdict,
    as_articles,
    count_words,
)
from ..represent import clone, make_representer
from .alignment import Alignment, SourceIndex, norm_words
from .calibration import MODELS, features
from .garble import garble_flags
from .markup import Markup, read_markup
from .mentions import SourceFacts, mention_flags
from .notes import summary_notes
from .polarity import polarity_flag
from .repetition import repetition_flags

if TYPE_CHECKING:
    from ..represent import Representer
    from .consistency import ConsistencyModel

__all__ = ["Checker", "SentenceAnalysis", "check"]

_SOURCE_SAYS = re.compile(r'the sources say "(.+)"$')


@dataclass(frozen=True, slots=True)
class SentenceAnalysis:
    """One summary sentence before scoring: evidence, flags and the calibration features."""

    sentence: Sentence
    alignment: Alignment
    flags: tuple[Flag, ...]
    features: tuple[float, ...]
    evidence: tuple[Citation, ...]
    best: str  # text of the closest source sentence ("" when none)


NEGATION_MIN_COSINE = 0.5  # only evidence this close can be contradicted (polarity flip, other figure)
_SUPPORT_KINDS = frozenset({"entity", "attribution", "number", "quote"})
_RANK: dict[Verdict, int] = {"supported": 0, "unsupported": 1, "contradicted": 2}
LONGER_FACTOR = 2.0  # a summary this many times longer than its sources (and over 100 words) is refused


class Checker:
    """Audit summaries against their sources.

    Parameters
    ----------
    config : CheckerConfig or None, default=None
        Settings; ``None`` is ``CheckerConfig()``.
    representer : Representer or None, default=None
        A representer to find evidence with instead of the one ``config`` names.

    Examples
    --------
    >>> source = "Talks opened in Geneva on Monday. Russia demanded limits on NATO expansion."
    >>> report = Checker().check("Talks opened in Geneva on Monday, says John Smith.", source)
    >>> report.verdict, [f.kind for f in report.sentences[0].flags]
    ('unsupported', ['attribution'])
    """

    def __init__(self, config: CheckerConfig | None = None, *, representer: Representer | None = None) -> None:
        self.config = config
        self.representer = representer

    @property
    def config_(self) -> CheckerConfig:
        """The effective configuration."""
        return self.config if self.config is not None else CheckerConfig()

    def _representer(self) -> Representer:
        """A new, unfitted representer for one check: a clone of the caller's, or the one the config names."""
        if self.representer is not None:
            return clone(self.representer)
        cfg = self.config_
        return make_representer(cfg.representation, model=cfg.model)

    def check(self, summary: str | Summary, sources: Source | None = None) -> CheckReport:
        """Audit ``summary`` against ``sources``.

        Parameters
        ----------
        summary : str or Summary
            The summary text, or a precis :class:`~precis.Summary` (then
            ``sources`` defaults to the articles it cites).
        sources : str, Article, or list of them, optional
            What the summary claims to summarize.

        Returns
        -------
        CheckReport

        Raises
        ------
        InputError
            An empty summary, no sources, non-English text, or a summary far
            longer than its sources.
        """
        text, articles = self._inputs(summary, sources)
        markup = read_markup(text, frozenset(a.id for a in articles))
        analyses, index = self._analyse_index(text, articles, markup)
        model = self._consistency()
        if model is None:
            # "auto" without the model: say so, in the same shape as when the model scored
            fallback: dict[str, object] | None = None
            if self.config_.scorer == "auto":
                fallback = {"name": "rules", "requested": "auto", "reason": "precis[model] is not installed"}
            return self._report(text, [self._sentence(a) for a in analyses], articles, markup, scorer=fallback)
        from .consistency import support_scores

        threshold = self.config_.threshold if self.config_.threshold is not None else model.info.threshold
        rules = MODELS[self.config_.representation]
        w = model.info.blend
        by_rules = [rules.score(a.features) for a in analyses]
        decided = [_rules_decide(a, r, blend=w, threshold=threshold) for a, r in zip(analyses, by_rules, strict=True)]
        claims = [
            (a.sentence.text, a.alignment.evidence, a.alignment.exact is not None or d)
            for a, d in zip(analyses, decided, strict=True)
        ]
        scores = support_scores(claims, index.sentences, model)
        checks = [
            self._sentence(a, score=r if d else w * p + (1 - w) * r, threshold=threshold)
            for a, r, d, p in zip(analyses, by_rules, decided, scores, strict=True)
        ]
        scorer = {
            "name": model.info.name,
            "requested": self.config_.scorer,
            "threshold": threshold,
            # one threshold for every summary style, chosen on faithfulness_dev, unless the caller set one
            "calibration": "shipped" if self.config_.threshold is None else "caller",
            "blend": w,
            # sentences the rules alone decided, whatever the model would say (their score is the rules')
            "decided_by_rules": sum(decided),
        }
        return self._report(text, checks, articles, markup, scorer=scorer)

    def _consistency(self) -> ConsistencyModel | None:
        """The consistency model when the configuration asks for it (or allows it and it is installed)."""
        scorer = self.config_.scorer
        if scorer == "rules":
            return None
        from .consistency import load_model, model_available

        if scorer == "auto" and not model_available():
            return None
        try:
            return load_model()
        except MissingDependencyError:
            if scorer == "auto":
                return None
            raise

    def analyse(self, summary: str | Summary, sources: Source | None = None) -> list[SentenceAnalysis]:
        """What :meth:`check` scores, before scoring: each sentence's evidence, flags and features.

        For research and for training the calibration (``bench/train_checker.py``).
        """
        text, articles = self._inputs(summary, sources)
        return self._analyse(text, articles, read_markup(text, frozenset(a.id for a in articles)))

    def _analyse(self, text: str, articles: tuple[Article, ...], markup: Markup) -> list[SentenceAnalysis]:
        return self._analyse_index(text, articles, markup)[0]

    def _analyse_index(
        self, text: str, articles: tuple[Article, ...], markup: Markup
    ) -> tuple[list[SentenceAnalysis], SourceIndex]:
        """Each sentence's analysis, and the source index its evidence indices point into."""
        # segment the text with precis's markup blanked (same length), so offsets index the original text
        sentences = [s for s in Segmenter()(Article(id="summary", text=markup.text)) if norm_words(s.text)]
        texts = [s.text for s in sentences]
        representer = self._representer()
        index = SourceIndex.build(articles, representer)
        vectors = representer.transform(texts)
        facts = SourceFacts.from_texts([a.text for a in articles])
        vocabulary = index.vocabulary | set(norm_words(text))  # the sources' words were read by the index
        threshold = self.config_.repetition if self.config_.repetition is not None else representer.redundancy
        repeats = repetition_flags(texts, vectors, threshold=threshold)
        out = []
        for k, sent in enumerate(sentences):
            alignment = index.align(sent.text, vectors[k : k + 1])
            flags = self._flags(sent, alignment, index, facts, vocabulary, articles)
            if repeats[k] is not None:
                flags.append(repeats[k])  # type: ignore[arg-type]
            flags.sort(key=_flag_key)
            out.append(
                SentenceAnalysis(
                    sentence=sent,
                    alignment=alignment,
                    flags=tuple(flags),
                    features=features(alignment, flags, count_words(sent.text)),
                    evidence=index.citations(alignment),
                    best=index.sentences[alignment.evidence[0]].text if alignment.evidence else "",
                )
            )
        return out, index

    def _inputs(self, summary: str | Summary, sources: Source | None) -> tuple[str, tuple[Article, ...]]:
        """The summary text and source articles, validated."""
        if isinstance(summary, Summary):
            text = "\n\n".join(item.text for item in summary.items)  # a blank line: items never run together
            if sources is None:
                sources = list(summary.articles)
        elif isinstance(summary, str):
            text = summary
        else:
            raise InputError(f"The summary is a {type(summary).__name__}; give a str or a precis.Summary.")
        if not text.strip():
            raise InputError("The summary is empty; give the summary text to check.", source="summary")
        if sources is None or (not isinstance(sources, str | Article) and len(sources) == 0):
            raise InputError("No sources given; pass the articles the summary claims to summarize.")
        articles = as_articles(sources)
        check_articles(articles, check_language=self.config_.check_language)
        if self.config_.check_language and not looks_english(text):
            raise InputError(
                "The summary does not look like English text; precis checks English only "
                "(use --no-language-check to check it anyway).",
                source="summary",
            )
        n_summary, n_sources = count_words(text), sum(count_words(a.text) for a in articles)
        if n_summary > 100 and n_summary > LONGER_FACTOR * n_sources:
            raise InputError(
                f"The summary ({n_summary} words) is more than {LONGER_FACTOR:g} times longer than its sources "
                f"({n_sources} words); check that the summary and the sources are not swapped.",
                source="summary",
            )
        return text, articles

    def _flags(
        self,
        sent: Sentence,
        alignment: Alignment,
        index: SourceIndex,
        facts: SourceFacts,
        vocabulary: set[str],
        articles: Sequence[Article],
    ) -> list[Flag]:
        """Every flag of one sentence except repetition."""
        if alignment.exact is not None:  # verbatim in a source: nothing in it is invented
            return []
        flags = mention_flags(sent.text, facts)
        flags += garble_flags(sent.text, vocabulary=vocabulary, source_texts=[a.text for a in articles])
        # a sentence whose words a source has in a row (precis's own items, re-punctuated for display) negates nothing
        if alignment.evidence and alignment.cos_best >= NEGATION_MIN_COSINE and not alignment.verbatim:
            flip = polarity_flag(sent.text, index.sentences[alignment.evidence[0]].text)
            if flip is not None:
                flags.append(flip)
        return flags

    def _sentence(
        self, analysis: SentenceAnalysis, *, score: float | None = None, threshold: float | None = None
    ) -> SentenceCheck:
        """Score and verdict of one sentence (``score`` and ``threshold``: the consistency model's)."""
        cfg = self.config_
        model = MODELS[cfg.representation]
        score = round(model.score(analysis.features) if score is None else score, 6)
        if threshold is None:
            threshold = cfg.threshold if cfg.threshold is not None else model.threshold
        flags = analysis.flags
        verdict: Verdict = "supported"
        if any(_contradicts(f, analysis) for f in flags):
            verdict = "contradicted"
        elif score < threshold or any(f.kind in _SUPPORT_KINDS for f in flags):
            verdict = "unsupported"
        sent = analysis.sentence
        return SentenceCheck(
            text=sent.text,
            start=sent.start,
            end=sent.end,
            verdict=verdict,
            score=score,
            evidence=analysis.evidence,
            flags=flags,
        )

    def _report(
        self,
        text: str,
        checks: list[SentenceCheck],
        articles: tuple[Article, ...],
        markup: Markup,
        scorer: dict[str, object] | None = None,
    ) -> CheckReport:
        checks, notes = summary_notes(checks, markup, articles)
        verdict: Verdict = max((c.verdict for c in checks), key=_RANK.__getitem__, default="supported")
        settings = self.config_.to_dict()
        if scorer is not None:
            settings["scorer"] = scorer
        return CheckReport(
            summary=text,
            sentences=tuple(checks),
            verdict=verdict,
            score=min((c.score for c in checks), default=1.0),
            articles=articles,
            settings=settings,
            notes=tuple(notes),
        )


def _rules_decide(analysis: SentenceAnalysis, rules: float, *, blend: float, threshold: float) -> bool:
    """Whether a sentence's verdict is the same whatever the consistency model says, so it need not be asked.

    A flag of an invented entity, attribution, number or quote makes a sentence unsupported at any score;
    otherwise the blended score ``blend * p + (1 - blend) * rules`` crosses ``threshold`` for no ``p`` in [0, 1]
    when the rules' share alone reaches it, or stays under it with ``p = 1``. Such a sentence is scored by the
    rules alone (its verdict is unchanged); a verbatim sentence is not decided here (the model is not asked
    either: it scores 1).
    """
    if analysis.alignment.exact is not None:
        return False
    if any(f.kind in _SUPPORT_KINDS for f in analysis.flags):
        return True
    return (1 - blend) * rules >= threshold or blend + (1 - blend) * rules < threshold


def _flag_key(flag: Flag) -> tuple[int, int, str]:
    return (flag.start, flag.end, flag.kind)


def _contradicts(flag: Flag, analysis: SentenceAnalysis) -> bool:
    """A polarity flip, or a figure where the closest evidence gives another figure for the same thing."""
    if flag.kind == "negation":
        return True
    if flag.kind != "number" or analysis.alignment.cos_best < NEGATION_MIN_COSINE:
        return False
    other = _SOURCE_SAYS.search(flag.message)
    return other is not None and other.group(1) in analysis.best


def check(summary: str | Summary, sources: Source | None = None, *, config: CheckerConfig | None = None) -> CheckReport:
    """Audit ``summary`` against ``sources``: the functional form of :meth:`Checker.check`.

    Examples
    --------
    >>> from precis import check
    >>> check("NATO and NATO met in Geneva.", "NATO and Russia met in Geneva.").sentences[0].flags[0].kind
    'garbled'
    """
    return Checker(config).check(summary, sources)
