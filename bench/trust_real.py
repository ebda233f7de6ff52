"""Trust benchmark on real dev coverage (issue #15, part b): hand labels of precis's citations and conflicts.

Run from the repository root:

    PYTHONPATH=src python bench/trust_real.py [--out FILE] [--examples 5]       # the figures
    PYTHONPATH=src python bench/trust_real.py review [--all] [--template-out T]  # pairs to label
    PYTHONPATH=src python bench/trust_real.py append TEMPLATE [--decisions FILE] # add labels
    PYTHONPATH=src python bench/trust.py --real ...                              # the same, from trust.py

**The sample** (fixed; data read from ``../shared/data``, never copied): every
record of ``duc2007_main`` (23 clusters of 25 articles; 250 words) and the
first ``MULTINEWS_CLUSTERS`` records of ``multinews_val``, in file order, that
have at least 3 non-blank articles (230 words). Articles are built as
``bench/golden.py`` builds them and summarized by the public API,
``precis.Summarizer().summarize(articles, words=N)``: default settings, no
query; an article precis refuses (no sentence punctuation, not English) is
left out as the CLI leaves it out. The *pairs* of a summary are, for every
item, each *other* article it cites (its spans in that article together: a
citation pair) and each conflict it shows (a conflict pair).

**The labels** (``bench/trust/real_labels.jsonl``) hold no dataset text: a
label is keyed by data set, record id, kind, the item's article id and
offsets (its first citation) and the SHA-1 of its text, the cited article id,
its spans and the SHA-1 of their text (joined by a newline), and for a
conflict the SHA-1 of its two wordings (``said``, a NUL, ``other``). A pair of
today's output whose key or hashes differ from every label is *unlabelled*
(a code change made a new output): ``review`` prints those pairs, numbered,
with the item, the cited span and the wordings, and ``--template-out``
writes their keys; fill ``label`` (0/1), and for every 0 ``error`` (its kind,
below) and ``reason`` (in your own words, no long quotations), or write a
decisions file of lines ``N LABEL [ERROR REASON]`` (N as numbered by
``review``), and ``append`` adds them to the labels (a key already labelled
is kept as it was).

**The labelling rule** (the written set's rule of ``bench/trust.py``, applied
to real news). A label judges the span precis
points to (the cited sentence), not the rest of the cited article.

A *citation* is 1 when the span states the item's facts with the same
figures: the same event, and every fact of the item, a claim carrying a
count, amount, measure, percentage, date or day, or name (of a person,
place or body, and who said it), with the same value in any wording or form
("six" and "6"; "about" and "some" do not change a value). Every claim of
the item counts: each sentence of an item of two sentences, each of two
joined claims ("separated in May and filed in July"), and the text glued to
a sentence on a real page (a headline, a photo caption, a second tweet) when
the item shows it. Not needed, because they identify rather than claim: an
apposition or age ("Brokaw, 74"), an alias, a parenthetical definition, the
outlet that reported it, and the day a statement was made or an event
happened when the span plainly reports the same event; these may be missing,
but a *different* one makes the label 0. The kinds of 0: ``figure`` (a value
differs; a bound or range such as "more than 20" or "8,000 to 10,000" is a
different figure from a value it admits; another speaker for the same
words), ``event`` (another event: a later step, another year's approval),
``topic`` (the same story but another fact, another line of the same page),
``partial`` (the span states part of the item and a fact of it is missing).
A near-duplicate wire copy (the same sentence in another outlet's or
another edition's article) states the fact and is 1: citation precision
asks whether the cited outlet says it, not whether it is independent
(boilerplate repeated verbatim, such as a site's prompt, is 1 for the same
reason).

A *conflict* is 1 when the item and the span give different values for the
same quantity, date or name of the same event (a real disagreement between
outlets, or a running figure such as an arrest count updated by a later
report); it is 0 when the two figures measure different things
(``quantity``: a forecast and the result, a month and a three-month average,
all counts and some counts, two different flu measures), belong to
different events (``event``), are the same value (``same``), or one of them
is not a figure of the fact at all (``misread``: a photo caption's count, a
place name).

**Measures.** Citation precision: labelled citation pairs at 1 over labelled
citation pairs; conflict precision likewise; both per data set and in all,
with the count of items (items citing another article or showing a conflict)
and of unlabelled pairs. A figure with unlabelled pairs is not to be trusted
until they are labelled. Also shown: citation precision if ``partial`` pairs
counted as right (how much of the error is an item saying more than its
citation, rather than a citation of something else), and the wrong pairs by
kind with their reasons.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import precis  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from golden import Failed, articles_of, read_records, usable  # noqa: E402
from trust_audit import DATA  # noqa: E402

LABELS = Path(__file__).resolve().parent / "trust" / "real_labels.jsonl"
MULTINEWS_CLUSTERS = 600
SAMPLE = (("duc2007_main", None, 250), ("multinews_val", MULTINEWS_CLUSTERS, 230))  # (set, clusters, words)
KEY_FIELDS = (
    "dataset",
    "record",
    "kind",
    "item_article",
    "item_start",
    "item_end",
    "item_sha1",
    "cited_article",
    "cited_spans",
    "cited_sha1",
    "wording_sha1",
)
CITATION_ERRORS = ("figure", "event", "topic", "partial")
CONFLICT_ERRORS = ("quantity", "event", "same", "misread")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Pair:
    """One judged unit of today's output: an item and an article it cites, or an item and a conflict it shows."""

    dataset: str
    record: str
    kind: str  # "citation" or "conflict"
    item_article: str
    item_start: int
    item_end: int
    item_text: str
    cited_article: str
    cited_spans: tuple[tuple[int, int], ...]
    cited_text: str
    said: str = ""
    other: str = ""
    conflict_kind: str = ""

    def key(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "record": self.record,
            "kind": self.kind,
            "item_article": self.item_article,
            "item_start": self.item_start,
            "item_end": self.item_end,
            "item_sha1": sha1(self.item_text),
            "cited_article": self.cited_article,
            "cited_spans": [list(s) for s in self.cited_spans],
            "cited_sha1": sha1(self.cited_text),
            "wording_sha1": sha1(f"{self.said}\0{self.other}") if self.kind == "conflict" else "",
        }


