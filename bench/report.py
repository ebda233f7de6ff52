"""Assemble docs/benchmarks.md from the result files of the other benchmarks.

    .venv/bin/python bench/report.py

Reads ``bench/results/quality*.md`` (bench/quality.py), ``speed.md``
(bench/speed.py) and ``segmentation.md`` (bench/segmenters.py), checks every
target of the evaluation issue against them, and writes
``docs/benchmarks.md``: the targets marked met or not met with the measured
figure, then every table as measured, each with the command, date and machine
it came from. Hand-written context lives in ``bench/notes.md`` and is
included as is. Nothing here runs a measurement.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
OUT = HERE.parent / "docs" / "benchmarks.md"
PRECIS = "precis tfidf + mmr"
NOT_PEERS = ("precis", "oracle")


def quality_tables() -> dict[str, dict[str, tuple[float, float, float]]]:
    """set name -> system -> (R-1, R-2, R-L), from every quality result file."""
    out: dict[str, dict[str, tuple[float, float, float]]] = {}
    current = None
    for path in sorted(RESULTS.glob("quality*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            head = re.match(r"### (\w+):", line)
            if head:
                current = head.group(1)
                out.setdefault(current, {})
                continue
            row = re.match(r"\| ([^|]+?) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|", line)
            if row and current:
                out[current][row.group(1)] = (float(row.group(2)), float(row.group(3)), float(row.group(4)))
    return out


def _mark(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def quality_targets(q: dict[str, dict[str, tuple[float, float, float]]]) -> list[str]:
    rows = []
    for name in ("duc2006", "duc2007"):
        if name not in q or PRECIS not in q[name]:
            rows.append(f"| {name}: first on ROUGE-2, >= 5% over the best peer | not measured | — |")
            continue
        peers = {k: v for k, v in q[name].items() if not k.startswith(NOT_PEERS)}
        best = max(peers, key=lambda k: peers[k][1])
        mine = q[name][PRECIS][1]
        gain = (mine / peers[best][1] - 1) * 100
        rows.append(
            f"| {name}: first on ROUGE-2 recall, >= 5% relative over the best peer "
            f"| precis {mine:.2f} vs {best} {peers[best][1]:.2f} ({gain:+.1f}%) | {_mark(gain >= 5)} |"
        )
    if "multinews" in q and PRECIS in q["multinews"]:
        mine = q["multinews"][PRECIS]
        rivals = {k: q["multinews"][k] for k in ("sumy-LexRank", "sumy-TextRank", "lead") if k in q["multinews"]}
        ok = all(mine[0] > r[0] and mine[1] > r[1] for r in rivals.values())
        detail = "; ".join(f"{k} {v[0]:.2f}/{v[1]:.2f}" for k, v in rivals.items())
        rows.append(
            f"| multinews: ahead of LexRank, TextRank, Lead on R-1 and R-2 (F1) "
            f"| precis {mine[0]:.2f}/{mine[1]:.2f}; {detail} | {_mark(ok)} |"
        )
    for name in ("cnn", "frank"):
        if name in q and PRECIS in q[name] and "lead" in q[name]:
            mine, lead = q[name][PRECIS], q[name]["lead"]
            ok = mine[0] >= lead[0] and mine[1] >= lead[1]
            rows.append(
                f"| {name}: at or above Lead-3 on R-1 and R-2 (F1) "
                f"| precis {mine[0]:.2f}/{mine[1]:.2f} vs Lead-3 {lead[0]:.2f}/{lead[1]:.2f} | {_mark(ok)} |"
            )
    return rows


def speed_targets(text: str) -> list[str]:
    rows = []
    section = text.split("## Growth")[0]  # the throughput table only
    rates = dict(re.findall(r"\| (precis \(tfidf\)|sumy-LexRank|sumy-TextRank) \| ([\d.]+) \|", section))
    if "precis (tfidf)" in rates and "sumy-LexRank" in rates:
        ratio = float(rates["precis (tfidf)"]) / float(rates["sumy-LexRank"])
        rows.append(
            f"| throughput >= 20x sumy LexRank (cnn_stories) | {float(rates['precis (tfidf)']):.0f} vs "
            f"{float(rates['sumy-LexRank']):.1f} articles/s = {ratio:.1f}x | {_mark(ratio >= 20)} |"
        )
    growth = re.findall(r"^\| (\d+) \| ([\d.]+) \| (\d+) \| ([\d.]+) \| ([\d.]+) \|$", text, re.M)
    by_n = {int(n): (float(s), float(f), float(r)) for n, s, _, f, r in growth}
    if 1000 in by_n:
        rows.append(
            f"| 1,000-article cluster in < 10 s (TF-IDF, one core) | {by_n[1000][0]:.2f} s | {_mark(by_n[1000][0] < 10)} |"
        )
    steps = [(a, b) for a in by_n for b in by_n if b == 4 * a]
    if steps:
        worst_step = max(by_n[b][0] / by_n[a][0] for a, b in steps)
        sizes = ", ".join(f"{a:,} -> {b:,}: x{by_n[b][0] / by_n[a][0]:.2f}" for a, b in sorted(steps))
        rows.append(f"| 4x the input costs at most 5x the time | {sizes} | {_mark(worst_step <= 5)} |")
    if by_n:
        worst = max(r for _, _, r in by_n.values())
        rows.append(
            f"| full pipeline within 3x the floor (read+split+tokenize) | at most {worst:.2f}x | {_mark(worst <= 3)} |"
        )
    long_p = re.search(r"\| precis \(tfidf\) \| ([\d.]+) \|\n\| sumy LexRank \| (.+?) \|", text)
    if long_p:
        mine, peer = float(long_p.group(1)), long_p.group(2)
        num = re.match(r"([\d.]+) s", peer)
        stopped = re.search(r"stopped after (\d+) s", peer)
        if num:
            ratio = float(num.group(1)) / mine
            rows.append(
                f"| 1 MB input >= 100x faster than sumy LexRank | {mine:.2f} s vs {peer} = {ratio:.0f}x | {_mark(ratio >= 100)} |"
            )
        elif stopped:
            ratio = float(stopped.group(1)) / mine
            rows.append(
                f"| 1 MB input >= 100x faster than sumy LexRank | {mine:.2f} s vs LexRank {peer} "
                f"(> {ratio:.0f}x) | {_mark(ratio >= 100)} |"
            )
    return rows


def checker_targets(path: Path) -> list[str]:
    """The issue's checker targets, marked from the faithfulness results."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    ahead = text.count("| **ahead** |")
    rate = re.search(r"\| tfidf \| \d+ \| [\d.]+ \| ([\d.]+) \|", text)
    rows = [
        "| target | measured | status |",
        "|---|---|---|",
        f"| ahead of SummaC-ZS balanced accuracy on >= 3 of 5 benchmarks | ahead on {ahead} of 5 | {_mark(ahead >= 3)} |",
    ]
    if rate:
        pairs = float(rate.group(1))
        rows.append(f"| >= 50 (summary, source) pairs/s per core, default mode | {pairs:.0f} | {_mark(pairs >= 50)} |")
    return rows


