#!/usr/bin/env python
"""Smoke check of bench/peers.py (a script, not a pytest test).

    .venv/bin/python bench/test_peers_smoke.py

Runs every peer and the oracle on 5 CNN stories with Budget(sentences=3)
and 2 DUC 2007 clusters with Budget(words=250); prints seconds per instance
and checks the budget. Data is read from ../shared/data at run time.
Exits non-zero on any failure. Fails too if ~/nltk_data appears.
"""

from __future__ import annotations

import gzip
import itertools
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True

from peers import PEERS, Budget, oracle  # noqa: E402


def records(name: str, n: int) -> list[dict]:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in itertools.islice(fh, n)]


def check(out: list[str], docs: list[str], budget: Budget, name: str, exact: bool) -> str | None:
    if not isinstance(out, list) or not all(isinstance(s, str) and s.strip() for s in out):
        return "output is not a list of non-empty str"
    if not out:
        return "empty summary"
    joined = "\n".join(docs)
    if budget.sentences is not None:
        if len(out) > budget.sentences or (exact and len(out) != budget.sentences):
            return f"{len(out)} sentences for a budget of {budget.sentences}"
    else:
        n = sum(len(s.split()) for s in out)
        if n > budget.words and not (len(out) == 1):
            return f"{n} words for a budget of {budget.words}"
    # extractive: every word of the output occurs in the input (pysbd/sumy rejoin lines)
    if not all(w in joined for s in out for w in s.split()):
        return "a word of the output is not in the input"
    return None


def main() -> int:
    nltk_home = Path.home() / "nltk_data"
    existed = nltk_home.exists()
    cases = [(r, Budget(sentences=3)) for r in records("cnn_stories.jsonl.gz", 5)]
    cases += [(r, Budget(words=250)) for r in records("duc2007_main.jsonl.gz", 2)]
    runners = {name: (lambda docs, refs, b, f=f: f(docs, b)) for name, f in PEERS.items()}
    runners["oracle"] = lambda docs, refs, b: oracle(docs, refs, b, None)

    failures = 0
    print(f"{'peer':<16} " + " ".join(f"{r['id'][:12]:>12}" for r, _ in cases) + "   (s/instance)")
    for name, run in runners.items():
        times = []
        for rec, budget in cases:
            docs = [d["text"] for d in rec["docs"]]
            t0 = time.perf_counter()
            out = run(docs, rec["refs"], budget)
            times.append(time.perf_counter() - t0)
            problem = check(out, docs, budget, name, exact=name != "oracle")
            if problem:
                failures += 1
                print(f"FAIL {name} on {rec['id']} {budget}: {problem}")
            again = run(docs, rec["refs"], budget)
            if again != out:
                failures += 1
                print(f"FAIL {name} on {rec['id']}: not deterministic")
        print(f"{name:<16} " + " ".join(f"{t:12.3f}" for t in times))

    # a peek at the outputs for one CNN story and one DUC cluster
    for rec, budget in (cases[0], cases[-1]):
        docs = [d["text"] for d in rec["docs"]]
        out = PEERS["sumy-LexRank"](docs, budget)
        print(f"\nsumy-LexRank {rec['id']} {budget}: {sum(len(s.split()) for s in out)} words")
        for s in out[:3]:
            print("  -", s[:110])

    if not existed and nltk_home.exists():
        failures += 1
        print(f"FAIL: {nltk_home} was created (something downloaded NLTK data)")
    print("\nOK" if not failures else f"\n{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
