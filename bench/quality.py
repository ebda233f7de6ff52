"""Peer benchmark: ROUGE of precis and every peer on the same data and budgets.

Run from the repository root (after ``pip install -r bench/requirements.txt``):

    .venv/bin/python bench/quality.py [--limit N] [--sets duc2007 cnn ...] [--out bench/results/quality.md]

For each data set it scores the peers of ``bench/peers.py`` (random, Lead,
sumy's LexRank/TextRank/LSA/KL-Sum/Luhn/SumBasic, the ``lexrank`` package),
every precis mode, and the greedy extractive ROUGE oracle (the ceiling),
with precis's own evaluation code (``precis.evaluation.rouge``): the same
protocol, tokenizer, truncation and reference averaging for every system.
It writes one Markdown table per data set, with the command, date and
machine, to ``--out`` (and prints it).
"""

from __future__ import annotations

import argparse
import platform
import shlex
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from peers import PEERS, Budget, oracle

from precis import Summarizer, SummarizerConfig
from precis.evaluation.rouge import PROTOCOLS, Protocol, RougeScorer, evaluate, instance_articles, summarizer_system

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"

# name -> (file, protocol, default instance limit; None = all)
SETS: dict[str, tuple[str, str, int | None]] = {
    "duc2006": ("duc2006.jsonl.gz", "duc", None),
    "duc2007": ("duc2007_main.jsonl.gz", "duc", None),
    "multinews": ("multinews_val.jsonl.gz", "multinews", 1000),
    "cnn": ("cnn_stories.jsonl.gz", "cnn", 1000),
    "frank": ("frank_cnndm.jsonl.gz", "cnn", None),
    "bbc": ("bbc_news_summary.jsonl.gz", "bbc", 500),
}

PRECIS_MODES: dict[str, SummarizerConfig] = {
    "precis tfidf + mmr": SummarizerConfig(check_language=False),
    "precis tfidf + coverage": SummarizerConfig(selection="coverage", check_language=False),
    "precis embeddings + mmr": SummarizerConfig(representation="embeddings", check_language=False),
}

System = Callable[[dict[str, Any], Protocol], list[str]]


def _budget(protocol: Protocol) -> Budget:
    return Budget(words=protocol.value) if protocol.unit == "words" else Budget(sentences=protocol.value)


def _peer_system(fn: Callable[[list[str], Budget], list[str]]) -> System:
    def system(record: dict[str, Any], protocol: Protocol) -> list[str]:
        docs = [a.text for a in instance_articles(record)]
        return [" ".join(s.split()) for s in fn(docs, _budget(protocol))]

    return system


def _oracle_system(scorer: RougeScorer) -> System:
    def rouge(text: str, refs: list[str]) -> dict[str, float]:
        s = scorer(text, refs)
        return {"r1": s["r1"]["f1"], "r2": s["r2"]["f1"]}

    def system(record: dict[str, Any], protocol: Protocol) -> list[str]:
        docs = [a.text for a in instance_articles(record)]
        return [" ".join(s.split()) for s in oracle(docs, record["refs"], _budget(protocol), rouge)]

    return system


def systems(scorer: RougeScorer) -> dict[str, System]:
    """Every system of the benchmark, peers first, the oracle last."""
    out: dict[str, System] = {name: _peer_system(fn) for name, fn in PEERS.items()}
    for name, config in PRECIS_MODES.items():
        out[name] = summarizer_system(Summarizer(config))
    out["oracle (ceiling)"] = _oracle_system(scorer)
    return out


def run_set(name: str, limit: int | None, only: list[str] | None, scorer: RougeScorer) -> str:
    file, protocol_name, default_limit = SETS[name]
    protocol = PROTOCOLS[protocol_name]
    n = limit if limit is not None else default_limit
    m = protocol.measure
    lines = [
        f"### {name}: `{file}`" + (f", first {n} instances" if n else ", all instances"),
        "",
        f"{protocol.description}.",
        "",
        f"| system | ROUGE-1 {m} | ROUGE-2 {m} | ROUGE-L {m} | failed | seconds |",
        "|---|---|---|---|---|---|",
    ]
    for sys_name, system in systems(scorer).items():
        if only and sys_name not in only:
            continue
        start = time.perf_counter()
        result = evaluate(str(DATA / file), system, protocol=protocol, limit=n, scorer=scorer)
        secs = time.perf_counter() - start
        row = (
            f"| {sys_name} | {100 * result.mean('r1'):.2f} | {100 * result.mean('r2'):.2f} "
            f"| {100 * result.mean('rl'):.2f} | {result.failed} | {secs:.0f} |"
        )
        print(f"{name}: {row}", flush=True)
        lines.append(row)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", nargs="*", choices=sorted(SETS), default=list(SETS))
    ap.add_argument("--limit", type=int, help="instances per set (default: per-set defaults)")
    ap.add_argument("--only", nargs="*", help="system names to run (default all)")
    ap.add_argument("--out", default=str(HERE / "results" / "quality.md"))
    args = ap.parse_args(argv)
    scorer = RougeScorer()
    cmd = " ".join(shlex.quote(a) for a in [".venv/bin/python", "bench/quality.py", *(argv or sys.argv[1:])])
    header = (
        "# Peer benchmark: ROUGE\n\n"
        f"- command: `{cmd}`\n"
        f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}\n"
        f"- machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}\n\n"
    )
    body = "\n".join(run_set(name, args.limit, args.only, scorer) for name in args.sets)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(header + body, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
