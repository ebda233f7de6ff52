"""Trust benchmark (issue #15): is every claim precis prints right? Written set, and an audit of the dev sets.

Run from the repository root:

    PYTHONPATH=src python bench/trust.py [--small] [--gate] [--out FILE]
    PYTHONPATH=src python bench/trust.py --audit-dev [--records 30] [--sets duc2006,cnn_stories] [--out FILE]
    PYTHONPATH=src python bench/trust.py --real [report|review|append ...]   # hand-labelled real sample

``--real`` passes the rest of the command line to ``bench/trust_real.py``:
citation and conflict precision on a hand-labelled sample of real dev
coverage (DUC 2007 and Multi-News), its labelling rule and labels.

**The written set** (``bench/trust/written.jsonl``): 14 small stories, 45
articles of fictional outlets and people, written for this benchmark (no
wording taken from any real article). In each story outlets agree, reprint,
reword and disagree on figures, dates, names and counts. The expectations
(``bench/trust/expected.json``) were written down with the articles, before
any change to the code, by the rule below. precis runs over every story in
the modes summarize, outline and update (seen: the story's earliest article)
at 40, 80 and 150 words, timeline (1, 2, 3 sentences per date), and digest
(all 45 articles as one pile, 40, 80, 150 words; its story timelines
included). ``--small`` runs 80 words / 2 per date only (a few seconds).

**The labelling rule.** A *fact* is a claim of one sentence that carries a
figure (a count, amount, measure, percentage, date or day, or a name,
including who said it); it is written down as the phrase that states it in
each article that states it *with the same figures* (the same value in any
form: "ninety-two" and "92", "1.5 million" and "1,500,000", "two billion
euros" and "€2 billion", "a dozen" and "twelve"; hedges such as "about",
"roughly", "some" do not change the value). Every sentence that shares a
fact with another article is labelled with all its facts, so a sentence
that says more than another ("230 homes and 19 injured") does not borrow
the other's support. A bound or a range ("more than 90", "between 3 and 4
billion") is a different figure from a value it admits (92; about 3.5
billion): not the same fact, and not a disagreement. Two facts *conflict*
when they give different values for the same quantity of the same event
(same place, day and subject); figures of another event (the Brussels
session vs the Geneva session; the 2019 sinking; another port, another
match, another year's quota) are neither agreement nor conflict, and the
pairs that tempt are listed as ``not_conflicts``. The date of an event
sentence is the calendar day it reports, relative words resolved against
its own article's publication date in the article's own time zone
("Monday's talks" in a Tuesday paper is the day before; "on Thursday" in a
Wednesday story about a coming meeting is the day after; "next Monday" in
a Thursday story is four days on). A sentence with no date words is
labelled with the day of the event it reports only when its article makes
that day certain (the rescue after a Saturday sinking, the goals of
Sunday's match); other sentences are not judged. A *leaning* sentence
cannot be read alone: a pronoun, a definite reference to something named
before ("the claim", "the session", "the two sides"), a connective, a bare
denial or reply, or a lead-in ending in ":" (and the list it introduces);
each is written down with the phrases that give it its meaning (the
antecedent in its own article, then the same antecedent as other articles
word it) and on which side they must be shown.

**Measures.**

- *Citation precision*: over the corroborating citations of every shown
  item (each cited article but the one the text comes from), the share of
  articles that state every fact the item contains (the item's facts: the
  labelled phrases of its source article found in its text). An item with
  no labelled fact is supported only by articles that contain its text
  verbatim (reprints).
- *Conflict precision*: the share of shown conflicts whose item states one
  fact of an expected conflict and whose cited sentence states the other.
  *Trap hits*: shown conflicts between ``not_conflicts`` pairs. *Recall*:
  over (run, expected conflict) pairs where an item states one side and an
  article stating the other side is in the input, the share shown.
- *Date accuracy*: timeline items (``build_timeline`` and the digest's
  story timelines) whose source phrase has an expected date: the share
  filed under that date. Items of no labelled phrase are counted as
  unjudged.
- *Context violations*: *registered*: an item containing a leaning
  sentence whose needed phrase is not in the item nor shown before it (after
  it, for a lead-in) in the same list; *generic*: the rule list of
  ``bench/trust_audit.py`` (also run over the dev sets by ``--audit-dev``).

``--gate`` exits 1 unless citation precision >= 98%, conflict precision >=
90%, conflict recall >= 80% and there are no context violations (registered
or generic) on the written set.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import precis
from precis import Article, SummaryItem
from precis.errors import PrecisError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from trust_audit import DEV_SETS, Auditor, audit_dev, norm

HERE = Path(__file__).resolve().parent / "trust"
TARGETS = {"citation_precision": 0.98, "conflict_precision": 0.90, "conflict_recall": 0.80}
MODES = ("summarize", "outline", "update", "timeline", "digest")


def load(folder: Path = HERE) -> tuple[dict[str, list[Article]], list[dict[str, Any]]]:
    """The written articles by story, and the expectations of each story."""
    stories: dict[str, list[Article]] = defaultdict(list)
    for line in (folder / "written.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        stories[r["story"]].append(
            Article(
                id=r["id"],
                text=r["text"],
                title=r["title"],
                outlet=r["outlet"],
                published=datetime.fromisoformat(r["date"]),
            )
        )
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["stories"]
    return dict(stories), expected


@dataclass
class Tally:
    """Counts of one mode (or of all), and the first examples of each kind of error."""

    runs: int = 0
    failed: int = 0
    items: int = 0
    unkeyed: int = 0
    cited: int = 0
    cited_ok: int = 0
    shown_conflicts: int = 0
    conflicts_ok: int = 0
    traps: int = 0
    showable: int = 0
    recalled: int = 0
    dated: int = 0
    dated_ok: int = 0
    undated: int = 0
    registered: int = 0
    generic: int = 0
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            if name != "errors":
                setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, errs in other.errors.items():
            self.errors[kind].extend(errs)

    def note(self, kind: str, text: str) -> None:
        self.errors[kind].append(text)


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None


class Judge:
    """The expectations, indexed by article id and phrase."""

    def __init__(self, stories: dict[str, list[Article]], expected: list[dict[str, Any]]) -> None:
        self.text = {a.id: a.text for arts in stories.values() for a in arts}
        self.norm_text = {i: norm(t) for i, t in self.text.items()}
        self.facts: dict[str, list[tuple[str, str, frozenset[str]]]] = defaultdict(list)  # article -> facts
        self.phrase: dict[tuple[str, str], str] = {}  # (fact, article) -> normalised phrase
        self.members: dict[str, frozenset[str]] = {}
        self.conflicts: list[tuple[str, str]] = []
        self.traps: list[tuple[str, str]] = []
        self.dates: dict[str, list[tuple[str, date]]] = defaultdict(list)
        self.leaning: list[tuple[str, tuple[str, ...], str]] = []
        for story in expected:
            for fid, where in story["facts"].items():
                self.members[fid] = frozenset(where)
                for aid, phrase in where.items():
                    self.facts[aid].append((fid, norm(phrase), frozenset(where)))
                    self.phrase[fid, aid] = norm(phrase)
            self.conflicts += [tuple(c["facts"]) for c in story["conflicts"]]  # type: ignore[misc]
            self.traps += [tuple(c["facts"]) for c in story["not_conflicts"]]  # type: ignore[misc]
            for d in story["dates"]:
                self.dates[d["article"]].append((norm(d["phrase"]), date.fromisoformat(d["date"])))
            self.leaning += [(norm(x["phrase"]), tuple(map(norm, x["needs"])), x["side"]) for x in story["leaning"]]

    def facts_of(self, item: SummaryItem) -> list[str]:
        """The labelled facts of the item: its source article's phrases found in its text."""
        text = norm(item.text)
        return [fid for fid, phrase, _ in self.facts[item.citations[0].article_id] if phrase in text]

    def supporters(self, item: SummaryItem, facts: Sequence[str]) -> frozenset[str]:
        """The articles that state every fact of the item (or its very text, for an item of no labelled fact)."""
        if not facts:
            text = norm(item.text)
            return frozenset(i for i, t in self.norm_text.items() if text in t)
        return frozenset.intersection(*(self.members[f] for f in facts))

    def _pairs(self, pairs: Sequence[tuple[str, str]], facts: Sequence[str], other: str, span: str) -> list[int]:
        hits = []
        for k, (a, b) in enumerate(pairs):
            for mine, theirs in ((a, b), (b, a)):
                phrase = self.phrase.get((theirs, other))
                if mine in facts and phrase is not None and phrase in span:
                    hits.append(k)
        return hits

    def judge_list(
        self, items: Sequence[SummaryItem], inputs: set[str], tally: Tally, where: str, *, conflicts: bool = True
    ) -> None:
        """Citations, conflicts and registered context safety of one shown list."""
        shown = [norm(i.text) for i in items]
        for pos, item in enumerate(items):
            tally.items += 1
            facts = self.facts_of(item)
            tally.unkeyed += not facts
            ok = self.supporters(item, facts)
            primary = item.citations[0].article_id
            for cited in dict.fromkeys(c.article_id for c in item.citations[1:]):
                if cited == primary:
                    continue
                tally.cited += 1
                if cited in ok:
                    tally.cited_ok += 1
                else:
                    tally.note(
                        "citation",
                        f'{where}: "{item.text[:90]}" cites {cited} (supported by {sorted(ok)}; facts {facts})',
                    )
            if conflicts:
                self._judge_conflicts(item, facts, inputs, tally, where)
            for phrase, needs, side in self.leaning:
                if phrase in shown[pos]:
                    seen = shown[: pos + 1] if side == "before" else shown[pos:]
                    if not any(need in t for need in needs for t in seen):
                        tally.registered += 1
                        tally.note("context", f'{where}: "{item.text[:110]}" shown without "{needs[0]}"')

    def _judge_conflicts(self, item: SummaryItem, facts: list[str], inputs: set[str], tally: Tally, where: str) -> None:
        found: set[int] = set()
        for k in item.conflicts:
            tally.shown_conflicts += 1
            c = k.citation
            span = norm(self.text[c.article_id][c.start : c.end])
            right = self._pairs(self.conflicts, facts, c.article_id, span)
            if right:
                tally.conflicts_ok += 1
                found.update(right)
            else:
                tally.note("conflict", f'{where}: "{item.text[:80]}" vs {c.article_id} ({k.said!r} / {k.other!r})')
            if self._pairs(self.traps, facts, c.article_id, span):
                tally.traps += 1
        for k, (a, b) in enumerate(self.conflicts):
            for mine, theirs in ((a, b), (b, a)):
                if mine in facts and self.members[theirs] & inputs:
                    tally.showable += 1
                    if k in found:
                        tally.recalled += 1
                    else:
                        tally.note(
                            "missed",
                            f'{where}: "{item.text[:80]}" shows no conflict with '
                            f"{sorted(self.members[theirs] & inputs)} ({mine} vs {theirs})",
                        )
                    break

    def judge_timeline(self, entries: Iterable[Any], tally: Tally, where: str) -> None:
        """Dates of the timeline items whose phrase has an expected date."""
        for entry in entries:
            for item in entry.items:
                text = norm(item.text)
                want = {d for phrase, d in self.dates[item.citations[0].article_id] if phrase in text}
                if not want:
                    tally.undated += 1
                    continue
                tally.dated += 1
                if entry.date in want:
                    tally.dated_ok += 1
                else:
                    tally.note(
                        "date",
                        f'{where}: "{item.text[:90]}" under {entry.date}, expected {", ".join(map(str, sorted(want)))}',
                    )


