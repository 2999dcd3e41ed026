"""Hostile output paths (issue 13): `--out` and `init --force` write a regular file
atomically, write through to a character device or FIFO, and refuse to replace a
symlink, a folder or a socket; every error names the target, never the temporary file.

Devices are made with mknod in tmp_path (skipped where that is not allowed); /dev/null
itself is written only with the replacing calls made to fail, so that a regression can
never replace it, even when the tests run as root.
"""

from __future__ import annotations

import os
import socket
import stat
import tempfile
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.cli.app import write_output
from briefing.errors import OutputError, OutputRefused
from briefing.output.files import write_atomically
from briefing.settings import starter_config

runner = CliRunner()
BRIEF = "# Brief\n\nÜbersicht.\n"
NULL_DEVICE = os.makedev(1, 3)  # Linux's /dev/null: writes vanish
# More than a pipe's buffer (64 KiB on Linux): the writer must wait for the reader.
FIFO_BYTES = 1024 * 1024
READER_TIME_LIMIT_SECONDS = 30  # a hang guard, not a speed test


def null_device(folder: Path) -> Path:
    path = folder / "null"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, NULL_DEVICE)
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device here ({error})")
    return path


def leftovers(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.endswith(".tmp")]


def read_fifo_in_thread(fifo: Path, size: int) -> tuple[threading.Thread, list[bytes]]:
    """A reader that holds the FIFO open from now on and collects `size` bytes in a thread.
    Opened read-write, so that the open never waits for the writer (Linux allows this)."""
    descriptor = os.open(fifo, os.O_RDWR)
    received: list[bytes] = []

    def read() -> None:
        with os.fdopen(descriptor, "rb", buffering=0) as stream:
            left = size
            while left:
                chunk = stream.read(left)
                received.append(chunk)
                left -= len(chunk)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, received


# --- what is written, and how ------------------------------------------------------------


def test_a_regular_file_is_replaced_atomically_and_no_temporary_file_stays(tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("old", encoding="utf-8")
    write_atomically(target, BRIEF)
    assert target.read_text(encoding="utf-8") == BRIEF
    assert leftovers(tmp_path) == []


def test_a_fifo_with_a_reader_gets_the_bytes_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "brief.fifo"
    os.mkfifo(fifo)
    data = bytes(range(256)) * (FIFO_BYTES // 256)
    thread, received = read_fifo_in_thread(fifo, len(data))
    write_atomically(fifo, data)
    thread.join(READER_TIME_LIMIT_SECONDS)
    assert b"".join(received) == data
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert leftovers(tmp_path) == []


def test_a_fifo_nobody_reads_is_an_error_at_once_not_a_hang(tmp_path):
    fifo = tmp_path / "brief.fifo"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match=f"cannot write {fifo}: no process is reading from this FIFO"):
        write_atomically(fifo, BRIEF)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_character_device_is_written_through_not_replaced(tmp_path):
    device = null_device(tmp_path)
    write_atomically(device, BRIEF)
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert leftovers(tmp_path) == []


def test_dev_null_stays_a_device(monkeypatch):
    """Safe as root too: should the code ever try to replace /dev/null, the calls that
    would do it fail first."""

    def refuse(*args, **kwargs):
        raise AssertionError("write_atomically tried to replace a device")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    write_atomically(Path(os.devnull), BRIEF)
    write_output(BRIEF, Path(os.devnull))
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)


def test_a_symlink_to_a_device_or_fifo_is_written_through(tmp_path):
    """Like /dev/stdout, a link to /proc/self/fd/1."""
    link = tmp_path / "stdout"
    link.symlink_to(null_device(tmp_path))
    write_atomically(link, BRIEF)
    assert link.is_symlink() and stat.S_ISCHR(link.stat().st_mode)


# --- what is refused ---------------------------------------------------------------------


