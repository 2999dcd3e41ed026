"""Prompts are data: one TOML file per prompt in `prompts/` (or a folder the user names).

Each file has a `name`, a `version` (part of the LLM cache key: a new wording is a new
version), a `description`, and a `system` and a `user` part, both Jinja templates. Files
are validated on load, and a broken one is an error that names the file.

Article text enters a prompt only as data: the templates are rendered in a sandbox, and
every value they print has its angle brackets replaced, so a passage can neither close
its `<passage>` delimiter nor be read as template source.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from jinja2 import StrictUndefined, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, ValidationError

from briefing.endpoint.client import RenderedPrompt
from briefing.errors import BriefingError
from briefing.settings import prompts_folder

PROMPT_SUFFIX = ".toml"
LANGUAGE_NAMES = {"de": "German", "en": "English", "fr": "French", "es": "Spanish", "it": "Italian", "nl": "Dutch"}


class PromptError(BriefingError):
    exit_code = 2


class PromptTemplate(BaseModel):
    """One prompt file, as written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: int
    description: str
    system: str
    user: str
    reask: str | None = None  # the follow-up that hands failed statements back, with reasons


def load_prompts(folder: Path | None = None) -> dict[str, PromptTemplate]:
    """Every prompt in `folder` (default: the bundled prompts), by name."""
    folder = folder or prompts_folder()
    if not folder.is_dir():
        raise PromptError(f"prompts folder {folder} does not exist")
    prompts = {}
    for path in sorted(folder.glob(f"*{PROMPT_SUFFIX}")):
        prompt = load_prompt_file(path)
        prompts[prompt.name] = prompt
    return prompts


def load_prompt_file(path: Path) -> PromptTemplate:
    try:
        prompt = PromptTemplate(**tomllib.loads(path.read_text(encoding="utf-8")))
        for part in (prompt.system, prompt.user, prompt.reask or ""):
            _environment().parse(part)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, TemplateSyntaxError) as error:
        raise PromptError(f"{path}: {error}") from None
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in error.errors())
        raise PromptError(f"{path}: {problems}") from None
    if prompt.name != path.stem:
        raise PromptError(f"{path}: name {prompt.name!r} differs from the file name {path.stem!r}")
    return prompt


def render_prompt(prompt: PromptTemplate, **values) -> RenderedPrompt:
    """The prompt with `values` filled in as data."""
    return RenderedPrompt(
        prompt.name, prompt.version, render_part(prompt.system, **values), render_part(prompt.user, **values)
    )


def render_part(template: str, **values) -> str:
    """One more part of a prompt (e.g. its `reask`) with `values` filled in as data."""
    return _environment().from_string(template).render(**values).strip()


def language_name(code: str | None) -> str:
    """`en` → English; unknown codes stay as they are; None → the sources' language."""
    if not code:
        return "the language of the passages"
    return LANGUAGE_NAMES.get(code, code)


def as_data(value) -> str:
    """A value as inert prompt text: no angle brackets, so no delimiter can be forged."""
    return str(value).replace("<", "‹").replace(">", "›")


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        undefined=StrictUndefined, finalize=as_data, trim_blocks=True, lstrip_blocks=True, autoescape=False
    )
