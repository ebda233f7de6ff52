"""Settings of every feature: frozen config objects, validated in one place (see :mod:`.settings`)."""

from .settings import CheckerConfig, SummarizerConfig, _validate

__all__ = ["CheckerConfig", "SummarizerConfig", "_validate"]
