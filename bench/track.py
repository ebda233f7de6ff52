"""``precis track`` benchmark: dated coverage replayed day by day into a store (issue #18).

Run from the repository root, with nothing else loading the machine:

    PYTHONPATH=src .venv/bin/python bench/track.py [--out bench/results/track.md]

1. **Replays.** Each day's articles are written to one JSONL source (the same
   path every day, as a feed that changes every morning) and ``run_sources``
   stores them: wall time and peak RSS of that day (``VmHWM`` after
   ``clear_refs``), articles and stories in the store, and its size. Each
   replay runs in a fresh single-threaded subprocess, once on SQLite and once
   on PostgreSQL (a throwaway cluster from Debian's binaries, ``fsync=off``
   like the tests; leave it out with ``--stores sqlite``).

   - *Multi-News with assigned dates*: consecutive validation records from
     ``--mn-offset`` until ``--mn-docs`` articles (documents whose exact text
     occurs in more than one record dropped, as in ``bench/stories.py``);
     record ``k`` starts on day ``k mod --days`` and its ``d``-th document is
     published ``d mod 3`` days later, so stories run over several days.
   - *timeline17_dev, topics mixed*: the six topics (Egypt, the financial
     crisis, H1N1, the Iraq war, Michael Jackson, the BP oil spill; a topic's
     outlets together), each shifted so that its first article falls on day 0,
     replayed for ``--t17-days`` days.

2. **Stories.** B-cubed and pairwise F1 against the records (topics) of the
   stories the runs built incrementally, and of :func:`group_stories` in one
   pass over the same stored articles (set-apart articles count as singletons).

3. **Briefings vs DUC 2007 update** (subsets B and C, 100 words, ROUGE-2 and
   ROUGE-1 recall, as ``bench/update.py``): per topic, a fresh store runs A,
   briefs (recorded), runs B, briefs, runs C, briefs; the B and C briefings
   are read in 100 words two ways (stories in order of their number of new
   reports, items concatenated; or leads first: each story's first item, in
   the briefing's order, then the second items...) and scored against the
   references, beside ``precis update`` (new + seen, with and without the
   topic's query) and a plain summary of the new articles. Each row also
   gives its paired difference from ``precis update`` with its standard error
   (20 summaries: differences under about twice that are noise).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = Path(os.environ.get("PRECIS_DEV_DATA") or HERE.parent.parent / "shared" / "data")  # ../shared/data
_DAY0 = datetime(2021, 3, 1, 6, tzinfo=UTC)


# --- data ------------------------------------------------------------------------------------------------------
def multinews_days(*, offset: int, docs: int, days: int) -> tuple[list[list[dict]], dict[str, int]]:
    """Records from ``offset`` until ``docs`` clean documents, as JSONL records per day, and their labels."""
    raw: list[tuple[int, int, str]] = []
    with gzip.open(DATA / "multinews_val.jsonl.gz", "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k < offset:
                continue
            for d, doc in enumerate(json.loads(line)["docs"]):
                if (doc["text"] or "").strip():
                    raw.append((k, d, doc["text"]))
            if len(raw) >= docs * 1.12:
                break
    owners: dict[str, set[int]] = defaultdict(set)
    for k, _, text in raw:
        owners[text.strip()].add(k)
    kept = [(k, d, t) for k, d, t in raw if len(owners[t.strip()]) == 1]
    seen: set[str] = set()
    out: list[list[dict]] = [[] for _ in range(days + 2)]
    label: dict[str, int] = {}
    for k, d, text in kept:
        if len(label) >= docs or " ".join(text.split()) in seen:
            continue
        seen.add(" ".join(text.split()))
        day = (k - offset) % days + d % 3
        when = _DAY0 + timedelta(days=day, hours=d)
        rid = f"r{k}-{d}"
        out[day].append({"id": rid, "text": text, "date": when.isoformat()})
        label[rid] = k
    return out, label


def t17_days(*, days: int) -> tuple[list[list[dict]], dict[str, str]]:
    """timeline17_dev's six topics, each shifted to start on day 0, for ``days`` days."""
    topics = {"EgyptianProtest": "egypt", "Finan": "finance", "H1N1": "h1n1", "IraqWar": "iraq", "MJ": "mj",
              "bpoil": "bpoil"}  # fmt: skip
    docs: dict[str, dict] = {}
    for line in gzip.open(DATA / "timeline17_dev.jsonl.gz", "rt", encoding="utf-8"):
        rec = json.loads(line)
        topic = topics[rec["meta"]["topic"].split("_")[0]]
        for doc in rec["docs"]:
            docs.setdefault(f"{rec['meta']['topic']}/{doc['id']}", {**doc, "topic": topic})
    first: dict[str, str] = {}
    for doc in docs.values():
        first[doc["topic"]] = min(first.get(doc["topic"], doc["date"]), doc["date"])
    out: list[list[dict]] = [[] for _ in range(days)]
    label: dict[str, str] = {}
    seen: set[str] = set()
    for key, doc in sorted(docs.items()):
        shift = (datetime.fromisoformat(doc["date"]) - datetime.fromisoformat(first[doc["topic"]])).days
        body = " ".join(doc["text"].split())
        if shift >= days or body in seen:
            continue
        seen.add(body)
        when = _DAY0 + timedelta(days=shift, hours=12)
        out[shift].append({"id": key, "text": doc["text"], "date": when.isoformat()})
        label[key] = doc["topic"]
    return out, label


