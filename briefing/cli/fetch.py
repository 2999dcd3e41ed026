"""`briefing fetch`: the configured feeds, pulled into the article store.

Exit codes: 0 every feed was read; 1 a feed failed, or its articles could not be stored
(a full disk): every other feed is still attempted, each failure one line; 2 the config
cannot be used, or the store is damaged (the message says to move it aside).
"""

from __future__ import annotations

from dataclasses import replace

import typer

from briefing.cli.app import app, errors_as_messages, say
from briefing.cli.options import ConfigPath, Quiet
from briefing.cli.progress import progress_bar
from briefing.errors import UsageError
from briefing.settings import Config, Settings, load_config
from briefing.sources.addresses import split_host_port
from briefing.sources.fetch import FeedResult, FetchSettings, fetch_feeds
from briefing.sources.store import ArticleStore


@app.command()
def fetch(config: ConfigPath = None, quiet: Quiet = False) -> None:
    """Pull the configured feeds into the article store."""
    with errors_as_messages():
        loaded = load_config(config)
        if not loaded.sources.feeds:
            raise UsageError(f"{loaded.path}: [sources] feeds is empty, so there is nothing to fetch")
        settings = Settings(timezone=loaded.timezone)
        options = fetch_settings(loaded)
        feeds = loaded.sources.feeds
        with ArticleStore(loaded.store_path()) as store, progress_bar("fetching feeds", len(feeds), quiet) as bar:
            results = fetch_feeds(feeds, store, settings, options, on_feed=lambda result: bar.advance())
            total = len(store)
        for result in results:
            _tell_feed(result, quiet)
        if not quiet:
            added = sum(result.added for result in results)
            say(f"{added} new article(s) from {len(results)} feed(s); {total} in {loaded.store_path()}")
        if any(result.failed for result in results):
            raise typer.Exit(1)


def fetch_settings(config: Config) -> FetchSettings:
    """The defaults, with `[sources] allow_hosts` checked: each a host, IP or host:port."""
    for entry in config.sources.allow_hosts:
        try:
            split_host_port(entry)
        except ValueError as error:
            raise UsageError(f"{config.path}: [sources] allow_hosts: {error}") from None
    return replace(FetchSettings(), allow_hosts=tuple(config.sources.allow_hosts))


def _tell_feed(result: FeedResult, quiet: bool) -> None:
    if result.failed:
        say(f"error: {result.problems[0] if result.problems else result.url}")
        return
    if quiet:
        return
    say(f"{result.url}: {result.status}, {result.added} new, {result.duplicates} already stored")
    for problem in result.problems:
        say(f"  {problem}")
