"""Fit the learned sentence scorer of ``precis.summarizer.learned_scoring`` and print its coefficients.

Run from the repository root:

    .venv/bin/python bench/train_scorer.py [--start 1000] [--limit N] [--folds 5]

Training data: cnn_stories records from ``--start`` on (the first 1000 are
the reported evaluation set and the first 100 the CI gate; never train on
them). frank_cnndm is never read here: it is the final check only.

For every record, precis prepares the article exactly as the summarizer does
(segment, TF-IDF, selectable mask) and the features come from
:func:`precis.summarizer.learned_scoring.sentence_features`, so training and use see the
same numbers. The label of a selectable sentence is its membership in the
greedy oracle: up to three sentences added one at a time while they raise the
mean of ROUGE-1 and ROUGE-2 F1 against the highlights.

The model is an L2 logistic regression on standardised features. The script
reports, over ``--folds`` article-grouped folds of the training records,
held-out AUC and held-out end-to-end ROUGE-1/2 F1 (3 sentences, the
pipeline's MMR selection, precis's own scorer) of the learned score, of the
heuristic score and of Lead-3; then it fits on all training records and prints
``FEATURES``, ``COEF`` and ``INTERCEPT`` (standardisation folded in) as Python
literals to paste into ``src/precis/learned_scoring.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from peers import Budget, lead_peer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from precis import Summarizer, SummarizerConfig
from precis.analysis.language import partition_articles
from precis.errors import PrecisError
from precis.evaluation.rouge import RougeScorer, _PorterTokenizer, instance_articles, read_instances
from precis.summarizer.learned_scoring import FEATURES, learned_scores, sentence_features
from precis.summarizer.prepared import Prepared
from precis.summarizer.scoring import centroid_scores
from precis.summarizer.selection import select

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
SENTENCES = 3


@dataclass
class Item:
    """One training article: what selection needs, its features and labels."""

    record: dict[str, Any]
    prep: Prepared
    features: np.ndarray  # rows of the selectable sentences only
    rows: np.ndarray  # indices of those sentences in prep
    labels: np.ndarray


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def oracle(sent_tokens: list[list[str]], ref_tokens: list[str], k: int = SENTENCES) -> list[int]:
    """Greedy oracle: add the sentence that most raises mean(R1 F1, R2 F1) while it does."""
    refs = [_ngrams(ref_tokens, n) for n in (1, 2)]
    ref_len = [sum(r.values()) for r in refs]
    grams = [[_ngrams(t, n) for t in sent_tokens] for n in (1, 2)]
    chosen: list[int] = []
    summ: list[Counter[tuple[str, ...]]] = [Counter(), Counter()]
    best = 0.0
    while len(chosen) < k:
        pick, pick_val = -1, best
        for i in range(len(sent_tokens)):
            if i in chosen:
                continue
            val = 0.0
            for n in (0, 1):
                cand = summ[n] + grams[n][i]
                overlap = sum(min(c, refs[n][g]) for g, c in cand.items() if g in refs[n])
                total = sum(cand.values()) + ref_len[n]
                val += 2.0 * overlap / total if total else 0.0
            val /= 2
            if val > pick_val:
                pick, pick_val = i, val
        if pick < 0:
            break
        chosen.append(pick)
        best = pick_val
        for n in (0, 1):
            summ[n] = summ[n] + grams[n][pick]
    return chosen


def load(path: Path, start: int, limit: int | None) -> list[Item]:
    """Prepared training articles with features and oracle labels."""
    summarizer = Summarizer(SummarizerConfig(check_language=False, scoring="heuristic"))
    tokenizer = _PorterTokenizer()
    items: list[Item] = []
    stop = None if limit is None else start + limit
    for n, record in enumerate(read_instances(str(path), limit=stop)):
        if n < start:
            continue
        articles, _ = partition_articles(instance_articles(record), check_language=False)
        if len(articles) != 1:
            continue
        try:
            prep = summarizer.prepare(articles)
        except PrecisError:
            continue
        texts = [s.text for s in prep.sentences]
        feats = sentence_features(
            x=prep.x,
            eligible=prep.eligible,
            article_pos=prep.article_pos,
            n_words=prep.n_words,
            texts=texts,
            centrality=centroid_scores(prep.x, prep.eligible),
        )
        rows = np.flatnonzero(prep.eligible)
        ref_tokens = tokenizer.tokenize("\n".join(record["refs"]))
        picked = oracle([tokenizer.tokenize(texts[i]) for i in rows], ref_tokens)
        labels = np.zeros(len(rows))
        labels[picked] = 1.0
        items.append(Item(record, prep, feats[rows], rows, labels))
    return items


def summary_lines(item: Item, scores: np.ndarray, summarizer: Summarizer) -> list[str]:
    """The pipeline's default selection (MMR, 3 sentences) with ``scores`` on the selectable rows."""
    prep = item.prep
    full = np.zeros(len(prep.sentences))
    full[item.rows] = scores
    cfg = summarizer.config_
    n = len(prep.sentences)
    picks = select(
        prep.x,
        full,
        np.ones(n),
        limit=SENTENCES,
        eligible=prep.eligible,
        lead=prep.lead,
        diversity=cfg.diversity,
        redundancy=prep.redundancy,
        pair_extra=np.zeros(n),
    )
    text = prep.articles[0].text
    spans = sorted((prep.sentences[p.members[0]].start, prep.sentences[p.members[-1]].end) for p in picks)
    return [" ".join(text[a:b].split()) for a, b in spans]


