"""Settings of every feature: frozen config objects validated in one place, and the registry of strategies.

- :mod:`.validation`: the one validator (sklearn's message template), its constraints, the dict form
- :mod:`.settings`: :class:`SummarizerConfig`, :class:`CheckerConfig`
- :mod:`.timeline`: :class:`TimelineConfig`
- :mod:`.stories`: :class:`CopiesConfig`, :class:`GroupingConfig`, :class:`DigestConfig`, :class:`UpdateConfig`
- :mod:`.registry`: named, versioned strategies (``registry.selectors.get("mmr.v1")``)
"""

from .registry import Registry, registry
from .settings import CheckerConfig, SummarizerConfig
from .stories import CopiesConfig, DigestConfig, GroupingConfig, UpdateConfig
from .timeline import TimelineConfig
from .validation import _validate

__all__ = [
    "CheckerConfig",
    "CopiesConfig",
    "DigestConfig",
    "GroupingConfig",
    "Registry",
    "SummarizerConfig",
    "TimelineConfig",
    "UpdateConfig",
    "_validate",
    "registry",
]