def run_written(small: bool) -> tuple[dict[str, Tally], float]:
    """Every mode and budget over the written set: tallies by mode."""
    stories, expected = load()
    judge = Judge(stories, expected)
    auditor = Auditor(a for arts in stories.values() for a in arts)
    budgets = (80,) if small else (40, 80, 150)
    summarizer = precis.Summarizer()
    tallies = {m: Tally() for m in MODES}
    start = time.perf_counter()

    def shown(mode: str, items: list[SummaryItem], inputs: set[str], where: str, *, timeline: bool = False) -> None:
        t = tallies[mode]
        judge.judge_list(items, inputs, t, where, conflicts=not timeline)
        for v in auditor.audit(items):
            t.generic += 1
            t.note("generic", f'{where} [{v.rule}]: "{v.text[:100]}" needs "{v.needs[:60]}"')

    for sid, arts in stories.items():
        ids = {a.id for a in arts}
        by_date = sorted(arts, key=lambda a: (a.published, a.id))
        for words in budgets:
            for mode in ("summarize", "outline", "update"):
                tallies[mode].runs += 1
                where = f"{mode} {sid} {words}w"
                try:
                    if mode == "update":
                        new = by_date[1:]
                        summary = precis.summarize_update(summarizer, new, by_date[:1], words=words)
                        shown(mode, list(summary.items), {a.id for a in new}, where)
                    else:
                        summary = summarizer.summarize(arts, words=words, outline=mode == "outline")
                        shown(mode, list(summary.items), ids, where)
                except PrecisError as exc:
                    tallies[mode].failed += 1
                    tallies[mode].note("failed", f"{where}: {exc}")
            per_date = {40: 1, 80: 2, 150: 3}[words]
            tallies["timeline"].runs += 1
            where = f"timeline {sid} {per_date}/date"
            timeline = precis.build_timeline(arts, per_date=per_date)
            judge.judge_timeline(timeline.entries, tallies["timeline"], where)
            shown("timeline", [i for e in timeline.entries for i in e.items], ids, where, timeline=True)
    pile = [a for arts in stories.values() for a in arts]
    for words in budgets:
        tallies["digest"].runs += 1
        digest = precis.build_digest(pile, words=words)
        written = {a.id: sid for sid, arts in stories.items() for a in arts}
        for story in digest.stories:
            mixed = sorted({written[a.id] for a in story.articles})
            if len(mixed) > 1 or len(story.articles) < len(stories[mixed[0]]):
                tallies["digest"].note(
                    "grouping",
                    f"digest {words}w: story {story.title[:40]!r} holds {sorted(a.id for a in story.articles)}",
                )
            where = f"digest {words}w story {story.title[:40]!r}"
            shown("digest", [b.item for b in story.items], {a.id for a in story.articles}, where)
            judge.judge_timeline(story.timeline, tallies["digest"], where + " timeline")
            shown("digest", [i for e in story.timeline for i in e.items], set(), where + " timeline", timeline=True)
    return tallies, time.perf_counter() - start


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def report(tallies: dict[str, Tally], seconds: float, *, small: bool, examples: int = 8) -> tuple[str, Tally]:
    """The Markdown table (a row per mode and the total) and examples of every kind of error."""
    total = Tally()
    for t in tallies.values():
        total.add(t)
    head = (
        "| mode | runs | items | unkeyed | citations | citation precision | conflicts shown | conflict precision "
        "| trap hits | conflict recall | dated items | date accuracy | context: registered | context: generic |"
    )
    lines = [
        f"### Trust benchmark, written set ({'small' if small else 'full'}; {seconds:.1f} s)",
        "",
        head,
        "|---|" + "---:|" * 13,
    ]
    for name, t in [*tallies.items(), ("**all**", total)]:
        lines.append(
            f"| {name} | {t.runs} | {t.items} | {t.unkeyed} | {t.cited} | {_pct(ratio(t.cited_ok, t.cited))} "
            f"| {t.shown_conflicts} | {_pct(ratio(t.conflicts_ok, t.shown_conflicts))} | {t.traps} "
            f"| {t.recalled}/{t.showable} = {_pct(ratio(t.recalled, t.showable))} | {t.dated} (+{t.undated} unjudged) "
            f"| {_pct(ratio(t.dated_ok, t.dated))} | {t.registered} | {t.generic} |"
        )
    lines += [
        "",
        "Targets: citation precision >= 98%, conflict precision >= 90%, conflict recall >= 80%, 0 context violations.",
        "",
        f"Digest grouping: {len(total.errors.get('grouping', []))} stories mixing written stories or missing "
        "some of one's articles.",
        "",
    ]
    for kind, errs in total.errors.items():
        lines.append(f"#### {kind}: {len(errs)}" + (f" (first {examples})" if len(errs) > examples else ""))
        lines += [f"- {e}" for e in errs[:examples]] + [""]
    return "\n".join(lines), total


