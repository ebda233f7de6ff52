"""Learn the checker's calibration (``precis.checking.calibration.MODELS``) from ``faithfulness_dev``.

Run from the repository root:

    .venv/bin/python bench/train_checker.py [--representation tfidf] [--processes 2]

Steps:

1. **Extract.** ``Checker(CheckerConfig(check_language=False)).analyse(summary, source)``
   for each of the 6,739 pairs (in ``--processes`` worker processes), keeping
   each summary sentence's alignment, flags and word count, so that
   ``calibration.features`` can change without running the checker again.
   The result is cached outside the repository (``--cache``).
2. **Label sentences.** Where a benchmark labels sentences (``cogensumm``,
   ``qags_cnndm``, ``qags_xsum``) each checker sentence takes the label of the
   labelled sentence it overlaps most; every sentence of a consistent summary
   is positive; a one-sentence inconsistent summary is negative. A
   multi-sentence inconsistent summary without sentence labels is a *bag*:
   the strategy (``--bags``) decides what to do with it (``drop`` it, call
   ``all`` its sentences negative, or multiple-instance ``min``: its
   lowest-scoring sentence under the current model is negative, refitted
   ``MIL_ROUNDS`` times).
3. **Fit** a logistic regression (scikit-learn, L2, ``C``) over the
   sentences, weighted so that each benchmark weighs the same and, within a
   benchmark, both classes weigh the same.
4. **Cross-validate** by source document: ``GroupKFold`` over a hash of
   ``source`` across *all* benchmarks (CNN/DM articles recur in several), so
   no document is in both a training and a test fold. The summary score is the
   lowest sentence score, as in ``precis.check``. Numbers are per benchmark.

Prints the cross-validated comparison of the bag strategies and weightings,
then the ``MODELS`` entry to paste into ``calibration.py``, fitted on all of
dev with the chosen settings, whose threshold maximizes the mean balanced
accuracy across benchmarks of the out-of-fold summary scores.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, roc_auc_score
from sklearn.model_selection import GroupKFold

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from precis.checking import calibration  # noqa: E402

# the shared data sit beside the repository (../shared), or beside a worktree's parent folder (../../shared)
DATA = next(
    (
        p
        for p in (r / "shared" / "data" / "faithfulness_dev.jsonl.gz" for r in (ROOT.parent, ROOT.parent.parent))
        if p.exists()
    ),
    ROOT.parent / "shared" / "data" / "faithfulness_dev.jsonl.gz",
)
CACHE = Path("/tmp") / "precis-faithfulness-cache"
FOLDS = 5
MIL_ROUNDS = 3
C = 1.0
BENCHMARKS = (
    "cogensumm", "xsumfaith", "polytope", "summeval", "frank",
    "cliff", "goyal21", "qags_cnndm", "qags_xsum", "factcc_val_partial",
)  # fmt: skip


# ---------------------------------------------------------------- extraction


@dataclass(slots=True)
class Pair:
    """One (summary, source) pair, as the checker sees it."""

    id: str
    benchmark: str
    label: int
    group: int  # hash of the source text
    record: dict[str, Any]  # the record without source and summary text
    sentences: list[dict[str, Any]] = field(default_factory=list)  # alignment, flags, n_words, start, end, text


def load_records(path: Path = DATA) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def source_group(source: str) -> int:
    return int(hashlib.md5(source.encode("utf-8")).hexdigest()[:12], 16)


_CHECKER: Any = None


def _init(representation: str) -> None:
    global _CHECKER
    from precis import CheckerConfig
    from precis.checking import Checker

    _CHECKER = Checker(CheckerConfig(check_language=False, representation=representation))  # type: ignore[arg-type]


def _extract_one(rec: dict[str, Any]) -> Pair:
    from precis.model import count_words

    pair = Pair(
        id=rec["id"],
        benchmark=rec["benchmark"],
        label=int(rec["label"]),
        group=source_group(rec["source"]),
        record={k: v for k, v in rec.items() if k not in ("source",)},
    )
    for a in _CHECKER.analyse(rec["summary"], rec["source"]):
        s = a.sentence
        pair.sentences.append(
            {"alignment": a.alignment, "flags": a.flags, "n_words": count_words(s.text),
             "start": s.start, "end": s.end, "text": s.text}
        )  # fmt: skip
    return pair


def extract(representation: str = "tfidf", processes: int = 2, cache: Path | None = CACHE) -> list[Pair]:
    """Every pair of the dev set analysed by the checker (cached per representation)."""
    path = cache / f"{representation}.pkl" if cache else None
    if path is not None and path.exists():
        with path.open("rb") as fh:
            return [Pair(**d) for d in pickle.load(fh)]
    records = load_records()
    t0 = time.perf_counter()
    with Pool(processes, initializer=_init, initargs=(representation,)) as pool:
        pairs = pool.map(_extract_one, records, chunksize=20)
    print(f"# extracted {len(pairs)} pairs ({representation}) in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            pickle.dump([{k: getattr(p, k) for k in Pair.__slots__} for p in pairs], fh)
    return pairs


# ---------------------------------------------------------------- labels and features


def sentence_features(pair: Pair) -> np.ndarray:
    rows = [calibration.features(s["alignment"], s["flags"], s["n_words"]) for s in pair.sentences]
    return np.asarray(rows, dtype=float).reshape(len(rows), len(calibration.FEATURES))


def sentence_labels(pair: Pair) -> list[int] | None:
    """Labels of the checker's sentences, or ``None`` for a bag (unlabelled inconsistent multi-sentence summary)."""
    n = len(pair.sentences)
    if pair.label == 1:
        return [1] * n
    gold = pair.record.get("summary_sentences")
    if gold:
        return _map_labels(pair, gold, pair.record["sentence_labels"])
    return [0] if n == 1 else None


