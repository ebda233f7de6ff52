"""ROUGE evaluation of precis on data sets with human references (``precis eval``).

Data sets are gzipped (or plain) JSONL, one instance per line:
``{"id", "docs": [{"id", "text", "title"?, "date"?}], "refs": [str, ...], "query"?}``
(the format of the project's development data).

Scoring follows the conventions written down with that data:

- Google's ``rouge-score`` with a tokenizer that stems with NLTK's
  ``PorterStemmer(mode=ORIGINAL_ALGORITHM)`` (no NLTK data needed), which
  reproduces the official ROUGE-1.5.5 script;
- word-budget protocols cut the summary to its first N whitespace-separated
  words before scoring;
- ROUGE-L is ``rougeLsum`` over newline-separated sentences (one summary item
  per line);
- with several references, the score is the **mean of the per-reference
  scores**.

A protocol fixes the budget and the reported measure (recall or F1); see
:data:`PROTOCOLS`. The ``timeline`` protocol is scored by
:mod:`precis.evaluation.timelines` instead. Needs ``pip install 'precis[eval]'``.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .._optional import require
from ..errors import ConfigError, InputError, PrecisError
from ..model import Article

if TYPE_CHECKING:
    from ..summarizer.summarizer import Summarizer

__all__ = [
    "PROTOCOLS",
    "EvalResult",
    "Protocol",
    "RougeScorer",
    "evaluate",
    "guess_protocol",
    "read_instances",
    "summarizer_system",
]


@dataclass(frozen=True, slots=True)
class Protocol:
    """How one data set is scored: the budget and the measure reported."""

    name: str
    unit: Literal["words", "sentences"]
    value: int
    measure: Literal["recall", "f1"]
    description: str

    @property
    def budget(self) -> dict[str, int]:
        """Keyword budget for :meth:`precis.Summarizer.summarize`."""
        return {self.unit: self.value}


PROTOCOLS: dict[str, Protocol] = {
    p.name: p
    for p in (
        Protocol("duc", "words", 250, "recall", "DUC 2006/2007 main: 250 words, ROUGE recall"),
        Protocol("duc100", "words", 100, "recall", "DUC 2007 update: 100 words, ROUGE recall"),
        Protocol("multinews", "words", 230, "f1", "Multi-News: 230 words, ROUGE F1"),
        Protocol("cnn", "sentences", 3, "f1", "CNN/DM (cnn_stories, frank_cnndm): 3 sentences, ROUGE F1"),
        Protocol("bbc", "words", 170, "f1", "BBC News Summary: 170 words, ROUGE F1"),
        Protocol(
            "timeline",
            "sentences",
            2,
            "f1",
            "Timeline17: the reference's number of dates, 2 sentences per date; date F1, alignment and concat "
            "ROUGE F1 (see precis.evaluation.timelines)",
        ),
    )
}
_GUESSES = (
    ("timeline", "timeline"),
    ("duc2007_update", "duc100"),
    ("duc", "duc"),
    ("multinews", "multinews"),
    ("multi_news", "multinews"),
    ("cnn", "cnn"),
    ("frank", "cnn"),
    ("bbc", "bbc"),
)


def guess_protocol(path: str) -> Protocol:
    """The protocol a data file's name implies; :class:`ConfigError` when none does."""
    name = Path(path).name.lower()
    for needle, protocol in _GUESSES:
        if needle in name:
            return PROTOCOLS[protocol]
    raise ConfigError(
        f"Cannot tell the protocol of {path} from its name; pass --protocol, one of {', '.join(PROTOCOLS)}."
    )


class _PorterTokenizer:
    """rouge-score's tokenizer with the original Porter stemmer (ROUGE-1.5.5's)."""

    _NON_ALNUM = re.compile(r"[^a-z0-9]+")

    def __init__(self) -> None:
        porter = require("nltk.stem.porter", extra="eval", caller="precis eval")
        self._stemmer = porter.PorterStemmer(mode=porter.PorterStemmer.ORIGINAL_ALGORITHM)
        self._stem = lru_cache(maxsize=500_000)(self._stemmer.stem)

    def tokenize(self, text: str) -> list[str]:
        tokens = self._NON_ALNUM.sub(" ", text.lower()).split()
        return [self._stem(t) if len(t) > 3 else t for t in tokens]


class RougeScorer:
    """ROUGE-1, ROUGE-2 and ROUGE-Lsum, mean over references, recall/precision/F1."""

    def __init__(self) -> None:
        scorer = require("rouge_score.rouge_scorer", extra="eval", caller="precis eval")
        self._scorer = scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], tokenizer=_PorterTokenizer())

    def __call__(self, summary: str, refs: Sequence[str]) -> dict[str, dict[str, float]]:
        """``{"r1"|"r2"|"rl": {"recall", "precision", "f1"}}`` averaged over ``refs``."""
        out = {k: {"recall": 0.0, "precision": 0.0, "f1": 0.0} for k in ("r1", "r2", "rl")}
        for ref in refs:
            scores = self._scorer.score(ref, summary)
            for key, name in (("r1", "rouge1"), ("r2", "rouge2"), ("rl", "rougeLsum")):
                s = scores[name]
                out[key]["recall"] += s.recall / len(refs)
                out[key]["precision"] += s.precision / len(refs)
                out[key]["f1"] += s.fmeasure / len(refs)
        return out


