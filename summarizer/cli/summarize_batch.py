"""Many articles from `summarizer summarize`: the local runner or the Ray runner, and the batch's final line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from summarizer.batch_index import BatchCounts
from summarizer.settings import Settings

if TYPE_CHECKING:  # the batch modules load when a batch runs
    from summarizer.batch_article import Extra

__all__ = ["engine_line", "is_file", "on_ray", "refuse_ray_only_options", "run_many"]


def run_many(
    paths: tuple[str, ...],
    settings: Settings,
    *,
    output_format: str,
    output: str | None,
    resume: bool,
    quiet: bool,
    verbose: bool,
    fail_on_unsupported: bool = False,
) -> bool:
    """The local runner over `paths`; True when the exit status must be 1."""
    from summarizer.batch import run_batch
    from summarizer.inputs import gather_inputs
    from summarizer.progress import make_observer

    if output is None and output_format != "markdown":
        raise click.UsageError(
            "several articles need -o DIR (one summary file per article, plus index.json), "
            "or --format markdown to print the briefs one after another"
        )
    if output is None and resume:
        raise click.UsageError("--resume needs -o DIR: it skips summaries already written there")
    out_dir = Path(output) if output is not None else None
    if out_dir is not None and is_file(out_dir):
        raise click.UsageError(f"-o {output}: not a directory; several articles are written into a directory")
    inputs = gather_inputs(paths, skip=out_dir)
    extra = _extra(output_format)
    if not quiet:
        click.echo(f"engine: {engine_line(settings, verbose=verbose)}", err=True)
        _report_skipped(inputs.skipped, listed_in=out_dir)
    observer = make_observer(quiet=quiet, verbose=verbose)
    try:
        result = run_batch(
            inputs.sources,
            settings=settings,
            out_dir=out_dir,
            resume=resume,
            extra=extra,
            observer=observer,
            skipped=inputs.skipped,
        )
    except KeyboardInterrupt:
        kept = f"; finished summaries and {out_dir / 'index.json'} are kept" if out_dir else ""
        click.echo(f"Interrupted{kept}.", err=True)
        raise SystemExit(130) from None
    records = result.records
    if out_dir is None:
        from summarizer.render.markdown import render_markdown

        briefs = [
            render_markdown(result.summaries[record.key]) for record in records if record.status == "ok"
        ]
        click.echo("\n".join(briefs), nl=False)
    counts = BatchCounts.of(records)
    where: str | None = None
    if out_dir is not None:
        where = _index_line(out_dir, others=result.index.total - len(records))
    _report_batch(counts, where=where, quiet=quiet)
    return not result.all_ok or (fail_on_unsupported and counts.unsupported > 0)


def on_ray(
    paths: tuple[str, ...],
    settings: Settings,
    *,
    output: str | None,
    endpoints: tuple[str, ...],
    address: str | None,
    actors: int | None,
    output_kind: str,
    output_format: str,
    resume: bool,
    quiet: bool,
    verbose: bool,
    fail_on_unsupported: bool,
) -> bool:
    """`--runner ray` over `paths` into -o DIR; True when the exit status must be 1."""
    from summarizer.progress import ProgressReporter, SilentObserver
    from summarizer.runners.ray_cluster import import_ray

    import_ray()  # without the extra, how to install it is the one thing to say
    from summarizer.runners.ray_runner import run_on_ray

    if output is None:
        raise click.UsageError("--runner ray needs -o DIR: the directory its summaries are written into")
    out_dir = Path(output)
    if is_file(out_dir):
        raise click.UsageError(f"-o {output}: not a directory; --runner ray writes into a directory")
    if not quiet:
        click.echo(f"engine: {engine_line(settings, verbose=verbose)}", err=True)
    # Ray Data draws its own progress bars; ours would fight them for the terminal, so here
    # only failed articles (and with --verbose every article) are lines.
    observer = SilentObserver() if quiet else ProgressReporter(verbose=verbose, terminal=False)
    try:
        result = run_on_ray(
            paths,
            settings=settings,
            out_dir=out_dir,
            endpoints=endpoints,
            output_format="parquet" if output_kind == "parquet" else "files",
            resume=resume,
            extra=_extra(output_format),
            actors=actors,
            address=address,
            quiet=quiet,
            verbose=verbose,
            observer=observer,
            announce=None if quiet else lambda plan: click.echo(f"ray: {plan}", err=True),
        )
    except KeyboardInterrupt:
        kept = out_dir / "index.json" if output_kind == "files" else f"the shards in {out_dir}"
        click.echo(f"Interrupted; finished summaries and {kept} are kept.", err=True)
        raise SystemExit(130) from None
    if result.repeated_ids and not quiet:
        click.echo(f"{result.repeated_ids} rows repeated an id already written: left out", err=True)
    if result.index is not None:
        where = _index_line(out_dir, others=result.index.total - result.counts.articles)
    else:
        where = f"shards: {out_dir} ({result.shards} written now)"
    _report_batch(result.counts, where=where, quiet=quiet)
    return not result.all_ok or (fail_on_unsupported and result.counts.unsupported > 0)


def refuse_ray_only_options(
    paths: tuple[str, ...],
    endpoints: tuple[str, ...],
    address: str | None,
    actors: int | None,
    output_kind: str,
) -> None:
    given = [
        name
        for name, used in (
            ("several --base-url", len(endpoints) > 1),
            ("--ray-address", address is not None),
            ("--ray-actors", actors is not None),
            ("--output-format parquet", output_kind == "parquet"),
            ("Parquet input", any(path.lower().endswith(".parquet") for path in paths)),
        )
        if used
    ]
    if given:
        raise click.UsageError(f"{given[0]} needs --runner ray")


def _index_line(out_dir: Path, *, others: int) -> str:
    line = f"index: {out_dir / 'index.json'}"
    return line + (f" (with {others} articles of earlier runs)" if others else "")


def _report_batch(counts: BatchCounts, *, where: str | None, quiet: bool) -> None:
    """The final line of a batch (unless quiet), and the count of unsupported numbers (always)."""
    if not quiet:
        line = f"{counts.articles} articles: {counts.ok} ok"
        line += f" ({counts.reused} already current)" if counts.reused else ""
        line += f", {counts.failed} failed, {counts.flagged} flagged numbers"
        line += f"; {where}" if where else ""
        click.echo(line, err=True)
    if counts.unsupported:
        click.echo(f"{counts.unsupported} unsupported number(s) flagged across the summaries", err=True)


# Skipped files named on stderr one per line; the rest are counted (the index lists them all).
_SKIPPED_SHOWN = 10


def _report_skipped(skipped: list, *, listed_in: Path | None) -> None:  # skipped: list[inputs.Skipped]
    for item in skipped[:_SKIPPED_SHOWN]:
        click.echo(f"skipped {item.path}: {item.reason}", err=True)
    if len(skipped) > _SKIPPED_SHOWN:
        where = f" (all are listed in {listed_in / 'index.json'})" if listed_in is not None else ""
        click.echo(f"skipped {len(skipped) - _SKIPPED_SHOWN} more{where}", err=True)


def is_file(path: Path) -> bool:
    try:
        return path.exists() and not path.is_dir()
    except OSError:
        return False


def engine_line(settings: Settings, *, verbose: bool = False) -> str:
    engine = settings.chosen_engine()
    if engine != "llm":
        return engine
    details = [settings.model or "default model"]
    if verbose and settings.base_url:
        from summarizer.redact import shown_url

        details.append(f"at {shown_url(settings.base_url)}")
    return f"{engine} ({' '.join(details)})"


def _extra(output_format: str) -> Extra | None:
    """The rendering written beside each JSON summary: none for --format json."""
    if output_format == "markdown":
        return "markdown"
    if output_format == "html":
        return "html"
    return None