def key_of(row: dict[str, Any]) -> str:
    """A label's (or a pair's) identity as one string."""
    return json.dumps([row[f] for f in KEY_FIELDS], ensure_ascii=False)


def sample() -> Iterator[tuple[str, str, list[precis.Article], int]]:
    """The fixed sample: (data set, record id, articles, word budget)."""
    for name, clusters, words in SAMPLE:
        taken = 0
        for record in read_records(DATA / f"{name}.jsonl.gz", None):
            if clusters is not None and taken >= clusters:
                break
            articles = articles_of(record["docs"])
            if len(articles) < 3:
                continue
            taken += 1
            yield name, str(record["id"]), articles, words


def pairs_of(dataset: str, record: str, summary: precis.Summary) -> tuple[int, list[Pair]]:
    """The items that cite another article or show a conflict, and their pairs."""
    text = {a.id: a.text for a in summary.articles}
    items = 0
    out: list[Pair] = []
    for item in summary.items:
        own = item.citations[0]
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for c in item.citations[1:]:
            if c.article_id != own.article_id:
                spans[c.article_id].append((c.start, c.end))
        if not spans and not item.conflicts:
            continue
        items += 1
        base = Pair(dataset, record, "", own.article_id, own.start, own.end, item.text, "", (), "")
        for aid, where in spans.items():
            cited = "\n".join(text[aid][s:e] for s, e in where)
            out.append(replace(base, kind="citation", cited_article=aid, cited_spans=tuple(where), cited_text=cited))
        for k in item.conflicts:
            c = k.citation
            out.append(
                replace(
                    base,
                    kind="conflict",
                    cited_article=c.article_id,
                    cited_spans=((c.start, c.end),),
                    cited_text=text[c.article_id][c.start : c.end],
                    said=k.said,
                    other=k.other,
                    conflict_kind=k.kind,
                )
            )
    return items, out


