"""`summarizer summarize`: one article to stdout or a file; many articles into a directory."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from summarizer.cli.errors import reports_errors
from summarizer.cli.summarize_batch import engine_line, on_ray, refuse_ray_only_options, run_many
from summarizer.schemas import Summary
from summarizer.settings import Settings

FORMATS = ("json", "markdown", "html")


@click.command("summarize")
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="json (the gold-file shape), markdown (a one-page brief) or html (report with the article).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="Output file for one article; output directory for several (or a path ending in '/').",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "offline", "llm"]),
    default=None,
    help="[env SUMMARIZER_ENGINE; default auto: llm when an endpoint or key is set]",
)
@click.option("--model", default=None, help="Model name for the llm engine. [env SUMMARIZER_MODEL]")
@click.option(
    "--base-url",
    multiple=True,
    help="OpenAI-compatible endpoint. [env OPENAI_BASE_URL] With --runner ray, repeat it for several "
    "endpoints of one model: they are shared out between the actors.",
)
@click.option("--api-key", default=None, help="Key for the endpoint. [env OPENAI_API_KEY]")
@click.option(
    "--mode",
    type=click.Choice(["tools", "json", "json_schema", "md_json"]),
    default=None,
    help="How the model returns structure. [env SUMMARIZER_MODE; default tools]",
)
@click.option(
    "--concurrency",
    type=int,
    default=None,
    help="Model calls in flight at once, across all articles. [env SUMMARIZER_CONCURRENCY; default 4]",
)
@click.option(
    "--chunk-size",
    type=int,
    default=None,
    help="Characters per chunk. [env SUMMARIZER_CHUNK_SIZE; default 1500 offline, 4000 llm]",
)
@click.option(
    "--timeout",
    type=float,
    default=None,
    help="Seconds one model request may take, from sending it to the last byte of the reply; "
    "a slower one is cut and retried, "
    "all within 120 s per request. [env SUMMARIZER_TIMEOUT; default 60]",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the model answer cache.")
@click.option(
    "--unsupported",
    type=click.Choice(["flag", "drop"]),
    default=None,
    help="Items with numbers the source does not support: keep them flagged, or drop them. [default flag]",
)
@click.option(
    "--allow-rounding",
    is_flag=True,
    default=None,
    help="Accept a number that rounds the source's (2.02亿 for 2.0228亿).",
)
@click.option(
    "--script",
    type=click.Choice(["auto", "simplified", "traditional"]),
    default=None,
    help="Script of the summary's own text; evidence always stays as the article writes it. "
    "[env SUMMARIZER_SCRIPT; default auto: the article's, Hong Kong or Taiwan variant where it shows]",
)
@click.option(
    "--fail-on-unsupported",
    is_flag=True,
    help="Exit 1 when the final check finds an unsupported number (for scripts); "
    "without it such numbers are flagged in the summary, named on stderr, and the exit status stays 0.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="With -o DIR: skip articles whose summary there is current (same input, same settings).",
)
@click.option(
    "--runner",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where a batch runs: this process, or a Ray cluster (pip install 'summarizer[ray]').",
)
@click.option(
    "--ray-address",
    default=None,
    help="With --runner ray: the cluster to join (auto, or HOST:PORT); "
    "default: RAY_ADDRESS, else a Ray instance started on this machine.",
)
@click.option(
    "--ray-actors",
    type=int,
    default=None,
    help="With --runner ray: actors summarising at once, one engine each "
    "[default: one per CPU of the cluster, at most --concurrency with the llm engine].",
)
@click.option(
    "--output-format",
    "output_kind",
    type=click.Choice(["files", "parquet"]),
    default="files",
    show_default=True,
    help="With --runner ray: files (a JSON per article and index.json, as the local runner writes) "
    "or parquet (shards of rows: id, status, summary JSON, error, timings; for archives).",
)
@click.option("-q", "--quiet", is_flag=True, help="Nothing on stderr but errors.")
@click.option("-v", "--verbose", is_flag=True, help="One line per article, and the library's log.")
@reports_errors
def summarize_command(
    paths: tuple[str, ...],
    output_format: str,
    output: str | None,
    engine: str | None,
    model: str | None,
    base_url: tuple[str, ...],
    api_key: str | None,
    mode: str | None,
    concurrency: int | None,
    chunk_size: int | None,
    timeout: float | None,
    no_cache: bool,
    unsupported: str | None,
    allow_rounding: bool | None,
    script: str | None,
    fail_on_unsupported: bool,
    resume: bool,
    runner: str,
    ray_address: str | None,
    ray_actors: int | None,
    output_kind: str,
    quiet: bool,
    verbose: bool,
) -> None:
    """Summarise Chinese articles into key tasks, figures and highlights, with every number checked.

    PATH is an article (.txt, .md, .html), a directory (searched recursively for those),
    a JSONL file of {"id": ..., "text": ...} lines, or '-' for standard input (the default);
    with --runner ray also Parquet files (or directories of them) with id and text columns.

    \b
    One article: the summary goes to stdout, or to -o FILE.
    Several articles: give -o DIR; each summary is written to DIR/<name>.json
      (plus <name>.md or <name>.html with --format markdown/html) and DIR/index.json
      lists every article with its status. Without -o, --format markdown prints the
      briefs one after another; json and html need -o DIR.
    On a Ray cluster (--runner ray, with pip install 'summarizer[ray]'): -o DIR
      is written the same way, or with --output-format parquet as shards of rows.

    \b
    Exit status: 0 all done; 1 some article or chunk failed (or, with
    --fail-on-unsupported, a number is unsupported); 2 bad input or settings;
    130 interrupted (finished articles and the index are kept).
    """
    from summarizer.inputs import is_single_article

    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other")
    if runner == "local":
        refuse_ray_only_options(paths, base_url, ray_address, ray_actors, output_kind)
    _configure_logging(quiet=quiet, verbose=verbose)
    settings = Settings.resolve(
        engine=engine,
        model=model,
        base_url=base_url[0] if base_url else None,
        api_key=api_key,
        mode=mode,
        concurrency=concurrency,
        chunk_size=chunk_size,
        timeout=timeout,
        cache=False if no_cache else None,
        unsupported=unsupported,
        allow_rounding=allow_rounding,
        script=script,
    )
    if not paths and sys.stdin is not None and sys.stdin.isatty():
        raise click.UsageError("give an article PATH, or pipe the text in")
    if output == "-":
        output = None  # standard output, as without -o
    if runner == "ray":
        failed = on_ray(
            paths,
            settings,
            output=output,
            endpoints=base_url,
            address=ray_address,
            actors=ray_actors,
            output_kind=output_kind,
            output_format=output_format,
            resume=resume,
            quiet=quiet,
            verbose=verbose,
            fail_on_unsupported=fail_on_unsupported,
        )
        if failed:
            raise SystemExit(1)
        return
    into_directory = output is not None and (output.endswith(("/", os.sep)) or _is_directory(Path(output)))
    if is_single_article(paths) and not into_directory:
        if resume:
            raise click.UsageError("--resume needs -o DIR: it skips summaries already written there")
        failed = _one(
            paths[0] if paths else "-",
            settings,
            output_format=output_format,
            output=output,
            quiet=quiet,
            verbose=verbose,
            fail_on_unsupported=fail_on_unsupported,
        )
    else:
        failed = run_many(
            paths,
            settings,
            output_format=output_format,
            output=output,
            resume=resume,
            quiet=quiet,
            verbose=verbose,
            fail_on_unsupported=fail_on_unsupported,
        )
    if failed:
        raise SystemExit(1)


def _one(
    path: str,
    settings: Settings,
    *,
    output_format: str,
    output: str | None,
    quiet: bool,
    verbose: bool,
    fail_on_unsupported: bool = False,
) -> bool:
    import asyncio

    from summarizer import pipeline
    from summarizer.load import load_path
    from summarizer.progress import StepReporter
    from summarizer.render import render

    if output is not None and path != "-":
        _refuse_to_overwrite(Path(path), Path(output))
    document = load_path(path)
    if not quiet:
        click.echo(f"engine: {engine_line(settings)}", err=True)
    with StepReporter(document.name, quiet=quiet, verbose=verbose) as progress:
        summary = asyncio.run(pipeline.summarize_document(document, settings=settings, observer=progress))
        progress.step(f"writing the {output_format} summary")
        text = render(output_format, summary, document.text)
    if output is None:
        click.echo(text, nl=False)
    else:
        from summarizer.output import write_atomically

        write_atomically(Path(output), text)
    if not quiet:
        _report_one(summary)
    unsupported = len(summary.check.unsupported) if summary.check is not None else 0
    if unsupported:
        # Always said, even with --quiet: a script reading only the exit status needs the flag.
        click.echo(f"{unsupported} unsupported number(s) flagged in the summary", err=True)
    return bool(summary.meta and summary.meta.failed_chunks) or (fail_on_unsupported and unsupported > 0)


def _is_directory(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, say: writing there will say so
        return False


def _refuse_to_overwrite(article: Path, output: Path) -> None:
    from summarizer.errors import OutputError
    from summarizer.output import file_identity

    same = file_identity(article)
    if same is not None and file_identity(output) == same:
        raise OutputError(f"-o {output} is the article itself: writing the summary there would overwrite it")


def _report_one(summary: Summary) -> None:
    if summary.check is not None:
        flagged = [number for number in summary.check.numbers if number.status != "supported"]
        for number in flagged:
            line = f"check: {number.status} {number.path} {number.text}: {number.reason}"
            click.echo(line if len(line) <= 200 else line[:199] + "…", err=True)
    if summary.meta is not None:
        for failure in summary.meta.failed_chunks:
            click.echo(f"Warning: chunk {failure.chunk} failed: {failure.reason}", err=True)


def _configure_logging(*, quiet: bool, verbose: bool) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    logger = logging.getLogger("summarizer")
    logger.setLevel(level)
    if not any(isinstance(handler, _StderrHandler) for handler in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)


class _StderrHandler(logging.Handler):
    """Writes to whatever stderr is at the time of the record (click's runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:  # noqa: BLE001 - logging must never break the command
            self.handleError(record)
