"""Golden outputs: record what precis produces on the dev data, and compare two recordings byte for byte.

A regression harness for behaviour-preserving changes (a refactor, a speed-up): record the outputs of
the code before the change, record them again after it, compare. It uses only the public API of
``precis`` (``import precis``), so one script runs on any module layout.

    # the baseline (a checkout of the old commit; PYTHONPATH makes its code win over the editable install)
    PYTHONPATH=/work/base/src .venv/bin/python bench/golden.py record /work/golden/base
    # the working tree
    .venv/bin/python bench/golden.py record /work/golden/new
    .venv/bin/python bench/golden.py compare /work/golden/base /work/golden/new   # exit 1 on any difference

    # a quick look: 3 records per data set, or a subset of data sets and tasks
    .venv/bin/python bench/golden.py record /tmp/g_small --limit 3
    .venv/bin/python bench/golden.py record /tmp/g_cnn --only cnn_stories --only duc2006:check

``record OUTDIR`` writes one file per (data set, task), ``OUTDIR/DATASET.TASK.jsonl``, one line per
record in input order: ``{"id", "sha256", "output"}`` where ``output`` is the exact JSON text the
CLI would write (``precis.render(..., "json")`` and its digest, timeline and check kin) and
``sha256`` its UTF-8 digest; or ``{"id", "error": "ClassName: message"}`` when precis raised (any
other exception is recorded as ``"INTERNAL ClassName: message"`` and said on stderr: a bug). A
line has ``"skipped"`` when articles precis refused were left out of the call, as the CLI leaves
them out (see :func:`usable`). ``OUTDIR/_run.json`` says which precis ran, with what options, and
how long each data set took; ``compare`` ignores it.

``compare A B`` counts, per file, the records that are identical, that differ, and that are missing
on one side; prints a table, then for the first ``--diffs`` (3) differing records of each file a
unified diff of the pretty-printed JSON (at most 40 lines, long lines cut). Exit status 1 when
anything differs or is missing.

What runs (data from ``../shared/data``, never copied; CLI defaults unless said):

- duc2006, duc2007_main (all records): summarize (250 words, the record's query); check (the
  summary's item texts, one per line, against the articles it summarized); digest; timeline.
- duc2007_update (all): update (B against A, C against A+B, by ``meta.prior_doc_ids``, as
  ``bench/update.py``; 100 words, query); summarize (the A records; 100 words, query).
- timeline17_dev (all): timeline (the reference's number of dates and date span, 2 per date, as
  ``bench/timeline.py``); digest of the record's articles.
- multinews_val (first 1000): summarize (230 words); digest.
- cnn_stories (first 1000): summarize (3 sentences); outline (``outline=True``, 120 words); check
  (of the 3-sentence summary).

Articles are made as ``precis eval`` makes them: id = the doc's id (else its position), text, title,
``published`` from ``date`` when ``datetime.fromisoformat`` parses it; blank texts left out.
``--limit N`` takes the first N records of every data set instead of the defaults above. A whole
``record`` takes about 100 s on this project's machine and writes about 120 MB (every output
carries its articles' text). BLAS and OpenMP run on one thread (set here before numpy loads),
which is lean on a shared machine and keeps floating-point sums in one order.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import difflib  # noqa: E402
import gzip  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Iterator, Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import date, datetime  # noqa: E402
from itertools import islice  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, TypeVar  # noqa: E402

import precis  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
T = TypeVar("T")
Record = dict[str, Any]
Line = dict[str, Any]  # one output line, without its id
DIFF_LINES = 40
DIFF_WIDTH = 160


class Failed(Exception):
    """A call failed; ``line`` is what the output file says about it."""

    def __init__(self, line: Line) -> None:
        super().__init__(line.get("error"))
        self.line = line


# ---------------------------------------------------------------- inputs


def read_records(path: Path, limit: int | None) -> Iterator[Record]:
    """The records of a gzipped JSONL file, in order (at most ``limit``)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in islice(fh, limit):
            yield json.loads(line)


