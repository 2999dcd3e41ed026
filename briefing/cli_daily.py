"""The commands for unattended use: `briefing init`, `briefing fetch`, `briefing daily`.

Exit codes, for cron:

0 everything was done
1 something failed (a feed, a PDF, the mail server); everything else was still done
2 the config or the command cannot be used
3 a profile had no article for its day (or topic)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli import Config, NoCache, Quiet, _day, _errors_as_messages, _say, app
from .config import CONFIG_FILE, load_config, starter_config
from .daily import ProfileOutcome, daily_profile, exit_code, previous_day, selected_profiles
from .errors import UsageError
from .fetch import FeedResult, fetch_feeds
from .progress import progress_bar
from .render import write_atomically
from .settings import Settings
from .store import ArticleStore


@app.command()
def init(
    config: Annotated[Path, typer.Option("--config", help="Where to write it.")] = Path(CONFIG_FILE),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented briefing.toml to start from."""
    with _errors_as_messages():
        if config.exists() and not force:
            raise UsageError(f"{config} exists already (--force overwrites it)")
        write_atomically(config, starter_config())
        _say(f"wrote {config}: add your feeds and profiles, then run: briefing fetch && briefing daily")


@app.command()
def fetch(config: Config = None, quiet: Quiet = False) -> None:
    """Pull the configured feeds into the article store."""
    with _errors_as_messages():
        loaded = load_config(config)
        if not loaded.sources.feeds:
            raise UsageError(f"{loaded.path}: [sources] feeds is empty, so there is nothing to fetch")
        settings = Settings(timezone=loaded.timezone)
        feeds = loaded.sources.feeds
        with ArticleStore(loaded.store_path()) as store, progress_bar("fetching feeds", len(feeds), quiet) as bar:
            results = fetch_feeds(feeds, store, settings, on_feed=lambda result: bar.advance())
            total = len(store)
        for result in results:
            _tell_feed(result, quiet)
        if not quiet:
            added = sum(result.added for result in results)
            _say(f"{added} new article(s) from {len(results)} feed(s); {total} in {loaded.store_path()}")
        if any(result.failed for result in results):
            raise typer.Exit(1)


def _tell_feed(result: FeedResult, quiet: bool) -> None:
    if result.failed:
        _say(f"error: {result.problems[0] if result.problems else result.url}")
        return
    if quiet:
        return
    _say(f"{result.url}: {result.status}, {result.added} new, {result.duplicates} already stored")
    for problem in result.problems:
        _say(f"  {problem}")


@app.command()
def daily(
    day: Annotated[Optional[str], typer.Option("--date", help="The day to brief (default: yesterday).")] = None,
    profiles: Annotated[
        Optional[list[str]], typer.Option("--profile", help="Only this profile (repeat for more).")
    ] = None,
    config: Config = None,
    no_cache: NoCache = False,
    quiet: Quiet = False,
) -> None:
    """Make every profile's brief of yesterday (or --date): files, then e-mail."""
    with _errors_as_messages():
        loaded = load_config(config)
        the_day: date = _day(day, "--date") or previous_day(loaded)
        chosen = selected_profiles(loaded, profiles)
        outcomes = []
        with progress_bar(f"briefs of {the_day}", len(chosen), quiet) as bar:
            for name, profile in chosen.items():
                bar.describe(f"brief {name} of {the_day}")
                outcomes.append(daily_profile(loaded, name, profile, the_day, use_cache=not no_cache))
                bar.advance()
        for outcome in outcomes:
            _tell_outcome(outcome, quiet)
        raise typer.Exit(exit_code(outcomes))


def _tell_outcome(outcome: ProfileOutcome, quiet: bool) -> None:
    if outcome.files and not quiet:
        folder = outcome.files[0].parent
        mailed = f", mailed to {', '.join(outcome.mailed_to)}" if outcome.mailed_to else ""
        _say(f"{outcome.profile}: {len(outcome.files)} files in {folder}{mailed}")
    if outcome.error is not None:
        kept = " (its files are written)" if outcome.files else ""
        _say(f"error: {outcome.profile}: {outcome.error}{kept}")
