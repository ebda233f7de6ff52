"""Issue #17, item 4: the consistency model where meaning matters beyond ``precis check``.

Run from the repository root (needs ``precis[model]``):

    PYTHONPATH=src python bench/model_uses.py [--out FILE] [--thresholds 0.3,0.5,0.7] [--skip-real] [--skip-written]

Each use is tried at one decision point of the summarizer, patched for the run only, and measured where
the project measures that decision:

- **citations** (another outlet states the item's fact): the rules of
  :func:`precis.summarizer.citing.states` *and* the model's entailment
  probability that the other outlet's sentence supports ours at least *t*
  (a veto: the model can only take citations away). Measured by citation
  precision and the number of citations on the written set (``bench/trust.py``),
  and on the hand-labelled real sample (``bench/trust_real.py``), where each
  labelled citation pair is scored (cited span -> item) and kept when the
  score is at least *t*.
- **conflicts** (two figures describe the same quantity of the same event): a
  substitution test. In the other outlet's sentence its figure is replaced
  by ours; when that sentence then entails ours (probability at least *t*)
  the two sentences report the same thing and differ only in the figure: the
  conflict is kept. Otherwise (another place, moment, part of a whole) it is
  dropped. Conflict precision and recall on the written set; precision and
  the labelled-true conflicts kept on the real sample.
- **update** (what is new): a candidate sentence of the new articles that the
  seen articles entail (its best window at least *t*) is not news. DUC 2007
  update ROUGE-2 recall at 100 words (``bench/update.py``'s protocol).

The written set and the real sample are precis's own trust benchmarks; the
thresholds are chosen here, on them, so a figure at the best threshold is
optimistic. The baseline row is today's shipped rules.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import trust  # noqa: E402
import trust_real  # noqa: E402

from precis.checking.consistency import load_model  # noqa: E402
from precis.model import Conflict  # noqa: E402
from precis.summarizer import citing  # noqa: E402


class Scorer:
    """The shipped model with a cache: (premise, hypothesis) -> entailment probability."""

    def __init__(self) -> None:
        self.model = load_model()
        self.cache: dict[tuple[str, str], float] = {}
        self.calls = 0

    def __call__(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        todo = [p for p in dict.fromkeys(pairs) if p not in self.cache]
        if todo:
            self.calls += len(todo)
            for p, s in zip(todo, self.model.entailment(todo).tolist(), strict=True):
                self.cache[p] = float(s)
        return [self.cache[p] for p in pairs]


def substituted(theirs: str, other: str, said: str) -> str:
    """``theirs`` with its wording of the figure (``other``) replaced by ours (``said``)."""
    return theirs.replace(other, said, 1) if other and other in theirs else theirs


@contextmanager
def patched(scorer: Scorer, *, cite_at: float | None, conflict_at: float | None) -> Iterator[None]:
    """The citing stage with the model's veto on citations and/or the substitution test on conflicts."""
    states, find = citing.states, citing.find_conflicts

    def states_model(ours: Any, theirs: Any) -> bool:
        if not states(ours, theirs):
            return False
        return cite_at is None or scorer([(theirs.text, ours.text)])[0] >= cite_at

    def find_model(main: int, sentences: Sequence[Any], *args: Any, **kwargs: Any) -> dict[int, tuple[float, Conflict]]:
        found = find(main, sentences, *args, **kwargs)
        if conflict_at is None or not found:
            return found
        ours = sentences[main].text
        keep = {}
        for a, (sim, c) in found.items():
            art_text = next(x.text for x in args[0] if x.id == c.citation.article_id)
            theirs = substituted(art_text[c.citation.start : c.citation.end], c.other, c.said)
            if scorer([(theirs, ours)])[0] >= conflict_at:
                keep[a] = (sim, c)
        return keep

    citing.states, citing.find_conflicts = states_model, find_model  # type: ignore[assignment]
    try:
        yield
    finally:
        citing.states, citing.find_conflicts = states, find  # type: ignore[assignment]