def _map_labels(pair: Pair, gold: Sequence[str], labels: Sequence[int]) -> list[int]:
    """Each checker sentence takes the label of the gold sentence it overlaps most (by characters)."""
    text, spans, at = pair.record["summary"], [], 0
    for g in gold:
        k = text.find(g.strip(), at)
        k = at if k < 0 else k
        spans.append((k, k + len(g.strip())))
        at = max(at, k + len(g.strip()))
    out = []
    for s in pair.sentences:
        overlaps = [max(0, min(s["end"], e) - max(s["start"], b)) for b, e in spans]
        out.append(int(labels[int(np.argmax(overlaps))]))
    return out


@dataclass(slots=True)
class Design:
    """The sentence rows of a set of pairs, and which pair each row belongs to."""

    x: np.ndarray
    pair_of: np.ndarray  # row -> index into pairs
    pairs: list[Pair]
    labels: list[list[int] | None]
    spans: list[np.ndarray] = field(default_factory=list)

    @classmethod
    def build(cls, pairs: list[Pair]) -> Design:
        blocks = [sentence_features(p) for p in pairs]
        pair_of = np.concatenate([np.full(len(b), i) for i, b in enumerate(blocks)]) if blocks else np.zeros(0, int)
        design = cls(np.vstack(blocks), pair_of.astype(int), pairs, [sentence_labels(p) for p in pairs])
        starts = np.concatenate([[0], np.cumsum([len(b) for b in blocks])])
        design.spans = [np.arange(starts[i], starts[i + 1]) for i in range(len(blocks))]
        return design

    def rows(self, i: int) -> np.ndarray:
        return self.spans[i]


# ---------------------------------------------------------------- fitting


@dataclass(frozen=True, slots=True)
class Settings:
    """How to train: what to do with bags, and how to weight."""

    bags: str = "min"  # drop | all | min
    weighting: str = "none"  # none | bench | bench+class
    c: float = C
    signs: bool = True  # support measures weigh >= 0, flags and novelty <= 0
    drop: tuple[str, ...] = ()  # features held at weight 0


def _unit_weights(units: list[tuple[int, int]], design: Design, weighting: str) -> dict[tuple[str, int], float]:
    """Weight of one unit (a labelled sentence or a bag) per (benchmark, label)."""
    counts: dict[tuple[str, int], int] = {}
    for i, y in units:
        key = (design.pairs[i].benchmark, y)
        counts[key] = counts.get(key, 0) + 1
    if weighting == "none":
        return {k: 1.0 for k in counts}
    if weighting == "bench":
        per_bench: dict[str, int] = {}
        for (b, _), n in counts.items():
            per_bench[b] = per_bench.get(b, 0) + n
        return {(b, y): 1.0 / per_bench[b] for (b, y) in counts}
    return {(b, y): 1.0 / (2 * n) for (b, y), n in counts.items()}


