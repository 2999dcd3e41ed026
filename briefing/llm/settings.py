"""Where the LLM is and how to use it: CLI flags beat `OPENAI_*` environment variables,
which beat the `[llm]` table of the config file. The API key is read from the environment
only (the config names the variable), is never printed, and never written anywhere.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import UsageError

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
CONFIG_FILE = "briefing.toml"
NUMBER = (int, float)
# The keys of the config file's [llm] table and the TOML types they take.
CONFIG_TYPES = {"base_url": str, "model": str, "api_key_env": str, "timeout": NUMBER, "deadline": NUMBER,
                "concurrency": int, "max_retries": int, "max_calls": int, "max_tokens": int, "context_tokens": int,
                "cache": str, "prompts": str, "language": str}  # fmt: skip
ENVIRONMENT_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # what api_key_env must look like


def default_cache_path() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "briefing" / "llm.sqlite"


@dataclass(frozen=True)
class LLMSettings:
    base_url: str | None = field(default=None, repr=False)  # None: the OpenAI API; may hold user:key@
    model: str | None = None
    api_key: str | None = field(default=None, repr=False)
    api_key_env: str = "OPENAI_API_KEY"  # the environment variable that holds the key
    timeout: float = 60.0  # seconds per call
    deadline: float = 900.0  # seconds for all calls of one brief
    # The spend cap of one brief, checked before each call (calls under way finish, so at
    # most `concurrency` - 1 more). A brief asks once per topic, once per re-ask, and twice
    # more (overview, what to watch): at most 2 × topics + 2 calls, 42 for 20 topics. The
    # seeds' one topic took 4 calls and 8,784 tokens on the real llama.cpp server.
    max_calls: int = 200
    max_tokens: int = 1_000_000  # prompt and completion tokens together
    concurrency: int = 4  # clusters summarised at once
    max_retries: int = 3  # for 429 and 5xx, honouring Retry-After
    context_tokens: int = 3000  # budget for one cluster's passages in a prompt
    cache: Path | None = field(default_factory=default_cache_path)  # None: no cache
    prompts: Path | None = None  # None: the bundled prompts
    language: str | None = None  # the brief's language; None: the sources'

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
    def configured(self) -> bool:
        """An endpoint is set: a base URL (local servers need no key) or an OpenAI key."""
        return bool(self.base_url or self.api_key)


def resolve_llm_settings(
    flags: dict[str, Any], config: Path | None = None, use_cache: bool = True, chat: bool = True
) -> LLMSettings:
    """Settings from the config file, then the environment, then the flags (None: not given).
    `chat`: a chat model is needed (not for embeddings only)."""
    settings = _from_config(config or Path(CONFIG_FILE), required=config is not None)
    settings = replace(settings, **_from_environment(settings))
    settings = replace(settings, **{key: value for key, value in flags.items() if value is not None})
    if not use_cache:
        settings = replace(settings, cache=None)
    if chat and settings.configured and not settings.model:
        if settings.base_url:
            raise UsageError(f"--model is needed for the endpoint at {settings.endpoint_host}")
        settings = replace(settings, model=DEFAULT_OPENAI_MODEL)
    return settings


def _from_environment(settings: LLMSettings) -> dict[str, Any]:
    found = {
        "base_url": os.environ.get("OPENAI_BASE_URL") or None,
        "model": os.environ.get("OPENAI_MODEL") or None,
        "api_key": os.environ.get(settings.api_key_env) or None,
    }
    return {key: value for key, value in found.items() if value is not None}


def _from_config(path: Path, required: bool) -> LLMSettings:
    if not path.is_file():
        if required:
            raise UsageError(f"config file {path} does not exist")
        return LLMSettings()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("llm", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: {error}") from None
    if "api_key" in table:  # named, never echoed: the value is a secret
        raise UsageError(f"{path}: [llm] api_key does not belong in a file; put the key in the environment "
                         "variable OPENAI_API_KEY (or the one api_key_env names)")  # fmt: skip
    unknown = set(table) - set(CONFIG_TYPES)
    if unknown:
        raise UsageError(f"{path}: unknown key(s) in [llm]: {', '.join(sorted(unknown))}")
    return LLMSettings(**{key: _checked(path, key, value) for key, value in table.items()})


def _checked(path: Path, key: str, value: Any) -> Any:
    """`value` if it has the type [llm] `key` takes; folders become paths."""
    if not isinstance(value, CONFIG_TYPES[key]) or isinstance(value, bool):
        raise UsageError(f"{path}: [llm] {key} = {value!r} has the wrong type")
    if key == "api_key_env" and not ENVIRONMENT_VARIABLE.match(value):  # the key itself? never echo it
        raise UsageError(f"{path}: [llm] api_key_env must name an environment variable (like OPENAI_API_KEY)")
    return Path(value).expanduser() if key in ("cache", "prompts") else value
