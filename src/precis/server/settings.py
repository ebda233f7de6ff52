"""What an operator sets when starting the server: one frozen object, validated in one place.

Nothing here imports the web framework: the worker processes receive these
settings as a plain dict (:meth:`ServerSettings.to_dict`).
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import ConfigError
from ..readers import DEFAULT_MAX_BYTES

__all__ = ["DEFAULT_MAX_BODY", "ServerSettings", "default_workers", "parse_size"]

DEFAULT_MAX_BODY = 5_000_000
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def default_workers() -> int:
    """One worker per CPU, at most 4 (each holds its own copy of the models)."""
    return max(1, min(4, os.cpu_count() or 1))


def parse_size(text: str) -> int:
    """``"5MB"``, ``"500kB"`` or ``"1048576"`` -> bytes (decimal units)."""
    match = _SIZE.match(text)
    if not match:
        raise ConfigError(f"The 'max_body' parameter must be a size such as 5MB, 500kB or 1048576. Got {text!r}.")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerSettings:
    """How ``precis serve`` runs.

    Parameters
    ----------
    workers : int
        Worker processes doing the summarizing; each loads the models once.
    queue : int
        Requests that may wait for a free worker; one more gets 429.
    max_body : int, default=5_000_000
        Largest request body in bytes (413 beyond).
    max_articles : int, default=100
        Most articles in one request, counting fetched URLs (422 beyond).
    timeout : float, default=60.0
        Seconds a request may take, waiting included (504 beyond; the worker
        running it is stopped and replaced).
    fetch_timeout : float, default=15.0
        Seconds to wait for a web page given as a URL.
    max_fetch_bytes : int, default=10_000_000
        Largest web page fetched.
    embeddings : bool, default=False
        Load the sentence-embedding model at start-up and use it by default.
    model : str or None
        Embedding model folder (the operator's choice; clients cannot name one).
    cors_origins : tuple of str, default=()
        Origins allowed by CORS; empty turns CORS off.
    allowed_hosts : tuple of str, default=()
        Intranet hosts (exact names or IPs) the operator trusts to be fetched
        although private; every other private address, and any redirect to
        one, is still refused. Clients cannot add to it.
    server_names : tuple of str, default=()
        Names this server answers for in the ``Host`` header, besides IP
        addresses, ``localhost`` and the name it listens on (421 for any
        other: the guard against DNS rebinding); ``"*"`` answers any name.
    header_timeout : float, default=10.0
        Seconds a connection has to send each request's line and headers.
    idle_timeout : float, default=5.0
        Seconds a kept-alive connection may stay silent between requests.
    store : str or None
        The store of ``precis track`` whose stories ``/stories`` and
        ``/v1/stories`` show: an SQLite file or a ``postgresql://`` URL
        (default: the store ``precis track`` uses when given no ``--store``).
    """

    workers: int = field(default_factory=default_workers)
    queue: int = 8
    max_body: int = DEFAULT_MAX_BODY
    max_articles: int = 100
    timeout: float = 60.0
    fetch_timeout: float = 15.0
    max_fetch_bytes: int = DEFAULT_MAX_BYTES
    embeddings: bool = False
    model: str | None = None
    cors_origins: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    server_names: tuple[str, ...] = ()
    header_timeout: float = 10.0
    idle_timeout: float = 5.0
    store: str | None = None

    def __post_init__(self) -> None:
        checks: list[tuple[str, bool, str]] = [
            ("workers", self.workers >= 1, "a whole number >= 1"),
            ("queue", self.queue >= 0, "a whole number >= 0"),
            ("max_body", self.max_body >= 1, "a positive number of bytes"),
            ("max_articles", self.max_articles >= 1, "a whole number >= 1"),
            ("timeout", self.timeout > 0, "a positive number of seconds"),
            ("fetch_timeout", self.fetch_timeout > 0, "a positive number of seconds"),
            ("max_fetch_bytes", self.max_fetch_bytes >= 1, "a positive number of bytes"),
            ("header_timeout", 0 < self.header_timeout <= 3600, "a positive number of seconds, at most 3600"),
            ("idle_timeout", 0 < self.idle_timeout <= 3600, "a positive number of seconds, at most 3600"),
        ]
        for name, ok, text in checks:
            if not ok:
                raise ConfigError(
                    f"The '{name}' parameter of ServerSettings must be {text}. Got {getattr(self, name)!r} instead."
                )

    def to_dict(self) -> dict[str, Any]:
        """Plain values, for the worker processes."""
        return asdict(self)
