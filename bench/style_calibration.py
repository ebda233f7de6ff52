"""Issue #17, item 5: a verdict threshold per summary style (extractive or abstractive), chosen automatically.

Run from the repository root:

    .venv/bin/python bench/style_calibration.py [--out bench/results/style_calibration.md]

A summary's *style* is read off its check: abstractive when the mean share of
its sentences' word trigrams found in the sources (``Alignment.trigrams_any``)
is under a cut, extractive otherwise. Two thresholds of the rules' calibrated
score (one per style) and the cut are chosen on the faithfulness_dev pairs
*outside* the fixed sample of ``bench/consistency.py --limit 250`` (best mean
balanced accuracy over benchmarks, rule flags counting as unsupported) and
measured on that sample, beside the one shipped threshold. The same
thresholds are then applied to the seed summary (``bench/seed_check.py``'s
hand labels), where a wrong "supported" is what an analyst can least afford.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import consistency as cons  # noqa: E402
import seed_check  # noqa: E402
import train_checker as tc  # noqa: E402
from faithfulness import SUPPORT_KINDS  # noqa: E402

from precis.checking import Checker  # noqa: E402
from precis.checking.calibration import MODELS  # noqa: E402
from precis.config import CheckerConfig  # noqa: E402
from precis.model import Article  # noqa: E402

CUTS = np.round(np.linspace(0, 1, 101), 3)
STYLE_CUTS = (0.1, 0.2, 0.3, 0.4, 0.5)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE / "results" / "style_calibration.md")
    args = ap.parse_args(argv)
    pairs = tc.extract("tfidf", processes=2, cache=cons.CACHE)
    rng = np.random.default_rng(0)  # the sample of bench/consistency.py --limit 250
    keep: set[int] = set()
    for b in tc.BENCHMARKS:
        idx = [i for i, p in enumerate(pairs) if p.benchmark == b]
        keep.update(int(i) for i in rng.choice(idx, size=min(250, len(idx)), replace=False))
    sample = np.asarray([i in keep for i in range(len(pairs))])
    rules = np.asarray([cons.today_sentences(p).min() if p.sentences else 1.0 for p in pairs])
    flags = np.asarray([any(f.kind in SUPPORT_KINDS for s in p.sentences for f in s["flags"]) for p in pairs])
    tri = np.asarray(
        [np.mean([s["alignment"].trigrams_any for s in p.sentences]) if p.sentences else 1.0 for p in pairs]
    )
    labels = np.asarray([p.label for p in pairs])
    benches = np.asarray([p.benchmark for p in pairs])

    def masks(sel: np.ndarray) -> list[tuple[str, np.ndarray]]:
        out = []
        for b in tc.BENCHMARKS:
            m = (benches == b) & sel
            if len(np.unique(labels[m])) == 2:
                out.append((b, m))
        return out

    def mean_ba(pred: np.ndarray, ms: list[tuple[str, np.ndarray]]) -> float:
        return float(np.mean([tc._ba(labels[m], pred[m]) for _, m in ms]))

    train, test = masks(~sample), masks(sample)
    shipped = MODELS["tfidf"].threshold
    one = max(CUTS, key=lambda c: mean_ba((rules >= c) & ~flags, train))
    rows = [("one threshold, shipped", f"{shipped:.3f}", (rules >= shipped) & ~flags)]
    rows.append(("one threshold, chosen outside the sample", f"{one:.2f}", (rules >= one) & ~flags))
    chosen: dict[float, tuple[float, float, float]] = {}
    for sc in STYLE_CUTS:
        abstractive = tri < sc
        best, arg = -1.0, (0.0, 0.0)
        for ce in CUTS:
            for ca in CUTS[::2]:
                v = mean_ba((rules >= np.where(abstractive, ca, ce)) & ~flags, train)
                if v > best:
                    best, arg = v, (float(ce), float(ca))
        chosen[sc] = (*arg, best)
        pred = (rules >= np.where(abstractive, arg[1], arg[0])) & ~flags
        rows.append((f"per style, abstractive when trigram share < {sc:g}", f"{arg[0]:.2f} / {arg[1]:.2f}", pred))
    names = [b for b, _ in test]
    lines = [
        "## A verdict threshold per summary style (`bench/style_calibration.py`)",
        "",
        f"Thresholds chosen on the {int((~sample).sum())} dev pairs outside the sample (benchmarks: "
        f"{', '.join(b for b, _ in train)}), measured on the sample's {int(sample.sum())} pairs; the rules' score "
        "(today's default scorer), rule flags count as unsupported. Balanced accuracy:",
        "",
        "| verdict | threshold(s) extractive / abstractive | mean | " + " | ".join(names) + " |",
        "|---|---|---:|" + "---:|" * len(names),
    ]
    for name, th, pred in rows:
        per = " | ".join(f"{tc._ba(labels[m], pred[m]) * 100:.1f}" for _, m in test)
        lines.append(f"| {name} | {th} | {mean_ba(pred, test) * 100:.1f} | {per} |")
    # the seed summary, with the best per-style thresholds
    best_sc = max(chosen, key=lambda k: chosen[k][2])
    _, abst, _ = chosen[best_sc]
    summary = next(seed_check.SAMPLES.glob("000_*.txt")).read_text(encoding="utf-8")
    sources = [Article(p.stem, p.read_text(encoding="utf-8")) for p in sorted(seed_check.SAMPLES.glob("00[34]_*.txt"))]
    style = np.mean([a.alignment.trigrams_any for a in Checker(CheckerConfig()).analyse(summary, sources)])
    seed_labels = json.loads((HERE / "trust" / "seed_labels.json").read_text(encoding="utf-8"))
    lines += ["", f"The seed summary (mean trigram share {style:.3f}: abstractive under every cut above):", "",
              "| threshold | paraphrases judged supported (of 8) | wrongly supported (of 105) | must-flag flagged |",
              "|---|---:|---:|---:|"]  # fmt: skip
    for name, t in (("shipped", shipped), (f"abstractive, cut {best_sc:g}", abst)):
        got = seed_check.score(Checker(CheckerConfig(threshold=t)).check(summary, sources), seed_labels)
        m = got["matrix"]
        flagged = got["must_flag_total"] - len(got["must_flag_missed"])
        lines.append(f"| {name} ({t:.2f}) | {m['tp']} | {m['fp']} | {flagged} of {got['must_flag_total']} |")
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
