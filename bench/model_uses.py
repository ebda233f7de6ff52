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
    pct = trust._pct  # noqa: SLF001
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out")
    ap.add_argument("--thresholds", default="0.3,0.5,0.7")
    ap.add_argument("--skip-real", action="store_true")
    ap.add_argument("--skip-written", action="store_true")
    args = ap.parse_args(argv)
    thresholds = [float(t) for t in args.thresholds.split(",")]
    scorer = Scorer()
    lines = ["## The consistency model in citations and conflicts (`bench/model_uses.py`)", ""]
    if not args.skip_written:
        lines += [
            "### Written set (`bench/trust.py`, full: every mode and budget)",
            "",
            "| variant | citations | citation precision | conflicts shown | conflict precision | conflict recall | time |",
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
    lines.append(f"Model pairs scored: {scorer.calls}.")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