def update_targets(path: Path) -> list[str]:
    """The update-mode target of issue #6, marked from bench/results/update.md."""
    if not path.exists():
        return []
    rows = re.findall(
        r"^\| (B|C|B\+C) \| \d+ \| precis (summarize|update) .*?\| ([\d.]+) \| ([\d.]+) \|$", path.read_text(), re.M
    )
    r2 = {(subset, system): float(two) for subset, system, _, two in rows}
    out = []
    for subset in ("B", "C"):
        if (subset, "update") in r2 and (subset, "summarize") in r2:
            mine, base = r2[(subset, "update")], r2[(subset, "summarize")]
            out.append(
                f"| update beats a plain summary of the new articles, DUC 2007 update {subset} (ROUGE-2 R) "
                f"| {mine:.2f} vs {base:.2f} | {_mark(mine > base)} |"
            )
    return out


def timeline_targets(path: Path) -> list[str]:
    """The T17 targets of issue #6, judged on the stop-words-removed row (the one comparable to the anchor)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    fair = re.search(r"^\| precis, English stop words removed[^|]*\| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|", text, re.M)
    speed = re.search(r"Speed: ([\d.]+) s per topic", text)
    if not fair:
        return []
    ar1, ar2, df1 = map(float, fair.groups())
    rows = [
        f"| T17 AR1-F ahead of DATEWISE 0.120 (stop words removed, as tilse) | {ar1:.3f} | {_mark(ar1 > 0.120)} |",
        f"| T17 AR2-F ahead of DATEWISE 0.035 (stop words removed) | {ar2:.3f} | {_mark(ar2 > 0.035)} |",
        f"| T17 date F1 ahead of DATEWISE 0.544 | {df1:.3f} | {_mark(df1 > 0.544)} |",
    ]
    if speed:
        secs = float(speed.group(1))
        rows.append(
            f"| T17 at least 10x faster than ~16 s per topic, no Java | {secs:.2f} s = {16 / secs:.0f}x | {_mark(16 / secs >= 10)} |"
        )
    return rows


def digest_targets(path: Path) -> list[str]:
    """The scale target of issue #6, from the 10,000-article row of bench/results/digest.md."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    row = re.search(r"^\| (1\d{4}|9\d{3}) \| ([\d.]+) \| ([\d.]+) \|", text, re.M)
    if not row:
        return []
    n, secs, peak = int(row.group(1)), float(row.group(2)), float(row.group(3))
    rows = [
        f"| digest of ~10,000 articles in under 2 minutes on 2 cores | {n} articles in {secs:.1f} s | {_mark(secs < 120)} |",
        f"| ... with memory under 4 GB | {peak:.0f} MB peak RSS | {_mark(peak < 4096)} |",
    ]
    growth = re.findall(r"time x([\d.]+) \(n log n would be x([\d.]+)\)", text)
    if growth:
        worst = max(float(a) / float(b) for a, b in growth)
        rows.append(f"| cost grows no faster than n log n | worst step {worst:.2f}x the n log n ratio "
                    f"(see Growth below) | {_mark(worst <= 1.0)} |")  # fmt: skip
    return rows


