"""Speed and scale benchmark: throughput against peers, growth with input size, the floor.

Run from the repository root, with nothing else loading the machine:

    .venv/bin/python bench/speed.py [--out bench/results/speed.md]

Measures, in one run on one machine, one process each:

1. single-article throughput (articles/s) on the first 500 ``cnn_stories``
   articles, 3 sentences: precis (TF-IDF), sumy LexRank and TextRank
   (``bench/peers.py``: pysbd sentence splitting, as sumy has no offline
   splitter); each system's fastest of three passes, so a burst of load on a
   shared machine does not decide the ratio;
2. growth: one cluster of 250, 1,000 and 4,000 articles (``cnn_stories``
   documents), 250 words: wall time and peak memory, each size in a fresh
   subprocess;
3. the floor for the same inputs: reading, sentence-splitting and tokenizing
   (what any extractive summarizer must do), and the full pipeline as a
   multiple of it;
4. one long input: the three ``../shared/samples`` texts repeated 50 times as
   one article (about 1 MB), precis against sumy LexRank (stopped after
   ``--peer-timeout`` seconds).
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import resource
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT.parent / "shared" / "data"
SAMPLES = ROOT.parent / "shared" / "samples"


def cnn_texts(n: int) -> list[str]:
    out = []
    with gzip.open(DATA / "cnn_stories.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            out.extend(d["text"] for d in json.loads(line)["docs"])
            if len(out) >= n:
                break
    return out[:n]


def _best_rate(run: Callable[[], object], n: int, passes: int) -> float:
    """Articles per second of the fastest of ``passes`` timed passes (as ``timeit`` takes the minimum)."""
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return n / best


def throughput(n: int, *, passes: int = 3) -> dict[str, float]:
    """Single-article rates of precis and the sumy peers: the best of ``passes`` passes each, after a warm-up."""
    from peers import PEERS, Budget

    from precis import Article, Summarizer

    texts = cnn_texts(n)
    summarizer = Summarizer()
    arts = [Article(str(i), t) for i, t in enumerate(texts)]
    for a in arts[:10]:
        summarizer.summarize(a, sentences=3)
    rates = {"precis (tfidf)": _best_rate(lambda: [summarizer.summarize(a, sentences=3) for a in arts], n, passes)}
    for name in ("sumy-LexRank", "sumy-TextRank"):
        fn = PEERS[name]
        for t in texts[:3]:
            fn([t], Budget(sentences=3))
        rates[name] = _best_rate(lambda fn=fn: [fn([t], Budget(sentences=3)) for t in texts], n, passes)  # type: ignore[misc]
    return rates


def _child(kind: str, n: int) -> None:
    """In a subprocess: run one measurement and print JSON (time, sentences)."""
    from precis import Article, Summarizer
    from precis.analysis.segmenter import segment
    from precis.analysis.tokens import stems

    start = time.perf_counter()
    texts = cnn_texts(n)
    arts = [Article(str(i), t) for i, t in enumerate(texts)]
    if kind == "floor":
        n_sent = 0
        for a in arts:
            for s in segment(a):
                stems(s.text)
                n_sent += 1
    else:
        summary = Summarizer().summarize(arts, words=250)
        n_sent = len(summary.items)
    secs = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": secs, "peak_mb": peak_mb, "n": n_sent}))


def _run_child(kind: str, n: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(n)], capture_output=True, text=True, check=True, cwd=HERE
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def long_input(peer_timeout: int) -> dict[str, object]:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))) + "\n\n"
    big = text * 50
    from precis import Summarizer

    start = time.perf_counter()
    Summarizer().summarize(big, words=250)
    precis_secs = time.perf_counter() - start
    code = (
        "import sys, time; sys.path.insert(0, %r); from peers import PEERS, Budget; "
        "t = open(%r, encoding='utf-8').read(); s = time.perf_counter(); "
        "PEERS['sumy-LexRank']([t], Budget(words=250)); print(time.perf_counter() - s)"
    )
    tmp = HERE / "results" / ".long_input.tmp"
    tmp.write_text(big, encoding="utf-8")
    try:
        out = subprocess.run(
            [sys.executable, "-c", code % (str(HERE), str(tmp))], capture_output=True, text=True, timeout=peer_timeout
        )
        lexrank: float | None = float(out.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        lexrank = None
    finally:
        tmp.unlink(missing_ok=True)
    return {"bytes": len(big.encode("utf-8")), "precis": precis_secs, "lexrank": lexrank}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        _child(argv[1], int(argv[2]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--sizes", type=int, nargs="*", default=[250, 1000, 4000])
    ap.add_argument("--peer-timeout", type=int, default=900)
    ap.add_argument("--out", default=str(HERE / "results" / "speed.md"))
    args = ap.parse_args(argv)
    lines = [
        "# Speed and scale",
        "",
        f"- command: `{' '.join(shlex.quote(a) for a in ['.venv/bin/python', 'bench/speed.py', *argv])}`",
        f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, Python {platform.python_version()}, one process per measurement",
        "",
        f"## Single-article throughput (first {args.articles} cnn_stories, 3 sentences, best of 3 passes each)",
        "",
        "| system | articles/s |",
        "|---|---|",
    ]
    rates = throughput(args.articles)
    for name, rate in rates.items():
        lines.append(f"| {name} | {rate:.1f} |")
    ratio = rates["precis (tfidf)"] / rates["sumy-LexRank"]
    lines += ["", f"precis / sumy LexRank: **{ratio:.1f}x** (target 20x)", ""]
    print("\n".join(lines), flush=True)
    lines += [
        "## Growth: one cluster of n cnn_stories articles, 250 words (fresh process each)",
        "",
        "| articles | pipeline s | peak MB | floor s (read+split+tokenize) | pipeline / floor |",
        "|---|---|---|---|---|",
    ]
    prev, last_n = None, 0
    for n in args.sizes:
        full, floor = _run_child("pipeline", n), _run_child("floor", n)
        lines.append(
            f"| {n} | {full['seconds']:.2f} | {full['peak_mb']:.0f} | {floor['seconds']:.2f} "
            f"| {full['seconds'] / floor['seconds']:.2f} |"
        )
        if prev:
            lines.append(f"|  | x{full['seconds'] / prev:.2f} for x{n / last_n:.0f} input |  |  |  |")
        prev, last_n = full["seconds"], n
        print(lines[-1], flush=True)
    li = long_input(args.peer_timeout)
    lr = f"{li['lexrank']:.1f} s" if li["lexrank"] is not None else f"stopped after {args.peer_timeout} s"
    lines += [
        "",
        f"## One long input ({li['bytes']:,} bytes: the three samples x 50), 250 words",
        "",
        "| system | seconds |",
        "|---|---|",
        f"| precis (tfidf) | {li['precis']:.2f} |",
        f"| sumy LexRank | {lr} |",
    ]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[-6:]))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
