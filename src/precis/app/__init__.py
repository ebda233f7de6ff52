"""The application layer: typed requests -> results, the one rulebook the front ends share.

The CLI (:mod:`precis.cli`), the HTTP server (:mod:`precis.server`) and
``precis batch`` (:mod:`precis.batch`) translate their inputs to a request
(:mod:`.requests`: options, their defaults, their validation) and call the
task's function (:mod:`.tasks`: the skip rule, ``verify``, the refusals,
options -> library settings); they translate the :class:`Outcome` to their
output. Importing this package loads no model and no heavy library.
"""

from .models import Models
from .requests import (
    BUDGETS,
    CheckRequest,
    DigestRequest,
    FailOn,
    Order,
    Request,
    Scorer,
    SummarizeRequest,
    TimelineRequest,
    UpdateRequest,
    default,
)
from .tasks import (
    NO_TIMELINE_ADVICE,
    VERIFIER,
    Outcome,
    check,
    checker_config,
    digest,
    skip_unusable,
    summarize,
    summarizer_config,
    timeline,
    update,
)

__all__ = [
    "BUDGETS",
    "NO_TIMELINE_ADVICE",
    "VERIFIER",
    "CheckRequest",
    "DigestRequest",
    "FailOn",
    "Models",
    "Order",
    "Outcome",
    "Request",
    "Scorer",
    "SummarizeRequest",
    "TimelineRequest",
    "UpdateRequest",
    "check",
    "checker_config",
    "default",
    "digest",
    "skip_unusable",
    "summarize",
    "summarizer_config",
    "timeline",
    "update",
]
