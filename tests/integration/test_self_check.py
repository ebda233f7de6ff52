"""precis checks clean: the checker finds nothing wrong with precis's own extractive summaries.

Every summary sentence is a verbatim span of a source, so any flag, or any
sentence not judged ``supported``, is a bug in the checker or the summarizer.
Runs on the first records of every development set (read from
``../shared/data`` beside the checkout; CI always has it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from precis import Checker, CheckerConfig, Summarizer, SummarizerConfig
from precis.analysis.language import partition_articles
from precis.evaluation.rouge import PROTOCOLS, instance_articles, read_instances

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
SETS = [
    ("cnn_stories.jsonl.gz", 100, "cnn"),
    ("duc2007_main.jsonl.gz", 23, "duc"),
    ("duc2006.jsonl.gz", 10, "duc"),
    ("multinews_val.jsonl.gz", 100, "multinews"),
    ("frank_cnndm.jsonl.gz", 100, "cnn"),
    ("bbc_news_summary.jsonl.gz", 100, "bbc"),
]


@pytest.mark.parametrize(("name", "n", "protocol"), SETS, ids=[s[0].split(".")[0] for s in SETS])
def test_self_check_own_summaries_have_no_flags(name: str, n: int, protocol: str) -> None:
    path = DATA / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must run with ../shared/data beside the checkout")
        pytest.skip(f"{path} not found (the shared development data is not beside this checkout)")
    summarizer = Summarizer(SummarizerConfig(check_language=False))
    checker = Checker(CheckerConfig(check_language=False))
    problems = []
    checked = 0
    for record in read_instances(str(path), limit=n):
        articles, _ = partition_articles(instance_articles(record), check_language=False)
        summary = summarizer.summarize(articles, **PROTOCOLS[protocol].budget)
        report = checker.check(summary)
        checked += len(report.sentences)
        for sent in report.sentences:
            if sent.flags or sent.verdict != "supported":
                problems.append((record["id"], sent.verdict, sent.score, [f.to_dict() for f in sent.flags], sent.text))
    assert checked > n
    assert not problems, f"{len(problems)} of {checked} sentences flagged, e.g. {problems[:3]}"
