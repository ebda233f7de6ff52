"""Which sentences lean on the one before them."""

from __future__ import annotations

import pytest

from precis.analysis.leaning import leans_on_previous


@pytest.mark.parametrize(
    "text",
    [
        "But all that was true in December.",
        "He said the talks would continue.",
        "That is why the allies refused.",
        "They left Geneva without a deal.",
        "In addition, the envoys agreed to meet again.",
        "This is the third round of talks.",
        "and the ministers left.",
        "“It is a red line,” she said.",
        "However, nothing was signed.",
    ],
)
def test_context_leaning_sentences(text: str) -> None:
    assert leans_on_previous(text)


@pytest.mark.parametrize(
    "text",
    [
        "This week the talks resumed in Geneva.",
        "That year Russia annexed Crimea.",
        "Heavy snow fell on Kyiv.",
        "Butter prices rose sharply.",
        "Henry Kissinger once visited Moscow.",
        "So-called hybrid attacks were discussed.",
        "The Kremlin rejected the offer of talks in March.",
    ],
)
def test_context_standalone_sentences(text: str) -> None:
    assert not leans_on_previous(text)
