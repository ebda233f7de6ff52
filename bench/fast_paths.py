"""What each private-API fast path saves of the whole operation it serves (issue #14, the fence).

Run from the repository root, with nothing else loading the machine:

    PYTHONPATH=src .venv/bin/python bench/fast_paths.py [--out bench/results/fast_paths.md]

The rule it checks: a fast path through another library's private API is kept only if it saves at least
5% of the whole operation (here: summarizing, as the CLI does with its defaults). For each path, the
same inputs are summarized twice per pass, once with the fast path and once with its public reference,
in alternating order; each side's time is the fastest of ``--passes`` passes, so a burst of load on a
shared machine does not decide the ratio. The workloads:

- ``cnn``: the first ``--articles`` cnn_stories articles, one at a time, 3 sentences (single article);
- ``duc``: the first ``--clusters`` duc2006 clusters, 250 words with the record's query (multi-document).

Paths measured (the private ones that precis used before the fence; ``precis._fast`` says which stay):

- ``blingfire``: blingfire's C ``TextToSentencesWithOffsets`` through ctypes, against its public
  ``text_to_sentences_and_offsets`` (``precis._fast.sentence_spans`` / ``sentence_spans_reference``);
- ``csr_matvec``: ``scipy.sparse._sparsetools.csr_matvec`` called directly, against ``x @ v``;
- ``row_normalize``: ``sklearn.utils.sparsefuncs_fast.inplace_csr_row_normalize_l2``, against
  precis's numpy row normaliser (``precis.represent.tfidf.normalize_rows``, the same float operations);
  and, for comparison, that numpy normaliser against sklearn's public ``sklearn.preprocessing.normalize``,
  whose argument validation costs more than the arithmetic on one article.

The private variants of the paths that were removed live in this script only (the library no longer
has them); they are swapped in for the public function wherever a precis module holds it.
``PyThreadState_SetAsyncExc`` (the per-record time limit of ``precis.batch``) is not a speed-up but a
capability; the script measures how long a record stuck in Python code runs past a 0.2 s limit with
it and without it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
from scipy.sparse._sparsetools import csr_matvec  # noqa: E402
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2  # noqa: E402

HERE = Path(__file__).resolve().parent
DATA = next((p for p in (HERE.parent.parent / "shared" / "data", Path("/work/shared/data")) if p.is_dir()), None)
THRESHOLD = 0.05
PRIVATE = {
    "blingfire": "blingfire's C entry point through ctypes",
    "csr_matvec": "scipy.sparse._sparsetools.csr_matvec",
    "row_normalize": "sklearn.utils.sparsefuncs_fast.inplace_csr_row_normalize_l2",
}


def _records(name: str, n: int) -> list[dict[str, Any]]:
    assert DATA is not None, "no ../shared/data"
    out = []
    with gzip.open(DATA / f"{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if len(out) >= n:
                break
    return out


# --- the private variants (removed from the library) -------------------------------------------------------------


def _matvec_private(x: Any, v: np.ndarray) -> np.ndarray:
    """precis's old ``matvec``: scipy's kernel behind ``csr @ vector`` called directly."""
    if getattr(x, "format", None) == "csr" and x.dtype == np.float64 and v.dtype == np.float64:
        out = np.zeros(x.shape[0])
        csr_matvec(x.shape[0], x.shape[1], x.indptr, x.indices, x.data, v, out)
        return out
    return np.asarray(x @ v).ravel()


def _normalize_private(x: Any) -> Any:
    """precis's old row normaliser: sklearn's Cython kernel called directly."""
    inplace_csr_row_normalize_l2(x)
    return x


def _normalize_sklearn_public(x: Any) -> Any:
    """sklearn's public row normaliser (validation, then the same kernel)."""
    from sklearn.preprocessing import normalize

    return normalize(x, norm="l2", copy=False)


@contextmanager
def swapped(original: Callable[..., Any], replacement: Callable[..., Any]) -> Iterator[None]:
    """Replace ``original`` by ``replacement`` in every loaded precis module that holds it."""
    holders = [
        (module, name)
        for mod_name, module in list(sys.modules.items())
        if mod_name.startswith("precis") and module is not None
        for name, value in list(vars(module).items())
        if value is original
    ]
    assert holders, f"no precis module holds {original!r}"
    for module, name in holders:
        setattr(module, name, replacement)
    try:
        yield
    finally:
        for module, name in holders:
            setattr(module, name, original)


