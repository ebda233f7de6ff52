"""Quality gate: ROUGE on a fixed development subset must not fall below pinned floors.

The floors are the scores measured when they were pinned, minus ``EPSILON``
(noise from library upgrades). The subset is checked against a digest first,
so a change of data cannot pass for a change of quality. To re-pin after a
deliberate change: run ``precis eval`` on the same subsets, set the floors
to the new scores and say why in the commit.

The data lives in ``../shared/data`` beside the checkout (never copied into
the repo). CI always has it, so there a missing folder is a failure.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

import pytest

from precis import SummarizerConfig
from precis.evaluation.rouge import PROTOCOLS, evaluate, summarizer_system
from precis.summarizer.summarizer import Summarizer

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
EPSILON = 0.003
# file, instances, protocol, sha256 of those instances' lines, floors (ROUGE-1, ROUGE-2) before EPSILON
GATES = [
    pytest.param(
        "cnn_stories.jsonl.gz",
        100,
        "cnn",
        "c285715e58c46b6ad34f23bbcfe9be090c56c31841d48312bb2f77ccd9d1b01d",
        (0.3390, 0.1226),
        id="cnn_stories-100",
    ),
    pytest.param(
        "duc2007_main.jsonl.gz",
        23,
        "duc",
        "035bb56df1cf02b7ad0d232c596d614fbd31c8b373caac39c2b80041425caac2",
        (0.4161, 0.1132),
        id="duc2007-23",
    ),
]


def _digest(path: Path, n: int) -> str:
    h = hashlib.sha256()
    with gzip.open(path, "rb") as fh:
        for _, line in zip(range(n), fh, strict=False):
            h.update(line)
    return h.hexdigest()


@pytest.mark.parametrize(("name", "n", "protocol", "digest", "floors"), GATES)
def test_quality_gate_rouge_floors(name: str, n: int, protocol: str, digest: str, floors: tuple[float, float]) -> None:
    path = DATA / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must run with ../shared/data beside the checkout")
        pytest.skip(f"{path} not found (the shared development data is not beside this checkout)")
    assert _digest(path, n) == digest, f"the first {n} instances of {name} changed: re-pin the gate"
    system = summarizer_system(Summarizer(SummarizerConfig(check_language=False)))
    result = evaluate(str(path), system, protocol=PROTOCOLS[protocol], limit=n)
    assert result.failed == 0
    r1, r2 = result.mean("r1"), result.mean("r2")
    assert r1 >= floors[0] - EPSILON, f"ROUGE-1 {r1:.4f} fell below the floor {floors[0]:.4f}"
    assert r2 >= floors[1] - EPSILON, f"ROUGE-2 {r2:.4f} fell below the floor {floors[1]:.4f}"
