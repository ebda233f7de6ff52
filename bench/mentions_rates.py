"""How often the mention checks flag consistent and inconsistent summaries, per benchmark.

Run from the repository root:

    .venv/bin/python bench/mentions_rates.py [--data ../shared/data/faithfulness_dev.jsonl.gz] [--out FILE]

For every (source, summary) pair of ``faithfulness_dev``, the summary is split
into sentences (the benchmark's own ``summary_sentences`` when given, else the
precis segmenter), each sentence goes through
:func:`precis.checking.mentions.mention_flags` against the source, and the
summary counts as flagged for a kind when any of its sentences has a flag of
that kind. The table gives, per benchmark and kind, the share of consistent
(label 1) and inconsistent (label 0) summaries flagged: a useful check flags
the second much more often than the first. Benchmarks are never pooled
(their share of consistent summaries runs from 10% to 88%).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import defaultdict
from pathlib import Path

from precis.analysis.segmenter import segment
from precis.checking.mentions import SourceFacts, mention_flags
from precis.model import Article

KINDS = ("entity", "attribution", "number", "quote")
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "faithfulness_dev.jsonl.gz"


def _sentences(record: dict[str, object]) -> list[str]:
    given = record.get("summary_sentences")
    if isinstance(given, list) and given:
        return [str(s) for s in given]
    return [s.text for s in segment(Article("summary", str(record["summary"])))]


def measure(path: Path) -> tuple[dict[tuple[str, int], dict[str, int]], float, int]:
    """Per (benchmark, label): number of summaries and of summaries flagged per kind; seconds spent; sentences."""
    table: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    spent, n_sentences = 0.0, 0
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            sentences = _sentences(record)
            began = time.perf_counter()
            facts = SourceFacts.from_texts([record["source"]])
            kinds = {flag.kind for sentence in sentences for flag in mention_flags(sentence, facts)}
            spent += time.perf_counter() - began
            n_sentences += len(sentences)
            row = table[(record["benchmark"], int(record["label"]))]
            row["n"] += 1
            for kind in kinds:
                row[kind] += 1
            row["any"] += bool(kinds)
    return table, spent, n_sentences


def render(table: dict[tuple[str, int], dict[str, int]]) -> str:
    """Markdown table: flagged share of consistent / inconsistent summaries, per benchmark and kind."""
    head = "| benchmark | n (cons / incons) | " + " | ".join(f"{k} cons / incons" for k in (*KINDS, "any")) + " |"
    rows = [head, "|" + "---|" * (len(KINDS) + 3)]
    for bench in sorted({b for b, _ in table}):
        good, bad = table[(bench, 1)], table[(bench, 0)]
        cells = [f"{100 * good[k] / max(good['n'], 1):.0f}% / {100 * bad[k] / max(bad['n'], 1):.0f}%" for k in KINDS]
        cells.append(f"{100 * good['any'] / max(good['n'], 1):.0f}% / {100 * bad['any'] / max(bad['n'], 1):.0f}%")
        rows.append(f"| {bench} | {good['n']} / {bad['n']} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    table, spent, n_sentences = measure(args.data)
    text = render(table) + f"\n\nIndexing + checking: {spent:.2f} s for {n_sentences} sentences.\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
