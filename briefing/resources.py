"""Where the data files are: `templates/` and `prompts/`.

In a checkout they sit at the top of the repository; an installed wheel carries them
inside the package (see `force-include` in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def data_folder(name: str) -> Path:
    """`briefing/<name>` in an installed wheel, else `<checkout>/<name>`."""
    for candidate in (PACKAGE / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the {name}/ folder is missing from this installation ({PACKAGE})")


def templates_folder() -> Path:
    return data_folder("templates")


def prompts_folder() -> Path:
    return data_folder("prompts")
