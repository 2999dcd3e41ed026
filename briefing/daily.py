"""`briefing daily`: the day's brief for every profile of briefing.toml, as files and e-mail.

For each profile, in the configured timezone:

1. build the brief of the day (the day before today, or `--date`) from the article store
   and the configured folders, on the profile's topic if it has one;
2. write `<output>/<day>/<profile>.<format>` for each of its formats, atomically, and
   the run record `<profile>.run.json`;
3. e-mail the Markdown digest (and the PDF) to its recipients.

A brief is "as of" the midnight that ends its day, so running `daily` twice gives the
same files (the LLM's answers come from its cache). One profile failing never stops the
others; the exit code is the worst outcome (see `exit_code`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from .config import Config, Profile
from .errors import BriefingError, RenderError, UsageError
from .llm import resolve_llm_settings
from .mail import SmtpSettings, compose_digest, send_digest
from .models import Brief
from .pipeline import build_brief, make_clusterer
from .render import render_formats, write_atomically
from .settings import Settings

# The worst outcome decides the exit code: a config mistake, then a failure, then a
# profile with nothing to brief, then success.
EXIT_CODE_SEVERITY = (2, 1, 3, 0)


@dataclass
class ProfileOutcome:
    profile: str
    day: date
    files: list[Path] = field(default_factory=list)
    mailed_to: list[str] = field(default_factory=list)
    error: BriefingError | None = None

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
    config: Config, day: date | None = None, names: list[str] | None = None, use_cache: bool = True
) -> list[ProfileOutcome]:
    """Every profile's brief of `day` (default: yesterday), or only the profiles `names`."""
    day = day or previous_day(config)
    profiles = selected_profiles(config, names)
    return [daily_profile(config, name, profile, day, use_cache) for name, profile in profiles.items()]


def selected_profiles(config: Config, names: list[str] | None) -> dict[str, Profile]:
    if not config.profiles:
        raise UsageError(f"{config.path}: no [profiles.…] table, so there is no brief to make")
    unknown = [name for name in names or [] if name not in config.profiles]
    if unknown:
        raise UsageError(f"{config.path}: no profile {', '.join(unknown)} (there are: {', '.join(config.profiles)})")
    return {name: config.profiles[name] for name in names} if names else dict(config.profiles)


def daily_profile(config: Config, name: str, profile: Profile, day: date, use_cache: bool = True) -> ProfileOutcome:
    """One profile's brief: its files, then its e-mail. Errors are kept in the outcome."""
    outcome = ProfileOutcome(name, day)
    try:
        brief = make_brief(config, profile, day, use_cache)
        outputs, failed = rendered(brief, profile)
        outcome.files = write_outputs(config.output_path() / day.isoformat(), name, outputs, brief)
        if profile.recipients:
            mail_digest(config, profile, brief, outputs)
            outcome.mailed_to = list(profile.recipients)
        if failed:
            raise failed[0]
    except BriefingError as error:
        outcome.error = error
    return outcome


def make_brief(config: Config, profile: Profile, day: date, use_cache: bool) -> Brief:
    settings = Settings(
        timezone=config.timezone,
        date_from=day,
        date_to=day,
        title=profile.title,
        topic=profile.topic,
        max_topics=profile.max_topics or None,
        as_of=datetime.combine(day + timedelta(days=1), time(), config.tz),
    )
    llm = None
    if profile.llm:
        llm = resolve_llm_settings({"language": profile.language}, config.path, use_cache=use_cache)
    store = config.store_path()
    clusterer = make_clusterer(settings, llm)
    return build_brief(config.folder_paths(), settings, llm, clusterer, store if store.exists() else None)


def rendered(brief: Brief, profile: Profile) -> tuple[dict[str, str | bytes], list[RenderError]]:
    """Each format of the profile (Markdown always when there is a digest to send), and
    the errors of the formats that failed: one failing format never costs the others."""
    formats = list(dict.fromkeys(profile.formats + (["md"] if profile.recipients else [])))
    if profile.recipients and profile.attach_pdf and "pdf" not in formats:
        formats.append("pdf")
    return render_formats(brief, formats)


def write_outputs(folder: Path, name: str, outputs: dict[str, str | bytes], brief: Brief) -> list[Path]:
    written = []
    for fmt, content in outputs.items():
        path = folder / f"{name}.{fmt}"
        write_atomically(path, content)
        written.append(path)
    record = folder / f"{name}.run.json"
    write_atomically(record, json.dumps(run_record(brief), indent=2, ensure_ascii=False) + "\n")
    return written + [record]


def run_record(brief: Brief) -> dict:
    """What the run did: the input report, and the LLM's record when one wrote sections."""
    record = {"title": brief.title, "as_of": brief.generated_at.isoformat(), "report": asdict(brief.report)}
    if brief.record is not None:
        record["llm"] = brief.record.as_dict()
    return record


def mail_digest(config: Config, profile: Profile, brief: Brief, outputs: dict[str, str | bytes]) -> None:
    if config.smtp is None:
        raise UsageError(f"{config.path}: the profile has recipients, but there is no [smtp] table")
    smtp = config.smtp
    settings = SmtpSettings(
        host=smtp.host,
        port=smtp.port,
        security=smtp.security,
        user=smtp.user,
        password=config.smtp_password(),
        sender=smtp.sender,
        timeout=smtp.timeout,
    )
    pdf = outputs.get("pdf") if profile.attach_pdf else None
    message = compose_digest(outputs["md"], brief.title, smtp.sender, profile.recipients, pdf, pdf_name(brief))
    send_digest(message, settings)


def pdf_name(brief: Brief) -> str:
    day = brief.date_to.isoformat() if brief.date_to else "brief"
    return f"brief-{day}.pdf"

