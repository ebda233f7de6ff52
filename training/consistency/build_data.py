"""Build the training pairs of precis's consistency model (issue #17).

Writes gzipped JSONL ``{"premise", "hypothesis", "label", "kind", "source"}`` (label 1 supported,
0 not) to ``--out`` (outside the repo: the texts are research copies, never committed):

* NLI: ``nli_pairs.jsonl.gz``, every source, short pairs only (premise <= 80 words, hypothesis
  <= 40), entailment -> 1, neutral / contradiction / not_entailment -> 0, balanced per source.
* News: CNN stories (their highlights and article sentences) and DUC 2006/2007 documents.
  A sentence (or a highlight) against its evidence window of 1-3 article sentences is supported;
  a minimal edit of it (a name from elsewhere in the article, a changed number or date, a negation
  added or removed, another speaker for a quote, two names' roles swapped) or an article sentence
  against a window that does not contain it is not. CNN articles whose text appears in any source
  of ``faithfulness_dev.jsonl.gz`` are skipped, so the benchmark's articles are never trained on.

Deterministic for a given ``--seed``. Usage::

    python training/consistency/build_data.py --data ../shared/data --out build/consistency/pairs.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import blingfire

WORD = re.compile(r"[A-Za-z]+")
ENTITY = re.compile(r"\b(?:[A-Z][a-z'\-]+|[A-Z]{2,})(?:\s+(?:[A-Z][a-z'\-]+|[A-Z]{2,}|of|de|al|bin))*\b")
NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")
SPEECH = re.compile(r"\b((?:[A-Z][a-z'\-]+\s?){1,3})\s+(said|says|told|added|stated|announced|claimed)\b")
AUX = re.compile(r"\b(is|was|are|were|will|would|can|could|has|have|had|should|did|does|do)\b(?! not\b)(?!n't)")
NEG = re.compile(r"\b(is|was|are|were|will|would|can|could|has|have|had|should|did|does|do) not\b")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
STOP_ENTITIES = set(WEEKDAYS + MONTHS) | {
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "In",
    "On",
    "At",
    "But",
    "And",
    "This",
    "That",
    "His",
    "Her",
    "Their",
    "Its",
    "CNN",
    "If",
    "As",
    "For",
    "When",
    "After",
    "While",
    "There",
    "Mr",
    "Mrs",
    "Ms",
    "Some",
    "One",
    "Two",
    "What",
    "Who",
    "Our",
    "You",
    "Not",
    "So",
    "By",
    "With",
    "From",
    "Many",
    "More",
}
STOP = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "and",
    "or",
    "on",
    "at",
    "for",
    "with",
    "by",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "that",
    "this",
    "it",
    "as",
    "from",
    "he",
    "she",
    "they",
    "his",
    "her",
    "their",
    "its",
    "said",
    "has",
    "have",
    "had",
    "not",
    "but",
    "who",
    "which",
    "will",
    "would",
    "s",
    "t",
}


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def sentences(text: str) -> list[str]:
    text = re.sub(r"^.{0,60}\(CNN\)\s*(?:--\s*)?", "", text.strip())
    out: list[str] = []
    for para in text.split("\n"):
        para = para.strip()
        if not para:
            continue
        for s in blingfire.text_to_sentences(para).split("\n"):
            s = s.strip()
            if 5 <= len(s.split()) <= 40:
                out.append(s)
    return out


def content(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)} - STOP


def entities(text: str) -> list[str]:
    found = []
    for m in ENTITY.finditer(text):
        e = m.group(0)
        if m.start() == 0 and " " not in e:  # a sentence's first word is capitalized anyway
            continue
        while e.split()[0] in STOP_ENTITIES and len(e.split()) > 1:
            e = e.split(" ", 1)[1]
        if e not in STOP_ENTITIES and len(e) > 2:
            found.append(e)
    return found


def words(text: str) -> int:
    return len(text.split())


# ---------------------------------------------------------------- minimal edits (label 0)


def swap_entity(h: str, window: str, pool: list[str], rng: random.Random) -> str | None:
    mine = [e for e in entities(h) if e in window]
    others = [e for e in pool if e not in window and e not in h]
    if not mine or not others:
        return None
    old = rng.choice(mine)
    # prefer a replacement of the same length in words (a person for a person, roughly)
    same = [e for e in others if len(e.split()) == len(old.split())] or others
    return h.replace(old, rng.choice(same))


def change_number(h: str, window: str, rng: random.Random) -> str | None:
    nums = list(NUMBER.finditer(h))
    if not nums:
        return None
    m = rng.choice(nums)
    raw = m.group(0).replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    if 1900 <= value <= 2030 and "." not in raw:
        new = str(int(value) + rng.choice([-3, -2, -1, 1, 2, 3]))
    elif "." in raw:
        new = f"{value * rng.choice([0.5, 1.5, 2, 3]):.1f}"
    elif value < 20:
        new = str(rng.choice([v for v in range(2, 25) if v != int(value)]))
    else:
        new = f"{int(value * rng.choice([0.3, 0.5, 2, 3, 10])):,}"
    if new == m.group(0) or new in window:
        return None
    return h[: m.start()] + new + h[m.end() :]


def change_date(h: str, rng: random.Random) -> str | None:
    for names in (WEEKDAYS, MONTHS):
        hits = [n for n in names if re.search(rf"\b{n}\b", h)]
        if hits:
            old = rng.choice(hits)
            return re.sub(rf"\b{old}\b", rng.choice([n for n in names if n != old]), h, count=1)
    return None


def negate(h: str, rng: random.Random) -> str | None:
    m = NEG.search(h)
    if m and rng.random() < 0.5:
        return h[: m.start()] + m.group(1) + h[m.end() :]
    m = AUX.search(h)
    if m:
        return h[: m.end()] + " not" + h[m.end() :]
    if m is None and " n't" not in h:
        m2 = re.search(r"\b(\w+ed)\b", h)
        if m2 and m2.start() > 0:
            return h[: m2.start()] + "did not " + m2.group(1)[:-2] + h[m2.end() :]
    return None


def other_speaker(h: str, window: str, pool: list[str], rng: random.Random) -> str | None:
    m = SPEECH.search(h) or re.search(r"\baccording to ((?:[A-Z][a-z'\-]+\s?){1,3})", h)
    if not m:
        return None
    speaker = m.group(1).strip()
    others = [e for e in pool if e not in window and e != speaker and e not in h]
    if not others:
        return None
    return h.replace(speaker, rng.choice(others), 1)


def swap_roles(h: str, rng: random.Random) -> str | None:
    ents = list(dict.fromkeys(entities(h)))
    if len(ents) < 2:
        return None
    a, b = rng.sample(ents, 2)
    if a in b or b in a:
        return None
    return h.replace(a, "\0").replace(b, a).replace("\0", b)


def perturb(h: str, window: str, pool: list[str], rng: random.Random) -> tuple[str, str] | None:
    ops = ["entity", "number", "date", "negation", "speaker", "roles"]
    rng.shuffle(ops)
    for op in ops:
        if op == "negation" and rng.random() < 0.6:  # else "not" alone would mark a claim unsupported
            continue
        if op == "entity":
            out = swap_entity(h, window, pool, rng)
        elif op == "number":
            out = change_number(h, window, rng)
        elif op == "date":
            out = change_date(h, rng)
        elif op == "negation":
            out = negate(h, rng)
        elif op == "speaker":
            out = other_speaker(h, window, pool, rng)
        else:
            out = swap_roles(h, rng)
        if out and out != h:
            return out, op
    return None


def trim(h: str, rng: random.Random) -> str:
    """A supported paraphrase by deletion: drop a relative clause or a leading adverbial."""
    out = re.sub(r", (?:who|which|whose) [^,]{3,80},", "", h)
    if out == h and rng.random() < 0.5:
        out = re.sub(r"^(?:On|In|At|Last|Earlier|Later) [^,]{2,30}, (\w)", lambda m: m.group(1).upper(), h)
    return out


# ---------------------------------------------------------------- windows


def best_window(h: str, sents: list[str], exclude: set[int] | None = None) -> tuple[int, int, float]:
    want = content(h)
    best = (0, 1, -1.0)
    if not want:
        return best
    for i in range(len(sents)):
        for n in (1, 2, 3):
            j = i + n
            if j > len(sents) or (exclude and any(k in exclude for k in range(i, j))):
                continue
            text = " ".join(sents[i:j])
            if words(text) > 80:
                continue
            rec = len(want & content(text)) / len(want)
            if rec > best[2] + 1e-9:
                best = (i, j, rec)
    return best


def window_around(i: int, sents: list[str], rng: random.Random) -> tuple[int, int]:
    n = rng.choice([1, 2, 2, 3, 3])
    start = max(0, i - rng.randrange(n))
    end = min(len(sents), start + n)
    while end - start > 1 and words(" ".join(sents[start:end])) > 80:
        end -= 1 if end - 1 > i else 0
        if end - start > 1 and words(" ".join(sents[start:end])) > 80:
            start += 1 if start < i else 0
            if start == i and end == i + 1:
                break
    return start, end


def news_pairs(doc_text: str, highlights: list[str], source: str, rng: random.Random) -> list[dict[str, Any]]:
    sents = sentences(doc_text)
    if len(sents) < 6:
        return []
    pool = list(dict.fromkeys(e for s in sents for e in entities(s)))
    out: list[dict[str, Any]] = []

    def add(premise: str, hyp: str, label: int, kind: str) -> None:
        out.append({"premise": premise, "hypothesis": hyp, "label": label, "kind": kind, "source": source})

    for hl in highlights:
        i, j, rec = best_window(hl, sents)
        if rec < 0.75:
            continue
        window = " ".join(sents[i:j])
        add(window, hl, 1, "highlight")
        bad = perturb(hl, window, pool, rng)
        if bad:
            add(window, bad[0], 0, "highlight_" + bad[1])
    picks = rng.sample(range(len(sents)), min(len(sents), 5))
    for k, i in enumerate(picks):
        a, b = window_around(i, sents, rng)
        window = " ".join(sents[a:b])
        hyp = trim(sents[i], rng) if rng.random() < 0.5 else sents[i]
        add(window, hyp, 1, "sentence")
        bad = perturb(hyp, window, pool, rng)
        if bad:
            add(window, bad[0], 0, "sentence_" + bad[1])
        if k < 2:  # a sentence against the best window that does not hold it
            ex = set(range(max(0, i - 1), i + 2))
            a2, b2, rec = best_window(sents[i], sents, exclude=ex)
            if 0.2 <= rec < 0.5:
                add(" ".join(sents[a2:b2]), sents[i], 0, "elsewhere")
    return out


def benchmark_shingles(path: Path) -> set[int]:
    seen: set[int] = set()
    for rec in read_jsonl(path):
        toks = re.findall(r"[a-z]+", rec["source"].lower())
        for k in range(0, max(0, len(toks) - 8), 4):
            seen.add(hash(tuple(toks[k : k + 8])))
    return seen


def overlaps(text: str, seen: set[int]) -> bool:
    toks = re.findall(r"[a-z]+", text.lower())
    hits = sum(hash(tuple(toks[k : k + 8])) in seen for k in range(0, max(0, len(toks) - 8)))
    return hits >= 3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("build/consistency/pairs.jsonl.gz"))
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--nli-per-class", type=int, default=3000, help="pairs per label per NLI source")
    ap.add_argument("--cnn", type=int, default=2600, help="CNN articles to use")
    ap.add_argument("--duc-docs", type=int, default=900)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    rows: list[dict[str, Any]] = []
    by: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for r in read_jsonl(args.data / "nli_pairs.jsonl.gz"):
        if words(r["premise"]) > 80 or words(r["hypothesis"]) > 40:
            continue
        y = int(r["label"] == "entailment")
        by[(r["source"], y)].append(
            {"premise": r["premise"], "hypothesis": r["hypothesis"], "label": y, "kind": "nli", "source": r["source"]}
        )
    for key in sorted(by):
        items = by[key]
        rng.shuffle(items)
        rows.extend(items[: args.nli_per_class])
        print(f"nli {key}: {min(len(items), args.nli_per_class)} of {len(items)}")

    seen = benchmark_shingles(args.data / "faithfulness_dev.jsonl.gz")
    cnn = list(read_jsonl(args.data / "cnn_stories.jsonl.gz"))
    rng.shuffle(cnn)
    used = skipped = 0
    for rec in cnn:
        if used >= args.cnn:
            break
        text = rec["docs"][0]["text"]
        if overlaps(text, seen):
            skipped += 1
            continue
        hl = [h for r in rec["refs"] for h in sentences(r)]
        got = news_pairs(text, hl, "cnn", rng)
        if got:
            used += 1
            rows.extend(got)
    print(f"cnn: {used} articles, {skipped} skipped as faithfulness_dev sources")
    docs = [
        d["text"]
        for f in ("duc2006", "duc2007_main", "duc2007_update")
        for rec in read_jsonl(args.data / f"{f}.jsonl.gz")
        for d in rec["docs"]
    ]
    rng.shuffle(docs)
    for text in docs[: args.duc_docs]:
        rows.extend(news_pairs(text, [], "duc", rng))

    rng.shuffle(rows)
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for r in rows:
        counts[(r["kind"].split("_")[0], r["label"])] += 1
    for key in sorted(counts):
        print("kind", key, counts[key])
    print("total", len(rows), "positive", sum(r["label"] for r in rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