def rouge(scorer: RougeScorer, lines: list[str], refs: list[str]) -> tuple[float, float]:
    """ROUGE-1 and ROUGE-2 F1 of a summary, as ``precis.evaluation.rouge`` scores it."""
    s = scorer("\n".join(lines), refs)
    return s["r1"]["f1"], s["r2"]["f1"]


def fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised features; coefficients returned for raw features."""
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / std, y)
    coef = model.coef_.ravel() / std
    intercept = float(model.intercept_[0] - (coef * mean).sum())
    return coef, intercept


def cross_validate(items: list[Item], folds: int, c: float, scorer: RougeScorer) -> dict[str, Any]:
    """Held-out AUC and end-to-end ROUGE of learned, heuristic and Lead-3 over article folds."""
    summarizer = Summarizer(SummarizerConfig(check_language=False))
    groups = np.arange(len(items))
    totals: dict[str, list[tuple[float, float]]] = {"learned": [], "heuristic": [], "lead-3": []}
    aucs = []
    for train, test in GroupKFold(n_splits=folds).split(groups, groups=groups):
        x = np.vstack([items[i].features for i in train])
        y = np.concatenate([items[i].labels for i in train])
        coef, intercept = fit(x, y, c)
        scores_all, labels_all = [], []
        for i in test:
            item = items[i]
            scores = learned_scores(item.features, coef, intercept)
            scores_all.append(scores)
            labels_all.append(item.labels)
            refs = item.record["refs"]
            totals["learned"].append(rouge(scorer, summary_lines(item, scores, summarizer), refs))
            heur = item.prep.scores[item.rows]
            totals["heuristic"].append(rouge(scorer, summary_lines(item, heur, summarizer), refs))
            lead = lead_peer([item.prep.articles[0].text], Budget(sentences=SENTENCES))
            totals["lead-3"].append(rouge(scorer, [" ".join(s.split()) for s in lead], refs))
        aucs.append(roc_auc_score(np.concatenate(labels_all), np.concatenate(scores_all)))
    out: dict[str, Any] = {"auc": (float(np.mean(aucs)), float(np.std(aucs)))}
    for name, vals in totals.items():
        arr = np.array(vals)
        out[name] = (100 * arr[:, 0].mean(), 100 * arr[:, 1].mean())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--start", type=int, default=1000, help="first cnn_stories record to train on (>= 1000)")
    ap.add_argument("--limit", type=int, help="training records (default: all from --start)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=1.0, help="inverse L2 strength of the logistic regression")
    args = ap.parse_args(argv)
    if args.start < 1000:
        ap.error("--start must be >= 1000: the first 1000 cnn_stories records are the evaluation set")
    t0 = time.perf_counter()
    items = load(DATA / "cnn_stories.jsonl.gz", args.start, args.limit)
    rows = sum(len(i.labels) for i in items)
    print(f"# {len(items)} articles, {rows} selectable sentences ({time.perf_counter() - t0:.0f} s)")
    scorer = RougeScorer()
    cv = cross_validate(items, args.folds, args.C, scorer)
    print(f"# {args.folds}-fold CV (held-out articles): AUC {cv['auc'][0]:.4f} +- {cv['auc'][1]:.4f}")
    for name in ("learned", "heuristic", "lead-3"):
        print(f"#   {name:<9} ROUGE-1 {cv[name][0]:.2f}  ROUGE-2 {cv[name][1]:.2f}")
    coef, intercept = fit(np.vstack([i.features for i in items]), np.concatenate([i.labels for i in items]), args.C)
    print(f"FEATURES = {FEATURES!r}")
    print("COEF: tuple[float, ...] = (")
    for name, value in zip(FEATURES, coef, strict=True):
        print(f"    {value:.4f},  # {name}")
    print(")")
    print(f"INTERCEPT: float = {intercept:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