# --- scoring ---------------------------------------------------------------------------------------------------
def b_cubed(groups: list[list[str]], label: dict[str, Any]) -> dict[str, float]:
    """B-cubed and pairwise precision, recall and F1 of ``groups`` (lists of ids) against ``label``."""
    cells = Counter((s, label[i]) for s, g in enumerate(groups) for i in g)
    pred = Counter(s for s, g in enumerate(groups) for _ in g)
    gold = Counter(label[i] for g in groups for i in g)
    n = sum(gold.values())
    b_p = sum(c * c / pred[s] for (s, _), c in cells.items()) / n
    b_r = sum(c * c / gold[g] for (_, g), c in cells.items()) / n

    def pairs(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    tp, pp, gp = pairs(cells), pairs(pred), pairs(gold)
    p_p, p_r = (tp / pp if pp else 1.0), (tp / gp if gp else 1.0)
    return {"b3_p": b_p, "b3_r": b_r, "b3_f1": 2 * b_p * b_r / (b_p + b_r) if b_p + b_r else 0.0,
            "pair_f1": 2 * p_p * p_r / (p_p + p_r) if p_p + p_r else 0.0, "groups": len(groups), "n": n}  # fmt: skip


# --- PostgreSQL ------------------------------------------------------------------------------------------------
class Postgres:
    """A throwaway cluster on 127.0.0.1 (as the tests start it)."""

    def __enter__(self) -> Postgres:
        sys.path.insert(0, str(HERE.parent))
        from tests.pg_server import _bin_dir, _free_port

        bindir = _bin_dir()
        if bindir is None:
            raise SystemExit("PostgreSQL's binaries are missing: apt-get install postgresql, or --stores sqlite")
        self.folder = Path(tempfile.mkdtemp(prefix="precis-bench-pg-"))
        self.run_as = []
        if os.geteuid() == 0:
            import pwd

            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self.run_as = ["runuser", "-u", "postgres", "--"]
        self.bindir, self.port = bindir, _free_port()
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        data = str(self.folder / "data")
        initdb = [str(bindir / "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        subprocess.run([*self.run_as, *initdb], check=True, capture_output=True, env=env, cwd=self.folder)
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run([*self.run_as, str(bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-o", options, "-l",
                        str(self.folder / "log"), "-w", "start"], check=True, capture_output=True, env=env,
                       cwd=self.folder)  # fmt: skip
        return self

    def database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def __exit__(self, *exc: object) -> None:
        subprocess.run([*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast",
                        "-w", "stop"], capture_output=True, cwd=self.folder)  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


# --- one replay (child process) --------------------------------------------------------------------------------
def _peak_reset() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _size(location: str) -> int:
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location) as conn:
            return int(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])
    return sum(p.stat().st_size for p in Path(location).parent.glob(Path(location).name + "*"))


def replay(spec: dict) -> dict:
    """Replay one data set into the store at ``spec['location']``; per-day rows and the stories' quality."""
    from precis.store import open_store
    from precis.store.tracking import RunOptions, run_sources

    days, label = multinews_days(**spec["mn"]) if spec["data"] == "multinews" else t17_days(**spec["t17"])
    folder = Path(tempfile.mkdtemp(prefix="precis-bench-track-"))
    source = folder / "today.jsonl"
    source.write_text("")
    rows = []
    options = RunOptions(batch_size=spec["batch_size"])
    with open_store(spec["location"]) as store:
        empty = _size(spec["location"])
        store.add_sources([str(source)])
        for day, records in enumerate(days):
            if not records:
                continue
            source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
            _peak_reset()
            start = time.perf_counter()
            report = run_sources(store, options)
            seconds = time.perf_counter() - start
            counts = store.counts()
            rows.append({"day": day, "new": report.new, "seconds": seconds, "peak_mb": _peak_mb(),
                         "articles": counts["articles"], "stories": counts["stories"], "merged": report.merged,
                         "size": _size(spec["location"])})  # fmt: skip
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        out: dict[str, Any] = {"rows": rows, "empty_size": empty}
        if spec.get("quality"):
            out.update(_quality(store, label))
    shutil.rmtree(folder, ignore_errors=True)
    return out


def _quality(store: Any, label: dict) -> dict:
    from precis.stories.grouping import group_stories

    ids: dict[str, str] = {}  # a<pk> -> read id
    members: list[list[str]] = []
    placed: set[str] = set()
    for story in store.stories():
        group = []
        for m in store.members(story.id):
            ids[m.article.id] = m.article.id
            group.append(m.article.id)
        members.append(group)
        placed.update(group)
    import sqlalchemy as sa

    from precis.store.schema import TABLES

    arts = TABLES["articles"]
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(arts.c.id, arts.c.read_id)).all()
    read = {f"a{pk}": rid for pk, rid in rows}
    members += [[a] for a in read if a not in placed]  # set apart: singletons
    labels = {a: label[r] for a, r in read.items()}
    incremental = b_cubed(members, labels)
    stored = [m.article for s in store.stories() for m in store.members(s.id)]
    stored_ids = {a.id for a in stored}
    stored += [a.article for a in store._articles([int(a[1:]) for a in read if a not in stored_ids])]
    start = time.perf_counter()
    one_pass = group_stories(stored)
    seconds = time.perf_counter() - start
    onepass = b_cubed([list(s.ids) for s in one_pass], labels)
    return {"incremental": incremental, "one_pass": onepass, "one_pass_seconds": seconds}


def in_subprocess(spec: dict) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    done = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], stdout=subprocess.PIPE, env=env,
                          check=True, text=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- briefings vs DUC 2007 update ------------------------------------------------------------------------------