@contextmanager
def fast_flag(value: bool) -> Iterator[None]:
    """``precis._fast.enabled`` set to ``value`` for the block."""
    from precis import _fast

    old, _fast.enabled = _fast.enabled, value
    try:
        yield
    finally:
        _fast.enabled = old


class Timed:
    """``fn``, counting its calls and the seconds spent inside it."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn, self.calls, self.seconds = fn, 0, 0.0

    def __call__(self, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return self.fn(*args)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1


def _paths() -> dict[str, tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]]:
    """Each path's (function precis calls, fast implementation, public reference)."""
    from precis import _fast, represent
    from precis.represent import tfidf

    return {
        "blingfire": (_fast.sentence_spans, _fast.sentence_spans, _fast.sentence_spans_reference),
        "csr_matvec": (represent.matvec, _matvec_private, represent.matvec),
        "row_normalize": (tfidf.normalize_rows, _normalize_private, tfidf.normalize_rows),
        # not a private path: why precis normalises with numpy rather than with sklearn's public function
        "row_normalize, numpy vs sklearn.preprocessing.normalize": (
            tfidf.normalize_rows,
            tfidf.normalize_rows,
            _normalize_sklearn_public,
        ),
    }


# --- workloads ---------------------------------------------------------------------------------------------------


def _workloads(n_articles: int, n_clusters: int) -> dict[str, Callable[[], object]]:
    from precis import Article, PrecisError, Summarizer
    from precis.analysis.language import check_article

    def usable(doc: dict[str, Any]) -> bool:
        """Whether precis accepts the document (the CLI leaves out the ones it refuses, as here)."""
        try:
            check_article(Article(doc["id"], doc["text"]), check_language=True)
        except PrecisError:
            return False
        return True

    summarizer = Summarizer()
    cnn = [d["text"] for r in _records("cnn_stories", n_articles) for d in r["docs"] if usable(d)]
    duc = [
        ([(d["id"], d["text"], d.get("title")) for d in r["docs"] if usable(d)], r.get("query"))
        for r in _records("duc2006", n_clusters)
    ]

    def run_cnn() -> object:  # new Article objects every pass: nothing is reused between passes
        return [summarizer.summarize(Article(str(i), t), sentences=3) for i, t in enumerate(cnn)]

    def run_duc() -> object:
        return [
            summarizer.summarize([Article(i, t, title=ti) for i, t, ti in docs], words=250, query=q) for docs, q in duc
        ]

    return {f"cnn ({len(cnn)} articles, 3 sentences)": run_cnn, f"duc ({len(duc)} clusters, 250 words)": run_duc}


def _outputs(run: Callable[[], object]) -> str:
    from precis import render

    return "\n".join(render(s, "json") for s in run())  # type: ignore[attr-defined]


def measure(passes: int, n_articles: int, n_clusters: int) -> list[dict[str, Any]]:
    """Per path and workload: the fastest pass of each side, and the seconds spent inside the path in it."""
    rows = []
    workloads = _workloads(n_articles, n_clusters)
    for path, (symbol, fast, reference) in _paths().items():
        for wname, run in workloads.items():
            sides = {"fast": fast, "reference": reference}
            outputs = {}
            for side, impl in sides.items():
                with swapped(symbol, impl):
                    outputs[side] = _outputs(run)
            best = {side: float("inf") for side in sides}
            inside = {side: 0.0 for side in sides}
            calls = 0
            for k in range(passes):
                for side in sides if k % 2 == 0 else reversed(sides):
                    timed = Timed(sides[side])
                    with swapped(symbol, timed):
                        start = time.perf_counter()
                        run()
                        took = time.perf_counter() - start
                    if took < best[side]:
                        best[side], inside[side], calls = took, timed.seconds, timed.calls
            saved = 1.0 - best["fast"] / best["reference"]
            saved_inside = (inside["reference"] - inside["fast"]) / best["reference"]
            same = outputs["fast"] == outputs["reference"]
            rows.append({"path": path, "workload": wname, "calls": calls, "saved": saved,
                         "saved_inside": saved_inside, "same": same, **best,
                         "inside_fast": inside["fast"], "inside_reference": inside["reference"]})  # fmt: skip
            print(f"{path:14} {wname:36} fast {best['fast']:.3f}s  ref {best['reference']:.3f}s  saved {saved:+.1%}"
                  f"  inside: {inside['fast']:.4f}s vs {inside['reference']:.4f}s ({calls} calls) = {saved_inside:+.1%}"
                  f"  same output: {same}", flush=True)  # fmt: skip
    return rows