def written_row(name: str, scorer: Scorer, **kw: float | None) -> str:
    start = time.perf_counter()
    with patched(scorer, **kw):
        tallies, _ = trust.run_written(small=False)
    total = trust.Tally()
    for t in tallies.values():
        total.add(t)
    pct = trust._pct
    return (
        f"| {name} | {total.cited} | {pct(trust.ratio(total.cited_ok, total.cited))} | {total.shown_conflicts} "
        f"| {pct(trust.ratio(total.conflicts_ok, total.shown_conflicts))} "
        f"| {total.recalled}/{total.showable} = {pct(trust.ratio(total.recalled, total.showable))} "
        f"| {time.perf_counter() - start:.0f} s |"
    )


def real_rows(scorer: Scorer, thresholds: Sequence[float]) -> list[str]:
    """Labelled pairs of today's output on the real sample, kept or dropped by the model at each threshold."""
    result = trust_real.run()
    labels = trust_real.load_labels()
    judged: dict[str, list[tuple[float, int]]] = {"citation": [], "conflict": []}
    for p in result.pairs:
        row = labels.get(trust_real.key_of(p.key()))
        if row is None:
            continue
        if p.kind == "citation":
            # the cited spans, each alone (an item of two sentences is cited by one span per sentence)
            score = max(scorer([(span, p.item_text) for span in p.cited_text.split("\n")]))
        else:
            score = scorer([(substituted(p.cited_text, p.other, p.said), p.item_text)])[0]
        judged[p.kind].append((score, int(row["label"])))
    rows = []
    for kind, pairs in judged.items():
        n, ok = len(pairs), sum(lab for _, lab in pairs)
        rows.append(f"| {kind} | rules (today) | {n} | {ok}/{n} = {100 * ok / max(n, 1):.1f}% | {ok}/{ok} |")
        for t in thresholds:
            kept = [(s, lab) for s, lab in pairs if s >= t]
            k_ok = sum(lab for _, lab in kept)
            prec = f"{k_ok}/{len(kept)} = {100 * k_ok / len(kept):.1f}%" if kept else "-"
            rows.append(f"| {kind} | + model >= {t:g} | {len(kept)} | {prec} | {k_ok}/{ok} |")
    return rows


UPDATE_DATA = HERE.parent.parent / "shared" / "data" / "duc2007_update.jsonl.gz"
CANDIDATES = 40  # the best-scored new sentences the model reads in update mode