def truncate_words(lines: Sequence[str], limit: int) -> str:
    """The first ``limit`` whitespace-separated words of ``lines``, one line per item kept."""
    out: list[str] = []
    left = limit
    for line in lines:
        words = line.split()
        if left <= 0:
            break
        out.append(" ".join(words[:left]))
        left -= len(words)
    return "\n".join(out)


def _open(path: str) -> Any:
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def read_instances(path: str, *, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Instances of an evaluation file, in order (at most ``limit``)."""
    if not Path(path).is_file():
        raise InputError(f"{path} does not exist; give an evaluation JSONL(.gz) file.", source=path)
    with _open(path) as fh:
        for n, line in enumerate(fh, start=1):
            if limit is not None and n > limit:
                return
            try:
                record = json.loads(line)
                if not isinstance(record.get("docs"), list) or not isinstance(record.get("refs"), list):
                    raise ValueError("needs 'docs' and 'refs' lists")
            except (ValueError, AttributeError) as exc:
                raise InputError(f"{path}:{n}: not an evaluation instance ({exc}).", source=f"{path}:{n}") from None
            yield record


def instance_articles(record: dict[str, Any]) -> list[Article]:
    """The non-empty documents of an instance as articles."""
    out = []
    for k, doc in enumerate(record["docs"]):
        text = doc.get("text") or ""
        if not text.strip():
            continue
        date = doc.get("date")
        try:
            published = datetime.fromisoformat(date) if date else None
        except ValueError:
            published = None
        out.append(Article(id=str(doc.get("id") or k), text=text, title=doc.get("title"), published=published))
    return out


@dataclass(slots=True)
class EvalResult:
    """Per-instance scores and their means under one protocol."""

    protocol: Protocol
    instances: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """Instances the system could not summarize (scored 0)."""
        return sum(1 for i in self.instances if i.get("error"))

    def mean(self, key: str) -> float:
        """Mean of the protocol's measure for ``key`` in ``r1``, ``r2``, ``rl``."""
        if not self.instances:
            return 0.0
        return float(sum(i["scores"][key][self.protocol.measure] for i in self.instances)) / len(self.instances)

    def table(self, *, name: str = "precis") -> str:
        """One-row Markdown table of the means (in percent)."""
        m = self.protocol.measure
        head = f"| system | ROUGE-1 {m} | ROUGE-2 {m} | ROUGE-L {m} | instances | failed |\n|---|---|---|---|---|---|\n"
        row = (
            f"| {name} | {100 * self.mean('r1'):.2f} | {100 * self.mean('r2'):.2f} | {100 * self.mean('rl'):.2f} "
            f"| {len(self.instances)} | {self.failed} |\n"
        )
        return head + row


SystemFn = Callable[[dict[str, Any], Protocol], list[str]]


def evaluate(
    path: str,
    system: SystemFn,
    *,
    protocol: Protocol | None = None,
    limit: int | None = None,
    progress: bool = False,
    scorer: RougeScorer | None = None,
) -> EvalResult:
    """Score ``system`` (instance, protocol -> summary lines) on the instances of ``path``.

    An instance the system fails on (a :class:`PrecisError`) scores 0 and
    keeps its error message.
    """
    protocol = protocol or guess_protocol(path)
    scorer = scorer or RougeScorer()
    result = EvalResult(protocol)
    records: Any = read_instances(path, limit=limit)
    if progress:
        tqdm = require("tqdm", extra="eval", caller="precis eval").tqdm
        records = tqdm(records, desc=Path(path).name, unit="inst", total=limit, disable=None)
    for record in records:
        error = None
        try:
            lines = system(record, protocol)
        except PrecisError as exc:
            lines, error = [], str(exc)
        text = truncate_words(lines, protocol.value) if protocol.unit == "words" else "\n".join(lines)
        entry = {"id": record.get("id"), "summary": text, "scores": scorer(text, record["refs"])}
        if error:
            entry["error"] = error
        result.instances.append(entry)
    return result


def summarizer_system(summarizer: Summarizer, *, use_query: bool = True) -> SystemFn:
    """A precis summarizer as an evaluation system: one summary item per line.

    Like ``precis summarize``, a document precis cannot use (no sentence
    punctuation, say) is left out of its instance rather than failing it.
    """
    from ..analysis.language import partition_articles

    def system(record: dict[str, Any], protocol: Protocol) -> list[str]:
        query = record.get("query") if use_query else None
        articles, _ = partition_articles(instance_articles(record), check_language=False)
        summary = summarizer.summarize(
            articles,
            query=query if isinstance(query, str) else None,
            words=protocol.value if protocol.unit == "words" else None,
            sentences=protocol.value if protocol.unit == "sentences" else None,
        )
        return [" ".join(item.text.split()) for item in summary.items]

    return system
