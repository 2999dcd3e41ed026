"""The command line: `briefing build | clusters | init | fetch | daily | prompts`.

`app.py` holds the Typer app, the error handling and what every command prints; each
command lives in its own module, which registers it on the app when imported here;
`options.py` holds the options several commands share; `progress.py` the progress bars.
May import every other package: this is the top layer.
"""

from briefing.cli import build, clusters, daily, fetch, init, prompts  # noqa: F401  (register the commands)
from briefing.cli.app import app, main

__all__ = ["app", "main"]
