"""`briefing build`: one brief, from PATHS or from the sources of briefing.toml."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from briefing.cli.app import app, errors_as_messages, say, tell_report, warn, write_output
from briefing.cli.options import (
    BaseUrl,
    ConfigPath,
    ConfigTimezone,
    EmbeddingModel,
    Embeddings,
    FromDay,
    JudgeModel,
    Language,
    Llm,
    MaxFurther,
    MaxTopics,
    Model,
    NoCache,
    NoJudge,
    PromptsDir,
    Quiet,
    SourcePaths,
    ToDay,
    choose_formats,
    inputs,
    judge_flags,
    run_settings,
    with_since,
)  # fmt: skip
from briefing.cli.progress import progress_bar
from briefing.errors import UsageError
from briefing.models import Brief
from briefing.output.files import write_run_record, writes_through
from briefing.output.render import render_formats
from briefing.pipeline import build_brief, make_clusterer, open_vectors, require_llm
from briefing.settings import DEFAULT_TIMEZONE, MAX_FURTHER_REPORTS, MAX_TOPICS, Settings, llm_settings, load_config

RequireLlm = Annotated[
    bool,
    typer.Option(
        "--require-llm",
        help="No brief rather than an extractive one: when the LLM writes no section (not reached, "
        "or no usable answer), write nothing and exit 4.",
    ),
]


@app.command()
def build(
    paths: SourcePaths = None,
    date_from: FromDay = None,
    date_to: ToDay = None,
    since: Annotated[
        Optional[str], typer.Option("--since", help="Only articles of the last 3d, 12h, 2w (instead of --from).")
    ] = None,
    topic: Annotated[
        Optional[str], typer.Option("--topic", help='Only articles about this, e.g. "NATO Ukraine".')
    ] = None,
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format", "-f", help="md, html, pdf or json, or several: pdf,md,json (default: from --out, else md)."
        ),
    ] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here instead of standard output.")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="The brief's title.")] = None,
    max_topics: MaxTopics = MAX_TOPICS,
    max_further: MaxFurther = MAX_FURTHER_REPORTS,
    llm: Llm = False,
    model: Model = None,
    base_url: BaseUrl = None,
    language: Language = None,
    no_cache: NoCache = False,
    no_judge: NoJudge = False,
    judge_model: JudgeModel = None,
    config: ConfigPath = None,
    prompts: PromptsDir = None,
    embeddings: Embeddings = Settings.embeddings,
    embedding_model: EmbeddingModel = None,
    timezone: ConfigTimezone = None,
    require_llm_: RequireLlm = False,
    previous: Annotated[
        Optional[list[Path]],
        typer.Option(
            "--previous",
            help="An earlier brief's JSON (repeat for several): each section is marked new or developing "
            "since then, and what that brief already said is shown after what is new.",
        ),
    ] = None,
    quiet: Quiet = False,
) -> None:
    """Build a brief from the articles published between --from and --to (or --since), on
    --topic if given. Without PATHS, the sources and article store of briefing.toml."""
    with errors_as_messages():
        if require_llm_ and not llm:
            raise UsageError("--require-llm needs --llm")
        formats = choose_formats(fmt, out)
        where = inputs(paths, config)
        timezone = timezone or (where.config.timezone if where.config else DEFAULT_TIMEZONE)
        settings = replace(
            with_since(run_settings(date_from, date_to, timezone, title), since),
            max_topics=max_topics or None,
            max_further_reports=max_further or None,
            embeddings=embeddings,
            embedding_model=embedding_model,
            topic=topic,
            previous=tuple(previous or ()),
            links_from=out.parent if out is not None and not writes_through(out) else None,
        )
        endpoint = None  # for the LLM and for --embeddings endpoint
        loaded = where.config or load_config(config, required=False)
        if llm or settings.embeddings == "endpoint":
            flags = {"model": model, "base_url": base_url, "language": language, "prompts": prompts}
            flags |= judge_flags(no_judge, judge_model)
            endpoint = llm_settings(loaded, flags, use_cache=not no_cache, chat=llm)
        vectors = open_vectors(None if no_cache else loaded.llm.cache, where.store, warn)
        clusterer = make_clusterer(settings, endpoint, vectors)
        with progress_bar("reading articles", None, quiet) as bar:
            brief = build_brief(where.paths, settings, endpoint if llm else None, clusterer, where.store, bar)
        tell_report(brief.report, quiet)
        tell_llm_warnings(brief)
        if require_llm_:
            require_llm(brief)
        if out is None and formats == ["pdf"]:
            out = Path(f"brief-{settings.date_to or brief.generated_at.date()}.pdf")
        outputs, failed = render_formats(brief, formats)
        for each, content in outputs.items():
            write_output(content, out.with_suffix(f".{each}") if out is not None and len(formats) > 1 else out)
        if brief.record is not None and out is not None and not writes_through(out):  # no /dev/null.run.json
            write_run_record(out.with_suffix(".run.json"), brief)
        if not quiet:
            say(_summary_line(brief, out))
        if failed:
            raise failed[0]  # the other formats are written


def tell_llm_warnings(brief: Brief, prefix: str = "") -> None:
    """The LLM path's warnings (a cache not used, an endpoint not reached), one line each,
    even with --quiet: a cron job's log must show that its brief is extractive."""
    for line in brief.record.warnings() if brief.record is not None else []:
        say(f"warning: {prefix}{line}")


def _summary_line(brief: Brief, out: Path | None) -> str:
    line = f"{len(brief.stories)} topics"
    if len(brief.sections) != len(brief.stories):
        line += f" ({len(brief.sections)} developments)"
    line += f", {len(brief.sources)} cited passages"
    if brief.record is not None:
        record = brief.record
        line += (
            f"; {record.model}: {record.calls} calls, {record.cache_hits} cached, "
            f"{len(record.fallbacks)} fallback(s), {len(record.dropped)} statement(s) dropped"
        )
    return line + (f" → {out}" if out else "")
