"""The consistency model on faithfulness_dev, per benchmark, beside today's checker and SummaC.

Run from the repository root (the ``[model]`` extra and the shipped model, or ``--model-dir``)::

    .venv/bin/python bench/consistency.py [--model-dir DIR] [--windows 3] [--neighbours 1] \
        [--out bench/results/consistency.md] [--no-speed]

Protocol, SummaC-ZS style bounded by the checker's alignment: each summary sentence (segmented as
``precis.check`` segments it) is paired with evidence windows (its ``--windows`` closest source
sentences by the checker's TF-IDF cosine, each with ``--neighbours`` sentences on each side while
under 80 words); its score is the highest entailment probability over them (1 when the sentence
is verbatim in the source); a summary's score is its lowest sentence score. Per benchmark, never
pooled: ROC-AUC; balanced accuracy with a threshold tuned per benchmark (out-of-fold: chosen on
4/5 of the benchmark, applied to the other 1/5, as SummaC tunes one per benchmark); balanced
accuracy with the one shipped threshold (best mean balanced accuracy over the ten benchmarks),
score alone and as ``precis check`` decides (score under the threshold or an entity, attribution,
number or quote flag: unsupported). Today's checker (its shipped calibrated score and verdict) is
measured on the same pairs. Polytope and SummEval are also given on SummaC's labels.

The checker's analyses are cached in ``/tmp/precis-consistency-cache`` (``tfidf.pkl``), and the
model's probabilities there per model file and window setting.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import train_checker as tc  # noqa: E402
from faithfulness import SUMMAC_ZS, SUPPORT_KINDS, summac_label  # noqa: E402

from precis.analysis.segmenter import Segmenter  # noqa: E402
from precis.checking.calibration import MODELS  # noqa: E402
from precis.checking.consistency import MODEL_DIR, ConsistencyModel, ModelInfo, sentence_windows  # noqa: E402
from precis.model import Article  # noqa: E402

CACHE = Path("/tmp") / "precis-consistency-cache"
# ../shared/data from a clone; from a worktree under /work/wt the data sit one level higher
DATA = next(
    (
        d
        for d in (HERE.parent.parent / "shared" / "data", HERE.parent.parent.parent / "shared" / "data")
        if (d / "faithfulness_dev.jsonl.gz").exists()
    ),
    HERE.parent.parent / "shared" / "data",
)
tc.load_records.__defaults__ = (DATA / "faithfulness_dev.jsonl.gz",)
SUMMAC_CONV = {"cogensumm": 64.7, "xsumfaith": 66.4, "polytope": 62.7, "summeval": 81.7, "frank": 81.6}
TARGETS = ("cogensumm", "xsumfaith", "polytope", "summeval", "frank")


def pair_windows(pairs: list[tc.Pair], sources: dict[str, str], windows: int, neighbours: int) -> list[list[list[str]]]:
    """Per pair, per checker sentence: its evidence windows ([] when verbatim in the source)."""
    seg = Segmenter()
    out = []
    for p in pairs:
        sents = seg(Article(id="source", text=sources[p.id]))
        texts = [s.text for s in sents]
        starts = [i == 0 for i in range(len(sents))]
        rows = []
        for s in p.sentences:
            a = s["alignment"]
            rows.append(
                []
                if a.exact is not None
                else sentence_windows(a.evidence, texts, starts, windows=windows, neighbours=neighbours)
            )
        out.append(rows)
    return out


def model_key(folder: Path) -> str:
    return hashlib.md5((folder / "model.onnx").read_bytes()).hexdigest()[:10]


def score_pairs(pairs: list[tc.Pair], wins: list[list[list[str]]], model: ConsistencyModel) -> list[np.ndarray]:
    """Per pair: each sentence's highest entailment probability over its windows."""
    flat: list[tuple[str, str]] = []
    for p, rows in zip(pairs, wins, strict=True):
        for s, ws in zip(p.sentences, rows, strict=True):
            flat += [(w, s["text"]) for w in ws]
    uniq = list(dict.fromkeys(flat))
    t0 = time.perf_counter()
    probs = {}
    step = 2048
    for k in range(0, len(uniq), step):
        got = model.entailment(uniq[k : k + step])
        probs.update(zip(uniq[k : k + step], got.tolist(), strict=True))
        print(
            f"# scored {min(k + step, len(uniq))}/{len(uniq)} pairs, {time.perf_counter() - t0:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    out = []
    for p, rows in zip(pairs, wins, strict=True):
        vals = [
            max((probs[(w, s["text"])] for w in ws), default=1.0 if s["alignment"].exact else 0.0)
            for s, ws in zip(p.sentences, rows, strict=True)
        ]
        out.append(np.asarray(vals, dtype=float))
    return out


def oof_tuned_ba(scores: np.ndarray, labels: np.ndarray, seed: int = 0) -> float:
    """Balanced accuracy with a threshold chosen on 4/5 of the pairs and applied to the other 1/5."""
    rng = np.random.default_rng(seed)
    fold = rng.permutation(len(labels)) % 5
    pred = np.zeros(len(labels), bool)
    for f in range(5):
        tr = fold != f
        pred[~tr] = scores[~tr] >= tc.best_threshold(scores[tr], labels[tr])
    return tc._ba(labels, pred)


def shared_cut(scores: np.ndarray, labels: list[np.ndarray], masks: list[np.ndarray], flags: np.ndarray) -> float:
    """The one threshold with the best mean balanced accuracy over benchmarks (flags count as unsupported)."""
    cuts = np.unique(np.round(np.linspace(0.0, 1.0, 201), 3))
    best, arg = -1.0, 0.5
    for c in cuts:
        v = np.nanmean([tc._ba(y, (scores[m] >= c) & ~flags[m]) for y, m in zip(labels, masks, strict=True)])
        if v > best:
            best, arg = v, float(c)
    return arg


def today_sentences(p: tc.Pair) -> np.ndarray:
    """Today's checker's calibrated score of each sentence (its shipped logistic model, TF-IDF)."""
    rows = [tc.calibration.features(s["alignment"], s["flags"], s["n_words"]) for s in p.sentences]
    return np.asarray([MODELS["tfidf"].score(r) for r in rows], dtype=float)


def blend_table(
    model: list[np.ndarray], rules: list[np.ndarray], labels: np.ndarray, masks: list[np.ndarray]
) -> tuple[list[str], float]:
    """Mean ROC-AUC and tuned BA over benchmarks for a few weights of the model in the score."""
    lines = ["| model weight | mean ROC-AUC | mean BA tuned |", "|---:|---:|---:|"]
    best, arg = -1.0, 1.0
    for w in (0.0, 0.25, 0.5, 0.6, 0.75, 0.9, 1.0):
        summ = np.asarray([(w * m + (1 - w) * r).min() if len(m) else 1.0 for m, r in zip(model, rules, strict=True)])
        aucs = [roc_auc_score(labels[k], summ[k]) for k in masks if len(np.unique(labels[k])) == 2]
        bas = [oof_tuned_ba(summ[k], labels[k]) for k in masks if len(np.unique(labels[k])) == 2]
        lines.append(f"| {w:g} | {np.mean(aucs) * 100:.1f} | {np.mean(bas) * 100:.1f} |")
        if np.mean(aucs) > best:
            best, arg = float(np.mean(aucs)), w
    return lines, arg


def measure(
    pairs: list[tc.Pair],
    sent_scores: list[np.ndarray],
    label_of: Any,
    flags: np.ndarray,
    t_model: float,
    t_today: float,
    alone: np.ndarray,
) -> dict[str, dict[str, float]]:
    benches = np.asarray([p.benchmark for p in pairs])
    model = np.asarray([s.min() if len(s) else 1.0 for s in sent_scores])
    today_sent = [
        np.asarray(
            [
                MODELS["tfidf"].score(tc.calibration.features(s["alignment"], s["flags"], s["n_words"]))
                for s in p.sentences
            ]
        )
        for p in pairs
    ]
    today = np.asarray([s.min() if len(s) else 1.0 for s in today_sent])
    labels = np.asarray([label_of(p) for p in pairs])
    res = {}
    for b in tc.BENCHMARKS:
        m = (benches == b) & (labels >= 0)
        y = labels[m]
        if len(np.unique(y)) < 2:
            continue
        res[b] = {
            "n": int(m.sum()),
            "pos": float(y.mean()),
            "auc": float(roc_auc_score(y, model[m])),
            "alone_auc": float(roc_auc_score(y, alone[m])),
            "ba_tuned": oof_tuned_ba(model[m], y),
            "ba_shared": tc._ba(y, model[m] >= t_model),
            "ba_verdict": tc._ba(y, (model[m] >= t_model) & ~flags[m]),
            "today_auc": float(roc_auc_score(y, today[m])),
            "today_ba_tuned": oof_tuned_ba(today[m], y),
            "today_verdict": tc._ba(y, (today[m] >= t_today) & ~flags[m]),
        }
    return res


def table(res: dict[str, dict[str, float]], which: str) -> list[str]:
    lines = [
        f"| benchmark ({which}) | pairs | consistent | model alone: ROC-AUC | ROC-AUC | BA tuned per benchmark "
        "| BA shipped threshold, score "
        "| BA `precis check` verdict | today: ROC-AUC | today: BA tuned | today: verdict BA | SummaC-ZS | SummaC-Conv "
        "| vs SummaC-ZS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for b, r in res.items():
        zs, conv = SUMMAC_ZS.get(b), SUMMAC_CONV.get(b)
        mark = "" if zs is None else ("**ahead**" if r["ba_tuned"] * 100 > zs else "behind")
        lines.append(
            f"| {b} | {r['n']} | {r['pos'] * 100:.0f}% | {r['alone_auc'] * 100:.1f} | {r['auc'] * 100:.1f} | "
            f"{r['ba_tuned'] * 100:.1f} | "
            f"{r['ba_shared'] * 100:.1f} | {r['ba_verdict'] * 100:.1f} | {r['today_auc'] * 100:.1f} | "
            f"{r['today_ba_tuned'] * 100:.1f} | {r['today_verdict'] * 100:.1f} | "
            + (f"{zs:.1f} | {conv:.1f}" if zs is not None else " | ")
            + f" | {mark} |"
        )
    mean = {
        k: np.mean([r[k] for r in res.values()]) * 100
        for k in ("auc", "ba_tuned", "ba_verdict", "today_auc", "today_verdict")
    }
    lines.append(
        f"| mean | | | {np.mean([r['alone_auc'] for r in res.values()]) * 100:.1f} | "
        f"{mean['auc']:.1f} | {mean['ba_tuned']:.1f} | | {mean['ba_verdict']:.1f} | "
        f"{mean['today_auc']:.1f} | | {mean['today_verdict']:.1f} | | | |"
    )
    return lines


SPEED_CHILD = r"""
import json, os, sys, time, random
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
sys.path.insert(0, sys.argv[2])
import train_checker as tc
from precis import CheckerConfig
from precis.checking import Checker
from pathlib import Path
recs = random.Random(0).sample(tc.load_records(Path(sys.argv[4])), int(sys.argv[1]))
checker = Checker(CheckerConfig(check_language=False, scorer=sys.argv[3]))
checker.check(recs[0]["summary"], recs[0]["source"])
t0 = time.perf_counter()
n = 0
for r in recs:
    n += len(checker.check(r["summary"], r["source"]).sentences)
print(json.dumps({"pairs": len(recs), "sentences": n, "seconds": time.perf_counter() - t0}))
"""


def speed(scorer: str, n: int) -> dict[str, float]:
    one = {k: "1" for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "PRECIS_MODEL_THREADS")}
    env = dict(os.environ, **one, TOKENIZERS_PARALLELISM="false", PYTHONPATH=str(HERE.parent / "src"))
    out = subprocess.run(
        [sys.executable, "-c", SPEED_CHILD, str(n), str(HERE), scorer, str(DATA / "faithfulness_dev.jsonl.gz")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    ap.add_argument("--windows", type=int, default=None, help="default: the model's meta.json")
    ap.add_argument("--neighbours", type=int, default=None)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "consistency.md")
    ap.add_argument("--speed-pairs", type=int, default=100)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--blend", type=float, default=None, help="model weight in the score (default: best mean AUC)")
    ap.add_argument("--threshold", type=float, default=None, help="verdict threshold (default: chosen on dev)")
    ap.add_argument("--ask-always", action="store_true", help="ask the model even where the rules decide")
    ap.add_argument("--limit", type=int, default=None, help="a random sample of N pairs of each benchmark (seed 0)")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    info = ModelInfo.read(args.model_dir)
    windows = args.windows if args.windows is not None else info.windows
    neighbours = args.neighbours if args.neighbours is not None else info.neighbours
    load = os.getloadavg()[0]

    pairs = tc.extract("tfidf", processes=2, cache=CACHE)  # cached: delete CACHE/tfidf.pkl after a checker change
    if args.limit:  # a random sample of each benchmark (seed 0), in file order
        rng = np.random.default_rng(0)
        keep: set[int] = set()
        for b in tc.BENCHMARKS:
            idx = [i for i, p in enumerate(pairs) if p.benchmark == b]
            keep.update(int(i) for i in rng.choice(idx, size=min(args.limit, len(idx)), replace=False))
        pairs = [p for i, p in enumerate(pairs) if i in keep]
    tag = f"-sample{args.limit}" if args.limit else ""
    key = CACHE / f"scores-{model_key(args.model_dir)}-w{windows}-n{neighbours}{tag}.pkl"
    if key.exists():
        sent_scores = pickle.loads(key.read_bytes())
    else:
        sources = {r["id"]: r["source"] for r in tc.load_records()}
        wins = pair_windows(pairs, sources, windows, neighbours)
        sent_scores = score_pairs(pairs, wins, ConsistencyModel(args.model_dir, threads=args.threads))
        key.write_bytes(pickle.dumps(sent_scores))
    flags = np.asarray([any(f.kind in SUPPORT_KINDS for s in p.sentences for f in s["flags"]) for p in pairs])
    benches = np.asarray([p.benchmark for p in pairs])
    labels = np.asarray([p.label for p in pairs])
    masks = [benches == b for b in tc.BENCHMARKS]
    ys = [labels[m] for m in masks]
    alone = np.asarray([s.min() if len(s) else 1.0 for s in sent_scores])
    rules_sent = [today_sentences(p) for p in pairs]
    blend_lines, w_best = blend_table(sent_scores, rules_sent, labels, masks)
    w = args.blend if args.blend is not None else w_best
    # as precis.check does: a sentence whose verdict the rules decide whatever the model says (a support flag, or a
    # rule score the model's share cannot move across the shipped threshold) is scored by the rules alone
    decided = [
        np.asarray(
            [
                not args.ask_always
                and s["alignment"].exact is None
                and (
                    any(f.kind in SUPPORT_KINDS for f in s["flags"])
                    or (1 - w) * r >= info.threshold
                    or w + (1 - w) * r < info.threshold
                )
                for s, r in zip(p.sentences, rs, strict=True)
            ],
            dtype=bool,
        )
        for p, rs in zip(pairs, rules_sent, strict=True)
    ]
    n_decided = int(sum(d.sum() for d in decided))
    n_sentences = sum(len(d) for d in decided)
    sent_scores = [
        np.where(d, r, w * m + (1 - w) * r) for m, r, d in zip(sent_scores, rules_sent, decided, strict=True)
    ]
    model = np.asarray([s.min() if len(s) else 1.0 for s in sent_scores])
    t_score = shared_cut(model, ys, masks, np.zeros(len(pairs), bool))
    t_verdict = shared_cut(model, ys, masks, flags)
    if args.threshold is not None:  # the shipped one (meta.json), not chosen again
        t_score = t_verdict = args.threshold
    t_today = MODELS["tfidf"].threshold
    own = measure(pairs, sent_scores, lambda p: p.label, flags, t_verdict, t_today, alone)
    summac = measure(pairs, sent_scores, summac_label, flags, t_verdict, t_today, alone)
    lines = [
        "## The consistency model on faithfulness_dev (issue #17)",
        "",
        f"- Command: `.venv/bin/python bench/consistency.py {' '.join(sys.argv[1:] if argv is None else argv)}`",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.machine()}, {os.cpu_count()} cores "
        f"shared, load average {load:.1f} at start",
        f"- Model: `{info.name}` ({(args.model_dir / 'model.onnx').stat().st_size / 1e6:.1f} MB, "
        f"max {info.max_length} tokens); windows: {windows} closest source sentences, {neighbours} neighbour(s) "
        "on each side",
        f"- Shipped threshold (best mean BA over the ten benchmarks, chosen on all of dev): score alone {t_score:.3f}, "
        f"with the rule flags {t_verdict:.3f} (the columns 'shipped threshold' and 'verdict' use {t_verdict:.3f}). "
        f"Today's checker: its shipped threshold {t_today:.3f}.",
        f"- Score: {w:g} x the model's probability + {1 - w:g} x today's calibrated rule score, per sentence "
        "(the weight with the best mean ROC-AUC over the ten benchmarks, below); a summary's score is its lowest.",
        f"- Sentences the rules decide (a support flag, or a rule score the model's share cannot move across the "
        f"shipped threshold {info.threshold:g}), scored by the rules alone as `precis check` does: "
        + ("none (--ask-always)" if args.ask_always else f"{n_decided} of {n_sentences}"),
        "",
        *blend_lines,
        "",
        *table(own, "label"),
        "",
        "Polytope and SummEval on SummaC's labels (Polytope: no error of any kind; SummEval: expert majority):",
        "",
        *table({b: r for b, r in summac.items() if b in ("polytope", "summeval")}, "SummaC label"),
        "",
    ]
    ahead = [
        b for b in TARGETS if (summac if b in ("polytope", "summeval") else own)[b]["ba_tuned"] * 100 > SUMMAC_ZS[b]
    ]
    lines.append(f"Ahead of SummaC-ZS (tuned BA, SummaC labels) on {len(ahead)} of 5: {', '.join(ahead) or 'none'}.")
    better = [b for b in own if own[b]["auc"] > own[b]["today_auc"]]
    lines.append(
        f"ROC-AUC above today's checker on {len(better)} of {len(own)} benchmarks: {', '.join(better) or 'none'}."
    )
    if not args.no_speed:
        s = speed("model", args.speed_pairs)
        r = speed("rules", args.speed_pairs)
        lines += [
            "",
            f"Speed, `precis.check` on {s['pairs']} random dev pairs, one process pinned to one core, one thread "
            f"(load average {os.getloadavg()[0]:.1f}): with the model {s['sentences'] / s['seconds']:.1f} summary "
            f"sentences/s ({s['sentences']} sentences, {s['seconds']:.1f} s); rules only "
            f"{r['sentences'] / r['seconds']:.1f} sentences/s.",
        ]
    lines.append(f"\nTotal run time {time.perf_counter() - started:.0f} s.")
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