@dataclass
class Run:
    """Today's output over the sample."""

    clusters: Counter[str]
    failed: Counter[str]
    items: Counter[str]
    pairs: list[Pair]


def run() -> Run:
    summarizer = precis.Summarizer()
    result = Run(Counter(), Counter(), Counter(), [])
    for dataset, record, articles, words in sample():
        result.clusters[dataset] += 1

        def call(kept: list[precis.Article], w: int = words) -> precis.Summary:
            return summarizer.summarize(kept, words=w)

        try:
            summary, _ = usable(call, articles)
        except Failed:
            result.failed[dataset] += 1
            continue
        items, pairs = pairs_of(dataset, record, summary)
        result.items[dataset] += items
        result.pairs += pairs
    return result


def load_labels(path: Path = LABELS) -> dict[str, dict[str, Any]]:
    labels: dict[str, dict[str, Any]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                labels[key_of(row)] = row
    return labels


def review_text(pairs: Sequence[Pair], width: int = 400) -> str:
    """The pairs in review form, numbered from 1."""
    out = []
    for n, p in enumerate(pairs, 1):
        out.append(f"[{n}] {p.dataset} {p.record} {p.kind}{' (' + p.conflict_kind + ')' if p.conflict_kind else ''}")
        out.append(f"  ITEM  {p.item_article} {p.item_start}-{p.item_end}: {p.item_text[:width]}")
        spans = ",".join(f"{s}-{e}" for s, e in p.cited_spans)
        if p.kind == "conflict":
            out.append(f"  SAID  {p.said!r}  OTHER {p.other!r}")
        out.append(f"  CITED {p.cited_article} {spans}: {p.cited_text[:width]}")
        out.append("")
    return "\n".join(out)


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:.1f}%" if den else "-"


def report(result: Run, labels: dict[str, dict[str, Any]], *, examples: int) -> tuple[str, list[Pair]]:
    """The Markdown figures (no dataset text in them) and the unlabelled pairs."""
    rows = []
    unlabelled: list[Pair] = []
    errors: dict[str, list[dict[str, Any]]] = defaultdict(list)
    total: Counter[str] = Counter()
    for dataset in result.clusters:  # in sample order
        c: Counter[str] = Counter()
        for p in result.pairs:
            if p.dataset != dataset:
                continue
            c[p.kind] += 1
            row = labels.get(key_of(p.key()))
            if row is None:
                c[p.kind + "_new"] += 1
                unlabelled.append(p)
                continue
            c[p.kind + "_lab"] += 1
            c[p.kind + "_ok"] += int(row["label"])
            if not row["label"]:
                errors[p.kind].append(row)
        total.update(c)
        rows.append((dataset, result.clusters[dataset], result.failed[dataset], result.items[dataset], c))
    partial = sum(1 for e in errors.get("citation", []) if e.get("error") == "partial")
    rows.append(
        ("**all**", sum(result.clusters.values()), sum(result.failed.values()), sum(result.items.values()), total)
    )
    lines = [
        "| set | clusters | failed | items | citation pairs | labelled | citation precision "
        "| conflicts | labelled | conflict precision | unlabelled |",
        "|---|" + "---:|" * 10,
    ]
    for name, clusters, failed, items, c in rows:
        lines.append(
            f"| {name} | {clusters} | {failed} | {items} | {c['citation']} | {c['citation_lab']} "
            f"| {c['citation_ok']}/{c['citation_lab']} = {_pct(c['citation_ok'], c['citation_lab'])} "
            f"| {c['conflict']} | {c['conflict_lab']} "
            f"| {c['conflict_ok']}/{c['conflict_lab']} = {_pct(c['conflict_ok'], c['conflict_lab'])} "
            f"| {c['citation_new'] + c['conflict_new']} |"
        )
    lines += [
        "",
        f"Citation precision counting `partial` pairs as right: {total['citation_ok'] + partial}/"
        f"{total['citation_lab']} = {_pct(total['citation_ok'] + partial, total['citation_lab'])}.",
        "",
    ]
    if unlabelled:
        lines += [
            f"**{len(unlabelled)} pairs of today's output are unlabelled**: label them "
            "(`review`, then `append`) before trusting these figures.",
            "",
        ]
    for kind in ("citation", "conflict"):
        errs = errors.get(kind, [])
        by = Counter(e.get("error") or "?" for e in errs)
        lines.append(f"#### wrong {kind}s: {len(errs)} ({', '.join(f'{k} {v}' for k, v in by.most_common())})")
        lines += [f"- {e['dataset']} {e['record']} [{e.get('error') or '?'}]: {e['reason']}" for e in errs[:examples]]
        lines.append("")
    return "\n".join(lines), unlabelled


