"""Imported once by the worker pool's fork server: load and warm precis there, so workers fork warm.

Importing this module runs one small request of each kind (see
:func:`~precis.server.worker.warm_up`) with the default, TF-IDF settings.
The imports, the learned scoring model and the readers' caches then live in
the fork server, and every worker forked from it starts with them in place
(sharing their memory pages) instead of loading them again. Each worker
still warms its own :class:`~precis.server.jobs.Engine` before it reports
ready; that second warm-up is quick. A failure here is ignored: the workers
would then load everything themselves, as under ``spawn``.
"""

from __future__ import annotations

import contextlib

with contextlib.suppress(Exception):
    from .jobs import Engine
    from .settings import ServerSettings
    from .worker import warm_up

    warm_up(Engine(ServerSettings(workers=1)))