def test_a_symlink_to_a_file_is_refused_and_neither_it_nor_its_target_changes(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / "brief.md"
    link.symlink_to(precious)
    with pytest.raises(OutputRefused, match=rf"{link} is a symbolic link \(to {precious}\)") as raised:
        write_atomically(link, BRIEF)
    assert raised.value.exit_code == 2
    assert link.is_symlink() and precious.read_text(encoding="utf-8") == "keep me"
    assert leftovers(tmp_path) == []


def test_a_dangling_symlink_is_refused_and_nothing_is_made_where_it_points(tmp_path):
    link = tmp_path / "brief.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(OutputRefused, match="symbolic link"):
        write_atomically(link, BRIEF)
    assert not (tmp_path / "elsewhere.md").exists()


def test_a_symlink_loop_is_refused(tmp_path):
    link = tmp_path / "brief.md"
    link.symlink_to(link)
    with pytest.raises(OutputRefused, match="symbolic link"):
        write_atomically(link, BRIEF)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(OutputRefused, match=f"{tmp_path} is a folder, not a file"):
        write_atomically(tmp_path, BRIEF)


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))
        with pytest.raises(OutputRefused, match=f"{path} is a socket, not a file"):
            write_atomically(path, BRIEF)
        assert stat.S_ISSOCK(path.lstat().st_mode)


def test_a_failed_write_names_the_target_not_the_temporary_file(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as raised:
        write_atomically(blocker / "brief.md", BRIEF)
    assert str(raised.value).startswith(f"cannot write {blocker / 'brief.md'}: ")
    with pytest.raises(OutputError) as raised:  # /sys: mkstemp is refused even as root
        write_atomically(Path("/sys/brief.md"), BRIEF)
    assert str(raised.value).startswith("cannot write /sys/brief.md: ") and ".tmp" not in str(raised.value)


# --- the commands ------------------------------------------------------------------------


def test_init_force_refuses_a_symlink_in_one_line(tmp_path):
    precious = tmp_path / "precious.toml"
    precious.write_text("keep = 1\n", encoding="utf-8")
    link = tmp_path / "briefing.toml"
    link.symlink_to(precious)
    result = runner.invoke(app, ["init", "--config", str(link), "--force"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "is a symbolic link" in result.output
    assert "Traceback" not in result.output
    assert precious.read_text(encoding="utf-8") == "keep = 1\n" and link.is_symlink()


def test_init_force_writes_through_a_fifo(tmp_path):
    fifo = tmp_path / "briefing.toml"
    os.mkfifo(fifo)
    expected = starter_config().encode("utf-8")
    thread, received = read_fifo_in_thread(fifo, len(expected))
    assert runner.invoke(app, ["init", "--config", str(fifo), "--force"]).exit_code == 0
    thread.join(READER_TIME_LIMIT_SECONDS)
    assert b"".join(received) == expected and stat.S_ISFIFO(fifo.lstat().st_mode)


def test_build_out_on_a_symlink_is_one_line_with_exit_code_2(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("NATO-Gipfel\n\nDie Außenminister beraten in Brüssel.\n", encoding="utf-8")
    precious = tmp_path / "precious.md"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / "brief.md"
    link.symlink_to(precious)
    result = runner.invoke(app, ["build", str(article), "--out", str(link), "--embeddings", "none"])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("briefing: error:")]
    assert len(errors) == 1 and errors[0].startswith(f"briefing: error: {link} is a symbolic link (to {precious})")
    assert precious.read_text(encoding="utf-8") == "keep me"


def test_build_writes_one_format_through_a_device_and_puts_nothing_beside_it(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("NATO-Gipfel\n\nDie Außenminister beraten in Brüssel.\n", encoding="utf-8")
    device = null_device(tmp_path)
    result = runner.invoke(app, ["build", str(article), "--out", str(device), "--embeddings", "none", "--quiet"])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.txt", "null"]  # no null.md, no null.run.json
    several = runner.invoke(app, ["build", str(article), "--out", str(device), "-f", "md,json", "--embeddings", "none"])
    assert several.exit_code == 2 and "several formats need --out: a file name" in several.output
