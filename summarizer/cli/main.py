"""The `summarizer` command group.

Sub-commands live in their own modules and are imported only when used: `summarizer
--help` lists them from their summaries here and reads the version only for `--version`,
so it imports click and nothing heavier (no pydantic, jieba, openai or instructor). Ctrl-C
at any point of a command, its imports included, ends it with one line and exit status 130
(`summarizer.cli.entry` covers the moments before this module is loaded).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import import_module
from typing import Any

import click

from summarizer.cli.entry import INTERRUPTED_EXIT

# command name -> "module:attribute" of its click command
COMMANDS = {
    "summarize": "summarizer.cli.summarize_cmd:summarize_command",
    "check": "summarizer.cli.check_cmd:check_command",
    "eval": "summarizer.cli.eval_cmd:eval_command",
    "report": "summarizer.cli.report_cmd:report_command",
    "schema": "summarizer.cli.schema_cmd:schema_command",
}

# The first paragraph of each command's help, for the command list of `summarizer --help`:
# listing them from here spares importing every command (and pydantic with them).
# tests/test_architecture.py checks that these match the commands' own help.
SUMMARIES = {
    "summarize": "Summarise Chinese articles into key tasks, figures and highlights, with every number checked.",
    "check": "Check every number and evidence quote of SUMMARY.json against the article.",
    "eval": "Score summaries against gold: figures, key tasks, highlights, overview, grounding, faithfulness.",
    "report": "Write an HTML report: the summary beside the article, every item linked to its evidence.",
    "schema": "Print the JSON Schema of a summary file (the gold format) or of a check report.",
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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click's own layout and shortening, from SUMMARIES instead of the imported commands.
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    # The version is read from the installed metadata only when asked for (about 20 ms).
    if not value or ctx.resilient_parsing:
        return
    import summarizer

    click.echo(f"summarizer, version {summarizer.__version__}")
    ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
def cli() -> None:
    """Structured, number-checked summaries of long Chinese news and government reports."""
