"""`briefing.toml`: where articles come from, where briefs go, how they are mailed, and
the profiles (one brief each) that `briefing daily` makes.

The file is validated as a whole when it is read; every mistake is reported with the
key it concerns (`briefing.toml: profiles.nato.formats: 'docx' is not a format …`).
The `[llm]` table is read by `briefing.llm.settings`, which validates it the same way.
Passwords never go in this file: `[smtp] password_env` names the environment variable
that holds one. `briefing init` writes a commented starting point (`data/briefing.toml`).
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import tzinfo
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import UsageError
from .resources import data_folder
from .settings import DEFAULT_TIMEZONE

CONFIG_FILE = "briefing.toml"
FORMATS = ("md", "html", "pdf", "json")
PROFILE_NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"  # it becomes a file name: <out>/<date>/<profile>.pdf
ENVIRONMENT_VARIABLE = r"[A-Za-z_][A-Za-z0-9_]*"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sources(Strict):
    folders: list[Path] = []  # files and folders read at every run, beside the store
    feeds: list[str] = []  # RSS/Atom URLs that `briefing fetch` pulls into the store
    store: Path = Path("~/.local/share/briefing/articles.sqlite")

    @field_validator("feeds")
    @classmethod
    def _web_addresses(cls, feeds: list[str]) -> list[str]:
        for url in feeds:
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"{url!r} is not an http(s) URL")
        return feeds


class Smtp(Strict):
    host: str
    port: int = Field(587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    user: str | None = None
    password_env: str | None = None  # the environment variable that holds the password
    sender: str
    timeout: float = Field(30.0, gt=0)

    @field_validator("password_env")
    @classmethod
    def _variable_name(cls, name: str | None) -> str | None:
        """A name like SMTP_PASSWORD; never echoed, in case it is the password itself."""
        if name is not None and not re.fullmatch(ENVIRONMENT_VARIABLE, name):
            raise ValueError("must name an environment variable (like BRIEFING_SMTP_PASSWORD), not hold the password")
        return name


class Profile(Strict):
    title: str | None = None  # default: the topic, else "Daily brief"
    topic: str | None = None  # only the articles about this (see topic.py); None: all
    formats: list[Literal["md", "html", "pdf", "json"]] = ["pdf", "md", "json"]
    language: str | None = None  # the language the LLM writes in; None: the sources'
    recipients: list[str] = []  # who gets the Markdown digest; none: no e-mail
    attach_pdf: bool = True  # the PDF travels with the digest
    llm: bool = False  # have the LLM of [llm] write the sections
    max_topics: int = Field(20, ge=0)  # 0: every topic

    @field_validator("recipients")
    @classmethod
    def _addresses(cls, recipients: list[str]) -> list[str]:
        for address in recipients:
            if "@" not in address:
                raise ValueError(f"{address!r} is not an e-mail address")
        return recipients


class Config(Strict):
    path: Path = Path(CONFIG_FILE)  # where it was read from (not a key of the file)
    timezone: str = DEFAULT_TIMEZONE
    output: Path = Path("briefs")  # daily briefs go to <output>/<date>/<profile>.<format>
    sources: Sources = Sources()
    smtp: Smtp | None = None
    llm: dict[str, Any] = {}  # validated by briefing.llm.settings
    profiles: dict[str, Profile] = {}

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{name!r} is not a timezone (e.g. Europe/Berlin)") from None
        return name

    @field_validator("profiles")
    @classmethod
    def _profile_names(cls, profiles: dict[str, Profile]) -> dict[str, Profile]:
        for name in profiles:
            if not re.match(PROFILE_NAME, name):
                raise ValueError(f"profile name {name!r} may hold only letters, digits, - and _")
        return profiles

    @property
    def tz(self) -> tzinfo:
        return ZoneInfo(self.timezone)

    def store_path(self) -> Path:
        return self._beside_config(self.sources.store)

    def output_path(self) -> Path:
        return self._beside_config(self.output)

    def folder_paths(self) -> list[Path]:
        return [self._beside_config(folder) for folder in self.sources.folders]

    def smtp_password(self) -> str | None:
        """The SMTP password from the environment variable `[smtp] password_env` names."""
        if self.smtp is None or self.smtp.password_env is None:
            return None
        password = os.environ.get(self.smtp.password_env)
        if not password:
            raise UsageError(f"{self.path}: smtp.password_env names {self.smtp.password_env}, which is not set")
        return password

    def _beside_config(self, path: Path) -> Path:
        """`~` expanded; a relative path is relative to the config file's folder."""
        path = path.expanduser()
        return path if path.is_absolute() else self.path.parent / path


def load_config(path: Path | None = None) -> Config:
    """The config at `path` (default ./briefing.toml), validated; UsageError naming the key."""
    path = path or Path(CONFIG_FILE)
    if not path.is_file():
        raise UsageError(f"config file {path} does not exist (write one with: briefing init)")
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: {error}") from None
    try:
        return Config(path=path, **table)
    except ValidationError as error:
        raise UsageError(f"{path}: {_first_mistake(error)}") from None
    except TypeError:  # a key named "path" in the file
        raise UsageError(f"{path}: unknown key 'path'") from None


def _first_mistake(error: ValidationError) -> str:
    """`profiles.nato.formats.0: Input should be 'md', 'html', 'pdf' or 'json'` (+ how many more)."""
    mistakes = error.errors()
    first = mistakes[0]
    key = ".".join(str(part) for part in first["loc"]) or "(top level)"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown key"
    elif first["type"] == "missing":
        message = "missing (required)"
    more = f" (and {len(mistakes) - 1} more)" if len(mistakes) > 1 else ""
    return f"{key}: {message}{more}"


def starter_config() -> str:
    """The commented briefing.toml that `briefing init` writes."""
    return (data_folder("data") / "briefing.toml").read_text(encoding="utf-8")