def append(template: Path, decisions: Path | None, path: Path = LABELS) -> int:
    """Add the filled rows of a template (or its rows filled from a decisions file) to the labels."""
    rows = [json.loads(line) for line in template.read_text(encoding="utf-8").splitlines() if line.strip()]
    if decisions is not None:
        for line in decisions.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            n, label, *rest = line.split(None, 2)
            row = rows[int(n) - 1]
            row["label"] = int(label)
            words = " ".join(rest).split(None, 1)
            if words and words[0] in (*CITATION_ERRORS, *CONFLICT_ERRORS):
                row["error"] = words[0]
                words = words[1:]
            row["reason"] = words[0] if words else ""
    known = load_labels(path)
    added = 0
    with path.open("a", encoding="utf-8") as fh:
        for row in rows:
            if row.get("label") not in (0, 1):
                continue
            if row["label"] == 0 and not row.get("reason"):
                raise SystemExit(f"row {row.get('n')}: a 0 needs a reason")
            allowed = CITATION_ERRORS if row["kind"] == "citation" else CONFLICT_ERRORS
            if row["label"] == 0 and row.get("error") not in allowed:
                raise SystemExit(f"row {row.get('n')}: error must be one of {allowed}, got {row.get('error')!r}")
            out = {f: row[f] for f in KEY_FIELDS}
            out["label"] = row["label"]
            if row["label"] == 0:
                out["error"] = row["error"]
            out["reason"] = row.get("reason", "")
            if key_of(out) in known:
                continue
            known[key_of(out)] = out
            fh.write(json.dumps(out, ensure_ascii=False) + "\n")
            added += 1
    return added


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", nargs="?", default="report", choices=("report", "review", "append"))
    ap.add_argument("template", nargs="?", help="append: the filled template (JSONL)")
    ap.add_argument("--decisions", help="append: lines 'N LABEL [ERROR] [reason]' filling the template")
    ap.add_argument("--all", action="store_true", help="review: every pair, labelled or not")
    ap.add_argument("--template-out", dest="template_out", help="review: write the pairs' keys here (JSONL)")
    ap.add_argument("--labels", default=str(LABELS), help="the labels file")
    ap.add_argument("--out", help="report: also write the Markdown here")
    ap.add_argument("--examples", type=int, default=5, help="report: wrong pairs listed per kind")
    args = ap.parse_args(argv)
    labels_path = Path(args.labels)
    if args.command == "append":
        if not args.template:
            ap.error("append needs the template file")
        print(f"added {append(Path(args.template), Path(args.decisions) if args.decisions else None, labels_path)}")
        return 0
    result = run()
    labels = load_labels(labels_path)
    text, unlabelled = report(result, labels, examples=args.examples)
    if args.command == "review":
        chosen = result.pairs if args.all else unlabelled
        print(review_text(chosen))
        if args.template_out:
            with open(args.template_out, "w", encoding="utf-8") as fh:
                for n, p in enumerate(chosen, 1):
                    fh.write(json.dumps({"n": n, **p.key(), "label": None, "reason": ""}, ensure_ascii=False) + "\n")
        print(f"{len(chosen)} pairs", file=sys.stderr)
        return 0
    print(text)
    if unlabelled:
        print("\nUnlabelled pairs (label them with `review` and `append`):\n\n" + review_text(unlabelled))
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