def async_exc(limit: float = 0.2, work: float = 3.0) -> dict[str, float]:
    """Seconds a record stuck in a Python loop for ``work`` s runs before failing, with and without the fast path."""
    from precis.batch.deadline import RecordTimeout, time_limit

    def stuck() -> None:
        end = time.monotonic() + work
        while time.monotonic() < end:
            pass

    out = {}
    for side, flag in (("fast", True), ("reference", False)):
        with fast_flag(flag):
            result: dict[str, float] = {}

            def worker(result: dict[str, float] = result) -> None:
                start = time.monotonic()
                try:
                    with time_limit(limit):
                        stuck()
                except RecordTimeout:
                    result["seconds"] = time.monotonic() - start

            thread = threading.Thread(target=worker)  # a worker thread, as under Dask
            thread.start()
            thread.join()
            out[side] = result["seconds"]
    return out


def report(rows: list[dict[str, Any]], stuck: dict[str, float], args: argparse.Namespace) -> str:
    from precis import __version__

    lines = [
        "# Private-API fast paths: what each saves of a whole summary",
        "",
        f"Generated by `bench/fast_paths.py` on {datetime.now(UTC):%Y-%m-%d} (precis {__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}, one BLAS thread); fastest of {args.passes} "
        "alternating passes per side (fast: the private path, reference: the public one); load average "
        f"{args.load:.1f} at the start (a shared machine).",
        "",
        "| path | workload | calls | whole, fast (s) | whole, reference (s) | saved (whole) "
        "| inside the path, fast / reference (s) | saved (inside / whole) | same output |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['path']} | {r['workload']} | {r['calls']} | {r['fast']:.3f} | {r['reference']:.3f} "
            f"| {r['saved']:+.1%} | {r['inside_fast']:.4f} / {r['inside_reference']:.4f} | {r['saved_inside']:+.1%} "
            f"| {'yes' if r['same'] else '**no**'} |"
        )
    lines += [
        "",
        "*Saved (whole)* compares the two whole runs and carries the noise of a shared machine; *saved (inside / "
        "whole)* is the time the path itself saved in those runs (timed around each call) over the whole reference "
        "run, and decides the verdict.",
        "",
        "## Verdicts",
        "",
        f"A private fast path stays when it saves at least {THRESHOLD:.0%} of some whole workload:",
        "",
    ]
    for path in dict.fromkeys(r["path"] for r in rows):
        if path not in PRIVATE:
            continue
        best = max(r["saved_inside"] for r in rows if r["path"] == path)
        verdict = "keep (behind `precis._fast`)" if best >= THRESHOLD else "removed: the public path is used"
        lines.append(f"- {path} ({PRIVATE[path]}): at most {best:+.1%}: {verdict}")
    lines += [
        "",
        "## PyThreadState_SetAsyncExc (batch per-record time limit)",
        "",
        "Not a speed-up but a capability: a record stuck in Python code for 3 s under a 0.2 s limit, in a "
        "worker thread (as under Dask), fails after",
        "",
        f"- with the C API (`precis._fast.raise_in_thread`): {stuck['fast']:.2f} s",
        f"- with the public reference (no interruption; the block fails when it ends): {stuck['reference']:.2f} s",
        "",
        "Python has no public way to interrupt another thread, so this one stays behind the fence.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "results" / "fast_paths.md")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--clusters", type=int, default=5)
    args = parser.parse_args()
    args.load = os.getloadavg()[0]
    rows = measure(args.passes, args.articles, args.clusters)
    stuck = async_exc()
    args.out.write_text(report(rows, stuck, args), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
