#!/usr/bin/env python
"""Benchmark: which sentence segmenter should precis use for English news?

Run from the repository root:

    .venv/bin/python bench/segmenters.py

Measures, per candidate segmenter:
  * tricky-suite exact match: hand-written cases in bench/segmentation_cases.py,
    a case counts only if the whole list of units matches exactly;
  * BBC sentence recall: on BBC News Summary articles (100 per category) whose
    extractive reference consists of article sentences; a gold sentence is
    recovered when it (whitespace-normalised) equals one of the segments the
    candidate produced for the article (see ``build_bbc_gold``);
  * speed: ms per article on CNN stories, one process, after a warm-up pass.

Writes bench/results/segmentation.md.  Data is read at run time from
../shared/data (never copied into the repository).  No network, no NLTK.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gzip
import json
import platform
import re
import shlex
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = REPO.parent / "shared" / "data"
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # keep bench/ free of __pycache__

from segmentation_cases import CASES, TAGS  # noqa: E402

_WS = re.compile(r"\s+")


def norm(s: str) -> str:
    return _WS.sub(" ", s).strip()


# ---------------------------------------------------------------------------
# Candidate segmenters: text -> list of sentence strings
# ---------------------------------------------------------------------------

_cache: dict = {}


def _pysbd():
    if "pysbd" not in _cache:
        import pysbd

        _cache["pysbd"] = pysbd.Segmenter(language="en", clean=False, char_span=False)
    return _cache["pysbd"]


def _spacy():
    if "spacy" not in _cache:
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        _cache["spacy"] = nlp
    return _cache["spacy"]


def seg_pysbd(text):
    return _pysbd().segment(text)


def seg_syntok(text):
    from syntok import segmenter

    # Slice the original text between sentence starts (token values may be
    # normalised by syntok, offsets are into the original string).
    starts = [sent[0].offset for para in segmenter.analyze(text) for sent in para if sent]
    return [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]


def seg_blingfire(text):
    from blingfire import text_to_sentences

    out = text_to_sentences(text)
    return out.split("\n") if out else []


def seg_spacy(text):
    return [s.text for s in _spacy()(text).sents]


_NAIVE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)]))\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")


def seg_naive(text):
    """Reference only: split at [.!?]Q? + space + capital/digit."""
    return _NAIVE.split(text)


def per_line(fn):
    """Split on newlines first, segment each non-empty line separately."""

    def run(text):
        out = []
        for line in text.splitlines():
            if line.strip():
                out.extend(fn(line))
        return out

    return run


def seg_spacy_lines(text):
    lines = [l for l in text.splitlines() if l.strip()]
    return [s.text for doc in _spacy().pipe(lines) for s in doc.sents]


# ---------------------------------------------------------------------------
# Post-processing fix ("+fix" rows).  Input: the segments a per-line segmenter
# produced for ONE line.  All patterns are Python `re`; Q = any quote char.
#
# Line level (before segmenting):
#  L1 join wrapped lines: a line that does not end in [.!?:;]Q* and is not a
#     bullet, followed by a line starting with [a-z], is joined to it.
# Split rules (inside each segment):
#  S1 stop after a plain lowercase word, then a capital/digit (blingfire keeps
#     "...home. Dr. Smith", "...broke in. Clashes", "...127 mph. Initial",
#     "...tall. 3,500 pounds" together):
#       (?<![\w.'\u2019-])((?!LOWER_ABBR|(?<=\d )in\.)[a-z]{2,}[.!?]) (?=["\u201c]?[A-Z0-9])
#     LOWER_ABBR = (vs|v|approx|cf|est|etc|al|no|nos|op|pp|vol|fig|ca|dir|ed|eds|jr|sr|
#                   inc|corp|ltd|co|dept|univ|bros|gov|sen|rep|ft|lb|lbs|oz|sq|yr|yrs|
#                   hr|hrs|min|mins|sec|secs|pt|qt|tsp|tbsp|ext|tel|ave|blvd)\.
#  S2 abbreviation that can end a sentence, then a sentence-starter word:
#       ((?<![\w.])(?:[A-Z]\.){2,}|\b(?:Inc|Corp|Co|Ltd|Bros|etc)\.|\b[ap]\.m\.) (?=STARTER\b(?!-))
#     STARTER = The|A|An|He|She|It|They|We|I|This|These|Those|There|His|Her|Its|
#               Their|Our|But|And|However|Meanwhile|Officials|In|On|At|For|If|When|While|After
#  S3 "etc." then any capitalised word that is not a day, month or zone:
#       (\betc\.) (?=(?!DAY|MONTH|Eastern|Pacific|Central|Mountain)[A-Z][a-z])
#     (not applied to a.m./p.m.: "7 a.m. Bible study" is as common as
#     "at 9 p.m. Congress ...", so p.m. + non-STARTER word stays unsplit)
# Repair / merge rules (between consecutive segments prev, next):
#  Q1 prev ends with a stranded opening quote  (^|\s)["\u201c\u2018]$  -> move it to next
#  Q2 next starts with a stranded closing quote  ^["\u201d\u2019]\s  -> move it to prev
#     (for a straight " both only when prev holds an odd number of ", i.e. the
#     quote really is unbalanced there)
#  M0 next is only closing punctuation  ^["'\u201d\u2019)\]]+$  -> append to prev
#  M1 prev ends with a title that never ends a sentence -> merge
#       (?<![\w.])(?:Mr|Mrs|Ms|Dr|Gen|Sen|Gov|Rep|Prof|Lt|Col|Sgt|Capt|Maj|Adm|Brig|Rev|Hon|vs|e\.g|i\.e)\.$
#  M2 prev ends with No./Nos./month abbreviation and next starts with a digit -> merge
#       (?<![\w.])(?:No|Nos|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$  +  ^\d
#  M3 middle initial: prev ends  \b[A-Z][a-z]+ [A-Z]\.$  and next starts with a
#     capitalised word that is not a STARTER -> merge  ("Sergey V. | Lavrov")
#  M4 lowercase continuation: next starts  ^Q?[a-z](?![a-z]*[A-Z])  (not eBay/iPhone)
#     and prev ends with  [?!]Q*$  ("Why?" | he asked), an ellipsis (\.\.\.|\u2026)Q*$,
#     or an abbreviation-like token  (?<!\w)(?:[A-Za-z]{1,2}\.)+$ | (?<!\w)(?:etc|approx|[A-Z][a-z]{1,4})\.$
#     -> merge.
#     A plain "word." + lowercase is NOT merged (keeps lowercased corpora usable).
# ---------------------------------------------------------------------------

_Q = "\"'\u201c\u201d\u2018\u2019"
_STARTER = (r"(?:The|A|An|He|She|It|They|We|I|This|These|Those|There|His|Her|Its|Their|Our|"
            r"But|And|However|Meanwhile|Officials|In|On|At|For|If|When|While|After)\b(?!-)")
_DAYMON = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
           r"March|April|May|June|July|August|September|October|November|December|Jan|Feb|"
           r"Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Eastern|Pacific|Central|Mountain)\b")
_L1_END = re.compile(r"[.!?:;][" + _Q + r")\]]*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa\u2013]|\d+[.)])\s")
_LOWER_LINE = re.compile(r"^\s*[a-z]")
_LOWER_ABBR = (r"(?:vs|v|approx|cf|est|etc|al|no|nos|op|pp|vol|fig|ca|dir|ed|eds|jr|sr|inc|corp|ltd|co|"
               r"dept|univ|bros|gov|sen|rep|ft|lb|lbs|oz|sq|yr|yrs|hr|hrs|min|mins|sec|secs|pt|qt|"
               r"tsp|tbsp|ext|tel|ave|blvd)\.")
_S1 = re.compile(r"(?<![\w.'\u2019-])((?!" + _LOWER_ABBR + r"|(?<=\d )in\.)[a-z]{2,}[.!?]) "
                 r"(?=[\"\u201c]?[A-Z0-9])")
_S2 = re.compile(r"((?<![\w.])(?:[A-Z]\.){2,}|\b(?:Inc|Corp|Co|Ltd|Bros|etc)\.|\b[ap]\.m\.) (?=" + _STARTER + ")")
_S3 = re.compile(r"(\betc\.) (?=(?!" + _DAYMON + r")[A-Z][a-z])")
_Q1 = re.compile(r"(?:^|\s)([\"\u201c\u2018])$")
_Q2 = re.compile(r"^([\"\u201d\u2019])\s+")
_M0 = re.compile(r"^[" + _Q + r")\]]+$")
_M1 = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Gen|Sen|Gov|Rep|Prof|Lt|Col|Sgt|Capt|Maj|Adm|Brig|Rev|Hon|vs|e\.g|i\.e)\.$")
_M2 = re.compile(r"(?<![\w.])(?:No|Nos|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")
_M3 = re.compile(r"\b[A-Z][a-z]+ [A-Z]\.$")
_CAP_NONSTARTER = re.compile(r"^(?!" + _STARTER + r")[A-Z][a-z]")
_M4_NEXT = re.compile(r"^[" + _Q + r"]?[a-z](?![a-z]*[A-Z])")
_M4_PREV = re.compile(r"(?:[?!][" + _Q + r")\]]*|(?:\.\.\.|\u2026)[" + _Q + r"]*"
                      r"|(?<!\w)(?:[A-Za-z]{1,2}\.)+|(?<!\w)(?:etc|approx|[A-Z][a-z]{1,4})\.)$")


def join_wrapped_lines(text):
    lines = [l for l in text.splitlines() if l.strip()]
    out = []
    for line in lines:
        if (out and _LOWER_LINE.match(line) and not _L1_END.search(out[-1])
                and not _BULLET.match(line)):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return out


def _split_more(seg):
    if ". " not in seg:  # every split rule needs an inner ". "
        return [seg]
    seg = _S1.sub("\\1\n", seg)
    seg = _S2.sub("\\1\n", seg)
    seg = _S3.sub("\\1\n", seg)
    return seg.split("\n")


def _should_merge(prev, nxt):
    if _M1.search(prev):
        return True
    if nxt[:1].isdigit() and _M2.search(prev):
        return True
    if _M3.search(prev) and _CAP_NONSTARTER.match(nxt):
        return True
    if _M4_NEXT.match(nxt) and _M4_PREV.search(prev):
        return True
    return False


def merge_fix(segments):
    out = []
    for seg in segments:
        for s in _split_more(seg.strip()):
            s = s.strip()
            if not s:
                continue
            if out:
                m = _Q1.search(out[-1])
                if m and (m.group(1) != '"' or out[-1].count('"') % 2 == 1):
                    # Q1: stranded opening quote -> next segment
                    out[-1] = out[-1][:m.start(1)].rstrip()
                    s = m.group(1) + s
                    if not out[-1]:
                        out.pop()
            if out:
                m = _Q2.match(s)
                if m and (m.group(1) != '"' or out[-1].count('"') % 2 == 1):
                    # Q2: stranded closing quote -> previous segment
                    out[-1] += m.group(1)
                    s = s[m.end():]
                    if not s:
                        continue
                if _M0.match(s):
                    out[-1] += s
                    continue
                if _should_merge(out[-1], s):
                    out[-1] = out[-1] + " " + s
                    continue
            out.append(s)
    return out


def with_fix(fn):
    """L1 line joining, per-line segmentation with fn, then merge_fix per line."""

    def run(text):
        out = []
        for line in join_wrapped_lines(text):
            out.extend(merge_fix(fn(line)))
        return out

    return run


def _spacy_lines_fix(text):
    out = []
    for doc in _spacy().pipe(join_wrapped_lines(text)):
        out.extend(merge_fix([s.text for s in doc.sents]))
    return out


def seg_precis(text):
    """precis's own Segmenter (blingfire + its repair rules), bullets shown with their marker."""
    from precis.analysis.segmenter import Segmenter
    from precis.model import Article

    out = []
    for sent in Segmenter()(Article("bench", text)):
        start = sent.start
        if sent.kind == "bullet":
            start = text.rfind("\n", 0, start) + 1
        out.append(text[start:sent.end])
    return out


