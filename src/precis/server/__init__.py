"""``precis serve``: the HTTP API and the web page (the ``[server]`` extra: FastAPI and uvicorn).

One uvicorn process runs the event loop: it parses and validates requests,
serves the page and ``/healthz``, and hands every summarize, check, timeline
or digest request to a pool of worker processes (:mod:`.pool`) that loaded
the models once at start-up. Modules:

- :mod:`.settings`: what the operator sets (workers, limits, embeddings);
- :mod:`.schemas`: request bodies, the CLI options as JSON fields;
- :mod:`.inputs`, :mod:`.jobs`, :mod:`.worker`: the work, in the workers,
  through the same readers, library calls and renderers as the CLI;
- :mod:`.pool`: the worker processes, a bounded queue, deadlines;
- :mod:`.problems`: errors -> HTTP statuses, as RFC 9457 problem documents;
- :mod:`.limits`: the body cap and security headers;
- :mod:`.api`, :mod:`.page`, :mod:`.app`: routes and :func:`create_app`;
- ``static/``: the page's HTML, CSS and JavaScript (no CDN).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .settings import ServerSettings

if TYPE_CHECKING:
    from .app import create_app, serve

__all__ = ["ServerSettings", "create_app", "serve"]


def __getattr__(name: str) -> Any:
    """``create_app`` and ``serve`` import the web framework, so only on first use."""
    if name in ("create_app", "serve"):
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module 'precis.server' has no attribute {name!r}")
