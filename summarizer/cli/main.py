"""Entry point of the `summarizer` command.

Sub-commands live in their own modules and are imported only when used, so
`summarizer --help` does not pay for jieba, openai or instructor.
"""

from __future__ import annotations

from importlib import import_module

import click

from summarizer import __version__

# command name -> "module:attribute" of its click command
COMMANDS = {
    "summarize": "summarizer.cli.summarize_cmd:summarize_command",
    "check": "summarizer.cli.check_cmd:check_command",
    "eval": "summarizer.cli.eval_cmd:eval_command",
    "report": "summarizer.cli.report_cmd:report_command",
    "schema": "summarizer.cli.schema_cmd:schema_command",
}


class LazyGroup(click.Group):
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
