"""The summarizers and checkers one process keeps: built once per configuration, reused by every request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config.settings import CheckerConfig, SummarizerConfig

if TYPE_CHECKING:
    from ..checking import Checker
    from ..summarizer.summarizer import Summarizer

__all__ = ["Models"]


class Models:
    """A cache of :class:`~precis.summarizer.summarizer.Summarizer` and :class:`~precis.checking.Checker`
    objects, keyed by their (frozen, hashable) configuration.

    A server worker or a batch worker keeps one for its whole life, so models
    and vocabularies are loaded once; a command that runs once makes a fresh one.
    """

    def __init__(self) -> None:
        self._summarizers: dict[SummarizerConfig, Summarizer] = {}
        self._checkers: dict[CheckerConfig, Checker] = {}

    def summarizer(self, config: SummarizerConfig) -> Summarizer:
        """The one Summarizer for ``config`` in this cache."""
        from ..summarizer.summarizer import Summarizer

        if config not in self._summarizers:
            self._summarizers[config] = Summarizer(config)
        return self._summarizers[config]

    def checker(self, config: CheckerConfig) -> Checker:
        """The one Checker for ``config`` in this cache."""
        from ..checking import Checker

        if config not in self._checkers:
            self._checkers[config] = Checker(config)
        return self._checkers[config]
