"""Fixtures for unit tests: the example coverage shipped in examples/."""

from __future__ import annotations

from pathlib import Path

import pytest

from precis import Article
from precis.readers import read_articles

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "geneva_talks.jsonl"


@pytest.fixture(scope="session")
def example_articles() -> list[Article]:
    result = read_articles([str(EXAMPLES)])
    assert not result.failures
    return result.articles
