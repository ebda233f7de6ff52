"""Does ``precis check`` pass precis's own summaries? Every dev set, in text, Markdown and JSON.

Run from the repository root:

    .venv/bin/python bench/check_own.py [--limit 50] [--sets duc2006 cnn_stories ...]

For the first ``--limit`` records of each summarization set in
``../shared/data``, summarize the record's documents as ``precis summarize``
does (120 words, the app's defaults), render the summary as text, Markdown and
JSON, and check each rendering against the documents (the JSON one through
``Summary.from_dict``, with its own articles). A check is *clean* when its
verdict is ``supported``, no sentence has a flag and there is no note. Prints,
per set and format, how many checks are clean, and the first few findings of
the others.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from precis import app  # noqa: E402
from precis.app import SummarizeRequest  # noqa: E402
from precis.checking import Checker  # noqa: E402
from precis.model import Article, CheckReport, Summary  # noqa: E402
from precis.rendering.render import render  # noqa: E402

DATA = next(
    (p for p in (r / "shared" / "data" for r in (HERE.parent.parent, HERE.parent.parent.parent)) if p.exists()),
    HERE.parent.parent / "shared" / "data",
)
SETS = (
    "duc2006", "duc2007_main", "duc2007_update", "multinews_val", "cnn_stories",
    "frank_cnndm", "bbc_news_summary", "timeline17_dev",
)  # fmt: skip
FORMATS = ("text", "md", "json")


def records(name: str, limit: int) -> list[dict[str, object]]:
    out = []
    with gzip.open(DATA / f"{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if len(out) >= limit:
                break
    return out


def articles_of(record: dict[str, object]) -> list[Article]:
    docs = record["docs"]
    assert isinstance(docs, list)
    return [Article(id=str(d["id"]), text=d["text"], title=d.get("title")) for d in docs if d.get("text", "").strip()]


def findings(report: CheckReport) -> list[str]:
    """What keeps a report from being clean, one line each."""
    out = [f"note {n.kind}: {n.message}" for n in report.notes]
    for s in report.sentences:
        if s.verdict != "supported":
            out.append(f"{s.verdict} {s.score:.2f}: {s.text[:100]}")
        out += [f"{f.kind}: {f.message} in {s.text[:80]}" for f in s.flags]
    return out


def run_set(name: str, limit: int, checker: Checker) -> tuple[Counter[str], Counter[str], list[str]]:
    clean: Counter[str] = Counter()
    total: Counter[str] = Counter()
    examples: list[str] = []
    request = SummarizeRequest(check_language=False)
    for record in records(name, limit):
        arts = articles_of(record)
        if not arts:
            continue
        summary = app.summarize(request, arts).result
        if summary is None or not summary.items:
            continue
        for fmt in FORMATS:
            if fmt == "json":
                report = checker.check(Summary.from_dict(json.loads(render(summary, "json"))))
            else:
                report = checker.check(render(summary, fmt), list(summary.articles))  # type: ignore[arg-type]
            total[fmt] += 1
            problems = findings(report)
            clean[fmt] += not problems
            examples += [f"{name} {record['id']} {fmt}: {p}" for p in problems[:3]]
    return clean, total, examples


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=50)
    ap.add_argument("--sets", nargs="*", default=list(SETS))
    ap.add_argument("--show", type=int, default=20, help="findings to print")
    args = ap.parse_args(argv)
    from precis import CheckerConfig

    checker = Checker(CheckerConfig(check_language=False))
    print("| set | records | clean, text | clean, md | clean, json |")
    print("|---|---:|---:|---:|---:|")
    shown: list[str] = []
    t0 = time.perf_counter()
    for name in args.sets:
        clean, total, examples = run_set(name, args.limit, checker)
        cells = " | ".join(f"{clean[f]}/{total[f]}" for f in FORMATS)
        print(f"| {name} | {total['text']} | {cells} |", flush=True)
        shown += examples
    print(f"\n{len(shown)} findings in {time.perf_counter() - t0:.0f} s")
    for line in shown[: args.show]:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