def articles_of(docs: Sequence[dict[str, Any]]) -> list[precis.Article]:
    """The non-blank documents as articles, as ``precis eval`` makes them."""
    out = []
    for k, doc in enumerate(docs):
        text = doc.get("text") or ""
        if not text.strip():
            continue
        stamp = doc.get("date")
        try:
            published = datetime.fromisoformat(stamp) if stamp else None
        except ValueError:
            published = None
        out.append(precis.Article(id=str(doc.get("id") or k), text=text, title=doc.get("title"), published=published))
    return out


def query_of(record: Record) -> str | None:
    query = record.get("query")
    return query if isinstance(query, str) and query.strip() else None


def reference_days(record: Record) -> list[date]:
    """The dates of a Timeline17 reference (``refs[0]`` lines ``YYYY-MM-DD: text``), sorted."""
    days = set()
    for line in str(record["refs"][0]).splitlines():
        if line.strip():
            days.add(date.fromisoformat(line.partition(":")[0].strip()))
    return sorted(days)


# ---------------------------------------------------------------- calls


def error_line(exc: Exception) -> Line:
    name = type(exc).__name__
    if not isinstance(exc, precis.PrecisError):
        print(f"golden: internal error: {name}: {exc}", file=sys.stderr)
        name = f"INTERNAL {name}"
    return {"error": f"{name}: {exc}"}


def usable(call: Callable[[list[precis.Article]], T], articles: list[precis.Article]) -> tuple[T, list[str]]:
    """``call(articles)``, leaving out each article precis refuses while others remain; and the refusals.

    The CLI's ``summarize`` and ``timeline`` set aside the articles that cannot be used (no sentence
    punctuation, not English) and go on with the rest. The public API has no such partition, so an
    ``InputError`` that names one article of several (its ``source``) drops that article and the
    call runs again: the same articles are left out, one at a time.
    """
    kept = list(articles)
    skipped: list[str] = []
    while True:
        try:
            return call(kept), skipped
        except precis.InputError as exc:
            if len(kept) < 2 or exc.source not in {a.id for a in kept}:
                raise Failed({**error_line(exc), **({"skipped": skipped} if skipped else {})}) from exc
            skipped.append(f"{type(exc).__name__}: {exc}")
            kept = [a for a in kept if a.id != exc.source]
        except Exception as exc:
            raise Failed({**error_line(exc), **({"skipped": skipped} if skipped else {})}) from exc


def output_line(render: Callable[[], str], skipped: Sequence[str] = ()) -> Line:
    """The line of a rendered output (or of the error making it raised)."""
    try:
        text = render()
    except Exception as exc:
        line = error_line(exc)
    else:
        line = {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "output": text}
    if skipped:
        line["skipped"] = list(skipped)
    return line


def summarize(
    articles: list[precis.Article], *, query: str | None = None, **budget: Any
) -> tuple[precis.Summary | None, Line]:
    """A summary as ``precis summarize`` makes it (default config, unusable articles left out), and its line."""

    def call(kept: list[precis.Article]) -> precis.Summary:
        return precis.Summarizer(precis.SummarizerConfig()).summarize(kept, query=query, **budget)

    try:
        summary, skipped = usable(call, articles)
    except Failed as failed:
        return None, failed.line
    return summary, output_line(lambda: precis.render(summary, "json"), skipped)


def check(summary: precis.Summary | None, made: Line) -> Line:
    """``precis check`` of a summary's item texts, one per line, against the articles it summarized."""
    if summary is None:
        return {"error": f"no summary to check ({made['error']})"}
    text = "\n".join(item.text for item in summary.items)
    return output_line(lambda: precis.render_check(precis.check(text, list(summary.articles)), "json"))


def digest(articles: list[precis.Article]) -> Line:
    """``precis digest`` with its defaults (it sets unusable articles apart itself)."""
    config = precis.SummarizerConfig()
    return output_line(
        lambda: precis.render_digest(
            precis.build_digest(articles, words=80, stories=None, timeline_dates=4, config=config), "json"
        )
    )


def timeline(articles: list[precis.Article], **options: Any) -> Line:
    """A timeline as ``precis timeline`` makes it (unusable articles left out); ``options`` for build_timeline."""
    try:
        made, skipped = usable(lambda kept: precis.build_timeline(kept, **options), articles)
    except Failed as failed:
        return failed.line
    return output_line(lambda: precis.render_timeline(made, "json"), skipped)


