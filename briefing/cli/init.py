"""`briefing init`: a commented briefing.toml to start from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefing.cli.app import app, errors_as_messages, say
from briefing.errors import UsageError
from briefing.output.files import write_atomically
from briefing.settings import CONFIG_FILE, starter_config


@app.command()
def init(
    config: Annotated[Path, typer.Option("--config", help="Where to write it.")] = Path(CONFIG_FILE),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented briefing.toml to start from."""
    with errors_as_messages():
        if config.exists() and not force:
            raise UsageError(f"{config} exists already (--force overwrites it)")
        write_atomically(config, starter_config())
        say(f"wrote {config}: add your feeds and profiles, then run: briefing fetch && briefing daily")
