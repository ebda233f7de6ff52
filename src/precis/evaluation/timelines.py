"""Timeline evaluation on Timeline17 (``precis eval ... --protocol timeline``).

Instances are evaluation records (see :mod:`precis.evaluation.rouge`) whose
``refs[0]`` is a reference timeline, one line per date:
``YYYY-MM-DD: text``. Following news-tls (Ghalandari & Ifrim 2020), each
reference timeline is scored on its own: the system is asked for as many
dates as the reference has, 2 sentences per date, with dates restricted to
the reference's first-to-last-date span.

Measures (Martschat & Markert 2017/2018, the ``tilse`` toolkit):

- **date F1**: the predicted dates against the reference dates (exact match);
- **concat ROUGE-1/2 F1**: all predicted text against all reference text;
- **alignment ROUGE-1/2 F1** (``AR1-F``/``AR2-F``, tilse's
  ``align_date_content_costs_many_to_one``): for precision, every predicted
  date is aligned to the reference date of least cost
  ``(1 - 1/(|days| + 1)) * (1 - R1approx)`` (``R1approx`` a unigram F1 of the
  two days' texts), and its n-gram matches count weighted by
  ``1/(|days| + 1)`` over all predicted n-grams; recall aligns every
  reference date the same way to the predicted dates and divides by all
  reference n-grams.

n-grams come from the ROUGE tokenizer of :mod:`precis.evaluation.rouge` (Porter,
original algorithm, tokens of more than 3 characters stemmed). One
difference from tilse: tilse's pyrouge removed ROUGE-1.5.5's stop words
(``-s``); with ``stopwords=True`` this module removes the classic English
stop words instead (scikit-learn's list,
:data:`precis.lexicon.stopwords.ENGLISH_STOP_WORDS`), an approximation of that setting.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .._optional import require
from ..errors import InputError, PrecisError
from ..lexicon.stopwords import ENGLISH_STOP_WORDS
from .rouge import _PorterTokenizer, instance_articles, read_instances

__all__ = ["TimelineEvalResult", "TimelineScorer", "evaluate_timelines", "reference_timeline", "timeline_system"]

DatedText = Mapping[date, Sequence[str]]
TimelineSystem = Callable[[dict[str, Any], DatedText], dict[date, list[str]]]
_COLUMNS = ("ar1", "ar2", "date_f1", "concat_r1", "concat_r2")


def reference_timeline(record: Mapping[str, Any]) -> dict[date, list[str]]:
    """The reference timeline of a record: ``refs[0]`` lines ``YYYY-MM-DD: text``."""
    out: dict[date, list[str]] = {}
    for n, line in enumerate(str(record["refs"][0]).splitlines(), start=1):
        if not line.strip():
            continue
        head, _, text = line.partition(":")
        try:
            day = date.fromisoformat(head.strip())
        except ValueError:
            raise InputError(f"{record.get('id')}: reference line {n} does not start with YYYY-MM-DD:.") from None
        out.setdefault(day, []).append(text.strip())
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


class TimelineScorer:
    """Date F1, concat ROUGE and alignment ROUGE (many-to-one, date-content costs) of timelines.

    Parameters
    ----------
    stopwords : bool, default=False
        Remove English stop words before counting n-grams (closer to tilse).
    """

    def __init__(self, *, stopwords: bool = False) -> None:
        self.stopwords = stopwords
        self._tokenizer = _PorterTokenizer()
        self._stop = ENGLISH_STOP_WORDS if stopwords else frozenset()

    def _tokens(self, texts: Iterable[str]) -> list[str]:
        tokens = self._tokenizer.tokenize(" ".join(texts))
        return [t for t in tokens if t not in self._stop] if self._stop else tokens

    @staticmethod
    def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
        return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))

    def __call__(self, predicted: DatedText, reference: DatedText) -> dict[str, float]:
        """``{"date_f1", "ar1", "ar2", "concat_r1", "concat_r2"}`` (F1 scores) of ``predicted``."""
        pred = {d: self._tokens(t) for d, t in predicted.items()}
        ref = {d: self._tokens(t) for d, t in reference.items()}
        shared = len(set(pred) & set(ref))
        out = {"date_f1": _f1(shared / len(pred) if pred else 0.0, shared / len(ref) if ref else 0.0)}
        for n in (1, 2):
            all_pred = [t for d in sorted(pred) for t in pred[d]]
            all_ref = [t for d in sorted(ref) for t in ref[d]]
            match, p_total, r_total = self._match(all_pred, all_ref, n)
            out[f"concat_r{n}"] = _f1(match / p_total if p_total else 0.0, match / r_total if r_total else 0.0)
            out[f"ar{n}"] = self._aligned(pred, ref, n)
        return out

    def _match(self, a: list[str], b: list[str], n: int) -> tuple[int, int, int]:
        """(overlapping n-grams, n-grams of ``a``, n-grams of ``b``)."""
        ca, cb = self._ngrams(a, n), self._ngrams(b, n)
        return sum((ca & cb).values()), sum(ca.values()), sum(cb.values())

    def _aligned(self, pred: dict[date, list[str]], ref: dict[date, list[str]], n: int) -> float:
        """tilse's ``align_date_content_costs_many_to_one`` F1 for n-grams of size ``n``."""
        if not pred or not ref:
            return 0.0
        prec_num = prec_den = rec_num = rec_den = 0.0
        for d, tokens in pred.items():
            target = min(ref, key=lambda r: (_cost(d, r, tokens, ref[r]), r))
            weight = 1 / (abs((d - target).days) + 1)
            match, total, _ = self._match(tokens, ref[target], n)
            prec_num += weight * match
            prec_den += total
        for r, tokens in ref.items():
            source = min(pred, key=lambda p: (_cost(p, r, pred[p], tokens), p))
            weight = 1 / (abs((source - r).days) + 1)
            match, _, total = self._match(pred[source], tokens, n)
            rec_num += weight * match
            rec_den += total
        return _f1(prec_num / prec_den if prec_den else 0.0, rec_num / rec_den if rec_den else 0.0)


