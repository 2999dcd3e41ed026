"""`briefing daily`: the day's brief for every profile of briefing.toml, as files and e-mail.

For each profile, in the configured timezone:

1. build the brief of the day (the day before today, or `--date`) from the article store
   and the configured folders, on the profile's topic if it has one, each section linked
   to the profile's briefs of the week before (new, or developing since a day);
2. write `<output>/<day>/<profile>.<format>` for each of its formats and always the JSON
   (what the next days' briefs link to), atomically, and the run record `<profile>.run.json`;
3. e-mail the Markdown digest (and the PDF) to its recipients.

A brief is "as of" the midnight that ends its day, so running `daily` twice gives the
same files (the LLM's answers come from its cache). One profile failing never stops the
others. Exit codes, for cron: the worst outcome of any profile (see `exit_code`):
0 everything was done; 1 something failed (a PDF, a file that could not be written, the
mail server), everything else was still done; 2 the config or the command cannot be used;
4 with --require-llm, the LLM wrote no section of a profile with `llm = true` (no brief
written for it); 3 a profile had no article for its day (or topic). A profile whose LLM
was not reached says so on stderr (a warning), with or without --require-llm.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Optional

import typer

from briefing.cli.app import app, errors_as_messages, say, warn
from briefing.cli.build import RequireLlm
from briefing.cli.options import ConfigPath, NoCache, NoJudge, Quiet, parse_day
from briefing.cli.progress import progress_bar
from briefing.errors import BriefingError, OutputError, RenderError, UsageError
from briefing.models import Brief
from briefing.output.files import write_atomically, write_run_record
from briefing.output.history import recent_briefs
from briefing.output.mail import compose_digest, send_digest
from briefing.output.render import render_formats
from briefing.pipeline import NoProgress, Progress, build_brief, make_clusterer, open_vectors, require_llm
from briefing.settings import Config, Profile, Settings, llm_settings, load_config

# The worst outcome decides the exit code: a config mistake, then a failure, then an LLM
# that wrote nothing under --require-llm, then a profile with nothing to brief, then success.
EXIT_CODE_SEVERITY = (2, 1, 4, 3, 0)
# A section is linked to the profile's briefs of this many days before: a week covers a
# story that pauses over a weekend.
HISTORY_DAYS = 7


@app.command()
def daily(
    day: Annotated[Optional[str], typer.Option("--date", help="The day to brief (default: yesterday).")] = None,
    profiles: Annotated[
        Optional[list[str]], typer.Option("--profile", help="Only this profile (repeat for more).")
    ] = None,
    config: ConfigPath = None,
    no_cache: NoCache = False,
    no_judge: NoJudge = False,
    require_llm_: RequireLlm = False,
    quiet: Quiet = False,
) -> None:
    """Make every profile's brief of yesterday (or --date): files, then e-mail."""
    with errors_as_messages():
        loaded = load_config(config)
        if no_judge:
            loaded = loaded.model_copy(update={"llm": loaded.llm.model_copy(update={"judge": False})})
        the_day = parse_day(day, "--date") or previous_day(loaded)
        count = len(selected_profiles(loaded, profiles))
        with progress_bar(f"briefs of {the_day}", count, quiet) as bar:
            outcomes = run_daily(loaded, the_day, profiles, use_cache=not no_cache, progress=bar,
                                 require_llm=require_llm_)  # fmt: skip
        for outcome in outcomes:
            _tell_outcome(outcome, quiet)
        raise typer.Exit(exit_code(outcomes))


@dataclass
class ProfileOutcome:
    profile: str
    day: date
    files: list[Path] = field(default_factory=list)
    mailed_to: list[str] = field(default_factory=list)
    error: BriefingError | None = None
    warnings: list[str] = field(default_factory=list)  # the LLM path's: a cache not used, an endpoint not reached

    @property
    def exit_code(self) -> int:
        return self.error.exit_code if self.error else 0


def exit_code(outcomes: list[ProfileOutcome]) -> int:
    codes = {outcome.exit_code for outcome in outcomes}
    return next((code for code in EXIT_CODE_SEVERITY if code in codes), 0)


def previous_day(config: Config, now: datetime | None = None) -> date:
    """Yesterday in the configured timezone."""
    return (now or datetime.now(config.tz)).astimezone(config.tz).date() - timedelta(days=1)


def run_daily(
    config: Config,
    day: date | None = None,
    names: list[str] | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
    require_llm: bool = False,
) -> list[ProfileOutcome]:
    """Every profile's brief of `day` (default: yesterday), or only the profiles `names`;
    each is attempted, whatever happened to the ones before it."""
    day = day or previous_day(config)
    progress = progress or NoProgress()
    outcomes = []
    for name, profile in selected_profiles(config, names).items():
        progress.describe(f"brief {name} of {day}")
        outcomes.append(daily_profile(config, name, profile, day, use_cache, require_llm))
        progress.advance()
    return outcomes