def fit(design: Design, idx: Sequence[int], settings: Settings) -> tuple[np.ndarray, float]:
    """Sentence-level logistic model on the pairs ``idx``: (weights, intercept)."""
    rows: list[int] = []
    ys: list[int] = []
    keys: list[tuple[str, int]] = []
    bags: list[int] = []
    units: list[tuple[int, int]] = []
    for i in idx:
        labels = design.labels[i]
        r = design.rows(i)
        if labels is None:
            if settings.bags == "all":
                labels = [0] * len(r)
            else:
                if settings.bags == "min":
                    bags.append(i)
                    units.append((i, 0))
                continue
        # each sentence of a pair is a unit of weight 1/len: a pair weighs as much as a one-sentence pair
        for row, y in zip(r, labels, strict=True):
            rows.append(int(row))
            ys.append(y)
            keys.append((design.pairs[i].benchmark, y))
        units.extend((i, y) for y in set(labels))
    unit_w = _unit_weights(units, design, settings.weighting)
    # sentences of one pair with the same label share the unit's weight
    share: dict[tuple[int, int], int] = {}
    pair_of_row = design.pair_of
    for row, y in zip(rows, ys, strict=True):
        share[(int(pair_of_row[row]), y)] = share.get((int(pair_of_row[row]), y), 0) + 1
    w = [unit_w[k] / share[(int(pair_of_row[row]), y)] for row, y, k in zip(rows, ys, keys, strict=True)]
    base_x, base_y, base_w = design.x[rows], np.asarray(ys), np.asarray(w)
    model = _fit_logistic(base_x, base_y, base_w, settings)
    if bags:
        bag_rows = [design.rows(i) for i in bags]
        bag_w = np.asarray([unit_w[(design.pairs[i].benchmark, 0)] for i in bags])
        for _ in range(MIL_ROUNDS):
            z = design.x @ model.coef_[0] + model.intercept_[0]
            worst = np.asarray([r[np.argmin(z[r])] for r in bag_rows])
            x = np.vstack([base_x, design.x[worst]])
            y = np.concatenate([base_y, np.zeros(len(worst), int)])
            sw = np.concatenate([base_w, bag_w])
            model = _fit_logistic(x, y, sw, settings)
    return model.coef_[0].copy(), float(model.intercept_[0])


SUPPORT = {"cos_best", "stems_best", "stems_top", "stems_any", "bigrams_any", "trigrams_any", "verbatim"}
SUPPORT |= {"run_best", "stems_pair", "stems_window", "cover_comb", "idf_comb", "bigrams_comb", "idf_any"}


def _bounds(settings: Settings) -> list[tuple[float | None, float | None]]:
    out: list[tuple[float | None, float | None]] = []
    for name in calibration.FEATURES:
        if name in settings.drop:
            out.append((0.0, 0.0))
        elif not settings.signs or name == "log_words":
            out.append((None, None))
        else:
            out.append((0.0, None) if name in SUPPORT else (None, 0.0))
    return [*out, (None, None)]


def _fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, settings: Settings) -> LogisticRegression:
    """scikit-learn's L2 logistic regression, or the same objective with sign bounds (L-BFGS-B) when asked."""
    sw = w * len(w) / w.sum()
    model = LogisticRegression(C=settings.c, max_iter=2000)
    model.fit(x, y, sample_weight=sw)
    if not settings.signs and not settings.drop:
        return model
    signed = 2.0 * y - 1.0

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ theta[:-1] + theta[-1]
        m = signed * z
        value = settings.c * float(sw @ np.logaddexp(0.0, -m)) + 0.5 * float(theta[:-1] @ theta[:-1])
        g = -settings.c * sw * signed * expit(-m)
        grad = np.concatenate([x.T @ g + theta[:-1], [g.sum()]])
        return value, grad

    bounds = _bounds(settings)
    low = np.asarray([-np.inf if a is None else a for a, _ in bounds])
    high = np.asarray([np.inf if b is None else b for _, b in bounds])
    start = np.clip(np.concatenate([model.coef_[0], model.intercept_]), low, high)
    res = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 5000})
    model.coef_ = res.x[None, :-1].copy()
    model.intercept_ = res.x[-1:].copy()
    return model