def gate(total: Tally) -> list[str]:
    """The targets the written set misses (empty when all are met)."""
    got = {
        "citation_precision": ratio(total.cited_ok, total.cited),
        "conflict_precision": ratio(total.conflicts_ok, total.shown_conflicts),
        "conflict_recall": ratio(total.recalled, total.showable),
    }
    missed = [f"{k} {_pct(v)} < {_pct(TARGETS[k])}" for k, v in got.items() if v is not None and v < TARGETS[k]]
    if total.registered or total.generic:
        missed.append(f"context violations: {total.registered} registered, {total.generic} generic")
    return missed


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv
    if args_in[:1] == ["--real"]:
        import trust_real

        return trust_real.main(args_in[1:])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", action="store_true", help="one budget per mode (a few seconds)")
    ap.add_argument("--gate", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--out", help="also write the Markdown report here")
    ap.add_argument("--examples", type=int, default=8, help="examples of each kind of error")
    ap.add_argument("--audit-dev", action="store_true", help="audit context safety over the dev sets instead")
    ap.add_argument("--records", type=int, default=30, help="--audit-dev: first N records of each set")
    ap.add_argument("--sets", default=",".join(DEV_SETS), help="--audit-dev: comma-separated dev sets")
    ap.add_argument("--real", action="store_true", help="first option only: run bench/trust_real.py with the rest")
    args = ap.parse_args(args_in)
    if args.real:
        ap.error("--real must be the first option (the rest goes to bench/trust_real.py)")
    if args.audit_dev:
        text = audit_dev(args.records, sets=[s for s in args.sets.split(",") if s], examples=20)
        missed: list[str] = []
    else:
        tallies, seconds = run_written(args.small)
        text, total = report(tallies, seconds, small=args.small, examples=args.examples)
        missed = gate(total)
        text += "\n" + ("Gate: every target met.\n" if not missed else "Gate: missed: " + "; ".join(missed) + "\n")
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    return 1 if args.gate and missed else 0


if __name__ == "__main__":
    sys.exit(main())
