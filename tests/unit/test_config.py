"""The registry of named strategies, and the config= form of every story function."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from precis import Article, Summarizer
from precis.config import (
    CopiesConfig,
    DigestConfig,
    GroupingConfig,
    Registry,
    SummarizerConfig,
    TimelineConfig,
    UpdateConfig,
    registry,
)
from precis.errors import ConfigError
from precis.stories.copies import find_copies
from precis.stories.digest import build_digest
from precis.stories.grouping import group_stories
from precis.stories.timeline import build_timeline
from precis.stories.update import summarize_update


def test_config_registry_finds_by_versioned_name_and_names_the_known_ones() -> None:
    shapes: Registry[type] = Registry("shape")

    @shapes.register("square.v1")
    class Square: ...

    assert shapes.get("square.v1") is Square
    assert "square.v1" in shapes
    assert shapes.names() == ("square.v1",)
    with pytest.raises(ConfigError, match=r"No shape is registered as 'square.v2'. Known: square.v1."):
        shapes.get("square.v2")
    with pytest.raises(ConfigError, match="registered already"):
        shapes.register("square.v1")(type("Other", (), {}))
    with pytest.raises(ConfigError, match=r"must look like 'name.v1'"):
        shapes.register("Square")


def test_config_registry_has_the_builtin_selectors_under_the_printed_names() -> None:
    assert registry.selectors.names() == ("coverage.v1", "datewise.v2", "mmr.v1", "outline.v1")
    assert SummarizerConfig().selector == SummarizerConfig().to_dict()["selection"] == "mmr.v1"
    assert SummarizerConfig(selection="coverage").selector == "coverage.v1"
    assert TimelineConfig().selector == TimelineConfig().to_dict()["method"] == "datewise.v2"


def test_config_registry_loads_a_builtin_selector_on_first_look_up() -> None:
    code = (
        "import sys, precis.config as c\n"
        "assert 'precis.summarizer.coverage' not in sys.modules\n"
        "print(c.registry.selectors.get('coverage.v1').__module__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120).stdout
    assert out.strip() == "precis.summarizer.coverage"


def test_config_timeline_takes_a_config_and_its_settings_rebuild_it(story: list[Article]) -> None:
    by_keywords = build_timeline(story, per_date=1, start=date(2023, 5, 1))
    config = TimelineConfig(per_date=1, start=date(2023, 5, 1))
    assert build_timeline(story, config=config).to_json() == by_keywords.to_json()
    assert TimelineConfig.from_dict(by_keywords.settings) == config


def test_config_digest_takes_its_config_or_the_summarizers(story: list[Article]) -> None:
    summarizer = SummarizerConfig(order="relevance")
    expected = build_digest(story, words=30, config=summarizer).to_json()
    config = DigestConfig(words=30, summarizer=summarizer)
    digest = build_digest(story, config=config)
    assert digest.to_json() == expected
    assert DigestConfig.from_dict(digest.settings) == config


def test_config_grouping_copies_and_update_take_a_config(story: list[Article]) -> None:
    assert group_stories(story, config=GroupingConfig(similarity=0.3)) == group_stories(story, similarity=0.3)
    assert find_copies(story, config=CopiesConfig(threshold=0.9)) == find_copies(story, threshold=0.9)
    new, seen = story[1:], story[:1]
    by_keywords = summarize_update(Summarizer(), new, seen, words=40, restated=0.7)
    by_config = summarize_update(Summarizer(), new, seen, words=40, config=UpdateConfig(restated=0.7))
    assert by_config.to_json() == by_keywords.to_json()


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda s: build_timeline(s, per_date=1, config=TimelineConfig()), "build_timeline its settings either"),
        (lambda s: build_digest(s, words=10, config=DigestConfig()), "got config= and words"),
        (lambda s: group_stories(s, cohesion=0.5, config=GroupingConfig()), "group_stories its settings"),
        (lambda s: find_copies(s, config=SummarizerConfig()), "'config' parameter of find_copies must be a Copies"),
        (lambda s: summarize_update(Summarizer(), s[1:], s[:1], contrast_weight=1, config=UpdateConfig()), "both"),
    ],
)
def test_config_and_moved_keywords_together_are_refused(story: list[Article], call: object, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        call(story)  # type: ignore[operator]


def test_config_keyword_errors_keep_the_functions_name(story: list[Article]) -> None:
    with pytest.raises(ConfigError, match=r"^The 'per_date' parameter of build_timeline must be a whole number"):
        build_timeline(story, per_date=0)
    with pytest.raises(ConfigError, match=r"^The 'stories' parameter of build_digest \(--stories on the CLI\)"):
        build_digest(story, stories=0)
    with pytest.raises(ConfigError, match=r"^The 'restated' parameter of summarize_update must be a number"):
        summarize_update(Summarizer(), story[1:], story[:1], restated="high")  # type: ignore[arg-type]
