"""The `briefing` app: its commands are registered by the modules beside this one.

Errors become one-line messages and meaningful exit codes (for cron and scripts):

0 the brief (or cluster list) was written; skipped input is reported on stderr
1 the run failed (e.g. the PDF could not be rendered)
2 the command or its input cannot be used (bad option, missing path, nothing readable)
3 the input was read, but no article falls in the requested date range (or topic)
4 `--require-llm` was given and the LLM wrote no section: nothing was written

A BriefingError raised inside a command reaches the user as `briefing: error: …`;
called from Python (or a test), the functions below raise it as it is.
"""

from __future__ import annotations

import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from briefing import __version__
from briefing.errors import BriefingError
from briefing.models import RunReport
from briefing.output.files import write_atomically

# C0 and C1 control characters (newline, carriage return, escape, …) and the bidi
# embeddings, overrides and isolates, which reorder what a terminal shows.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

app = typer.Typer(
    help="Turn a day's news into a policy brief whose every statement cites its source passage.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    signal.signal(signal.SIGTERM, _unwind_on_sigterm)
    app()


def _unwind_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """SIGTERM (a cron timeout, `systemctl stop`) unwinds the run like an error: a file being
    written is removed half-way, so the previous brief stays as it was (exit 143)."""
    raise SystemExit(128 + signum)


def _show_version(asked: bool) -> None:
    if asked:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Turn a day's news into a policy brief whose every statement cites its source passage."""


@contextmanager
def errors_as_messages() -> Iterator[None]:
    """A BriefingError or a failed write becomes a one-line message and an exit code."""
    try:
        yield
    except BriefingError as error:
        say(f"error: {error}")
        raise typer.Exit(error.exit_code) from None
    except OSError as error:  # e.g. --out in a folder that cannot be written
        say(f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": "))
        raise typer.Exit(1) from None


def say(message: str) -> None:
    """One line on stderr, `briefing: ` first; control characters in it are escaped."""
    typer.echo(f"briefing: {printable(message)}", err=True)


def warn(line: str) -> None:
    """One warning line on standard error (a cache set aside, a font missing)."""
    say(f"warning: {line}")


def printable(text: str) -> str:
    """`text` with its control characters escaped (`\\n`, `\\x1b`, `\\u202e`): a file name
    or a title holding a newline, an escape sequence or a bidi override cannot forge a
    second `briefing: error:` line nor hide part of one."""
    return UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def write_output(content: str | bytes, out: Path | None) -> None:
    """To the file `out` (atomically), else to standard output."""
    if out is not None:
        write_atomically(out, content)
    elif isinstance(content, bytes):
        sys.stdout.buffer.write(content)
    else:
        sys.stdout.write(content)


def tell_report(report: RunReport, quiet: bool) -> None:
    """What was skipped or left out, on stderr."""
    if quiet:
        return
    for problem in report.problems:
        say(f"skipped {problem}")
    if report.undated_left_out:
        say(f"{len(report.undated_left_out)} undated article(s) left out of the dated brief")
    for note in report.notes:
        say(note)
