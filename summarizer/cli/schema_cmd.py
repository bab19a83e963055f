"""`summarizer schema`: the JSON Schema of the summary (or the check report)."""

from __future__ import annotations

import json

import click


@click.command("schema")
@click.option(
    "--of",
    "which",
    type=click.Choice(["summary", "check"]),
    default="summary",
    show_default=True,
    help="Which model's schema to print.",
)
def schema_command(which: str) -> None:
    """Print the JSON Schema of a summary file (the gold format) or of a check report."""
    from summarizer.schemas import CheckReport, Summary

    model = Summary if which == "summary" else CheckReport
    click.echo(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2))