# ---------------------------------------------------------------- data sets


@dataclass(frozen=True, slots=True)
class Dataset:
    """A data file, how many of its records run by default, its tasks, and what runs on one record."""

    name: str
    limit: int | None
    tasks: tuple[str, ...]
    run: Callable[[Record, frozenset[str], dict[str, Any]], dict[str, Line]]
    index: Callable[[Path], dict[str, Any]] | None = None  # made once per data set from the whole file


def run_duc(record: Record, tasks: frozenset[str], _: dict[str, Any]) -> dict[str, Line]:
    arts = articles_of(record["docs"])
    out: dict[str, Line] = {}
    if tasks & {"summarize", "check"}:
        summary, line = summarize(arts, words=250, query=query_of(record))
        if "summarize" in tasks:
            out["summarize"] = line
        if "check" in tasks:
            out["check"] = check(summary, line)
    if "digest" in tasks:
        out["digest"] = digest(arts)
    if "timeline" in tasks:
        out["timeline"] = timeline(arts, dates=None, per_date=2, query=None)
    return out


def docs_by_id(path: Path) -> dict[str, Any]:
    """Every document of the update file by id: what ``meta.prior_doc_ids`` name."""
    return {"docs": {d["id"]: d for r in read_records(path, None) for d in r["docs"]}}


def run_update(record: Record, tasks: frozenset[str], index: dict[str, Any]) -> dict[str, Line]:
    new = articles_of(record["docs"])
    query = query_of(record)
    if record["meta"]["subset"] == "A":
        return {"summarize": summarize(new, words=100, query=query)[1]} if "summarize" in tasks else {}
    if "update" not in tasks:
        return {}
    seen = articles_of([index["docs"][i] for i in record["meta"]["prior_doc_ids"]])
    config = precis.SummarizerConfig()
    return {
        "update": output_line(
            lambda: precis.render(
                precis.summarize_update(precis.Summarizer(config), new, seen, words=100, query=query), "json"
            )
        )
    }


def run_timeline17(record: Record, tasks: frozenset[str], _: dict[str, Any]) -> dict[str, Line]:
    arts = articles_of(record["docs"])
    out: dict[str, Line] = {}
    if "timeline" in tasks:
        days = reference_days(record)
        out["timeline"] = timeline(arts, dates=len(days), per_date=2, start=days[0], end=days[-1])
    if "digest" in tasks:
        out["digest"] = digest(arts)
    return out


def run_multinews(record: Record, tasks: frozenset[str], _: dict[str, Any]) -> dict[str, Line]:
    arts = articles_of(record["docs"])
    out: dict[str, Line] = {}
    if "summarize" in tasks:
        out["summarize"] = summarize(arts, words=230)[1]
    if "digest" in tasks:
        out["digest"] = digest(arts)
    return out


def run_cnn(record: Record, tasks: frozenset[str], _: dict[str, Any]) -> dict[str, Line]:
    arts = articles_of(record["docs"])
    out: dict[str, Line] = {}
    if tasks & {"summarize", "check"}:
        summary, line = summarize(arts, sentences=3)
        if "summarize" in tasks:
            out["summarize"] = line
        if "check" in tasks:
            out["check"] = check(summary, line)
    if "outline" in tasks:
        out["outline"] = summarize(arts, words=120, outline=True)[1]
    return out


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("duc2006", None, ("summarize", "check", "digest", "timeline"), run_duc),
        Dataset("duc2007_main", None, ("summarize", "check", "digest", "timeline"), run_duc),
        Dataset("duc2007_update", None, ("update", "summarize"), run_update, docs_by_id),
        Dataset("timeline17_dev", None, ("timeline", "digest"), run_timeline17),
        Dataset("multinews_val", 1000, ("summarize", "digest"), run_multinews),
        Dataset("cnn_stories", 1000, ("summarize", "outline", "check"), run_cnn),
    )
}