def update_rows(scorer: Scorer, thresholds: Sequence[float]) -> list[str]:
    """DUC 2007 update (B and C, 100 words, ROUGE-2 recall): ``summarize_update`` with and without the veto.

    The veto: among the ``CANDIDATES`` best-scored new sentences still eligible, each is paired with windows of
    its 3 closest seen sentences (TF-IDF cosine, one neighbour each side) and left out when its best entailment
    probability is at least the threshold (the seen articles already say it).
    """
    import gzip
    import json

    import numpy as np

    from precis import Article, Summarizer
    from precis.checking.consistency import sentence_windows
    from precis.evaluation.rouge import RougeScorer, truncate_words
    from precis.stories.update import summarize_update
    from precis.model import Budget

    records = [json.loads(line) for line in gzip.open(UPDATE_DATA, "rt", encoding="utf-8")]
    docs = {d["id"]: d for r in records for d in r["docs"]}
    rouge, summarizer = RougeScorer(), Summarizer()
    r2: dict[str, list[float]] = {"rules": [], **{f"{t:g}": [] for t in thresholds}}
    info = scorer.model.info

    def art(d: dict[str, str]) -> Article:
        return Article(d["id"], d["text"], title=d.get("title"))

    for rec in records:
        if rec["meta"]["subset"] == "A":
            continue
        new = [art(d) for d in rec["docs"]]
        seen = [art(docs[i]) for i in rec["meta"]["prior_doc_ids"]]
        base = summarize_update(summarizer, new, seen, words=100, query=rec["query"])
        r2["rules"].append(rouge(truncate_words([i.text for i in base.items], 100), rec["refs"])["r2"]["recall"])
        # the same preparation as summarize_update, then the model's veto on the best candidates
        from precis.analysis.document import Document
        from precis.stories.update import contrast_scores, max_cosine

        prep0 = summarizer.prepare(new, query=rec["query"])
        seen_sents = [s for a in seen for s in Document.of(a).sentences]
        seen_texts = [s.text for s in seen_sents]
        seen_x = prep0.representer.transform(seen_texts)
        eligible = prep0.eligible & (max_cosine(prep0.x, seen_x) < 0.85)
        scores = np.where(eligible, prep0.scores + 0.5 * contrast_scores(prep0, seen_x), 0.0)
        starts = [i == 0 or seen_sents[i].article_id != seen_sents[i - 1].article_id for i in range(len(seen_sents))]
        cands = [int(i) for i in np.argsort(-scores)[:CANDIDATES] if eligible[i]]
        entailed: dict[int, float] = {}
        for i in cands:
            sims = (seen_x @ prep0.x[i].T).toarray().ravel() if hasattr(seen_x, "toarray") else seen_x @ prep0.x[i]
            best = [int(j) for j in np.argsort(-np.asarray(sims).ravel())[:3]]
            wins = sentence_windows(best, seen_texts, starts, windows=3, neighbours=info.neighbours)
            entailed[i] = max(scorer([(w, prep0.sentences[i].text) for w in wins]), default=0.0)
        for t in thresholds:
            prep = summarizer.prepare(new, query=rec["query"])
            veto = np.zeros(len(prep.sentences), dtype=bool)
            for i, p in entailed.items():
                veto[i] = p >= t
            prep.eligible = eligible & ~veto
            prep.scores = np.where(prep.eligible, scores, 0.0)
            summary = summarizer.select(prep, Budget.from_options(words=100), mode="update")
            r2[f"{t:g}"].append(rouge(truncate_words([i.text for i in summary.items], 100), rec["refs"])["r2"]["recall"])
    rows = [f"| rules (today) | {len(r2['rules'])} | {100 * float(np.mean(r2['rules'])):.2f} |"]
    for t in thresholds:
        vals = r2[f"{t:g}"]
        rows.append(f"| + model: leave out what the seen articles entail (>= {t:g}) | {len(vals)} "
                    f"| {100 * float(np.mean(vals)):.2f} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out")
    ap.add_argument("--thresholds", default="0.3,0.5,0.7")
    ap.add_argument("--skip-real", action="store_true")
    ap.add_argument("--skip-written", action="store_true")
    ap.add_argument("--skip-update", action="store_true")
    args = ap.parse_args(argv)
    thresholds = [float(t) for t in args.thresholds.split(",")]
    scorer = Scorer()
    lines = ["## The consistency model in citations and conflicts (`bench/model_uses.py`)", ""]
    if not args.skip_written:
        lines += [
            "### Written set (`bench/trust.py`, full: every mode and budget)",
            "",
            "| variant | citations | citation precision | conflicts shown | conflict precision "
            "| conflict recall | time |",
            "|---|---:|---:|---:|---:|---:|---:|",
            written_row("rules (today)", scorer, cite_at=None, conflict_at=None),
        ]
        for t in thresholds:
            lines.append(written_row(f"citations: + model >= {t:g}", scorer, cite_at=t, conflict_at=None))
        for t in thresholds:
            lines.append(written_row(f"conflicts: substitution test >= {t:g}", scorer, cite_at=None, conflict_at=t))
        lines.append("")
        print("\n".join(lines), flush=True)
    if not args.skip_real:
        lines += [
            "### Real sample (`bench/trust_real.py`): labelled pairs kept at each threshold",
            "",
            "| kind | variant | pairs | precision | labelled-true kept |",
            "|---|---|---:|---:|---:|",
            *real_rows(scorer, thresholds),
            "",
        ]
    if not args.skip_update:
        lines += [
            "### Update (DUC 2007 update, subsets B and C, 100 words, ROUGE-2 recall)",
            "",
            "| variant | clusters | ROUGE-2 R |",
            "|---|---:|---:|",
            *update_rows(scorer, thresholds),
            "",
        ]
    lines.append(f"Model pairs scored: {scorer.calls}.")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
