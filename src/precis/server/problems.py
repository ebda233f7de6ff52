"""Errors -> HTTP statuses, in one table, answered as RFC 9457 ``application/problem+json``.

A problem body is ``{"type", "title", "status", "detail"}`` plus, where
known, ``field`` (the request field at fault: ``articles[2]``, ``words``)
and ``errors`` (one ``{"field", "message"}`` per invalid field). ``type`` is
``urn:precis:problem:<slug>``. No body ever carries a traceback: an
unexpected exception is logged on the server and answered with a generic 500.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import (
    BlockedAddressError,
    ConfigError,
    FetchError,
    InputError,
    InputTooLargeError,
    MissingDependencyError,
    PrecisError,
    VerificationError,
)

__all__ = ["HTTP_STATUS", "PROBLEM_TYPE", "Problem", "problem_for"]

PROBLEM_TYPE = "application/problem+json"

# error class -> (status, slug, title); the most specific class in an exception's MRO wins
HTTP_STATUS: dict[type[BaseException], tuple[int, str, str]] = {
    BlockedAddressError: (422, "blocked-address", "URL refused: private or internal address"),
    FetchError: (422, "fetch-failed", "A URL could not be fetched"),
    InputTooLargeError: (413, "input-too-large", "Input too large"),
    InputError: (422, "invalid-input", "Input precis cannot use"),
    ConfigError: (422, "invalid-option", "Option out of range"),
    MissingDependencyError: (501, "missing-extra", "This server lacks an optional part"),
    VerificationError: (500, "verification-failed", "precis's summary failed its own check (a bug)"),
    PrecisError: (422, "invalid-input", "Input precis cannot use"),
}


class Problem(Exception):
    """An HTTP problem the app answers with; raise it anywhere in a request."""

    def __init__(
        self,
        status: int,
        slug: str,
        title: str,
        detail: str,
        *,
        field: str | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.slug, self.title, self.detail = status, slug, title, detail
        self.field, self.errors, self.headers = field, errors, headers or {}

    def body(self) -> dict[str, Any]:
        """The problem document."""
        out: dict[str, Any] = {
            "type": f"urn:precis:problem:{self.slug}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.field:
            out["field"] = self.field
        if self.errors:
            out["errors"] = self.errors
        return out

    def encode(self) -> bytes:
        """The body as UTF-8 JSON."""
        return json.dumps(self.body(), ensure_ascii=False).encode("utf-8")


def problem_for(exc: PrecisError) -> Problem:
    """The problem answering a precis error (``source`` becomes ``field`` when it names a request field)."""
    status, slug, title = next(HTTP_STATUS[c] for c in type(exc).__mro__ if c in HTTP_STATUS)
    field = getattr(exc, "source", None) if isinstance(exc, InputError) else None
    return Problem(status, slug, title, str(exc), field=field)
