"""The whole exception tree of precis.

Every error precis raises on purpose is a :class:`PrecisError`. Each family
also subclasses the builtin that callers already catch, so ``except
ValueError`` keeps working for code that does not know precis::

    PrecisError
    ├── InputError(ValueError)            bad or unreadable input; names the input
    │   ├── InputTooLargeError            input over a size limit
    │   └── FetchError                    a URL could not be fetched (HTTP status, timeout,
    │       │                             wrong content type, too many redirects...)
    │       └── BlockedAddressError       a URL (or a redirect) leads to a private, loopback,
    │                                     link-local or metadata address
    ├── ConfigError(ValueError)           a parameter out of its allowed range
    ├── NotFittedError(ValueError, AttributeError)
    │                                     a stage used before ``fit``
    ├── MissingDependencyError(ImportError)
    │                                     an optional extra is not installed
    └── VerificationError(AssertionError) precis's own output failed its checker (a bug)

    InputWarning(UserWarning)             input precis used with a part left out (an article
                                          read undated because its date cannot be read)

Messages say what was wrong, with what, and what to do next. The CLI maps
these classes to exit codes and the server to HTTP statuses, each in one
table of its own. This module holds no logic.
"""

from __future__ import annotations

__all__ = [
    "BlockedAddressError",
    "ConfigError",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "InputWarning",
    "MissingDependencyError",
    "NotFittedError",
    "PrecisError",
    "VerificationError",
]


class PrecisError(Exception):
    """Root of every error precis raises on purpose."""


class InputError(PrecisError, ValueError):
    """Input that precis cannot use: empty, binary, undecodable, not English...

    ``source`` names the offending input (a path, ``<stdin>``, an article id)
    when it is known.
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class InputTooLargeError(InputError):
    """An input larger than the configured size limit."""


class FetchError(InputError):
    """A URL that could not be fetched; ``source`` is the URL as given."""


class BlockedAddressError(FetchError):
    """A URL, or a redirect from it, resolves to an address precis will not fetch without ``allow_private``."""


class ConfigError(PrecisError, ValueError):
    """A parameter outside its allowed values.

    Messages follow one template: ``The 'x' parameter of Y must be ... Got ...
    instead.``
    """


class NotFittedError(PrecisError, ValueError, AttributeError):
    """A stage was used before ``fit`` was called on it."""


class MissingDependencyError(PrecisError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""


class VerificationError(PrecisError, AssertionError):
    """``summarize --verify`` found a flag on precis's own extractive summary: a bug in precis."""


class InputWarning(UserWarning):
    """Input that precis used with a part left out, such as a publication date it cannot read.

    Warned once per input (a file), through :mod:`warnings`; the ``precis``
    command prints it as ``precis: warning: ...``.
    """