def story_section() -> list[str]:
    """Issue #6: whichever of its result files exist, after a targets table."""
    files = [RESULTS / n for n in ("update.md", "timeline.md", "copies.md", "stories.md", "digest.md")]
    if not any(p.exists() for p in files):
        return []
    parts = [
        "# Stories, copies, timelines and updates (issue #6)",
        "",
        "| target | measured | status |",
        "|---|---|---|",
    ]
    parts += [*update_targets(files[0]), *timeline_targets(files[1]), *digest_targets(files[4]), ""]
    for path in files:
        if path.exists():
            parts += [path.read_text(encoding="utf-8").replace("\n# ", "\n## ").replace("# ", "## ", 1).rstrip(), ""]
    return parts


def server_section() -> list[str]:
    """Issue #7: targets judged from bench/results/serve_load.md, then the result files."""
    load, notes = RESULTS / "serve_load.md", RESULTS / "serve.md"
    if not load.exists() and not notes.exists():
        return []
    rows: list[str] = []
    if load.exists():
        text = load.read_text(encoding="utf-8")
        start = re.search(r"median ([\d.]+) s", text)
        if start:
            secs = float(start.group(1))
            rows.append(f"| start-up of `precis serve` under 3 s (TF-IDF) | median {secs:.2f} s | {_mark(secs < 3)} |")
        levels = re.findall(r"^\| (\d+) \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (\d+) \|", text, re.M)
        for clients, n, rate, p50, p99, errors in levels:
            rows.append(f"| {clients} concurrent clients, zero errors | {n} requests, {rate} req/s, p50 {p50} ms, "
                        f"p99 {p99} ms, {errors} errors | {_mark(errors == '0')} |")  # fmt: skip
        pss = re.search(r"^\| PSS \(MB\) \| (.+) \|$", text, re.M)
        if pss:
            mb = [float(v) for v in pss.group(1).split(" | ")]
            flat = max(mb[1:]) <= 1.1 * mb[1] if len(mb) > 1 else False
            rows.append(f"| memory flat over 10,000 requests | PSS {mb[0]:.0f} -> {mb[-1]:.0f} MB "
                        f"(max {max(mb):.0f}) | {_mark(flat)} |")  # fmt: skip
    if notes.exists() and "No 5xx" in notes.read_text(encoding="utf-8"):
        cases = re.findall(r"^\| [^|]+ \| (\d+) \| (\d+) \|", notes.read_text(encoding="utf-8"), re.M)
        total = sum(int(n) for n, _ in cases)
        rows.append(f"| schemathesis against the OpenAPI schema, no 5xx | {total} generated cases, no 5xx | **met** |")
    parts = ["# HTTP API and web page (issue #7)", "", "| target | measured | status |", "|---|---|---|", *rows, ""]
    for path in (load, notes):
        if path.exists():
            parts += [path.read_text(encoding="utf-8").replace("\n# ", "\n## ").replace("# ", "## ", 1).rstrip(), ""]
    return parts