def leads_first(parts: list[dict]) -> list[str]:
    """A briefing read as a reader skims it: each story's first item, in the briefing's order (latest change
    first), then each story's second item, and so on."""
    out: list[str] = []
    for k in range(max((len(p["items"]) for p in parts), default=0)):
        out += [p["items"][k]["text"] for p in parts if k < len(p["items"])]
    return out


def duc_briefings() -> dict[str, dict[str, list[float]]]:
    """ROUGE-1/2 recall at 100 words of briefings, ``precis update`` and a plain summary on subsets B and C."""
    from precis import Article, Summarizer
    from precis.evaluation.rouge import RougeScorer, truncate_words
    from precis.store import open_store
    from precis.store.briefing import BriefOptions, build_briefing, record_briefing
    from precis.store.tracking import run_sources
    from precis.stories.update import summarize_update

    records = [json.loads(line) for line in gzip.open(DATA / "duc2007_update.jsonl.gz", "rt", encoding="utf-8")]
    docs = {d["id"]: d for r in records for d in r["docs"]}
    scorer, summarizer = RougeScorer(), Summarizer()
    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    by_topic: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        by_topic[rec["id"].rsplit("-", 1)[0]].append(rec)

    def article(d: dict) -> Article:  # undated, as in bench/update.py: DUC's dates come in mixed formats
        return Article(d["id"], d["text"], title=d.get("title"))

    def add(system: str, subset: str, items: list[str], refs: list[str]) -> None:
        s = scorer(truncate_words(items, 100), refs)
        for key in (subset, "B+C"):
            scores[system][key + ":r1"].append(s["r1"]["recall"])
            scores[system][key + ":r2"].append(s["r2"]["recall"])

    for _topic, recs in sorted(by_topic.items()):
        folder = Path(tempfile.mkdtemp(prefix="precis-bench-duc-"))
        source = folder / "today.jsonl"
        source.write_text("")
        with open_store(str(folder / "store.db")) as store:
            store.add_sources([str(source)])
            for rec in sorted(recs, key=lambda r: r["meta"]["subset"]):
                lines = [{"id": d["id"], "title": d.get("title"), "text": d["text"]} for d in rec["docs"]]
                source.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
                run_sources(store)
                document, told = build_briefing(store, BriefOptions(words=100, timeline_dates=0))
                record_briefing(store, document, told)
                subset = rec["meta"]["subset"]
                if subset == "A":
                    continue
                parts = sorted(document["stories"], key=lambda p: -len(p["new"]))
                add("track brief", subset, [i["text"] for p in parts for i in p["items"]], rec["refs"])
                add("track brief, leads first", subset, leads_first(document["stories"]), rec["refs"])
                top = parts[0]["items"] if parts else []
                add("track brief (largest story only)", subset, [i["text"] for i in top], rec["refs"])
                new = [article(d) for d in rec["docs"]]
                seen = [article(docs[i]) for i in rec["meta"]["prior_doc_ids"]]
                for name, kwargs in (("precis update, with query", {"query": rec["query"]}), ("precis update", {})):
                    summary = summarize_update(summarizer, new, seen, words=100, **kwargs)
                    add(name, subset, [i.text for i in summary.items], rec["refs"])
                add("precis summarize (new only)", subset,
                    [i.text for i in summarizer.summarize(new, words=100).items], rec["refs"])  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
    return scores


