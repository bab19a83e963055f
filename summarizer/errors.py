"""The one error tree of the summarizer.

    SummarizerError                 base; the CLI prints str(error) on one line
    ├── InputError                  unreadable, empty, binary or malformed input, or a path
    │                               passed where article text goes  (exit 2)
    ├── ConfigError                 bad or missing settings: engine, endpoint, model  (exit 2)
    ├── OutputError                 an output cannot be written: not a directory, no permission,
    │                               a full disk, an input in the way, another run's directory  (exit 2)
    └── EngineError                 an engine could not produce a result  (exit 1)
        ├── ModelRequestError       the endpoint refused the request (400/401/403/404): no retry
        └── ModelUnavailableError   retries exhausted: timeouts, 429, 5xx, connection errors

Errors from third-party SDKs (openai, instructor, httpx) are wrapped where they
enter, with ``raise ... from original`` and the original kept on ``.original``.
The library never prints or exits; only the CLI turns these into messages.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EngineError",
    "InputError",
    "ModelRequestError",
    "ModelUnavailableError",
    "OutputError",
    "SummarizerError",
]


class SummarizerError(Exception):
    """Base of every error the summarizer raises on purpose."""

    exit_code: int = 1

    def __init__(self, message: str, *, original: BaseException | None = None) -> None:
        super().__init__(message)
        self.original = original


class InputError(SummarizerError):
    """The input cannot be used: empty, binary, undecodable or not of the expected shape."""

    exit_code = 2


class ConfigError(SummarizerError):
    """The settings are incomplete or contradictory."""

    exit_code = 2


class OutputError(SummarizerError):
    """An output cannot be written where it was asked for; the message names the path and why."""

    exit_code = 2


class EngineError(SummarizerError):
    """An engine failed to produce a result."""


class ModelRequestError(EngineError):
    """The model endpoint rejected the request; retrying cannot help (bad key, unknown model)."""


class ModelUnavailableError(EngineError):
    """The model endpoint could not be reached or kept failing after bounded retries."""