def parse_only(specs: Sequence[str]) -> dict[str, frozenset[str]]:
    """``--only dataset[:task]`` options -> the tasks to run per data set (all when none is given)."""
    if not specs:
        return {name: frozenset(d.tasks) for name, d in DATASETS.items()}
    chosen: dict[str, set[str]] = {}
    for spec in specs:
        name, _, task = spec.partition(":")
        if name not in DATASETS:
            raise SystemExit(f"golden: unknown data set {name!r}; one of {', '.join(DATASETS)}")
        tasks = DATASETS[name].tasks
        if task and task not in tasks:
            raise SystemExit(f"golden: {name} has no task {task!r}; its tasks: {', '.join(tasks)}")
        chosen.setdefault(name, set()).update([task] if task else tasks)
    return {name: frozenset(chosen[name]) for name in DATASETS if name in chosen}  # in the usual order


# ---------------------------------------------------------------- record


def record(args: argparse.Namespace) -> int:
    out_dir = Path(args.outdir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = Path(args.data)
    started = time.perf_counter()
    runs: dict[str, Any] = {}
    print(f"golden: precis {precis.__version__} from {Path(precis.__file__).parent}", file=sys.stderr)
    for name, tasks in parse_only(args.only).items():
        spec = DATASETS[name]
        limit = args.limit if args.limit is not None else spec.limit
        path = data / f"{name}.jsonl.gz"
        began = time.perf_counter()
        index = spec.index(path) if spec.index else {}
        ordered = [t for t in spec.tasks if t in tasks]
        files = {t: (out_dir / f"{name}.{t}.jsonl").open("w", encoding="utf-8") for t in ordered}
        counts: dict[str, Counter[str]] = {t: Counter() for t in ordered}
        n = 0
        try:
            for n, rec in enumerate(read_records(path, limit), start=1):
                for task, line in spec.run(rec, tasks, index).items():
                    files[task].write(json.dumps({"id": rec["id"], **line}, ensure_ascii=False) + "\n")
                    counts[task]["records"] += 1
                    if "error" in line:
                        counts[task][line["error"].split(":", 1)[0]] += 1
                    if "skipped" in line:
                        counts[task]["records with skipped articles"] += 1
                if n % 100 == 0:
                    print(f"golden:   {name}: {n} records, {time.perf_counter() - began:.0f} s", file=sys.stderr)
        finally:
            for fh in files.values():
                fh.close()
        seconds = time.perf_counter() - began
        runs[name] = {"records": n, "seconds": round(seconds, 1), "tasks": {t: dict(counts[t]) for t in ordered}}
        notes = "; ".join(f"{t}: " + ", ".join(f"{k} {v}" for k, v in counts[t].items()) for t in ordered)
        print(
            f"golden: {name}: {n} records in {seconds:.1f} s (total {time.perf_counter() - started:.0f} s); {notes}",
            file=sys.stderr,
        )
    run_file = out_dir / "_run.json"
    previous = json.loads(run_file.read_text(encoding="utf-8")) if run_file.exists() else {}
    meta = {
        "precis": precis.__version__,
        "precis_path": str(Path(precis.__file__).parent),
        "python": platform.python_version(),
        "command": " ".join(sys.argv),
        "datasets": {**previous.get("datasets", {}), **runs},
    }
    run_file.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"golden: done in {time.perf_counter() - started:.0f} s; outputs in {out_dir}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- compare


def read_lines(path: Path) -> dict[str, Line]:
    """The lines of an output file by record id (in file order); an absent file has none."""
    if not path.exists():
        return {}
    out = {}
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = json.loads(raw)
            out[str(line.pop("id"))] = line
    return out


def pretty(line: Line) -> list[str]:
    """A line as sorted, indented JSON lines, its output parsed."""
    view = dict(line)
    view.pop("sha256", None)
    if "output" in view:
        try:
            view["output"] = json.loads(view["output"])
        except json.JSONDecodeError:
            pass
    return json.dumps(view, indent=1, sort_keys=True, ensure_ascii=False).splitlines()


def clip(line: str, at: int) -> str:
    """A diff line (its first character the mark) cut to DIFF_WIDTH characters around position ``at``."""
    mark, text = line[:1], line[1:]
    if len(text) <= DIFF_WIDTH:
        return line
    lo = max(0, min(at - DIFF_WIDTH // 3, len(text) - DIFF_WIDTH))
    return mark + ("..." if lo else "") + text[lo : lo + DIFF_WIDTH] + ("..." if lo + DIFF_WIDTH < len(text) else "")


def first_difference(a: str, b: str) -> int:
    """The first position where ``a`` and ``b`` differ."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def clipped(lines: list[str]) -> list[str]:
    """Diff lines cut to width; a run of removed lines followed by as many added ones is cut where each pair differs."""
    out: list[str] = []
    k = 0
    while k < len(lines):
        minus = k
        while minus < len(lines) and lines[minus].startswith("-") and not lines[minus].startswith("---"):
            minus += 1
        plus = minus
        while plus < len(lines) and lines[plus].startswith("+") and not lines[plus].startswith("+++"):
            plus += 1
        if minus > k and plus - minus == minus - k:
            pairs = list(zip(lines[k:minus], lines[minus:plus], strict=True))
            ats = [first_difference(a[1:], b[1:]) for a, b in pairs]
            out += [clip(a, at) for (a, _), at in zip(pairs, ats, strict=True)]
            out += [clip(b, at) for (_, b), at in zip(pairs, ats, strict=True)]
            k = plus
        else:
            out.append(clip(lines[k], 0))
            k += 1
    return out


def diff(key: str, a: Line, b: Line) -> list[str]:
    """A compact unified diff of two lines, at most DIFF_LINES lines."""
    lines = list(difflib.unified_diff(pretty(a), pretty(b), f"A {key}", f"B {key}", n=2, lineterm=""))
    if not lines:
        return [f"--- {key}: the JSON differs only in key order or white space"]
    more = len(lines) - DIFF_LINES
    return [*clipped(lines[:DIFF_LINES]), *([f"... {more} more diff lines"] if more > 0 else [])]


def compare(args: argparse.Namespace) -> int:
    dir_a, dir_b = Path(args.a), Path(args.b)
    names = sorted({p.name for d in (dir_a, dir_b) for p in d.glob("*.jsonl") if not p.name.startswith("_")})
    if not names:
        print(f"golden: no output files in {dir_a} or {dir_b}", file=sys.stderr)
        return 1
    rows: list[tuple[str | int, ...]] = [("file", "A", "B", "identical", "differing", "only in A", "only in B")]
    shown: list[str] = []
    bad = 0
    for name in names:
        a, b = read_lines(dir_a / name), read_lines(dir_b / name)
        same = sum(1 for k in a if k in b and a[k] == b[k])
        differing = [k for k in a if k in b and a[k] != b[k]]
        only_a, only_b = sum(1 for k in a if k not in b), sum(1 for k in b if k not in a)
        rows.append((name, len(a), len(b), same, len(differing), only_a, only_b))
        bad += len(differing) + only_a + only_b
        for key in differing[: args.diffs]:
            shown += ["", *diff(f"{name} {key}", a[key], b[key])]
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for k, row in enumerate(rows):
        pairs = enumerate(zip(row, widths, strict=True))
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in pairs]
        print("  ".join(cells))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    if shown:
        print("\n".join(shown))
    print(f"\n{'DIFFERENT' if bad else 'IDENTICAL'}: {bad} record(s) differ or are missing in {len(names)} file(s)")
    return 1 if bad else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="write the outputs of the precis on the path")
    rec.add_argument("outdir", metavar="OUTDIR")
    rec.add_argument("--only", action="append", default=[], metavar="DATASET[:TASK]", help="run this only (repeatable)")
    rec.add_argument("--limit", type=int, help="records per data set (default: all; 1000 of multinews and cnn)")
    rec.add_argument("--data", default=str(DATA), help=f"the data folder (default {DATA})")
    cmp = sub.add_parser("compare", help="compare two recordings; exit 1 on any difference")
    cmp.add_argument("a", metavar="OUTDIR_A")
    cmp.add_argument("b", metavar="OUTDIR_B")
    cmp.add_argument("--diffs", type=int, default=3, help="differing records to show per file (default 3)")
    args = parser.parse_args(argv)
    return record(args) if args.command == "record" else compare(args)


if __name__ == "__main__":
    sys.exit(main())
