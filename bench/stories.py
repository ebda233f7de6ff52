"""Story grouping benchmark: quality against Multi-News record grouping, time and memory at scale.

Run from the repository root, with nothing else loading the machine:

    PYTHONPATH=src .venv/bin/python bench/stories.py [--out bench/results/stories.md]

1. Quality: the documents of ``--records`` Multi-News validation records
   (``../shared/data/multinews_val.jsonl.gz``; one record = one story),
   starting at record ``--offset``, shuffled into one pile; pairwise and
   B-cubed precision/recall/F1 of :func:`precis.stories.grouping.group_stories`
   against the records. Defaults were tuned on records 0-199 (``--offset 0``);
   the report uses a disjoint slice.
2. Scale: piles of 1k, 4k and 10k documents (Multi-News documents of
   consecutive records), each in a fresh single-threaded subprocess: wall
   time, peak RSS, growth ratios, and the same quality measures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data" / "multinews_val.jsonl.gz"


def load_pile(
    *, offset: int, records: int | None, docs: int | None, seed: int = 0, clean: bool = False
) -> tuple[list, dict[str, int]]:
    """Articles of consecutive records (by record count or until ``docs`` documents) and their record labels.

    ``clean`` drops documents whose exact text occurs in more than one record: crawl debris
    ("These crawls are part of an effort to archive pages...", Twitter's javascript notice)
    that the dataset files under unrelated stories.
    """
    from precis.model import Article

    articles, label = [], {}
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k < offset:
                continue
            if (records is not None and k >= offset + records) or (docs is not None and len(articles) >= docs):
                break
            for d, doc in enumerate(json.loads(line)["docs"]):
                if docs is not None and len(articles) >= docs:
                    break
                article = Article(f"r{k}-{d}", doc["text"] or " ")
                articles.append(article)
                label[article.id] = k
    if clean:
        owners: dict[str, set[int]] = {}
        for a in articles:
            owners.setdefault(a.text.strip(), set()).add(label[a.id])
        articles = [a for a in articles if len(owners[a.text.strip()]) == 1]
        label = {a.id: label[a.id] for a in articles}
    random.Random(seed).shuffle(articles)
    return articles, label


def scores(stories: list, label: dict[str, int]) -> dict[str, float]:
    """Pairwise and B-cubed precision, recall and F1 of a grouping against the labels."""
    cells = Counter((s, label[i]) for s, story in enumerate(stories) for i in story.ids)
    pred = Counter(s for s, story in enumerate(stories) for _ in story.ids)
    gold = Counter(label.values())

    def pairs(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    tp, p_pairs, g_pairs = pairs(cells), pairs(pred), pairs(gold)
    n = sum(gold.values())
    b_p = sum(c * c / pred[s] for (s, _), c in cells.items()) / n
    b_r = sum(c * c / gold[g] for (_, g), c in cells.items()) / n
    out = {
        "pair_p": tp / p_pairs if p_pairs else 1.0,
        "pair_r": tp / g_pairs if g_pairs else 1.0,
        "b3_p": b_p,
        "b3_r": b_r,
    }
    for name in ("pair", "b3"):
        p, r = out[f"{name}_p"], out[f"{name}_r"]
        out[f"{name}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
    out["stories"] = len(stories)
    out["records"] = len(gold)
    return out


def measure(offset: int, records: int | None, docs: int | None, options: dict, clean: bool = False) -> dict:
    """One grouping run: quality, seconds and peak RSS of this process."""
    from precis.stories.grouping import group_stories

    articles, label = load_pile(offset=offset, records=records, docs=docs, clean=clean)
    start = time.perf_counter()
    stories = group_stories(articles, **options)
    seconds = time.perf_counter() - start
    out = scores(stories, label)
    out.update(n=len(articles), seconds=seconds, peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["set_apart"] = sum(1 for s in stories if s.reason)
    return out


def in_subprocess(offset: int, records: int | None, docs: int | None, options: dict, clean: bool = False) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    args = json.dumps({"offset": offset, "records": records, "docs": docs, "options": options, "clean": clean})
    done = subprocess.run(
        [sys.executable, __file__, "--child", args], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(name: str, m: dict) -> str:
    return (f"| {name} | {m['n']} | {m['records']} | {m['stories']} | {m['pair_p']:.3f} | {m['pair_r']:.3f} | "
            f"{m['pair_f1']:.3f} | {m['b3_p']:.3f} | {m['b3_r']:.3f} | {m['b3_f1']:.3f} | {m['seconds']:.2f} | "
            f"{m['peak_mb']:.0f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child")
    parser.add_argument("--offset", type=int, default=2000)
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--sizes", default="1000,4000,10000")
    parser.add_argument("--options", default="{}", help="JSON keyword options for group_stories")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        print(json.dumps(measure(spec["offset"], spec["records"], spec["docs"], spec["options"], spec["clean"])))
        return
    options = json.loads(args.options)
    head = (
        "| pile | articles | records | stories | pair P | pair R | pair F1 | B3 P | B3 R | B3 F1 | seconds | peak MB |"
        "\n|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    lines = [
        head,
        row(f"{args.records} records from {args.offset}", in_subprocess(args.offset, args.records, None, options)),
        row(
            "the same, cross-record crawl debris removed", in_subprocess(args.offset, args.records, None, options, True)
        ),
    ]
    print("\n".join(lines[1:]), flush=True)
    previous = None
    growth = []
    for size in [int(s) for s in args.sizes.split(",") if s]:
        m = in_subprocess(0, None, size, options)
        lines.append(row(f"{size} docs from record 0", m))
        lines.append(row(f"{size} docs, crawl debris removed", in_subprocess(0, None, size, options, True)))
        print("\n".join(lines[-2:]), flush=True)
        if previous:
            growth.append(
                f"{previous['n']} -> {m['n']}: x{m['n'] / previous['n']:.2f} articles, "
                f"x{m['seconds'] / previous['seconds']:.2f} time, x{m['peak_mb'] / previous['peak_mb']:.2f} peak memory"
            )
        previous = m
    report = "\n".join([
        "# Story grouping (issue #6)", "",
        f"- command: `PYTHONPATH=src {Path(sys.executable).name} bench/stories.py {' '.join(sys.argv[1:])}`",
        f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}; "
        "each row a fresh process with one BLAS/OpenMP thread",
        f"- options: {options or 'defaults'}", "",
        *lines, "", "Growth:", "", *(f"- {g}" for g in growth), "",
    ])  # fmt: skip
    if args.out:
        Path(args.out).write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
