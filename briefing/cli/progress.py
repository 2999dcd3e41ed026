"""Progress bars on a terminal (rich), and nothing at all when stderr is not a terminal
(cron, pipes, tests) or with --quiet."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from briefing import pipeline


class Bar:
    """One task's bar, as `pipeline.Progress`: `advance()` after each item, `describe()` to
    say what is next, `restart()` for the next stage."""

    def __init__(self, progress: Progress, description: str, total: int | None):
        self._progress = progress
        self._task: TaskID = progress.add_task(description, total=total)

    def restart(self, description: str, total: int | None = None) -> None:
        """A new stage: `total` steps (None: a stage without steps to count)."""
        self._progress.reset(self._task, total=total, description=description)

    def advance(self, description: str | None = None) -> None:
        self._progress.update(self._task, advance=1, description=description)

    def describe(self, description: str) -> None:
        self._progress.update(self._task, description=description)


def terminal() -> Console:
    return Console(stderr=True)


def shows_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


@contextmanager
def progress_bar(description: str, total: int | None, quiet: bool = False) -> Iterator[pipeline.Progress]:
    """A bar of `total` steps on stderr, or a stand-in that shows nothing."""
    if not shows_progress(quiet):
        yield pipeline.NoProgress()
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=terminal(), transient=True) as progress:
        yield Bar(progress, description, total)
