"""`summarizer check`: cross-check the numbers of a summary file against its article."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from summarizer.cli.errors import reports_errors


@click.command("check")
@click.argument("summary_path", metavar="SUMMARY", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--source",
    "source_path",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The article the summary was made from (text or HTML file, '-' for stdin).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the check report as JSON.")
@click.option(
    "--allow-rounding",
    is_flag=True,
    help="Accept a value rounded to the decimals the summary writes (2.02亿元 for 2.0228亿元).",
)
@reports_errors
def check_command(summary_path: str, source_path: str, as_json: bool, allow_rounding: bool) -> None:
    """Check every number and evidence quote of SUMMARY.json against the article.

    SUMMARY is a summary file (JSON in the gold format; items without evidence are checked
    against the whole article) or any text — a brief, a Markdown page — whose every number
    is checked and reported with its sentence. SUMMARY or the article (not both) may be '-'
    for standard input. A summary with no numbers and no evidence quotes has nothing to
    check, and says so.

    Exit status: 0 when everything is supported (warnings allowed) or there was nothing to
    check, 1 when a number is unsupported or an evidence quote is not in the article, 2 for
    unusable input.
    """
    from summarizer.checker import check, check_text
    from summarizer.load import load_path

    if summary_path == "-" and source_path == "-":
        raise click.UsageError("only one of SUMMARY and --source can be read from standard input")
    content, name = _read(summary_path)
    document = load_path(source_path)
    is_summary = content.lstrip().startswith(("{", "["))
    if is_summary:
        report = check(_parse_summary(content, name), document.text, allow_rounding=allow_rounding)
    else:
        report = check_text(content, document.text, allow_rounding=allow_rounding)
    nothing = _nothing_checked(report)
    if as_json:
        click.echo(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
        if nothing:
            click.echo(f"Nothing to check: {nothing}.", err=True)
    else:
        click.echo(
            f"Nothing to check: {nothing}." if nothing else _human_report(report, every=not is_summary)
        )
    if not report.ok:
        click.get_current_context().exit(1)


def _nothing_checked(report) -> str | None:  # report: summarizer.schemas.CheckReport
    """Why the check had nothing to look at, or None when it looked at something."""
    if report.numbers or report.evidence:
        return None
    return "it holds no numbers and no evidence quotes"


def _read(path: str) -> tuple[str, str]:
    """The text of SUMMARY and the name to report it by."""
    from summarizer.errors import InputError

    try:
        if path == "-":
            return sys.stdin.buffer.read().decode("utf-8-sig"), "stdin"
        return Path(path).read_text(encoding="utf-8-sig"), path
    except FileNotFoundError as error:
        raise InputError(f"{path}: no such file") from error
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from error


def _parse_summary(text: str, path: str):  # -> summarizer.schemas.Summary
    from pydantic import ValidationError

    from summarizer.errors import InputError
    from summarizer.schemas import Summary

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not JSON: {error.msg} (line {error.lineno})") from error
    try:
        return Summary.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or 'summary'}: {problem['msg']}"
            for problem in error.errors()[:5]
        )
        raise InputError(f"{path}: not a summary: {problems}") from error


def _human_report(report, *, every: bool = False) -> str:  # report: summarizer.schemas.CheckReport
    """The flagged numbers (with `every`, for a free text: all of them) and a total."""
    lines = []
    for number in report.numbers:
        if number.status == "supported" and not every:
            continue
        lines.append(f"{number.status.upper():<11} {number.path}  {number.text}")
        if number.sentence:
            lines.append(f"            in: {number.sentence}")
        if number.reason:
            lines.append(f"            {number.reason}")
        if number.source_sentence:
            lines.append(f"            source: {number.source_sentence}")
    for evidence in report.evidence:
        if not evidence.found:
            lines.append(f"{'MISSING':<11} {evidence.path}  evidence not found in the article")
    counts = {
        status: sum(1 for n in report.numbers if n.status == status)
        for status in ("supported", "warning", "unsupported")
    }
    found = sum(1 for e in report.evidence if e.found)
    numbers = (
        f"{len(report.numbers)} numbers checked: {counts['supported']} supported, {counts['warning']} warnings, "
        f"{counts['unsupported']} unsupported"
        if report.numbers
        else "no numbers to check"
    )
    lines.append(
        f"{numbers}; evidence found {found}/{len(report.evidence)} — {'OK' if report.ok else 'FAILED'}"
    )
    return "\n".join(lines)
