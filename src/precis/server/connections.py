"""Connections a hostile client cannot hold open: a deadline for each request's headers.

uvicorn closes a connection that stays idle *after* a response
(``timeout_keep_alive``), but not one that never finishes its first request
line and headers: a client can open many and send a byte now and then
(slowloris). :class:`GuardedH11Protocol` gives every request
``header_timeout`` seconds, from the moment the connection opens or the
previous response ends, to deliver its complete headers; then the
connection is closed. Bodies are bounded by the body cap and the request
time limit of the app.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["DEFAULT_HEADER_TIMEOUT", "DEFAULT_IDLE_TIMEOUT", "GuardedH11Protocol", "guarded_protocol"]

DEFAULT_HEADER_TIMEOUT = 10.0  # seconds for a request line and its headers
DEFAULT_IDLE_TIMEOUT = 5.0  # seconds a kept-alive connection may stay silent between requests


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the headers of each request."""

    header_timeout = DEFAULT_HEADER_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state in (h11.SEND_BODY, h11.DONE):  # the headers are in: the app's limits take over
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state not in (h11.SEND_BODY, h11.DONE):
            self._arm()  # the next request on this connection gets the same deadline

    def _arm(self) -> None:
        self._disarm()
        self._header_deadline = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _too_slow(self) -> None:
        self._header_deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def guarded_protocol(header_timeout: float) -> type[GuardedH11Protocol]:
    """A :class:`GuardedH11Protocol` class with its own header deadline (uvicorn takes a class)."""
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {"header_timeout": header_timeout})
