"""The `summarizer` command group.

Sub-commands live in their own modules and are imported only when used, so
`summarizer --help` does not pay for jieba, openai or instructor. Ctrl-C at any point
of a command, its imports included, ends it with one line and exit status 130
(`summarizer.cli.entry` covers the moments before this module is loaded).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import import_module
from typing import Any

import click

from summarizer import __version__
from summarizer.cli.entry import INTERRUPTED_EXIT

# command name -> "module:attribute" of its click command
COMMANDS = {
    "summarize": "summarizer.cli.summarize_cmd:summarize_command",
    "check": "summarizer.cli.check_cmd:check_command",
    "eval": "summarizer.cli.eval_cmd:eval_command",
    "report": "summarizer.cli.report_cmd:report_command",
    "schema": "summarizer.cli.schema_cmd:schema_command",
}


@contextlib.contextmanager
def interrupts_end_quietly() -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        raise click.exceptions.Exit(INTERRUPTED_EXIT) from None


class LazyGroup(click.Group):
    # click turns Ctrl-C into "Aborted!" and exit status 1; a Ctrl-C is reported as such instead.
    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with interrupts_end_quietly():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with interrupts_end_quietly():
            return super().invoke(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(import_module(module_name), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summarizer")
def cli() -> None:
    """Structured, number-checked summaries of long Chinese news and government reports."""
