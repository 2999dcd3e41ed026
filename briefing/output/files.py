"""Briefs on disk: every file written atomically (a device or FIFO written through, a
symlink or folder refused), and the run record beside the brief.

The run record (`<name>.run.json`) has one shape for `build` and `daily`: the brief's
title, the time it is "as of", the input report, and the LLM's record when a model
wrote sections.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from briefing.errors import OutputError, OutputRefused
from briefing.models import Brief


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write `content` to `path`, never leaving a half-written brief and never replacing
    what is not a file:

    - a regular file, or nothing yet, is replaced atomically: a temporary file beside it,
      then a rename;
    - a character device (`/dev/null`, a terminal) or a FIFO is written through, never
      replaced; so is a symlink that leads to one (`/dev/stdout`);
    - anything else is refused (`OutputRefused`): a symlink to a file is neither followed
      nor replaced (a planted link must not steer a brief over another file), nor is a
      folder, a socket or a block device.

    Every failure is an `OutputError` that names `path`, never the temporary file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if writes_through(path):
        _write_through(path, data)
    else:
        _replace(path, data)


def writes_through(path: Path) -> bool:
    """True for a device or FIFO (or a symlink to one: `/dev/stdout`), which is written
    through; False for a regular file or nothing yet, which is replaced; OutputRefused for
    the rest. A caller that would put files beside `path` (`brief.run.json` beside
    `--out`) should not when this is True: there is no folder of briefs there."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    except OSError as error:
        raise _failure(path, error) from None
    if stat.S_ISREG(info.st_mode):
        return False
    if _is_stream(info.st_mode):
        return True
    if stat.S_ISLNK(info.st_mode):
        if _is_stream(_mode_behind_link(path)):
            return True
        raise OutputRefused(
            f"{path} is a symbolic link (to {os.readlink(path)}); briefing neither follows nor replaces "
            "a link to a file: name the file itself"
        )
    raise OutputRefused(f"{path} is {_what_is(info.st_mode)}, not a file; it is not replaced")


def _is_stream(mode: int) -> bool:
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _mode_behind_link(path: Path) -> int:
    """The mode of what a symlink leads to; 0 for a dangling link or a loop."""
    try:
        return path.stat().st_mode
    except (OSError, RuntimeError):
        return 0


def _what_is(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _write_through(path: Path, data: bytes) -> None:
    """Into a device or FIFO as it is. Opened without blocking, so that a FIFO nobody
    reads is an error at once rather than a run that hangs."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OutputError(f"cannot write {path}: no process is reading from this FIFO") from None
        raise _failure(path, error) from None
    try:
        if not _is_stream(os.fstat(descriptor).st_mode):  # swapped since we looked
            raise OutputRefused(f"{path} changed while it was being opened; it is not written")
        os.set_blocking(descriptor, True)
        _write_all(descriptor, data, path)
    finally:
        os.close(descriptor)


def _write_all(descriptor: int, data: bytes, path: Path) -> None:
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(descriptor, view) :]
    except OSError as error:  # e.g. the FIFO's reader went away (EPIPE)
        raise _failure(path, error) from None


def _replace(path: Path, data: bytes) -> None:
    """A temporary file beside `path`, renamed over it: never a half-written brief."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _failure(path, error) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # as open() would; mkstemp makes it 0600
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _failure(path, error) from None
        raise


def _failure(path: Path, error: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {error.strerror or error}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def run_record(brief: Brief) -> dict[str, Any]:
    """What the run did: the input report, and the LLM's record when one wrote sections."""
    record: dict[str, Any] = {
        "title": brief.title,
        "as_of": brief.generated_at.isoformat(),
        "report": asdict(brief.report),
    }
    if brief.record is not None:
        record["llm"] = brief.record.as_dict()
    return record


def write_run_record(path: Path, brief: Brief) -> Path:
    """The run record of `brief` at `path`, atomically."""
    write_atomically(path, json.dumps(run_record(brief), indent=2, ensure_ascii=False) + "\n")
    return path
