"""Context safety by a generic rule: does a shown item lean on a sentence that is not shown?

Used by ``bench/trust.py`` (on the written set, and over the dev sets with
``--audit-dev``). The rule looks at an item's *first* sentence (as precis's
segmenter splits its article) and at its *last* one:

- ``pronoun``: it opens with a personal or possessive pronoun (He, She,
  They, It, His, Their, We...);
- ``connective``: it opens with a discourse connective (But, And, However,
  Still, Meanwhile, Instead, As a result, For example...);
- ``demonstrative``: it opens with This/That/These/Those/Such, unless a time
  word follows ("This week");
- ``definite``: it opens with "The" and a noun that points back to something
  said before (the claim, the remarks, the move, the session, the pair, the
  two...) with no "of/in/at/..." after it to say which;
- ``denial``: it denies, rejects or disputes "the/this/that claim" (or
  allegation, accusation, charge, report);
- ``pronoun-attribution``: a quotation attributed to a bare pronoun
  (``..." she said``);
- ``lower-case``: it opens in lower case (the tail of a quotation), in an
  article that is not lower-cased throughout;
- ``lead-in``: the item's last sentence ends with ``:`` (a list or quotation
  follows).

The first six (and ``lower-case``) need the sentence *before* it in its
article; ``lead-in`` needs the sentence *after* it. The need is met when that
sentence is shown in the same item, or in an item shown earlier (later, for
a lead-in) in the same list (the same summary, the same timeline, the same
story of a digest). Sentences without a word (a stray quotation mark) are
skipped over; an item of an article's first sentence needs nothing before
it. This is a deliberately simple rule list, independent of precis's own
(:mod:`precis.analysis.leaning`, which catches more); its false-positive
rate is measured on a hand-labelled sample (:func:`flagged_sample`,
:func:`label_report`; labels in ``bench/trust/audit_labels.jsonl``, keyed by
dataset, record, article and span with the SHA-1 of the sentence, never its
words). The labelling rule: a flagged sentence is *truly leaning* (1) when
what it asserts cannot be understood without the sentence before it: a
referent (a pronoun, "the statement", "these rules"), the quotation or
list it continues, or the point it answers ("And with reason."). It is
*not leaning* (0) when the flagged word is the only tie and the sentence is
understood alone ("Meanwhile, the Marl bridge reopened on Friday."; "In
addition to the ferry strike, bus drivers in Harwick walked out."), when
the pronoun's referent is named in the same sentence, or
when the sentence is debris or a site notice rather than a sentence of the
article.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from precis import Article, SummaryItem
from precis.analysis.segmenter import segment
from precis.evaluation.rouge import instance_articles

# ../shared/data next to the repository (a worktree one level deeper looks one more level up)
DATA = next(
    (p / "shared" / "data" for p in Path(__file__).resolve().parents[1:4] if (p / "shared" / "data").is_dir()),
    Path(__file__).resolve().parents[2] / "shared" / "data",
)
DEV_SETS = ("duc2006", "duc2007_main", "duc2007_update", "multinews_val", "cnn_stories", "timeline17_dev")

_OPEN = r"^[\"'“‘(\[]*"
_TIME = (
    r"week|weekend|year|month|morning|afternoon|evening|night|day|time|season|decade|century|spring|summer"
    r"|autumn|fall|winter|january|february|march|april|may|june|july|august|september|october|november"
    r"|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pronoun", re.compile(_OPEN + r"(?:he|she|they|it|his|her|their|its|we|our|them|him)\b(?!-)", re.I)),
    (
        "connective",
        re.compile(
            _OPEN + r"(?:but|and|or|nor|so|yet|however|still|also|moreover|furthermore|meanwhile|instead|nevertheless"
            r"|nonetheless|therefore|thus|hence|besides|indeed|otherwise|likewise|similarly|even\s+so|in\s+addition"
            r"|as\s+a\s+result|by\s+contrast|in\s+contrast|on\s+the\s+other\s+hand|that\s+is\s+why|this\s+is\s+why"
            r"|for\s+example|for\s+instance|in\s+response|at\s+the\s+same\s+time|in\s+turn|by\s+then|since\s+then)\b",
            re.I,
        ),
    ),
    ("demonstrative", re.compile(_OPEN + rf"(?:this|that|these|those|such)\b(?!\s+(?:{_TIME})\b)(?!-)", re.I)),
    (
        "definite",
        re.compile(
            _OPEN + r"the\s+(?:claims?|allegations?|accusations?|charges?|remarks|comments|statement|announcement|move"
            r"|decision|proposal|session|incident|deal|agreement|pair|two|latter|former|same|trio|couple)\b"
            r"(?!\s+(?:of|in|at|on|between|with|by|for|from|to|over|about|that|which|who)\b)",
            re.I,
        ),
    ),
    (
        "denial",
        re.compile(
            r"\b(?:deny|denies|denied|reject|rejects|rejected|dismiss|dismisses|dismissed|dispute|disputes|disputed)\s+"
            r"(?:the|this|that|these|those|such)\s+(?:claims?|allegations?|accusations?|charges?|reports?)\b",
            re.I,
        ),
    ),
    (
        "pronoun-attribution",
        re.compile(
            r"[,!?][\"”’']\s*(?:he|she|they)\s+(?:said|says|added|told|noted|argued"
            r"|warned|explained|insisted|replied|wrote)\b",
            re.I,
        ),
    ),
)
_LOWER = re.compile(_OPEN + r"[a-z]")
_WORDY = re.compile(r"[^\W\d_]{2}")  # a sentence with a word in it (not a stray quote mark)


def leaning_rule(text: str, *, mixed_case: bool) -> str | None:
    """The first generic rule by which ``text`` leans on the sentence before it, or None."""
    text = text.strip()
    for name, pattern in RULES:
        if pattern.search(text) if name in ("denial", "pronoun-attribution") else pattern.match(text):
            return name
    if mixed_case and _LOWER.match(text):
        return "lower-case"
    return None


def norm(text: str) -> str:
    """Whitespace collapsed, case folded: how shown text is compared."""
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(frozen=True, slots=True)
class Violation:
    """A shown item that leans on a sentence of its article that is not shown."""

    rule: str
    text: str
    needs: str


class Auditor:
    """Applies the generic rule to lists of shown items; segments each article once."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self.articles = {a.id: a for a in articles}
        self._sentences: dict[str, list[tuple[int, int, str]]] = {}

    def _sents(self, article_id: str) -> list[tuple[int, int, str]]:
        if article_id not in self._sentences:
            self._sentences[article_id] = [(s.start, s.end, s.text) for s in segment(self.articles[article_id])]
        return self._sentences[article_id]

    def audit(self, items: Sequence[SummaryItem]) -> list[Violation]:
        """The generic violations of one shown list, in order."""
        shown = [norm(i.text) for i in items]
        out: list[Violation] = []
        for pos, item in enumerate(items):
            cite = item.citations[0]
            article = self.articles.get(cite.article_id)
            if article is None:
                continue
            sents = self._sents(cite.article_id)
            covered = [k for k, (s, e, _) in enumerate(sents) if s < cite.end and e > cite.start]
            if not covered:
                continue
            first, last = covered[0], covered[-1]
            rule = leaning_rule(sents[first][2], mixed_case=article.text != article.text.lower())
            before = next((k for k in range(first - 1, -1, -1) if _WORDY.search(sents[k][2])), None)
            if rule and before is not None:
                need = norm(sents[before][2])
                if not any(need in t for t in shown[: pos + 1]):
                    out.append(Violation(rule, item.text, sents[before][2]))
            after = next((k for k in range(last + 1, len(sents)) if _WORDY.search(sents[k][2])), None)
            if sents[last][2].rstrip().rstrip("\"'”’").endswith(":") and after is not None:
                need = norm(sents[after][2])
                if not any(need in t for t in shown[pos:]):
                    out.append(Violation("lead-in", item.text, sents[after][2]))
        return out