def batch_section() -> list[str]:
    """Issue #8: targets judged from bench/results/batch_throughput.md and batch_scale.md, then those files."""
    files = [RESULTS / n for n in ("batch_throughput.md", "batch_scale.md", "batch.md")]
    if not any(p.exists() for p in files):
        return []
    rows: list[str] = []
    if files[0].exists():
        text = files[0].read_text(encoding="utf-8")
        over = re.search(r"^\| dask \| 2 \|.*\| ([+-][\d.]+)% \|$", text, re.M)
        if over:
            pct = float(over.group(1))
            rows.append(f"| Dask overhead against the local pool, 2 workers, at most 20% | {pct:+.1f}% (best wall) "
                        f"| {_mark(pct <= 20)} |")  # fmt: skip
    if files[1].exists():
        text = files[1].read_text(encoding="utf-8")
        exact = "exactly once: True" in text
        rss = [int(v) for v in re.findall(r"^\| [\d,]+ \| (\d+) \|$", text, re.M) if int(v) > 0]  # 0: exited
        resume = re.search(r"time to resume: ([\d.]+) s", text)
        if rss:
            rows.append(f"| peak memory flat over 100,000 records | {min(rss)}-{max(rss)} MiB along the run "
                        f"| {_mark(max(rss) <= 1.25 * rss[1])} |")  # fmt: skip
        rows.append(f"| killed with SIGKILL and rerun: every record exactly once | {exact} | {_mark(exact)} |")
        if resume:
            rows.append(f"| time to resume after a kill | {resume.group(1)} s to the first new part | measured |")
    parts = ["# Batch and clusters (issue #8)", "", "| target | measured | status |", "|---|---|---|", *rows, ""]
    for path in files:
        if path.exists():
            body = path.read_text(encoding="utf-8").strip()
            body = re.sub(r"^# ", "## ", body, flags=re.M)
            parts += [re.sub(r"^## (?=.*\n)", "## ", body), ""]
    return parts


def round_sections() -> list[str]:
    """Issues #14-#18: each issue's targets (a hand-kept file naming its runs), then the result files behind them."""
    out: list[str] = []
    for targets, files in (
        ("issue14.md", ("fast_paths.md",)),
        ("issue15.md", ("trust.md", "trust_real.md", "trust_real_final.md", "trust_audit_dev.md")),
        ("issue16.md", ("hardening.md",)),
        ("issue17.md", ("consistency.md", "model_uses.md", "style_calibration.md", "embeddings_onnx.md")),
        ("issue18.md", ("track.md",)),
    ):
        head = RESULTS / targets
        if head.exists():
            out += [head.read_text(encoding="utf-8").rstrip(), ""]
        for name in files:
            path = RESULTS / name
            if path.exists():
                text = path.read_text(encoding="utf-8").rstrip()
                text = "\n".join("#" + line if line.startswith("#") else line for line in text.splitlines())
                out += [text, ""]
    return out


def main() -> int:
    q = quality_tables()
    speed = (RESULTS / "speed.md").read_text(encoding="utf-8") if (RESULTS / "speed.md").exists() else ""
    parts = [
        "# Benchmarks",
        "",
        "Generated by `.venv/bin/python bench/report.py` from the result files in `bench/results/`;",
        "each section below names the command, date and machine of its own run. Only measured",
        "numbers appear here. Regenerate everything with `bash bench/run_all.sh`.",
        "",
        "## Targets of the evaluation issue (#3), default precis (TF-IDF + MMR)",
        "",
        "| target | measured | status |",
        "|---|---|---|",
        *quality_targets(q),
        *speed_targets(speed),
        "",
    ]
    notes = HERE / "notes.md"
    if notes.exists():
        parts += [notes.read_text(encoding="utf-8").rstrip(), ""]
    for path in sorted(RESULTS.glob("quality*.md")):
        parts += [
            path.read_text(encoding="utf-8").replace("# Peer benchmark: ROUGE", "## Peer benchmark: ROUGE").rstrip(),
            "",
        ]
    ablations = RESULTS / "ablations.md"
    if ablations.exists():
        parts += [ablations.read_text(encoding="utf-8").rstrip(), ""]
    if speed:
        parts += [speed.replace("# Speed and scale", "## Speed and scale").replace("\n## ", "\n### ").rstrip(), ""]
    checker = [RESULTS / n for n in ("faithfulness.md", "garble.md", "mentions.md")]
    if any(p.exists() for p in checker):
        parts += ["# The checker (issue #4)", "", *checker_targets(checker[0]), ""]
        for path in checker:
            if path.exists():
                parts += [path.read_text(encoding="utf-8").rstrip(), ""]
    parts += round_sections()
    parts += story_section()
    parts += server_section()
    parts += batch_section()
    seg = RESULTS / "segmentation.md"
    if seg.exists():
        text = seg.read_text(encoding="utf-8").replace("# Sentence segmentation benchmark", "## Sentence segmentation")
        parts += [text.replace("\n## ", "\n### ").rstrip(), ""]
    OUT.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
