"""Turns library errors into one line on stderr and an exit code."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from summarizer.errors import SummarizerError

F = TypeVar("F", bound=Callable[..., Any])


class CommandError(click.ClickException):
    """A ClickException that carries the library error's exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self._exit_code = exit_code

    @property
    def exit_code(self) -> int:  # type: ignore[override]  # click types it a ClassVar; ours is per error
        return self._exit_code


def reports_errors(function: F) -> F:
    """Decorate a command so a SummarizerError becomes `Error: <message>` and its exit code."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except SummarizerError as error:
            raise CommandError(str(error), error.exit_code) from error

    return wrapper  # type: ignore[return-value]