def _records(name: str, limit: int) -> list[dict[str, Any]]:
    out = []
    with gzip.open(DATA / f"{name}.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= limit:
                break
            out.append(json.loads(line))
    return out


def _lists(
    name: str, record: dict[str, Any], articles: list[Article], docs: dict[str, Article], modes: Sequence[str]
) -> Iterable[tuple[str, list[SummaryItem]]]:
    """(mode, shown list) of every mode of one dev record at default budgets."""
    import precis
    from precis.errors import PrecisError

    summarizer = precis.Summarizer()
    for mode in modes:
        try:
            if mode == "summarize":
                yield mode, list(summarizer.summarize(articles).items)
            elif mode == "outline":
                yield mode, list(summarizer.summarize(articles, outline=True).items)
            elif mode == "digest":
                digest = precis.build_digest(articles)
                for story in digest.stories:
                    yield mode, [b.item for b in story.items]
                    yield "digest-timeline", [i for e in story.timeline for i in e.items]
            elif mode == "timeline":
                yield mode, [i for e in precis.build_timeline(articles).entries for i in e.items]
            elif mode == "update":
                prior = (record.get("meta") or {}).get("prior_doc_ids") or []
                seen = [docs[i] for i in prior if i in docs]
                if seen:
                    yield mode, list(precis.summarize_update(summarizer, articles, seen).items)
        except PrecisError:
            continue


def audit_dev(
    limit: int,
    *,
    sets: Sequence[str] = DEV_SETS,
    examples: int = 20,
    modes: Sequence[str] = ("summarize", "outline", "digest", "timeline", "update"),
) -> str:
    """Markdown: generic violations per dev set and mode over the first ``limit`` records, and examples."""
    import time

    rows, found = [], []
    for name in sets:
        start = time.perf_counter()
        counts: dict[str, Counter[str]] = {}
        docs: dict[str, Article] = {}
        for record in _records(name, limit):
            articles = instance_articles(record)
            if not articles:
                continue
            docs.update({a.id: a for a in articles})
            auditor = Auditor(articles)
            for mode, items in _lists(name, record, articles, docs, modes):
                c = counts.setdefault(mode, Counter())
                c["items"] += len(items)
                for v in auditor.audit(items):
                    c["violations"] += 1
                    c[v.rule] += 1
                    found.append((name, record["id"], mode, v))
        for mode, c in counts.items():
            rules = ", ".join(f"{k} {n}" for k, n in c.most_common() if k not in ("items", "violations"))
            rows.append(f"| {name} | {mode} | {c['items']} | {c['violations']} | {rules or '-'} |")
        rows.append(f"| {name} | (seconds) | {time.perf_counter() - start:.0f} | | |")
    total = Counter(v.rule for *_, v in found)
    lines = [
        f"### Context-safety audit of the dev sets (first {limit} records of each, default budgets)",
        "",
        "| set | mode | items shown | violations | by rule |",
        "|---|---|---:|---:|---|",
        *rows,
        "",
        f"Total: {len(found)} violations ({', '.join(f'{k} {n}' for k, n in total.most_common()) or 'none'}).",
        "",
        f"#### {min(examples, len(found))} examples",
        "",
    ]
    groups: dict[tuple[str, str], list[tuple[str, str, str, Violation]]] = {}
    for hit in found:
        groups.setdefault((hit[0], hit[2]), []).append(hit)
    picked = [g[k] for k in range(max(map(len, groups.values()), default=0)) for g in groups.values() if k < len(g)]
    for name, rid, mode, v in picked[:examples]:
        lines.append(f'- {name} {rid} {mode} [{v.rule}]: "{_short(v.text)}" (needs: "{_short(v.needs)}")')
    return "\n".join(lines) + "\n"


def _short(text: str, n: int = 160) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[: n - 1] + "…"


# --- the audit's own false-positive rate: a hand-labelled sample of the sentences the rule flags ---

LABELS = Path(__file__).resolve().parent / "trust" / "audit_labels.jsonl"


def _sha1(text: str) -> str:
    import hashlib

    return hashlib.sha1(norm(text).encode("utf-8")).hexdigest()


def flagged_sample(
    per_set: int, *, sets: Sequence[str] = DEV_SETS, records: int = 30, rules: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """Sentences of the dev articles that the generic rule flags (not an article's first), ``per_set`` per set.

    Chosen without looking at them: flagged sentences (by ``rules``, or any)
    sorted by the SHA-1 of their text, the first ``per_set`` of each set
    taken. The labelled sample is two such draws: 20 per set by any rule,
    then 10 per set by the rarer rules (definite, denial,
    pronoun-attribution, lower-case); repeats dropped. Each is keyed by
    dataset, record, article id and character span (and the SHA-1 of its
    text), never by its words, so the labels can be kept in the repository.
    """
    out: list[dict[str, Any]] = []
    for name in sets:
        found = []
        for record in _records(name, records):
            for article in instance_articles(record):
                sents = [s for s in segment(article) if _WORDY.search(s.text)]
                mixed = article.text != article.text.lower()
                for k in range(1, len(sents)):
                    rule = leaning_rule(sents[k].text, mixed_case=mixed)
                    if rule and (rules is None or rule in rules):
                        key = {"dataset": name, "record": record["id"], "article": article.id,
                               "start": sents[k].start, "end": sents[k].end, "sha1": _sha1(sents[k].text),
                               "rule": rule}  # fmt: skip
                        found.append((key["sha1"], key, sents[k - 1].text, sents[k].text))
        found.sort(key=lambda f: f[0])
        out += [{**key, "_before": before, "_text": text} for _, key, before, text in found[:per_set]]
    return out


def label_report(path: Path = LABELS) -> str:
    """Markdown: the generic rule's precision on the labelled sample (1 = the sentence truly leans), by rule."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_rule: dict[str, Counter[int]] = {}
    for row in rows:
        by_rule.setdefault(row["rule"], Counter())[row["label"]] += 1
    total = Counter(row["label"] for row in rows)
    lines = [
        f"### The audit's false-positive rate: {len(rows)} flagged sentences labelled by hand",
        "",
        "| rule | flagged | truly leaning | not leaning | false-positive rate |",
        "|---|---:|---:|---:|---:|",
    ]
    for rule, c in sorted(by_rule.items(), key=lambda kv: -sum(kv[1].values())):
        n = c[0] + c[1]
        lines.append(f"| {rule} | {n} | {c[1]} | {c[0]} | {c[0] / n:.0%} |")
    n = total[0] + total[1]
    lines.append(f"| **all** | {n} | {total[1]} | {total[0]} | {total[0] / n:.0%} |" if n else "| **all** | 0 | | | |")
    return "\n".join(lines) + "\n"
