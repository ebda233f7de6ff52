"""Timeline17 (dev part): precis timeline against news-tls DATEWISE; writes bench/results/timeline.md.

Runs :func:`precis.evaluation.timelines.evaluate_timelines` on every reference
timeline of ``../shared/data/timeline17_dev.jsonl.gz`` (the news-tls
setting: the reference's number of dates and date span, 2 sentences per
date), scores it twice (ROUGE tokens as ``precis eval``, and with English
stop words removed, nearer tilse's ``-s``), times the date tagger on the
sentences of one topic, and times ``dateparser`` on a sample of them.

    PYTHONPATH=src python bench/timeline.py [--limit N] [--topics A,B] [--out bench/results/timeline.md]

``--topics`` keeps the timelines of the named topics only (the word before
the first ``_`` of the id's middle part: ``t17-bpoil_bbc-bbc`` is ``bpoil``),
so that a method can be tuned on some topics and checked on the others. The
split used so far: tuned on EgyptianProtest, Finan, H1N1; held out IraqWar,
MJ, bpoil.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from precis.analysis.segmenter import segment
from precis.analysis.temporal import find_dates
from precis.evaluation.rouge import instance_articles, read_instances
from precis.evaluation.timelines import TimelineScorer, evaluate_timelines, reference_timeline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeline17_dev.jsonl.gz"
ANCHOR = {"ar1": 0.120, "ar2": 0.035, "date_f1": 0.544, "seconds": 16.0}
COLUMNS = ("ar1", "ar2", "date_f1", "concat_r1", "concat_r2")


def topic_of(record_id: str) -> str:
    """The topic of a T17 record id: ``t17-bpoil_bbc-bbc`` -> ``bpoil``."""
    return record_id.split("-")[1].split("_")[0]


def keep_topics(path: str, topics: set[str], folder: str) -> str:
    """A copy of ``path`` in ``folder`` holding the records of ``topics`` only."""
    unknown = set(topics)
    out = str(Path(folder) / Path(path).name)
    with gzip.open(path, "rt", encoding="utf-8") as src, gzip.open(out, "wt", encoding="utf-8") as dst:
        for line in src:
            topic = topic_of(json.loads(line)["id"])
            unknown.discard(topic)
            if topic in topics:
                dst.write(line)
    if unknown:
        raise SystemExit(f"no timeline of topic(s) {sorted(unknown)} in {path}")
    return out


def tagger_speed(path: str) -> list[str]:
    """Seconds for precis's tagger on a whole topic, and dateparser's rate on a sample of it."""
    record = list(read_instances(path, limit=2))[-1]  # the second record: the largest topic
    articles = instance_articles(record)
    sents = [(s.text, a.published) for a in articles for s in segment(a)]
    began = time.perf_counter()
    found = sum(len(find_dates(t, published=p)) for t, p in sents)
    ours = time.perf_counter() - began
    lines = [
        f"- precis.analysis.temporal on topic `{record['id']}`: {len(sents)} sentences, {found} date mentions, "
        f"{ours:.2f} s ({len(sents) / ours:,.0f} sentences/s)"
    ]
    try:
        from dateparser.search import search_dates
    except ImportError:
        return [*lines, "- dateparser: not installed"]
    sample = sents[:300]
    began = time.perf_counter()
    for text, pub in sample:
        search_dates(text, languages=["en"], settings={"RELATIVE_BASE": pub} if pub else None)
    theirs = time.perf_counter() - began
    rate = len(sample) / theirs
    lines.append(
        f"- dateparser.search.search_dates on its first {len(sample)} sentences: {theirs:.2f} s "
        f"({rate:,.0f} sentences/s; the whole topic would take about {len(sents) / rate:.0f} s): not used"
    )
    return lines


def main() -> int:
    """Run the benchmark and write the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--topics", help="comma-separated topics to keep, e.g. EgyptianProtest,Finan,H1N1")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "timeline.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.topics:
            args.data = keep_topics(args.data, {t.strip() for t in args.topics.split(",") if t.strip()}, folder)
        return run(args)


def run(args: argparse.Namespace) -> int:
    """Score, time and write the report of ``args``."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    result = evaluate_timelines(args.data, limit=args.limit)
    strict = TimelineScorer(stopwords=True)
    no_stop = {k: 0.0 for k in COLUMNS}
    for record, inst in zip(read_instances(args.data, limit=args.limit), result.instances, strict=True):
        predicted = {date.fromisoformat(d): t for d, t in inst["timeline"].items()}
        scores = strict(predicted, reference_timeline(record))
        for k in COLUMNS:
            no_stop[k] += scores[k] / len(result.instances)
    n_topics = len({topic_of(i["id"]) for i in result.instances})
    per_topic = sum(i["seconds"] for i in result.instances) / n_topics  # every timeline of the topic, from scratch
    lines = [
        "# Timeline summarization: Timeline17 (dev part)",
        "",
        f"- command: `PYTHONPATH=src python bench/timeline.py{' --limit ' + str(args.limit) if args.limit else ''}"
        f"{' --topics ' + args.topics if args.topics else ''}`",
        f"- date: {started}",
        f"- machine: {platform.machine()}, Python {platform.python_version()}, 2 shared cores, one process",
        f"- data: `{Path(args.data).name}`: {len(result.instances)} reference timelines of {n_topics} topics "
        "(the anchors are over all of T17: 19 timelines of 9 topics)",
        "- protocol (news-tls): as many dates as the reference, dates within the reference's first-to-last date, "
        "2 sentences per date; F1 scores; AR = tilse's `align_date_content_costs_many_to_one`",
        "",
        "## Per timeline (ROUGE tokens as `precis eval`: Porter-stemmed, stop words kept)",
        "",
        result.table(name="precis timeline", per_instance=True).rstrip(),
        "",
        "## Means against the anchor",
        "",
        "| system | AR1-F | AR2-F | date F1 | concat R1-F | concat R2-F | seconds per topic |",
        "|---|---|---|---|---|---|---|",
        "| news-tls DATEWISE (published, all T17, tilse with ROUGE stop words removed) "
        f"| {ANCHOR['ar1']:.3f} | {ANCHOR['ar2']:.3f} | {ANCHOR['date_f1']:.3f} | | | ~{ANCHOR['seconds']:.0f} |",
        "| precis, stop words kept (`precis eval` tokens) | "
        + " | ".join(f"{result.mean(k):.3f}" for k in COLUMNS)
        + f" | {per_topic:.2f} |",
        "| precis, English stop words removed (nearer tilse) | "
        + " | ".join(f"{no_stop[k]:.3f}" for k in COLUMNS)
        + f" | {per_topic:.2f} |",
        "",
        f"Speed: {per_topic:.2f} s per topic (all of a topic's timelines, each built from scratch; "
        f"{result.mean('seconds'):.2f} s per timeline) against ~16 s per topic: "
        f"**{ANCHOR['seconds'] / per_topic:.0f}x** faster.",
        "",
        "## Date tagging",
        "",
        *tagger_speed(args.data),
        "",
    ]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
