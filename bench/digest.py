"""`precis digest` at scale: time, peak memory and what the briefings show, on mixed piles from the dev data.

Run from the repository root, with nothing else loading the machine:

    PYTHONPATH=src .venv/bin/python bench/digest.py [--sizes 1000,4000,10000] [--out bench/results/digest.md]

A pile of N articles: the documents of consecutive Multi-News validation
records (``../shared/data/multinews_val.jsonl.gz``, from record ``--offset``;
one record = one story), crawl debris and all, plus, for every 20th
document (cut into paragraphs of two sentences, since Multi-News documents
are one line), a copy built as in ``bench/copies.py`` (a reprint, a trimmed
copy or a reworded one, in turn), so that about 5% of the pile is copies.
Multi-News has no metadata, so each document gets an invented outlet (one of
40) and a publication time (its record's day, spread over 60 days, plus
its position): corroboration is counted across outlets and timelines have
dates to resolve against.

Each size runs the real command, ``precis digest PILE --format json -o OUT
--progress --max-bytes 500000000`` (a 10,000-article JSONL file is over the
default 10 MB input cap), in a fresh process (one BLAS/OpenMP thread); its wall time and
peak RSS (the child's ``ru_maxrss``) are measured from outside. The JSON is
then read to count stories, copies found, corroborated items and conflicts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import random
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT.parent / "shared" / "data" / "multinews_val.jsonl.gz"
sys.path.insert(0, str(HERE))

_DAY0 = datetime(2021, 3, 1, 6, tzinfo=UTC)
_OUTLETS = 40


def paragraphs_of(text: str) -> list[str]:
    """Multi-News documents are one line: two sentences a paragraph, so that copies can cut paragraphs."""
    from precis.analysis.segmenter import segment
    from precis.model import Article

    sents = [s.text for s in segment(Article("x", text))]
    return [" ".join(sents[k : k + 2]) for k in range(0, len(sents), 2)]


def paragraphed(text: str) -> str:
    return "\n\n".join(paragraphs_of(text))


def build_pile(n: int, *, offset: int, seed: int = 0) -> tuple[list[dict], dict[str, str]]:
    """About ``n`` records (documents plus built copies) and, for each built copy, the id it copies."""
    from copies import reprint, reworded, trimmed  # bench/copies.py

    from precis.model import Article

    rng = random.Random(seed)
    out: list[dict] = []
    made: dict[str, str] = {}
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k < offset:
                continue
            for d, doc in enumerate(json.loads(line)["docs"]):
                if len(out) >= n:
                    break
                when = _DAY0 + timedelta(days=(k - offset) % 60, hours=d)
                rec = {"id": f"r{k}-{d}", "text": doc["text"] or " ", "outlet": f"Outlet {rng.randrange(_OUTLETS)}",
                       "date": when.isoformat()}  # fmt: skip
                out.append(rec)
                if len(out) % 20 == 0 and len(out) < n and len(rec["text"]) > 400:
                    rec["text"] = paragraphed(rec["text"])  # the original too: a copy copies what was printed
                    art = Article(rec["id"], rec["text"])
                    kind = (len(out) // 20) % 3
                    copy = reprint(art) if kind == 0 else trimmed(art, rng) if kind == 1 else reworded(art, rng)
                    out.append({"id": copy.id, "text": copy.text, "outlet": f"Outlet {rng.randrange(_OUTLETS)}",
                                "date": (when + timedelta(hours=5)).isoformat()})  # fmt: skip
                    made[copy.id] = rec["id"]
            if len(out) >= n:
                break
    rng.shuffle(out)
    return out, made


def run_digest(pile: Path, out: Path) -> tuple[float, float, str]:
    """Seconds, peak RSS (MB) and the progress output of one ``precis digest`` run in a fresh process."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "s = time.perf_counter() - t\n"
        "sys.stderr.write(p.stderr)\n"
        "print(s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, p.returncode)\n"
    )
    exe = Path(sys.executable).with_name("precis")
    cmd = [str(exe), "digest", str(pile), "--format", "json", "-o", str(out), "--progress", "--max-bytes", "500000000"]
    done = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, env=env, check=True)
    seconds, peak, code = done.stdout.split()
    if code not in ("0", "1"):
        raise SystemExit(f"precis digest failed ({code}):\n{done.stderr}")
    return float(seconds), float(peak), done.stderr


def grouping(stories: list[dict], made: dict[str, str]) -> dict[str, float]:
    """B-cubed and pairwise precision/recall of the stories against the Multi-News records (a built copy
    belongs to its original's record; articles set apart are left out)."""
    from stories import scores  # bench/stories.py

    class _S:
        def __init__(self, ids: list[str]) -> None:
            self.ids = ids

    label = {}
    for s in stories:
        for a in s["articles"]:
            source = made.get(a["id"], a["id"])
            label[a["id"]] = int(source[1:].split("-")[0])
    m = scores([_S([a["id"] for a in s["articles"]]) for s in stories], label)
    return {k: m[k] for k in ("pair_p", "pair_r", "b3_p", "b3_r", "b3_f1")}