def _cost(p: date, r: date, pred: list[str], ref: list[str]) -> float:
    """``(1 - 1/(|days| + 1)) * (1 - unigram F1)``: tilse's date-content alignment cost."""
    date_factor = 1 - 1 / (abs((p - r).days) + 1)
    if date_factor == 0:
        return 0.0
    a, b = Counter(pred), Counter(ref)
    match = sum((a & b).values())
    content = _f1(match / len(pred) if pred else 0.0, match / len(ref) if ref else 0.0)
    return date_factor * (1 - content)


@dataclass(slots=True)
class TimelineEvalResult:
    """Per-timeline scores (and seconds taken), with their means."""

    instances: list[dict[str, Any]] = field(default_factory=list)

    def mean(self, key: str) -> float:
        """Mean of ``key`` over the timelines (a column of the table, or ``seconds``)."""
        if not self.instances:
            return 0.0
        return float(sum(i[key] for i in self.instances)) / len(self.instances)

    def table(self, *, name: str = "precis", per_instance: bool = False) -> str:
        """Markdown table (scores as fractions, like news-tls), one row per timeline when asked, then the mean."""
        head = "| timeline | dates (ref) | AR1-F | AR2-F | date F1 | concat R1-F | concat R2-F | seconds |\n"
        head += "|---|---|---|---|---|---|---|---|\n"
        rows = []
        for i in self.instances if per_instance else []:
            cells = " | ".join(f"{i[k]:.3f}" for k in _COLUMNS)
            rows.append(f"| {i['id']} | {i['n_ref']} | {cells} | {i['seconds']:.2f} |")
        means = " | ".join(f"{self.mean(k):.3f}" for k in _COLUMNS)
        rows.append(f"| **{name} (mean of {len(self.instances)})** | | {means} | {self.mean('seconds'):.2f} |")
        return head + "\n".join(rows) + "\n"


def timeline_system(*, per_date: int = 2) -> TimelineSystem:
    """precis's :func:`~precis.stories.timeline.build_timeline` as an evaluation system (news-tls's setting).

    Like ``precis timeline``, documents precis cannot use (no sentence
    punctuation) are left out of their instance rather than failing it.
    """
    from ..analysis.language import partition_articles
    from ..stories.timeline import build_timeline

    def system(record: dict[str, Any], reference: DatedText) -> dict[date, list[str]]:
        days = sorted(reference)
        articles, _ = partition_articles(instance_articles(record), check_language=False)
        tl = build_timeline(articles, dates=len(days), per_date=per_date, start=days[0], end=days[-1])
        return {e.date: [" ".join(i.text.split()) for i in e.items] for e in tl.entries}

    return system


def evaluate_timelines(
    path: str,
    *,
    system: TimelineSystem | None = None,
    limit: int | None = None,
    progress: bool = False,
    scorer: TimelineScorer | None = None,
) -> TimelineEvalResult:
    """Score ``system`` on every reference timeline of ``path``; a failing instance scores 0."""
    system = system or timeline_system()
    scorer = scorer or TimelineScorer()
    result = TimelineEvalResult()
    records: Any = read_instances(path, limit=limit)
    if progress:
        tqdm = require("tqdm", extra="eval", caller="precis eval").tqdm
        records = tqdm(records, desc=Path(path).name, unit="timeline", total=limit, disable=None)
    for record in records:
        reference = reference_timeline(record)
        began = time.perf_counter()
        error = None
        try:
            predicted = system(record, reference)
        except PrecisError as exc:
            predicted, error = {}, str(exc)
        seconds = time.perf_counter() - began
        entry: dict[str, Any] = {"id": record.get("id"), "n_ref": len(reference), "n_pred": len(predicted)}
        entry.update(scorer(predicted, reference))
        entry["seconds"] = seconds
        entry["timeline"] = {d.isoformat(): t for d, t in sorted(predicted.items())}
        if error:
            entry["error"] = error
        result.instances.append(entry)
    return result
