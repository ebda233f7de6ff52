"""Precision, recall and F1 of the garble detector on our hand-written corpus.

Reads ``tests/data/garble_cases.py`` (sentences we wrote ourselves, each
labelled with its expected flag spans) and prints a Markdown section for
``docs/benchmarks.md``: one row per garble type, an overall row, the share of
clean sentences flagged and the time per sentence. A predicted flag matches
an expected span when the two overlap (one-to-one). When ``../shared/data``
is present it also counts flags on real CNN sentences (read at run time, never
copied), with and without the article as the source.

Run: ``.venv/bin/python bench/garble.py``
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.util
import json
import platform
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from precis.checking.garble import garble_flags  # noqa: E402

CNN = ROOT.parent / "shared" / "data" / "cnn_stories.jsonl.gz"
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n+")


def load_corpus() -> ModuleType:
    """The corpus module ``tests/data/garble_cases.py``."""
    spec = importlib.util.spec_from_file_location("garble_cases", ROOT / "tests" / "data" / "garble_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["garble_cases"] = module
    spec.loader.exec_module(module)
    return module


def score(corpus: ModuleType) -> dict[str, list[int]]:
    """Per type: [cases, expected spans, predicted flags, matched expected, matched predicted, flagged cases]."""
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for case in corpus.CASES:
        flags = garble_flags(case.text, vocabulary=corpus.NEWS_VOCABULARY | case.vocabulary, source_texts=case.sources)
        pred = [(f.start, f.end) for f in flags]
        gold = case.offsets()
        row = rows[case.kind]
        row[0] += 1
        row[1] += len(gold)
        row[2] += len(pred)
        row[3] += sum(any(g[0] < p[1] and p[0] < g[1] for p in pred) for g in gold)
        row[4] += sum(any(g[0] < p[1] and p[0] < g[1] for g in gold) for p in pred)
        row[5] += bool(pred)
    return rows


def _prf(tp_gold: int, gold: int, tp_pred: int, pred: int) -> tuple[float, float, float]:
    p = tp_pred / pred if pred else 1.0
    r = tp_gold / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def speed(corpus: ModuleType, repeat: int = 50) -> float:
    """Milliseconds per clean sentence, with 20 unrelated 5,000-word sources passed."""
    sentences = [c.text for c in corpus.CASES if c.kind == "clean" and not c.sources]
    sources = tuple(" ".join(["The ferry left the harbour at dawn ."] * 700) for _ in range(20))
    vocabulary = set(corpus.NEWS_VOCABULARY)
    start = time.perf_counter()
    for _ in range(repeat):
        for sent in sentences:
            garble_flags(sent, vocabulary=vocabulary, source_texts=sources)
    return (time.perf_counter() - start) / (repeat * len(sentences)) * 1e3


def real_sentences(n: int) -> tuple[int, int, int]:
    """(sentences, flagged with the article as source, flagged without sources) on CNN stories."""
    total = with_source = without = 0
    with gzip.open(CNN, "rt", encoding="utf-8") as fh:
        for line in fh:
            article = json.loads(line)["docs"][0]["text"]
            vocabulary = set(re.findall(r"[^\W_]+", article.lower()))
            for sent in (s.strip() for s in _SPLIT.split(article) if len(s.split()) >= 6):
                total += 1
                with_source += bool(garble_flags(sent, vocabulary=vocabulary, source_texts=[article]))
                without += bool(garble_flags(sent, vocabulary=vocabulary))
                if total >= n:
                    return total, with_source, without
    return total, with_source, without


def report(n_real: int) -> str:
    """The Markdown section."""
    corpus = load_corpus()
    rows = score(corpus)
    lines = [
        "## Garbled-text detector (`precis.checking.garble`)",
        "",
        f"Command: `.venv/bin/python bench/garble.py` · date: {dt.date.today().isoformat()} · "
        f"Python {platform.python_version()}, {platform.machine()}.",
        "",
        f"Corpus: `tests/data/garble_cases.py`, {len(corpus.CASES)} sentences we wrote ourselves "
        f"({sum(r[0] for k, r in rows.items() if k != 'clean')} garbled, {rows['clean'][0]} clean). "
        "A flag matches an expected span when they overlap.",
        "",
        "| type | sentences | expected spans | flags | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    total = [0, 0, 0, 0, 0, 0]
    for kind in sorted(k for k in rows if k != "clean"):
        row = rows[kind]
        total = [a + b for a, b in zip(total, row, strict=True)]
        p, r, f = _prf(row[3], row[1], row[4], row[2])
        lines.append(f"| {kind} | {row[0]} | {row[1]} | {row[2]} | {p:.3f} | {r:.3f} | {f:.3f} |")
    clean = rows["clean"]
    p, r, f = _prf(total[3], total[1], total[4], total[2] + clean[2])
    lines.append(
        f"| **overall** (flags on clean sentences count as false) | {total[0] + clean[0]} | {total[1]} | "
        f"{total[2] + clean[2]} | {p:.3f} | {r:.3f} | {f:.3f} |"
    )
    lines += [
        "",
        f"- Clean sentences flagged: {clean[5]} of {clean[0]}.",
        f"- Speed: {speed(corpus):.3f} ms per clean sentence (20 sources of 5,000 words passed).",
    ]
    if CNN.is_file() and n_real:
        n, with_source, without = real_sentences(n_real)
        lines.append(
            f"- Real CNN sentences ({n:,}, read at run time): {with_source} flagged with their article as source, "
            f"{without} ({without / n:.2%}) without sources; the latter are mostly real garble in the data "
            '(mojibake, `" ."` debris, doubled words).'
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the Markdown section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=int, default=5000, help="CNN sentences to scan (0 to skip)")
    args = parser.parse_args(argv)
    print(report(args.real))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