def describe(doc: dict, made: dict[str, str]) -> dict[str, float]:
    """What the digest shows: stories, copies, corroboration, conflicts, timelines."""
    stories = doc["stories"]
    roles = Counter(p["role"] for p in doc["placements"])
    role = {p["id"]: p["role"] for p in doc["placements"]}
    story = {p["id"]: p["story"] for p in doc["placements"]}
    copy_of = {a["id"]: a["copy_of"] for s in stories for a in s["articles"] if a["copy_of"]}
    items = [i for s in stories for i in s["items"]]
    kinds = Counter(c["kind"] for i in items for c in i["conflicts"])
    return {
        "articles": len(doc["placements"]),
        "stories": len(stories),
        "multi": sum(1 for s in stories if len(s["articles"]) > 1),
        "largest": max((len(s["articles"]) for s in stories), default=0),
        "set_apart": roles["set apart"],
        "copies": roles["copy"],
        "built_found": sum(1 for c, o in made.items() if copy_of.get(c) == o or copy_of.get(o) == c),
        # an original read twice (the same text in two records) is one article: its other id is not placed
        "built": sum(1 for o in made.values() if role.get(o, "set apart") != "set apart"),
        "built_same_story": sum(
            1 for c, o in made.items() if story.get(c) is not None and story.get(c) == story.get(o)
        ),
        "items": len(items),
        "corroborated": sum(1 for i in items if len(i["outlets"]) > 1),
        "with_copies": sum(1 for i in items if len(i["outlets"]) > i["reports"]),
        "conflicted": sum(1 for i in items if i["conflicts"]),
        "conflicts": sum(kinds.values()),
        "kinds": dict(kinds),
        "timelines": sum(1 for s in stories if s["timeline"]),
        **grouping(stories, made),
        "accounted": int(len({p["id"] for p in doc["placements"]}) == len(doc["articles"])),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,4000,10000")
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--out")
    args = parser.parse_args()
    rows, shows, groups, growth, previous = [], [], [], [], None
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in args.sizes.split(",") if s]:
            records, made = build_pile(size, offset=args.offset)
            pile, out = Path(tmp) / f"pile{size}.jsonl", Path(tmp) / f"digest{size}.json"
            pile.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            seconds, peak, progress = run_digest(pile, out)
            m = describe(json.loads(out.read_text(encoding="utf-8")), made)
            m.update(seconds=seconds, peak=peak)
            bar = [ln for ln in progress.replace("\r", "\n").splitlines() if "briefing stories" in ln]
            rows.append(f"| {m['articles']} | {seconds:.1f} | {peak:.0f} | {m['stories']} | {m['multi']} | "
                        f"{m['largest']} | {m['set_apart']} | {m['copies']} | {m['built_found']}/{m['built']} | "
                        f"{m['built_same_story']} |")  # fmt: skip
            placed = "yes" if m["accounted"] else "NO"
            groups.append(f"| {m['articles']} | {m['pair_p']:.3f} | {m['pair_r']:.3f} | {m['b3_p']:.3f} | "
                          f"{m['b3_r']:.3f} | {m['b3_f1']:.3f} |")  # fmt: skip
            shows.append(f"| {m['articles']} | {m['items']} | {m['corroborated']} | {m['with_copies']} | "
                         f"{m['conflicted']} | {m['kinds']} | {m['timelines']} | {placed} |")  # fmt: skip
            print(rows[-1], shows[-1], bar[-1:] if bar else "(no bar)", sep="\n", flush=True)
            if previous:
                n0, n1 = previous["articles"], m["articles"]
                nlogn = (n1 * math.log(n1)) / (n0 * math.log(n0))
                growth.append(f"{n0} -> {n1} articles: time x{seconds / previous['seconds']:.2f} "
                              f"(n log n would be x{nlogn:.2f}), peak memory x{peak / previous['peak']:.2f}")
            previous = m
    report = "\n".join([
        "# `precis digest` at scale (issue #6)", "",
        f"- command: `PYTHONPATH=src {Path(sys.executable).name} bench/digest.py {' '.join(sys.argv[1:])}`",
        f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        "each size one fresh `precis digest ... --format json -o OUT --progress` process, one BLAS/OpenMP thread",
        "- pile: Multi-News validation documents (crawl debris included) plus ~5% built copies "
        "(reprint / trimmed / reworded in turn), invented outlets (40) and dates (60 days); shuffled",
        "- built copies found: marked as a copy of their original (or it of them), out of those whose original "
        "was not set apart (a copy of a crawl-debris page is debris too)", "",
        "| articles | seconds | peak RSS MB | stories | with >1 article | largest | set apart | copies "
        "| built copies found | ... in their original's story |",
        "|---|---|---|---|---|---|---|---|---|---|", *rows, "",
        "What the briefings show (all stories briefed; items of all story summaries):", "",
        "| articles | items | carried by >1 outlet | carried by a copy too | with a conflict | conflicts by kind "
        "| stories with a timeline | every article placed |",
        "|---|---|---|---|---|---|---|---|", *shows, "",
        "Grouping against the Multi-News records (articles set apart left out; with dates, so stories more "
        "than 7 days apart join only on a strong link):", "",
        "| articles | pair P | pair R | B3 P | B3 R | B3 F1 |", "|---|---|---|---|---|---|", *groups, "",
        "Growth:", "", *(f"- {g}" for g in growth), "",
    ])  # fmt: skip
    if args.out:
        Path(args.out).write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