# --- report ----------------------------------------------------------------------------------------------------
def _curve(rows: list[dict], *, every: int) -> list[str]:
    lines = ["| day | new | articles | stories | seconds | peak MB | store MB |", "|---|---|---|---|---|---|---|"]
    for k, r in enumerate(rows):
        if k % every == 0 or k == len(rows) - 1:
            lines.append(f"| {r['day']} | {r['new']} | {r['articles']} | {r['stories']} | {r['seconds']:.2f} | "
                         f"{r['peak_mb']:.0f} | {r['size'] / 1e6:.1f} |")  # fmt: skip
    return lines


def _trend(rows: list[dict]) -> str:
    third = max(1, len(rows) // 3)
    first, last = rows[:third], rows[-third:]

    def per_article(rs: list[dict]) -> float:
        return 1000 * sum(r["seconds"] for r in rs) / max(1, sum(r["new"] for r in rs))

    return (f"first third of the days: {per_article(first):.1f} ms per new article, peak "
            f"{max(r['peak_mb'] for r in first):.0f} MB; last third: {per_article(last):.1f} ms per new article, "
            f"peak {max(r['peak_mb'] for r in last):.0f} MB")  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--child")
    ap.add_argument("--out", default=str(HERE / "results" / "track.md"))
    ap.add_argument("--stores", default="sqlite,postgresql")
    ap.add_argument("--mn-docs", type=int, default=10_000)
    ap.add_argument("--mn-offset", type=int, default=0)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--t17-days", type=int, default=45)
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--skip", default="", help="comma-separated: multinews, t17, duc")
    ap.add_argument("--saved", help="a folder: each replay's result is saved there, and reused when it is there")
    args = ap.parse_args()
    if args.child:
        print(json.dumps(replay(json.loads(args.child))))
        return 0
    skip = set(filter(None, args.skip.split(",")))
    stores = args.stores.split(",")
    results: dict[str, dict] = {}
    pg: Postgres | None = None
    tmp = Path(tempfile.mkdtemp(prefix="precis-bench-stores-"))
    try:
        for data in ("multinews", "t17"):
            if data in skip:
                continue
            for kind in stores:
                saved = Path(args.saved) / f"{data}_{kind}.json" if args.saved else None
                if saved is not None and saved.exists():
                    results[f"{data}/{kind}"] = json.loads(saved.read_text())
                    continue
                if kind == "postgresql":
                    pg = pg or Postgres().__enter__()
                    location = pg.database(f"{data}_{int(time.time())}")
                else:
                    location = str(tmp / f"{data}.db")
                spec = {"data": data, "location": location, "batch_size": args.batch_size,
                        "mn": {"offset": args.mn_offset, "docs": args.mn_docs, "days": args.days},
                        "t17": {"days": args.t17_days}, "quality": kind == stores[0]}  # fmt: skip
                began = time.perf_counter()
                results[f"{data}/{kind}"] = in_subprocess(spec)
                results[f"{data}/{kind}"]["wall"] = time.perf_counter() - began
                print(f"{data}/{kind} done in {results[f'{data}/{kind}']['wall']:.0f} s", file=sys.stderr)
                if saved is not None:
                    saved.write_text(json.dumps(results[f"{data}/{kind}"]))
    finally:
        if pg is not None:
            pg.__exit__()
        shutil.rmtree(tmp, ignore_errors=True)
    duc = None if "duc" in skip else duc_briefings()
    text = report(args, results, duc)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


def report(args: argparse.Namespace, results: dict[str, dict], duc: dict | None) -> str:
    lines = [
        "# precis track: replaying dated coverage into a store (issue #18)", "",
        f"- command: `{shlex.join([sys.executable.split('/')[-1], *sys.argv])}`",
        f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}; each "
        "replay a fresh single-threaded process; PostgreSQL 15 on 127.0.0.1 with fsync=off (as in the tests)",
        f"- run options: batch of {args.batch_size} articles per transaction, stories active within 7 days, their 4 "
        "latest reports compared, at most 3,000 stored articles per batch", "",
    ]  # fmt: skip
    names = {"multinews": f"Multi-News, {args.mn_docs:,} articles over {args.days}+2 days",
             "t17": f"timeline17_dev, six topics aligned on day 0, {args.t17_days} days"}  # fmt: skip
    for key, res in results.items():
        data, kind = key.split("/")
        rows = res["rows"]
        articles = rows[-1]["articles"] if rows else 0
        grown = rows[-1]["articles"] - rows[0]["articles"]  # from the first day's store: no empty-schema overhead
        per_k = (rows[-1]["size"] - rows[0]["size"]) / max(1, grown) * 1000 / 1e6
        lines += [f"## {names[data]}: {kind}", "",
                  f"{len(rows)} runs, {articles:,} articles stored, {rows[-1]['stories']:,} stories; "
                  f"{sum(r['seconds'] for r in rows):.0f} s in runs; store {rows[-1]['size'] / 1e6:.1f} MB "
                  f"({per_k:.2f} MB per 1,000 articles); {sum(r['merged'] for r in rows)} merges.", "",
                  f"Flat? {_trend(rows)}.", ""]  # fmt: skip
        lines += _curve(rows, every=max(1, len(rows) // 12))
        lines.append("")
        if "incremental" in res:
            inc, one = res["incremental"], res["one_pass"]
            lines += ["Stories against the records (topics):", "",
                      "| grouping | articles | stories | B3 P | B3 R | B3 F1 | pair F1 |",
                      "|---|---|---|---|---|---|---|",
                      f"| incremental (track run, day by day) | {inc['n']} | {inc['groups']} | {inc['b3_p']:.3f} | "
                      f"{inc['b3_r']:.3f} | {inc['b3_f1']:.3f} | {inc['pair_f1']:.3f} |",
                      f"| one pass (group_stories over the same articles, {res['one_pass_seconds']:.0f} s) | "
                      f"{one['n']} | {one['groups']} | {one['b3_p']:.3f} | {one['b3_r']:.3f} | {one['b3_f1']:.3f} | "
                      f"{one['pair_f1']:.3f} |", ""]  # fmt: skip
    if duc is not None:
        import numpy as np

        lines += ["## Briefings vs DUC 2007 update (subsets B and C, 100 words, recall, mean of 4 references)", "",
                  "| system | B R-2 | C R-2 | B+C R-2 | B+C R-1 | B+C R-2 minus `precis update` (s.e.) |",
                  "|---|---|---|---|---|---|"]  # fmt: skip
        base = np.array(duc["precis update"]["B+C:r2"])
        for system, vals in duc.items():
            cell = {k: 100 * float(np.mean(v)) for k, v in vals.items()}
            diff = 100 * (np.array(vals["B+C:r2"]) - base)
            paired = f"{diff.mean():+.2f} ({diff.std(ddof=1) / np.sqrt(len(diff)):.2f})" if diff.any() else "-"
            lines.append(f"| {system} | {cell['B:r2']:.2f} | {cell['C:r2']:.2f} | {cell['B+C:r2']:.2f} | "
                         f"{cell['B+C:r1']:.2f} | {paired} |")  # fmt: skip
        lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
