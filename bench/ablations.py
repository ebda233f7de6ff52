"""Ablations of the default precis on the dev sets: what each setting buys.

    .venv/bin/python bench/ablations.py [--out bench/results/ablations.md]

Each row changes one setting of ``SummarizerConfig()`` and is scored with
``precis.evaluation.rouge`` on DUC 2006, DUC 2007, the first 300 Multi-News and
cnn_stories instances, and frank_cnndm (ROUGE-1 / ROUGE-2, as each protocol
says).
"""

from __future__ import annotations

import argparse
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from precis import Summarizer, SummarizerConfig
from precis.evaluation.rouge import PROTOCOLS, RougeScorer, evaluate, summarizer_system

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
SETS = [
    ("duc2006", "duc2006.jsonl.gz", "duc", None),
    ("duc2007", "duc2007_main.jsonl.gz", "duc", None),
    ("multinews 300", "multinews_val.jsonl.gz", "multinews", 300),
    ("cnn 300", "cnn_stories.jsonl.gz", "cnn", 300),
    ("frank", "frank_cnndm.jsonl.gz", "cnn", None),
]
VARIANTS: dict[str, dict[str, object]] = {
    "default (mmr, position 0.6, context pair)": {},
    "no lead-position prior": {"position_weight": 0.0},
    "position weight 1.5": {"position_weight": 1.5},
    "context off (leaning sentences shown alone)": {"context": "off"},
    "context skip (leaning sentences never taken)": {"context": "skip"},
    "no diversity term": {"diversity": 0.0},
    "no query (DUC)": {"query_weight": 0.0},
    "selection coverage": {"selection": "coverage"},
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(HERE / "results" / "ablations.md"))
    args = ap.parse_args(argv)
    scorer = RougeScorer()
    lines = [
        "## Ablations (dev sets)",
        "",
        "- command: `.venv/bin/python bench/ablations.py`",
        f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}, machine: {platform.machine()}",
        "",
        "| variant | " + " | ".join(name for name, *_ in SETS) + " |",
        "|---|" + "---|" * len(SETS),
    ]
    for label, change in VARIANTS.items():
        config = SummarizerConfig(check_language=False, **change)  # type: ignore[arg-type]
        cells = []
        for _, file, protocol, limit in SETS:
            result = evaluate(
                str(DATA / file), summarizer_system(Summarizer(config)), protocol=PROTOCOLS[protocol],
                limit=limit, scorer=scorer,
            )  # fmt: skip
            cells.append(f"{100 * result.mean('r1'):.2f} / {100 * result.mean('r2'):.2f}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
