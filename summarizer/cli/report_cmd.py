"""`summarizer report`: a summary JSON file and its article -> the self-contained HTML report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from summarizer.cli.errors import reports_errors
from summarizer.errors import InputError
from summarizer.schemas import CheckReport, Summary


@click.command("report")
@click.argument("summary_file", metavar="SUMMARY.json", type=click.Path(allow_dash=True))
@click.option(
    "-s",
    "--source",
    type=click.Path(allow_dash=True),
    default=None,
    help="The article the summary was made from (.txt, .md or .html). [default: the summary's `article`]",
)
@click.option(
    "-o", "--output", type=click.Path(), default=None, help="Write the report here ('-' or none: stdout)."
)
@click.option(
    "--allow-rounding",
    is_flag=True,
    help="Accept numbers that round the source's (2.02亿元 for 2.0228亿元).",
)
@reports_errors
def report_command(summary_file: str, source: str | None, output: str | None, allow_rounding: bool) -> None:
    """Write an HTML report: the summary beside the article, every item linked to its evidence.

    Open it in any browser; it is one file and fetches nothing. Every number is checked
    again against the article given (verdicts stored in the file are not trusted: they may
    come from another article or an older checker), and stderr says so when evidence
    quotes are not found in it.
    """
    from summarizer.load import load_path
    from summarizer.render.html import render_html

    summary = _read_summary(summary_file)
    source = source or _source_named_in(summary)
    document = load_path(source)
    summary = _checked(
        summary.model_copy(update={"check": None}), document.text, allow_rounding=allow_rounding
    )
    missing = (
        [evidence.path for evidence in summary.check.evidence if not evidence.found] if summary.check else []
    )
    if missing:
        click.echo(
            f"{len(missing)} evidence quote(s) of the summary are not in {document.name}: "
            f"was it made from another article? ({', '.join(missing[:3])}{', …' if len(missing) > 3 else ''})",
            err=True,
        )
    page = render_html(summary, document.text)
    if output is None or output == "-":
        click.echo(page, nl=False)
        return
    from summarizer.output import write_atomically

    write_atomically(Path(output), page)


def _read_summary(path: str) -> Summary:
    from pydantic import ValidationError

    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError as error:
        raise InputError(f"{path}: no such file") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from error
    try:
        return Summary.model_validate_json(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "file"
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        raise InputError(f"{path}: not a summary file: {where}: {first['msg']}{more}") from error


def _source_named_in(summary: Summary) -> str:
    if summary.article and Path(summary.article).is_file():
        return summary.article
    raise InputError("give the article with --source: the summary does not name a readable file")


def _checked(summary: Summary, original: str, *, allow_rounding: bool) -> Summary:
    from summarizer.checker import check
    from summarizer.clean import clean
    from summarizer.verdicts import apply_verdicts

    source = clean(original)

    def recheck(candidate: Summary) -> CheckReport:
        return check(candidate, source, allow_rounding=allow_rounding)

    return apply_verdicts(summary, recheck(summary), policy="flag", recheck=recheck)
