"""Progress bars: drawn on a terminal, absent in cron (no TTY) and with --quiet."""

import io

import builders
from rich.console import Console
from typer.testing import CliRunner

from briefing.cli import app, progress
from briefing.cli.progress import progress_bar

EXAMPLES = str(builders.EXAMPLES / "articles")


def on_a_terminal(monkeypatch) -> io.StringIO:
    screen = io.StringIO()
    monkeypatch.setattr(progress, "shows_progress", lambda quiet: not quiet)
    monkeypatch.setattr(progress, "terminal", lambda: Console(file=screen, force_terminal=True, width=100))
    return screen


def test_a_bar_is_drawn_on_a_terminal(monkeypatch):
    screen = on_a_terminal(monkeypatch)
    with progress_bar("fetching feeds", 3) as bar:
        bar.advance()
        bar.restart("summarising 2 topics", 2)
        bar.advance()
    drawn = screen.getvalue()
    assert "fetching feeds" in drawn or "summarising 2 topics" in drawn
    assert "1/2" in drawn


def test_quiet_draws_nothing_even_on_a_terminal(monkeypatch):
    screen = on_a_terminal(monkeypatch)
    with progress_bar("fetching feeds", 3, quiet=True) as bar:
        bar.advance()
    assert screen.getvalue() == ""


def test_without_a_terminal_nothing_is_drawn(capsys):
    with progress_bar("fetching feeds", 3) as bar:  # pytest's stderr is not a TTY
        bar.advance()
    assert capsys.readouterr().err == ""


def test_build_shows_its_stages_on_a_terminal(monkeypatch):
    screen = on_a_terminal(monkeypatch)
    result = CliRunner().invoke(app, ["build", EXAMPLES, "--from", "2025-12-03", "--to", "2025-12-03", "-q"])
    assert result.exit_code == 0, result.output
    assert screen.getvalue() == ""  # -q
    result = CliRunner().invoke(app, ["build", EXAMPLES, "--from", "2025-12-03", "--to", "2025-12-03"])
    assert result.exit_code == 0, result.output
    assert "summarising" in screen.getvalue()