CANDIDATES = {
    "precis Segmenter (shipped)": seg_precis,
    "pysbd": seg_pysbd,
    "syntok": seg_syntok,
    "blingfire": seg_blingfire,
    "blingfire per-line": per_line(seg_blingfire),
    "spaCy sentencizer per-line": seg_spacy_lines,
    "pysbd per-line": per_line(seg_pysbd),
    # extra rows
    "spaCy sentencizer (whole text)": seg_spacy,
    "syntok per-line": per_line(seg_syntok),
    "blingfire per-line +fix": with_fix(seg_blingfire),
    "spaCy per-line +fix": _spacy_lines_fix,
    "pysbd per-line +fix": with_fix(seg_pysbd),
    "naive regex per-line (reference)": per_line(seg_naive),
}


# ---------------------------------------------------------------------------
# Evaluation data
# ---------------------------------------------------------------------------


def read_jsonl_gz(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


# Where a reference may have been cut into two article sentences: after . ! ?
# and after each closing quote/bracket that follows, when the next char is a
# space, an opening quote or an uppercase letter (refs glue ``said."The``).
_REF_CUT = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*(?= |[\"'\u201c\u2018A-Z])")
# Inside a multi-sentence chunk: a sentence end followed by a capitalised word,
# unless the word before the stop is an abbreviation or a single initial.
_INNER_CUT = re.compile(r"(?<=[.!?])([\"'\u201d\u2019)]?) (?=[\"'\u201c\u2018(]?[A-Z0-9])")
_NO_CUT_BEFORE = re.compile(
    r"(?:(?<![\w.])[A-Z]|(?<![\w.])(?:[A-Za-z]\.)+[A-Za-z]|Mr|Mrs|Ms|Dr|St|No|Gen|Sen|Gov|Rep|"
    r"Prof|Inc|Corp|Co|Ltd|Jr|Sr|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"[.!?][\"'\u201d\u2019)]?$"
)


def _occurs_bounded(piece: str, art: str) -> bool:
    """piece occurs in art, starting and ending at whitespace/text edges."""
    i = art.find(piece)
    while i >= 0:
        j = i + len(piece)
        if (i == 0 or art[i - 1] == " ") and (j == len(art) or art[j] == " "):
            return True
        i = art.find(piece, i + 1)
    return False


def split_ref(ref: str, art: str):
    """Cut a reference into the fewest article substrings (DP over cut points).

    Each piece is a maximal run of article sentences that the reference copies
    in article order; returns None if the reference cannot be decomposed.
    """
    cuts = sorted({k for m in _REF_CUT.finditer(ref) for k in range(m.start() + 1, m.end() + 1)}
                  | {len(ref)})
    best = {0: (0, None)}
    for j in cuts:
        for i in [0] + cuts:
            if i >= j:
                break
            if i not in best:
                continue
            piece = ref[i:j].strip()
            if piece and _occurs_bounded(piece, art):
                c = best[i][0] + 1
                if j not in best or c < best[j][0]:
                    best[j] = (c, i)
    if len(ref) not in best:
        return None
    pieces, j = [], len(ref)
    while j:
        i = best[j][1]
        pieces.append(ref[i:j].strip())
        j = i
    return pieces[::-1]


def split_chunk(chunk: str):
    """Split a multi-sentence chunk at unambiguous inner sentence ends."""
    parts, last = [], 0
    for m in _INNER_CUT.finditer(chunk):
        head = chunk[last:m.start(1) + len(m.group(1))]
        if _NO_CUT_BEFORE.search(head):
            continue
        parts.append(head.strip())
        last = m.end()
    parts.append(chunk[last:].strip())
    return [p for p in parts if p]


def build_bbc_gold(per_category: int):
    """Gold sentences from BBC extractive references.

    Refs are article sentences concatenated in *score* order (not article
    order), joined by one space, or by nothing before an opening quote
    (``months."I think``).  We cut each ref into the fewest whitespace-bounded
    article substrings; where the ref reorders sentences this fixes a boundary
    with certainty.  Runs that the ref copies in article order (~5% of pieces)
    are split further at '. ' + capitalised word unless an abbreviation /
    initial precedes the stop (BBC style writes 'Mr', 'US' without dots, so
    this affects almost nothing).
    Returns (docs, stats) with docs = [(article_text, [(unit, edge_certain)])].
    """
    taken = Counter()
    docs, stats = [], Counter()
    for rec in read_jsonl_gz(DATA / "bbc_news_summary.jsonl.gz"):
        cat = rec.get("meta", {}).get("category", "?")
        if taken[cat] >= per_category:
            continue
        taken[cat] += 1
        text = rec["docs"][0]["text"]
        art, ref = norm(text), norm(rec["refs"][0])
        pieces = split_ref(ref, art)
        stats["articles"] += 1
        if pieces is None:
            stats["articles_undecomposable"] += 1
            continue
        units = []
        for p in pieces:
            sub = split_chunk(p)
            stats["chunks"] += 1
            if len(sub) > 1:
                stats["chunks_split_further"] += 1
            for k, s in enumerate(sub):
                units.append((s, len(sub) == 1))
        stats["units"] += len(units)
        stats["units_from_inner_split"] += sum(not c for _, c in units)
        docs.append((text, units))
    return docs, stats


def load_cnn(n: int):
    out = []
    for rec in read_jsonl_gz(DATA / "cnn_stories.jsonl.gz"):
        out.append(rec["docs"][0]["text"])
        if len(out) >= n:
            break
    return out


# ---------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------


def eval_tricky(fn):
    wrong = []
    for idx, (text, expected) in enumerate(CASES):
        got = [norm(s) for s in fn(text) if norm(s)]
        if got != [norm(e) for e in expected]:
            wrong.append((idx, got))
    return len(CASES) - len(wrong), wrong


def eval_bbc(fn, docs):
    hit = tot = hit_c = tot_c = 0
    for text, units in docs:
        segs = {norm(s) for s in fn(text)}
        for u, certain in units:
            ok = u in segs
            hit += ok
            tot += 1
            if certain:
                hit_c += ok
                tot_c += 1
    return hit / tot, hit_c / tot_c


_SIG_TITLE_END = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Gen|Sen|Gov|Rep|Prof|Lt|Col|Sgt|Capt|Brig|Rev)\.$")
_SIG_LOWER_START = re.compile(r"^[\"'\u201c\u2018(]?[a-z](?![a-z]*[A-Z])")


def eval_cnn_signatures(fn, texts):
    """No gold on CNN: count error signatures per 1000 segments.

    title-end: a segment ends with a title abbreviation (Mr. Dr. Sen. ...)
      -- always a false split in news;
    lower-start: a segment starts with a lowercase word (not eBay/iPhone)
      -- almost always a false split ('"Why?" | he asked.', wrapped lines).
    """
    n = t_end = l_start = 0
    for text in texts:
        for seg in fn(text):
            seg = seg.strip()
            if not seg:
                continue
            n += 1
            t_end += bool(_SIG_TITLE_END.search(seg))
            l_start += bool(_SIG_LOWER_START.match(seg))
    return 1000.0 * t_end / n, 1000.0 * l_start / n


def time_it(fn, texts, warmup: int, repeats: int):
    for t in texts[:warmup]:
        fn(t)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return 1000.0 * best / len(texts)


def cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for p in ("pysbd", "syntok", "blingfire", "spacy"):
        try:
            out.append(f"{p} {version(p)}")
        except PackageNotFoundError:
            out.append(f"{p} (missing)")
    return ", ".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bbc-per-category", type=int, default=100,
                    help="BBC articles per category (5 categories; default 100 -> 500)")
    ap.add_argument("--speed-articles", type=int, default=500)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=3, help="timed passes; best is kept")
    ap.add_argument("--only", nargs="*", help="candidate names to run (default all)")
    ap.add_argument("--out", default=str(HERE / "results" / "segmentation.md"))
    args = ap.parse_args(argv)

    names = args.only or list(CANDIDATES)
    docs, gstats = build_bbc_gold(args.bbc_per_category)
    cnn = load_cnn(args.speed_articles)

    rows, wrongs = [], {}
    for name in names:
        fn = CANDIDATES[name]
        ok, wrong = eval_tricky(fn)
        rec, rec_c = eval_bbc(fn, docs)
        sig_t, sig_l = eval_cnn_signatures(fn, cnn)
        ms = time_it(fn, cnn, args.warmup, args.repeats)
        rows.append((name, ok, rec, rec_c, sig_t, sig_l, ms))
        wrongs[name] = wrong
        print(f"{name:34s} tricky {ok}/{len(CASES)}  bbc {rec:.4f} ({rec_c:.4f})  "
              f"cnn-sig {sig_t:.2f}/{sig_l:.2f}  {ms:.2f} ms/art", flush=True)

    cmd = " ".join(shlex.quote(a) for a in [".venv/bin/python", "bench/segmenters.py", *sys.argv[1:]])
    lines = [
        "# Sentence segmentation benchmark",
        "",
        f"- command: `{cmd}` (from the repository root)",
        f"- date: {_dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- machine: `{platform.machine()}` / {cpu_model()} / Python {platform.python_version()}",
        f"- versions: {versions()}",
        f"- tricky suite: {len(CASES)} hand-written cases (bench/segmentation_cases.py); "
        "a case counts only if every unit matches (whitespace-normalised)",
        f"- BBC: {gstats['articles']} articles (first {args.bbc_per_category} per category); "
        f"{gstats['units']} gold reference sentences from {gstats['articles'] - gstats['articles_undecomposable']} "
        f"decomposable refs ({gstats['articles_undecomposable']} refs not decomposable, skipped); "
        f"{gstats['units_from_inner_split']} units come from splitting in-order runs "
        "(column 'edge-certain' excludes them)",
        f"- speed: {len(cnn)} CNN stories, single process, {args.warmup}-article warm-up, "
        f"best of {args.repeats} passes",
        "- CNN signatures (no gold): per 1000 segments of the same CNN stories, segments ending "
        "in a title (`Mr.`, `Dr.`, `Sen.` ...; always a false split) / starting with a lowercase "
        "word (nearly always a false split, e.g. `\"Why?\" | he asked.`)",
        "- caveat: the +fix rules were written after looking at the tricky-suite and CNN failures, "
        "so their tricky and CNN-signature numbers are optimistic; BBC recall is the held-out check",
        "",
        "| candidate | tricky exact | BBC recall | BBC recall (edge-certain) "
        "| CNN title-end ‰ | CNN lower-start ‰ | ms/article |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, ok, rec, rec_c, sig_t, sig_l, ms in rows:
        lines.append(f"| {name} | {ok}/{len(CASES)} ({ok / len(CASES):.0%}) | {rec:.2%} | "
                     f"{rec_c:.2%} | {sig_t:.2f} | {sig_l:.2f} | {ms:.2f} |")
    lines += ["", "## Tricky cases failed", ""]
    for name in names:
        tags = "; ".join(f"#{i} {TAGS[i]}" for i, _ in wrongs[name]) or "none"
        lines.append(f"- **{name}** ({len(wrongs[name])}): {tags}")
    lines.append("")
    text = "\n".join(lines)
    print()
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
