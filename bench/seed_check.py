"""The check report on the seed summary against the two samples, scored against hand labels.

Run from the repository root:

    .venv/bin/python bench/seed_check.py [--labels bench/trust/seed_labels.json] [--scorer rules|model|auto]

The seed summary (``../shared/samples/000_*.txt``) is a machine summary of a
long analysis; the samples ``003_*`` and ``004_*`` are two news reports on the
same crisis. ``bench/trust/seed_labels.json`` says, for each sentence of the
summary, whether the samples state its content (in the same or other words)
and, where a strict checker must flag it, what (an invented attribution, an
absent or changed number, a glued word). Prints the confusion matrix of the
checker's verdicts (``supported`` against the rest) and the bar: every
labelled-supported sentence judged supported, every must-flag sentence not
supported and carrying the flag.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from precis.checking import Checker  # noqa: E402
from precis.config import CheckerConfig  # noqa: E402
from precis.model import Article, CheckReport, SentenceCheck  # noqa: E402

SAMPLES = next(
    (p for p in (r / "shared" / "samples" for r in (HERE.parent.parent, HERE.parent.parent.parent)) if p.exists()),
    HERE.parent.parent / "shared" / "samples",
)


def run(samples: Path = SAMPLES, *, scorer: str = "rules") -> CheckReport:
    """The check of the seed summary against the two samples, scored by ``scorer`` (rules, model, auto)."""
    summary = next(samples.glob("000_*.txt")).read_text(encoding="utf-8")
    sources = [Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in sorted(samples.glob("00[34]_*.txt"))]
    return Checker(CheckerConfig(scorer=scorer)).check(summary, sources)  # type: ignore[arg-type]


def has_flag(sent: SentenceCheck, kind: str) -> bool:
    """True when ``sent`` carries the flag a label asks for (``glued``: a garbled flag for run-together words)."""
    if kind == "glued":
        return any(f.kind == "garbled" and "run together" in f.message for f in sent.flags)
    return any(f.kind == kind for f in sent.flags)


def score(report: CheckReport, labels: dict[str, object]) -> dict[str, object]:
    """Confusion matrix and bar of ``report`` against the labels."""
    rows = labels["sentences"]
    assert isinstance(rows, list)
    if len(rows) != len(report.sentences):
        raise SystemExit(f"{len(report.sentences)} sentences checked, {len(rows)} labelled: segmentation changed")
    tp = fn = fp = tn = 0
    missed_support, false_support, unflagged = [], [], []
    for row, sent in zip(rows, report.sentences, strict=True):
        ok = sent.verdict == "supported"
        if row["supported"]:
            tp, fn = tp + ok, fn + (not ok)
            if not ok:
                missed_support.append(row["n"])
        else:
            fp, tn = fp + ok, tn + (not ok)
            if ok:
                false_support.append(row["n"])
        need = row.get("must_flag")
        if need and (ok or not has_flag(sent, need)):
            unflagged.append((row["n"], need, "supported" if ok else "no flag"))
    return {
        "matrix": {"tp": tp, "fn": fn, "fp": fp, "tn": tn},
        "missed_support": missed_support,
        "false_support": false_support,
        "must_flag_missed": unflagged,
        "must_flag_total": sum(1 for r in rows if r.get("must_flag")),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--labels", type=Path, default=HERE / "trust" / "seed_labels.json")
    ap.add_argument("--scorer", choices=("rules", "model", "auto"), default="rules", help="precis check --scorer")
    args = ap.parse_args(argv)
    labels = json.loads(args.labels.read_text(encoding="utf-8"))
    res = score(run(scorer=args.scorer), labels)
    m = res["matrix"]
    assert isinstance(m, dict)
    print("| | judged supported | judged not supported |")
    print("|---|---:|---:|")
    print(f"| labelled supported | {m['tp']} | {m['fn']} |")
    print(f"| labelled not supported | {m['fp']} | {m['tn']} |")
    print(f"labelled-supported sentences not judged supported: {res['missed_support']}")
    print(f"labelled-unsupported sentences judged supported: {res['false_support']}")
    print(f"must-flag sentences missed: {res['must_flag_missed']} of {res['must_flag_total']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