def sentence_scores(design: Design, coef: np.ndarray, intercept: float) -> np.ndarray:
    z = np.clip(design.x @ coef + intercept, -50, 50)
    return 1.0 / (1.0 + np.exp(-z))


def summary_scores(design: Design, scores: np.ndarray) -> np.ndarray:
    """The lowest sentence score of each pair (1.0 for a pair without sentences, as ``precis.check``)."""
    out = np.ones(len(design.pairs))
    np.minimum.at(out, design.pair_of, scores)
    return out


# ---------------------------------------------------------------- cross-validation


def folds(pairs: Sequence[Pair], k: int = FOLDS) -> list[np.ndarray]:
    """Test indices of ``k`` folds split by source document (across all benchmarks)."""
    groups = np.asarray([p.group for p in pairs])
    return [test for _, test in GroupKFold(n_splits=k).split(np.zeros(len(pairs)), groups=groups)]


def ba_curve(scores: np.ndarray, labels: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """Balanced accuracy of ``scores >= t`` for every ``t`` in ``cuts`` (labels 0/1, both present)."""
    pos, neg = np.sort(scores[labels == 1]), np.sort(scores[labels == 0])
    tpr = 1.0 - np.searchsorted(pos, cuts, side="left") / len(pos)
    tnr = np.searchsorted(neg, cuts, side="left") / len(neg)
    return (tpr + tnr) / 2


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The cut (midpoint between neighbouring scores) with the highest balanced accuracy."""
    cuts = _cuts(scores)
    return float(cuts[int(np.argmax(ba_curve(scores, labels, cuts)))])


def _cuts(scores: np.ndarray) -> np.ndarray:
    u = np.unique(scores)
    return np.concatenate([[u[0] - 1e-9], (u[1:] + u[:-1]) / 2, [u[-1] + 1e-9]]) if len(u) else np.asarray([0.5])


def _ba(labels: np.ndarray, pred: np.ndarray) -> float:
    if len(np.unique(labels)) < 2:
        return float("nan")
    return float(balanced_accuracy_score(labels, pred.astype(int)))


def shared_threshold(scores: np.ndarray, labels: np.ndarray, benches: np.ndarray) -> float:
    """The one threshold maximizing the mean over benchmarks of balanced accuracy."""
    cuts = _cuts(np.round(scores, 3))
    curves = [
        ba_curve(scores[benches == b], labels[benches == b], cuts)
        for b in np.unique(benches)
        if len(np.unique(labels[benches == b])) == 2
    ]
    return float(cuts[int(np.argmax(np.mean(curves, axis=0)))])


Labeller = Callable[[Pair], int]  # a pair's label for a measure; -1 leaves the pair out of it


def _label(p: Pair) -> int:
    return p.label


@dataclass(slots=True)
class CVResult:
    """Out-of-fold scores, and thresholds chosen inside each pair's training folds."""

    summary: np.ndarray  # per pair: lowest sentence score, from the model that did not see its source
    sentence: np.ndarray  # per sentence row: its score, likewise
    threshold: np.ndarray  # per pair: its benchmark's best threshold on inner out-of-fold scores
    shared: np.ndarray  # per pair: the one threshold best on average over benchmarks, likewise


def cross_validate(design: Design, settings: Settings, label_of: Labeller = _label) -> CVResult:
    """Outer CV for scores; an inner CV on each training part picks the thresholds.

    The model is always trained on ``Pair.label``; ``label_of`` is the label the
    thresholds are tuned for (pairs where it is -1 are left out of the tuning).
    """
    n = len(design.pairs)
    benches = np.asarray([p.benchmark for p in design.pairs])
    labels = np.asarray([label_of(p) for p in design.pairs])
    out_sum, out_sent = np.ones(n), np.zeros(len(design.x))
    out_thr, out_shared = np.full(n, 0.5), np.full(n, 0.5)
    for test in folds(design.pairs):
        train = np.setdiff1d(np.arange(n), test)
        coef, b = fit(design, train, settings)
        s = sentence_scores(design, coef, b)
        rows = np.isin(design.pair_of, test)
        out_sent[rows] = s[rows]
        out_sum[test] = summary_scores(design, s)[test]
        inner = np.ones(n)
        for inner_test in folds([design.pairs[i] for i in train], FOLDS - 1):
            it = train[inner_test]
            coef_i, b_i = fit(design, np.setdiff1d(train, it), settings)
            inner[it] = summary_scores(design, sentence_scores(design, coef_i, b_i))[it]
        ok = train[labels[train] >= 0]
        out_shared[test] = shared_threshold(inner[ok], labels[ok], benches[ok])
        for bench in np.unique(benches[test]):
            tr = ok[benches[ok] == bench]
            if len(np.unique(labels[tr])) == 2:
                out_thr[test[benches[test] == bench]] = best_threshold(inner[tr], labels[tr])
    return CVResult(out_sum, out_sent, out_thr, out_shared)


def per_benchmark(design: Design, cv: CVResult, label_of: Labeller = _label) -> dict[str, dict[str, float]]:
    """Per benchmark: balanced accuracy (own and shared inner-CV threshold) and ROC-AUC of the summary score."""
    benches = np.asarray([p.benchmark for p in design.pairs])
    labels = np.asarray([label_of(p) for p in design.pairs])
    out = {}
    for b in BENCHMARKS:
        m = (benches == b) & (labels >= 0)
        if not m.any() or len(np.unique(labels[m])) < 2:
            continue
        out[b] = {
            "n": int(m.sum()),
            "pos": float(labels[m].mean()),
            "ba": _ba(labels[m], cv.summary[m] >= cv.threshold[m]),
            "ba_shared": _ba(labels[m], cv.summary[m] >= cv.shared[m]),
            "auc": float(roc_auc_score(labels[m], cv.summary[m])),
        }
    return out


def literal(name: str, coef: np.ndarray, intercept: float, threshold: float) -> str:
    w = ", ".join(f"{v:.3f}" for v in coef)
    return (
        f'    "{name}": LogisticModel(\n        weights=({w}),\n'
        f"        intercept={intercept:.3f},\n        threshold={threshold:.3f},\n    ),"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--representation", default="tfidf", choices=["tfidf", "embeddings"])
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--refresh", action="store_true", help="extract again even when cached")
    ap.add_argument("--compare", action="store_true", help="cross-validate every bag strategy and weighting")
    ap.add_argument(
        "--without", nargs="*", default=[], metavar="FEATURE", help="also cross-validate with these features held at 0"
    )
    args = ap.parse_args(argv)
    if args.refresh:
        (args.cache / f"{args.representation}.pkl").unlink(missing_ok=True)
    design = Design.build(extract(args.representation, args.processes, args.cache))
    chosen = Settings()
    candidates = [chosen]
    if args.compare:
        weightings = ("bench+class", "bench", "none")
        candidates = [Settings(bags=b, weighting=w) for b in ("min", "drop", "all") for w in weightings]
        candidates += [Settings(c=c) for c in (0.1, 10.0)]
        candidates += [Settings(signs=False)]
    if args.without:
        candidates.append(Settings(drop=tuple(args.without)))
    print("# balanced accuracy (per-benchmark threshold from inner CV) / ROC-AUC, 5-fold CV by source document")
    print(f"{'settings':34} " + " ".join(f"{b[:9]:>13}" for b in BENCHMARKS) + "   mean BA  mean AUC")
    for s in candidates:
        res = per_benchmark(design, cross_validate(design, s))
        cells = " ".join(
            f"{res[b]['ba'] * 100:5.1f}/{res[b]['auc'] * 100:5.1f}  " if b in res else " " * 13 for b in BENCHMARKS
        )
        mba = np.mean([r["ba"] for r in res.values()]) * 100
        mauc = np.mean([r["auc"] for r in res.values()]) * 100
        name = f"{s.bags}/{s.weighting}/C={s.c:g}" + (" without " + ",".join(s.drop) if s.drop else "")
        print(f"{name[:34]:34} {cells}  {mba:6.1f}  {mauc:6.1f}")
    cv = cross_validate(design, chosen)
    benches = np.asarray([p.benchmark for p in design.pairs])
    labels = np.asarray([p.label for p in design.pairs])
    threshold = shared_threshold(cv.summary, labels, benches)
    coef, intercept = fit(design, np.arange(len(design.pairs)), chosen)
    print(f"\n# {args.representation}: {chosen}; shared CV threshold {threshold:.3f}")
    print("# features: " + ", ".join(calibration.FEATURES))
    print(literal(args.representation, coef, intercept, threshold))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
