"""One contract for every feature's config: frozen, keyword-only, one validator, a versioned dict that round-trips."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from typing import Any

import pytest

from precis.config import (
    CheckerConfig,
    CopiesConfig,
    DigestConfig,
    GroupingConfig,
    SummarizerConfig,
    TimelineConfig,
    UpdateConfig,
)
from precis.errors import ConfigError

CONFIGS: list[type[Any]] = [
    SummarizerConfig,
    CheckerConfig,
    TimelineConfig,
    CopiesConfig,
    GroupingConfig,
    DigestConfig,
    UpdateConfig,
]
# a valid non-default value of one parameter of each, and a bad one
CHANGES: dict[type[Any], tuple[dict[str, Any], dict[str, Any]]] = {
    SummarizerConfig: ({"selection": "coverage", "diversity": 0.5}, {"diversity": 2.0}),
    CheckerConfig: ({"threshold": 0.4}, {"threshold": "high"}),
    TimelineConfig: ({"per_date": 1, "start": date(2024, 1, 2), "query": "floods"}, {"per_date": 0}),
    CopiesConfig: ({"threshold": 0.7, "bands": 20}, {"threshold": 0}),
    GroupingConfig: ({"similarity": 0.2, "check_language": False}, {"similarity": -1}),
    DigestConfig: ({"words": 40, "summarizer": SummarizerConfig(order="relevance")}, {"words": 0}),
    UpdateConfig: ({"restated": 0.7}, {"contrast_weight": "more"}),
}
# the versioned strategy each names, as printed in JSON output
METHODS: dict[type[Any], tuple[str, str]] = {
    SummarizerConfig: ("selection", "mmr.v1"),
    CheckerConfig: ("representation", "tfidf.v1"),
    TimelineConfig: ("method", "datewise.v2"),
    CopiesConfig: ("method", "aligned.v1"),
    GroupingConfig: ("method", "average-link.v1"),
    DigestConfig: ("method", "digest.v1"),
    UpdateConfig: ("method", "contrast.v1"),
}


def test_configs_every_config_is_covered() -> None:
    import precis.config as package

    exported = {getattr(package, name) for name in package.__all__ if name.endswith("Config")}
    assert exported == set(CONFIGS) == set(CHANGES) == set(METHODS)


@pytest.mark.parametrize("cls", CONFIGS)
def test_configs_are_frozen_keyword_only_with_defaults(cls: type[Any]) -> None:
    params = dataclasses.fields(cls)
    assert all(f.kw_only for f in params)
    assert all(f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING for f in params)
    config = cls()
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(config, params[0].name, None)
    with pytest.raises(TypeError):
        cls(*[getattr(config, f.name) for f in params])  # positional arguments


@pytest.mark.parametrize("cls", CONFIGS)
def test_configs_dict_is_json_with_versioned_strategy_and_round_trips(cls: type[Any]) -> None:
    good, _ = CHANGES[cls]
    for config in (cls(), cls(**good)):
        data = config.to_dict()
        assert json.loads(json.dumps(data)) == data  # plain JSON values
        assert cls.from_dict(data) == config
        assert cls.from_dict(json.loads(json.dumps(data))) == config
    key, name = METHODS[cls]
    assert cls().to_dict()[key] == name


@pytest.mark.parametrize("cls", CONFIGS)
def test_configs_validate_in_sklearns_template(cls: type[Any]) -> None:
    _, bad = CHANGES[cls]
    ((name, value),) = bad.items()
    template = rf"^The '{name}' parameter of {cls.__name__} must be .+\. Got {re.escape(repr(value))} instead\.$"
    with pytest.raises(ConfigError, match=template):
        cls(**bad)
    with pytest.raises(ConfigError, match=f"parameter of {cls.__name__}"):
        cls.from_dict({**cls().to_dict(), **bad})


@pytest.mark.parametrize("cls", CONFIGS)
def test_configs_from_dict_refuses_unknown_keys_and_versions(cls: type[Any]) -> None:
    with pytest.raises(ConfigError, match=f"Unknown {cls.__name__} parameter"):
        cls.from_dict({"no_such_setting": 1})
    key, name = METHODS[cls]
    newer = name.rsplit(".v", 1)[0] + ".v99"
    with pytest.raises(ConfigError, match=f"this precis has {name}"):
        cls.from_dict({key: newer})
    assert cls.from_dict({key: name.rsplit(".", 1)[0]}) == cls()  # an unversioned name is the current one
