"""Progress on stderr: a bar on a terminal, plain lines elsewhere, nothing when quiet.

A batch shows articles done, failed and flagged. One article shows the step it is at
(cleaning, extracting from its chunks, checking) with the time since it started: on a
long article each step takes a while, and a silent terminal looks like a hung one.
Without a terminal (a pipe, a log file, CI) a bar would only fill the log with escape
codes, so only failures (and, with --verbose, every article or step) are written as lines.
"""

from __future__ import annotations

import sys
import time
from typing import IO, TYPE_CHECKING, Protocol, Self

from summarizer.batch_index import ArticleRecord

if TYPE_CHECKING:  # rich loads only when a bar is shown
    from rich.progress import Progress, TaskID


class BatchObserver(Protocol):
    def start(self, total: int) -> None: ...
    def finished(self, record: ArticleRecord) -> None: ...
    def stop(self) -> None: ...


class StepObserver(Protocol):
    def step(self, description: str) -> None: ...


class SilentObserver:
    """Reports nothing: for --quiet and for library callers."""

    def start(self, total: int) -> None:
        pass

    def finished(self, record: ArticleRecord) -> None:
        pass

    def stop(self) -> None:
        pass


class ProgressReporter:
    """A progress bar with done/failed/flagged counts when `stream` is a terminal; lines otherwise."""

    def __init__(
        self, *, stream: IO[str] | None = None, verbose: bool = False, terminal: bool | None = None
    ) -> None:
        from rich.console import Console

        self._stream = stream or sys.stderr
        self._console = Console(file=self._stream, highlight=False, soft_wrap=True, force_terminal=terminal)
        self._verbose = verbose
        self._bar = self._console.is_terminal
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._done = self._failed = self._flagged = 0

    def start(self, total: int) -> None:
        if not self._bar:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("[bold]summarizing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=self._console,
            transient=False,
        )
        self._task = self._progress.add_task("articles", total=total, counts=self._counts())
        self._progress.start()

    def finished(self, record: ArticleRecord) -> None:
        self._done += 1
        self._failed += record.status == "failed"
        self._flagged += record.unsupported + record.warnings
        if record.status == "failed":
            self._line(
                f"[red]failed[/red] {record.name}: {record.reason}",
                plain=f"failed {record.name}: {record.reason}",
            )
        elif self._verbose:
            self._line(
                f"[green]ok[/green] {record.name}{self._detail(record)}",
                plain=f"ok {record.name}{self._detail(record)}",
            )
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, counts=self._counts())

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def _counts(self) -> str:
        return f"done {self._done} · failed {self._failed} · flagged numbers {self._flagged}"

    def _line(self, markup: str, *, plain: str) -> None:
        if self._bar:
            self._console.print(markup)
        else:
            print(plain, file=self._stream, flush=True)

    @staticmethod
    def _detail(record: ArticleRecord) -> str:
        parts = []
        if record.reused:
            parts.append("already summarised")
        if record.unsupported or record.warnings:
            parts.append(f"{record.unsupported} unsupported, {record.warnings} doubtful numbers")
        if record.failed_chunks:
            parts.append(f"{record.failed_chunks} chunks failed")
        if record.seconds is not None and not record.reused:
            parts.append(f"{record.seconds:.1f}s")
        return f" ({'; '.join(parts)})" if parts else ""


def make_observer(*, quiet: bool, verbose: bool, stream: IO[str] | None = None) -> BatchObserver:
    if quiet:
        return SilentObserver()
    return ProgressReporter(stream=stream, verbose=verbose)


class StepReporter:
    """The step one article is at: a spinner with the elapsed time on a terminal (gone when
    done), a line per step with --verbose elsewhere, nothing otherwise or when quiet."""

    def __init__(
        self,
        name: str,
        *,
        stream: IO[str] | None = None,
        quiet: bool = False,
        verbose: bool = False,
        terminal: bool | None = None,
    ) -> None:
        from rich.console import Console

        self._name = name
        self._stream = stream or sys.stderr
        self._console = Console(file=self._stream, highlight=False, soft_wrap=True, force_terminal=terminal)
        self._live = self._console.is_terminal and not quiet
        self._verbose = verbose and not quiet
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._started = time.perf_counter()

    def __enter__(self) -> Self:
        self._started = time.perf_counter()
        if self._live:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=self._console,
                transient=True,
            )
            self._task = self._progress.add_task(f"{self._name}: starting", total=None)
            self._progress.start()
        return self

    def step(self, description: str) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=f"{self._name}: {description}")
        elif self._verbose:
            elapsed = time.perf_counter() - self._started
            print(f"{self._name}: {description} ({elapsed:.1f}s)", file=self._stream, flush=True)

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
