"""Copy detection benchmark: reprints, trimmed reprints and rewrites of CNN articles, and hard negatives.

Run from the repository root, with nothing else loading the machine:

    PYTHONPATH=src .venv/bin/python bench/copies.py [--n 300] [--out bench/results/copies.md]

For each of ``--n`` ``cnn_stories`` articles (``../shared/data``, read in place)
with at least 8 paragraphs, three copies are made deterministically:

- ``reprint``: the same text with its first paragraph given a new dateline
  and its last paragraph replaced by another outlet's footer (expected kind
  ``duplicate``);
- ``trimmed``: the first 50-70% of its paragraphs (expected ``trimmed``);
- ``reworded``: words swapped from a synonym table, a trailing clause moved
  to the front of sentences that have one, and every seventh sentence
  dropped (expected ``reworded``).

Negatives: each original paired with its nearest other original by TF-IDF
cosine (a different article on a similar topic). All originals and copies go
into one :func:`precis.stories.copies.find_copies` call (so LSH candidate recall
counts), and the negatives are also checked one by one with
:func:`precis.stories.copies.compare` (so a negative the LSH step happened to miss
still counts). Finally the seed texts in ``../shared/samples`` are compared.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import resource
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from precis.analysis.segmenter import segment
from precis.model import Article
from precis.represent.tfidf import TfidfRepresenter
from precis.stories.copies import compare, find_copies

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
SYNONYMS = {
    "said": "stated", "says": "states", "people": "individuals", "police": "officers", "government": "administration",
    "told": "informed", "killed": "slain", "city": "town", "country": "nation", "officials": "authorities",
    "president": "leader", "children": "kids", "women": "females", "men": "males", "year": "twelvemonth",
    "years": "twelvemonths", "week": "seven days", "began": "started", "begin": "start", "big": "large",
    "large": "big", "small": "little", "help": "assist", "helped": "assisted", "show": "display", "showed": "displayed",
    "found": "discovered", "find": "discover", "asked": "requested", "because": "since", "however": "nevertheless",
    "many": "numerous", "several": "various", "important": "significant", "home": "house", "house": "residence",
    "attack": "assault", "attacks": "assaults", "died": "perished", "death": "demise", "money": "funds",
    "car": "vehicle", "job": "position", "jobs": "positions", "buy": "purchase", "bought": "purchased",
    "need": "require", "needed": "required", "tried": "attempted", "try": "attempt", "enough": "sufficient",
    "wanted": "desired", "want": "desire", "called": "termed", "group": "band", "leaders": "chiefs",
    "statement": "announcement", "reported": "stated", "according": "as reported", "also": "additionally",
    "including": "among them", "near": "close to", "before": "prior to", "after": "following", "during": "amid",
    "fight": "battle", "fighting": "combat", "war": "conflict", "hospital": "medical center",
}  # fmt: skip
FOOTER = "This story first appeared in the Northgate Ledger. Subscribe to our newsletter for more."


def load(n: int) -> list[Article]:
    out: list[Article] = []
    with gzip.open(SHARED / "data" / "cnn_stories.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec["docs"][0]["text"]
            if len([p for p in text.split("\n\n") if p.strip()]) >= 8:
                out.append(Article(rec["id"], text))
            if len(out) == n:
                break
    return out


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def reprint(a: Article) -> Article:
    ps = paragraphs(a.text)
    ps[0] = "MILLBROOK (Northgate Ledger) -- " + re.sub(r"^.{0,40}?\(CNN\)\s*--\s*", "", ps[0])
    ps[-1] = FOOTER
    return Article(a.id + "/reprint", "\n\n".join(ps))


def trimmed(a: Article, rng: random.Random) -> Article:
    ps = paragraphs(a.text)
    keep = max(1, round(len(ps) * rng.uniform(0.5, 0.7)))
    return Article(a.id + "/trimmed", "\n\n".join(ps[:keep]))


def reword_sentence(s: str, move: bool) -> str:
    out = re.sub(r"[A-Za-z]+", lambda m: SYNONYMS.get(m.group(0), m.group(0)), s)
    head, sep, tail = out.rstrip(".").partition(", ")
    if move and sep and len(tail) > 15 and len(head) > 15:
        return f"{tail[0].upper()}{tail[1:]}, {head[0].lower()}{head[1:]}."
    return out


def reworded(a: Article, rng: random.Random) -> Article:
    sents = segment(a)
    paras: dict[int, list[str]] = {}
    for k, s in enumerate(sents):
        if k % 7 != 6:
            paras.setdefault(s.paragraph, []).append(reword_sentence(s.text, rng.random() < 0.5))
    return Article(a.id + "/reworded", "\n\n".join(" ".join(p) for p in paras.values()))


def negatives(originals: list[Article]) -> list[tuple[int, int]]:
    x = TfidfRepresenter().fit_transform([a.text for a in originals])
    sims = (x @ x.T).toarray()
    sims[range(len(originals)), range(len(originals))] = -1
    return [(i, int(sims[i].argmax())) for i in range(len(originals))]


def evaluate(originals: list[Article], copies: list[Article]) -> tuple[list[str], float, dict[str, int]]:
    """Run find_copies on everything; per-kind recall, kind accuracy and precision lines."""
    pile = originals + copies
    start = time.perf_counter()
    groups = find_copies(pile)
    seconds = time.perf_counter() - start
    source = {a.id: a.id.split("/")[0] for a in pile}
    predicted = [(g.original, c) for g in groups for c in g.copies]
    true_pos = [(o, c) for o, c in predicted if source[o] == source[c.article_id]]
    by_kind = Counter(c.kind for _, c in predicted)
    correct_by_kind = Counter(c.kind for _, c in true_pos)
    lines = ["| copy made | pairs | found (same group) | kind as expected | kinds given |", "|---|---|---|---|---|"]
    expected = {"reprint": "duplicate", "trimmed": "trimmed", "reworded": "reworded"}
    copy_of = {c.article_id: c for _, c in predicted}
    group_of = {i: g.original for g in groups for i in g.ids}
    for made, kind in expected.items():
        items = [a for a in copies if a.id.endswith("/" + made)]
        found = [a for a in items if group_of.get(a.id) is not None and group_of[a.id] == group_of.get(source[a.id])]
        # the pair's kind, whichever of the two was taken as the original (undated: the longer one)
        pair_kind = {a.id: (copy_of.get(a.id) or copy_of[source[a.id]]).kind for a in found}
        kinds = Counter(pair_kind.values())
        ok = sum(1 for k in pair_kind.values() if k == kind)
        lines.append(f"| {made} (expect {kind}) | {len(items)} | {len(found) / len(items):.3f} | "
                     f"{ok / len(items):.3f} | {dict(kinds)} |")  # fmt: skip
    lines += ["", "| predicted kind | pairs | precision (same source article) |", "|---|---|---|"]
    for kind, count in sorted(by_kind.items()):
        lines.append(f"| {kind} | {count} | {correct_by_kind[kind] / count:.3f} |")
    total = len(predicted)
    lines.append(f"| all | {total} | {len(true_pos) / total if total else 1.0:.3f} |")
    return lines, seconds, {"groups": len(groups)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--out")
    args = parser.parse_args()
    rng = random.Random(0)
    originals = load(args.n)
    copies = [c for a in originals for c in (reprint(a), trimmed(a, rng), reworded(a, rng))]
    lines, seconds, info = evaluate(originals, copies)
    neg = negatives(originals)
    neg_results = [compare(originals[i], originals[j]) for i, j in neg]
    called = sum(r.kind is not None for r in neg_results)
    worst = max(neg_results, key=lambda r: r.coverage_short)
    rew = [compare(a, b) for a, b in zip(originals, copies[2::3], strict=True)]
    samples = {
        p.name[:3]: Article(p.name[:3], p.read_text(encoding="utf-8"))
        for p in sorted((SHARED / "samples").glob("*.txt"))
    }
    sample_lines = ["| pair | coverage (shorter) | coverage (longer) | containment | kind |", "|---|---|---|---|---|"]
    for a, b in (("003", "004"), ("000", "003"), ("000", "004")):
        r = compare(samples[a], samples[b])
        sample_lines.append(f"| {a} vs {b} | {r.coverage_short:.3f} | {r.coverage_long:.3f} | {r.containment:.3f} | "
                            f"{r.kind or 'not a copy'} |")  # fmt: skip
    sample_groups = find_copies(list(samples.values()))
    report = "\n".join([
        "# Copy detection (issue #6)", "",
        f"- command: `PYTHONPATH=src {Path(sys.executable).name} bench/copies.py {' '.join(sys.argv[1:])}`",
        f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}",
        f"- data: first {len(originals)} cnn_stories articles with >= 8 paragraphs, 3 copies each "
        f"({len(originals) + len(copies)} articles in one find_copies call: {seconds:.1f} s, "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, {info['groups']} groups)", "",
        "## Copies found", "", *lines, "",
        "## Hard negatives: each original vs its nearest other original (TF-IDF)", "",
        f"- called copies by `compare`: {called} of {len(neg)} (false-positive rate {called / len(neg):.3f})",
        f"- highest coverage of the shorter article among negatives: {worst.coverage_short:.3f} "
        f"(threshold 0.6); containment {worst.containment:.3f}",
        f"- reworded copies: median shingle containment {sorted(r.containment for r in rew)[len(rew) // 2]:.3f}, "
        f"median coverage {sorted(r.coverage_short for r in rew)[len(rew) // 2]:.3f}", "",
        "## Seed samples (../shared/samples)", "", *sample_lines, "",
        f"`find_copies` on the three samples: {len(sample_groups)} groups.", "",
    ])  # fmt: skip
    if args.out:
        Path(args.out).write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
