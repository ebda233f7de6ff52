"""``precis check`` reads what ``precis summarize`` printed: text, Markdown and JSON all check clean.

A printed summary carries citation markers and a ``Sources`` block; neither is
a claim, so a check of precis's own output against its sources has no flag, no
note and no sentence that is not ``supported``. Runs the commands on every
example, and the library on the first records of three development sets
(``../shared/data``; skipped when it is not beside the checkout).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from precis import Checker, CheckerConfig, Summarizer, SummarizerConfig
from precis.analysis.language import partition_articles
from precis.evaluation.rouge import instance_articles, read_instances
from precis.model import CheckReport, Summary
from precis.rendering.render import render

Run = Callable[..., subprocess.CompletedProcess[str]]
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [ROOT / "examples" / name for name in ("geneva_talks", "geneva_talks.jsonl", "other_news.jsonl")]
DATA = next(
    (p for p in (r / "shared" / "data" for r in (ROOT.parent, ROOT.parent.parent)) if p.exists()),
    ROOT.parent / "shared" / "data",
)
FORMATS = ("text", "md", "json")


def _problems(report: CheckReport) -> list[str]:
    out = [f"note: {n.message}" for n in report.notes]
    for s in report.sentences:
        if s.verdict != "supported" or s.flags:
            out.append(f"{s.verdict} {[f.message for f in s.flags]}: {s.text}")
    return out


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
@pytest.mark.parametrize("fmt", FORMATS)
def test_check_own_output_of_every_example_is_clean(run: Run, tmp_path: Path, example: Path, fmt: str) -> None:
    printed = tmp_path / f"summary.{fmt}"
    lang = ["--no-language-check"] if example.name == "other_news.jsonl" else []  # it holds a French article
    proc = run("summarize", example, "--format", fmt, "-o", printed, *lang)
    assert proc.returncode == 0, proc.stderr
    sources = [] if fmt == "json" else ["--source", example]  # JSON carries its articles
    proc = run("check", printed, *sources, "--format", "json", "--fail-on", "any", *lang)
    report = CheckReport.from_json(proc.stdout)
    assert proc.returncode == 0 and not _problems(report), _problems(report)
    text = report.summary if fmt == "json" else printed.read_text(encoding="utf-8")
    assert report.summary == text  # the report keeps the text as printed ...
    assert all(text[s.start : s.end] == s.text for s in report.sentences)  # ... and its offsets index it


@pytest.mark.parametrize("name", ["duc2007_main", "cnn_stories", "multinews_val"])
def test_check_own_output_of_dev_records_is_clean(name: str) -> None:
    path = DATA / f"{name}.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} not found (the shared development data is not beside this checkout)")
    summarizer = Summarizer(SummarizerConfig(check_language=False))
    checker = Checker(CheckerConfig(check_language=False))
    problems = []
    for record in read_instances(str(path), limit=3):
        articles, _ = partition_articles(instance_articles(record), check_language=False)
        summary = summarizer.summarize(articles)
        for fmt in FORMATS:
            printed = render(summary, fmt)  # type: ignore[arg-type]
            if fmt == "json":
                report = checker.check(Summary.from_dict(json.loads(printed)))
            else:
                report = checker.check(printed, list(summary.articles))  # type: ignore[arg-type]
            problems += [f"{record['id']} {fmt}: {p}" for p in _problems(report)]
    assert not problems, problems[:5]