def selected_profiles(config: Config, names: list[str] | None) -> dict[str, Profile]:
    if not config.profiles:
        raise UsageError(f"{config.path}: no [profiles.…] table, so there is no brief to make")
    unknown = [name for name in names or [] if name not in config.profiles]
    if unknown:
        raise UsageError(f"{config.path}: no profile {', '.join(unknown)} (there are: {', '.join(config.profiles)})")
    return {name: config.profiles[name] for name in names} if names else dict(config.profiles)


def daily_profile(config: Config, name: str, profile: Profile, day: date, use_cache: bool = True,
                  must_use_llm: bool = False) -> ProfileOutcome:  # fmt: skip
    """One profile's brief: its files, then its e-mail. Errors are kept in the outcome. With
    `must_use_llm` (--require-llm), a profile with `llm = true` whose LLM wrote no section
    gets no files."""
    outcome = ProfileOutcome(name, day)
    try:
        brief = make_brief(config, name, profile, day, use_cache)
        outcome.warnings = brief.record.warnings() if brief.record is not None else []
        if must_use_llm and profile.llm:
            require_llm(brief)
        outputs, failed = rendered(brief, profile)
        outcome.files = write_outputs(config.output_path() / day.isoformat(), name, outputs, brief)
        if profile.recipients:
            mail_digest(config, profile, brief, outputs)
            outcome.mailed_to = list(profile.recipients)
        if failed:
            raise failed[0]
    except BriefingError as error:
        outcome.error = error
    except OSError as error:  # not a file of ours (those are OutputErrors): still one line, and the next profile
        outcome.error = BriefingError(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
    return outcome


def make_brief(config: Config, name: str, profile: Profile, day: date, use_cache: bool) -> Brief:
    """The profile's brief of `day`, each section linked to the profile's briefs of the
    days before (`HISTORY_DAYS`)."""
    output = config.output_path()
    settings = Settings(
        timezone=config.timezone,
        date_from=day,
        date_to=day,
        title=profile.title,
        topic=profile.topic,
        max_topics=profile.max_topics or None,
        as_of=datetime.combine(day + timedelta(days=1), time(), config.tz),
        previous=tuple(recent_briefs(output, name, day, HISTORY_DAYS)),
        links_from=output / day.isoformat(),
    )
    llm = llm_settings(config, {"language": profile.language}, use_cache=use_cache) if profile.llm else None
    store = config.store_path()
    vectors = open_vectors(config.llm.cache if use_cache else None, store, warn)
    clusterer = make_clusterer(settings, llm, vectors)
    return build_brief(config.folder_paths(), settings, llm, clusterer, store if store.exists() else None)


def rendered(brief: Brief, profile: Profile) -> tuple[dict[str, str | bytes], list[RenderError]]:
    """Each format of the profile (Markdown always when there is a digest to send), and
    the errors of the formats that failed: one failing format never costs the others."""
    formats: list[str] = list(dict.fromkeys([*profile.formats, "json", *(["md"] if profile.recipients else [])]))
    if profile.recipients and profile.attach_pdf and "pdf" not in formats:
        formats.append("pdf")
    return render_formats(brief, formats)


def write_outputs(folder: Path, name: str, outputs: dict[str, str | bytes], brief: Brief) -> list[Path]:
    written = []
    for fmt, content in outputs.items():
        path = folder / f"{name}.{fmt}"
        with _naming(path):
            write_atomically(path, content)
        written.append(path)
    with _naming(record := folder / f"{name}.run.json"):
        return [*written, write_run_record(record, brief)]


@contextmanager
def _naming(path: Path) -> Iterator[None]:
    """An OSError while writing `path` (a full disk) as an OutputError naming it."""
    try:
        yield
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def mail_digest(config: Config, profile: Profile, brief: Brief, outputs: dict[str, str | bytes]) -> None:
    if config.smtp is None:
        raise UsageError(f"{config.path}: the profile has recipients, but there is no [smtp] table")
    pdf = outputs.get("pdf") if profile.attach_pdf else None
    markdown = outputs["md"]
    assert isinstance(markdown, str) and (pdf is None or isinstance(pdf, bytes))
    message = compose_digest(markdown, brief.title, config.smtp.sender, profile.recipients, pdf, pdf_name(brief))
    send_digest(message, config.smtp, config.smtp_password())


def pdf_name(brief: Brief) -> str:
    day = brief.date_to.isoformat() if brief.date_to else "brief"
    return f"brief-{day}.pdf"


def _tell_outcome(outcome: ProfileOutcome, quiet: bool) -> None:
    for line in outcome.warnings:  # even with --quiet: a cron log must show an extractive brief
        say(f"warning: {outcome.profile}: {line}")
    if outcome.files and not quiet:
        folder = outcome.files[0].parent
        mailed = f", mailed to {', '.join(outcome.mailed_to)}" if outcome.mailed_to else ""
        say(f"{outcome.profile}: {len(outcome.files)} files in {folder}{mailed}")
    if outcome.error is not None:
        kept = " (its files are written)" if outcome.files else ""
        say(f"error: {outcome.profile}: {outcome.error}{kept}")
