"""`summarizer eval`: score summaries against gold files, summarising the articles first if asked."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from summarizer.cli.errors import reports_errors
from summarizer.errors import InputError


def _thresholds(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]):
    from summarizer.eval.report import parse_threshold

    try:
        return [parse_threshold(value) for value in values]
    except ValueError as error:
        raise click.BadParameter(str(error), ctx=ctx, param=param) from error


_DIRECTORY = click.Path(file_okay=False, path_type=Path)


@click.command("eval")
@click.option(
    "--gold", "gold_dir", required=True, type=_DIRECTORY, help="Directory of gold summaries (*.json)."
)
@click.option("--pred", "predictions_dir", type=_DIRECTORY, help="Directory of summaries to score (*.json).")
@click.option(
    "--articles",
    "articles_dir",
    type=_DIRECTORY,
    help="Directory of articles: summarised first when --pred is absent; also enables grounding and faithfulness.",
)
@click.option("--engine", type=click.Choice(["auto", "offline", "llm"]), help="Engine used to summarise.")
@click.option("--model", help="Model name for the LLM engine.")
@click.option("--base-url", help="OpenAI-compatible endpoint for the LLM engine.")
@click.option(
    "--mode", type=click.Choice(["tools", "json", "json_schema", "md_json"]), help="Structured-output mode."
)
@click.option("--concurrency", type=int, help="Model calls at once.")
@click.option("--chunk-size", type=int, help="Characters per chunk.")
@click.option(
    "--timeout",
    type=float,
    help="Seconds one model request may take, from sending it to the last byte of the reply (default 60).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a Markdown report.",
)
@click.option(
    "--fail-under",
    "thresholds",
    multiple=True,
    callback=_thresholds,
    metavar="METRIC=VALUE",
    help="Exit 1 when the macro average of METRIC is below VALUE (repeatable), e.g. figure_f1=0.7.",
)
@reports_errors
def eval_command(
    gold_dir: Path,
    predictions_dir: Path | None,
    articles_dir: Path | None,
    as_json: bool,
    report_path: Path | None,
    thresholds: list,
    **options: object,
) -> None:
    """Score summaries against gold: figures, key tasks, highlights, overview, grounding, faithfulness.

    Either score existing summaries (--pred DIR) or summarise --articles DIR first.
    """
    from summarizer.eval.report import failures, markdown_report, rich_table
    from summarizer.eval.runner import evaluate

    run = evaluate(gold_dir, predictions_dir=predictions_dir, articles_dir=articles_dir, **options)
    if as_json:
        click.echo(run.model_dump_json(indent=2))
    else:
        from rich.console import Console

        Console(width=max(150, Console().width)).print(rich_table(run))
    if report_path is not None:
        command = (
            "summarizer " + " ".join(_shown_arguments(sys.argv[1:])) if sys.argv[1:2] == ["eval"] else None
        )
        try:
            report_path.write_text(markdown_report(run, command=command), encoding="utf-8")
        except OSError as error:
            raise InputError(f"cannot write report {report_path}: {error}", original=error) from error
    problems = failures(run, thresholds)
    for problem in problems:
        click.echo(f"FAIL: {problem}", err=True)
    if problems:
        raise SystemExit(1)


def _shown_arguments(arguments: list[str]) -> list[str]:
    """The command line as the report may show it: URLs without their credentials."""
    from summarizer.redact import shown_url

    shown = []
    for argument in arguments:
        if "://" in argument:
            name, equals, url = argument.partition("=") if argument.startswith("--") else ("", "", argument)
            argument = f"{name}{equals}{shown_url(url)}"
        shown.append(argument)
    return shown
