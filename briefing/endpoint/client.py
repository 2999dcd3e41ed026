"""One OpenAI-compatible endpoint, asked for JSON that fits a pydantic schema.

Servers differ in how they constrain output. The first call tries, in order:
`response_format` json_schema (OpenAI, vLLM, Ollama), json_object with a `schema`
(llama.cpp's server), and plain JSON in the text. The first that works is remembered per
endpoint and model (in the cache database, so the next run starts with it).

429, 408 and 5xx answers are retried by the openai client with backoff, honouring
`Retry-After`; each call has a timeout, and all calls of one brief a `Deadline`. Answers
are cached by model, prompt name and version, and input: a re-run makes no call. A
client for another model (`for_model`, e.g. the judge's) shares the cache, the record,
the spend cap and the deadline.

The API key never leaves the client: errors and answers are masked (a server may echo the
key), and an LLMError keeps no reference to the openai error, whose request holds it.
"""

from __future__ import annotations

import json
import re
import time
from contextlib import suppress
from dataclasses import dataclass
from typing import NamedTuple, cast

import openai
from pydantic import BaseModel, ValidationError

from briefing.endpoint.cache import ResponseCache, cache_key
from briefing.endpoint.record import RunRecord
from briefing.endpoint.redact import guard_transport_logs, redact
from briefing.errors import BriefingError
from briefing.settings import LLMSettings

OUTPUT_MODES = ("json_schema", "json_object", "text")
RETRIED_STATUSES = {408, 409, 429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 60.0  # seconds; the openai client gives up on longer waits too
FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


class LLMError(BriefingError):
    """A call failed (after retries) or its answer could not be used; the message says why.

    When the endpoint answered with an error: its HTTP `status`, its `Retry-After` header,
    and whether it refused the `response_format` (`rejects_output_mode`)."""

    def __init__(self, message: str, status: int | None = None, retry_after: str | None = None,
                 rejects_output_mode: bool = False):  # fmt: skip
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        self.rejects_output_mode = rejects_output_mode


class Answer(NamedTuple):
    """What the endpoint wrote, the tokens it counted, and whether it hit `answer_tokens`."""

    content: str
    usage: dict
    cut_off: bool


@dataclass(frozen=True)
class RenderedPrompt:
    """A prompt ready to send: its name and version (part of the cache key) and its two parts."""

    name: str
    version: int
    system: str
    user: str

    def messages(self) -> list[dict[str, str]]:
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.user}]


@dataclass(frozen=True)
class Completion:
    value: BaseModel
    cached: bool


class Deadline:
    """The time by which every call of one brief must be answered: a call gets at most
    the time that is left, and no retries when less than one timeout is left."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._at = time.monotonic() + seconds

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self._at

    def limits(self, timeout: float, retries: int | None) -> tuple[float, int | None]:
        """The timeout and retries a call may have now; LLMError once the deadline has passed."""
        remaining = self._at - time.monotonic()
        if remaining <= 0:
            raise LLMError(f"the brief's deadline of {self.seconds:g} s has passed")
        return min(timeout, remaining), (0 if remaining < timeout else retries)


class LLMClient:
    """Schema-bound calls to `model` (default: the settings') at the settings' endpoint,
    counted in `record`, within `deadline` (default: the settings' from now)."""

    def __init__(self, settings: LLMSettings, record: RunRecord, cache: ResponseCache | None = None,
                 model: str | None = None, deadline: Deadline | None = None):  # fmt: skip
        self.settings = settings
        self.record = record
        self.cache = cache if cache is not None else ResponseCache(settings.cache)
        # llm_settings() sets a model whenever a chat endpoint is configured, the only case in
        # which an LLMClient is made; the cast just tells mypy so.
        self.model = model or cast(str, settings.model)
        self.deadline = deadline or Deadline(settings.deadline)
        self._endpoint = f"{settings.endpoint_url} {self.model}"
        self._mode = self.cache.mode(self._endpoint)
        self._openai = openai_client(
            settings, http_client=openai.DefaultHttpxClient(event_hooks={"response": [self._count_retries]})
        )

    def for_model(self, model: str) -> LLMClient:
        """A client for `model` at the same endpoint, sharing this one's cache, record (and so
        its spend cap) and deadline; this client itself when `model` is its own."""
        if model == self.model:
            return self
        return LLMClient(self.settings, self.record, self.cache, model, self.deadline)

    def complete(
        self, prompt: RenderedPrompt, schema: type[BaseModel], json_schema: dict | None = None,
        follow_up: list[dict] | None = None, timeout: float | None = None, retries: int | None = None,
    ) -> Completion:  # fmt: skip
        """The model's answer to `prompt` (and `follow_up` messages), parsed into `schema`.

        `json_schema` is what the endpoint is asked to follow (default: `schema`'s); it may be
        stricter than `schema`, which only parses, so that one bad citation drops one claim,
        not the whole answer. `timeout` and `retries` narrow the settings' for this call, and
        the deadline narrows them further.
        """
        messages = prompt.messages() + (follow_up or [])
        json_schema = json_schema or schema.model_json_schema()
        key = cache_key(self.model, prompt.name, prompt.version, messages, json_schema)
        if (hit := self.cache.get(key)) is not None:
            self.record.count_call(prompt.name, prompt.version, hit[1], cached=True)
            return Completion(parse_answer(hit[0], schema), cached=True)
        self._check_spend()
        content, usage, cut_off = self._ask_in_time(messages, schema.__name__, json_schema, timeout, retries)
        content = self._redact(content)  # a server that echoes the key: not into the cache, nor the brief
        self.record.count_call(prompt.name, prompt.version, usage, cached=False)
        if cut_off:
            limit = self.settings.answer_tokens
            raise LLMError(f"the answer ran past {limit:,} tokens and was cut off (answer_tokens)")
        value = parse_answer(content, schema)
        self.cache.put(key, self.model, prompt.name, prompt.version, content, usage)
        return Completion(value, cached=False)

    def _ask_in_time(self, messages, name, json_schema, timeout, retries) -> Answer:
        """`_ask` within the deadline: a failure once it has passed says so."""
        timeout, retries = self.deadline.limits(timeout or self.settings.timeout, retries)
        try:
            return self._ask(messages, name, json_schema, timeout, retries)
        except LLMError as error:
            if self.deadline.passed:
                raise LLMError(f"the brief's deadline of {self.deadline.seconds:g} s passed during the call") from error
            raise

    def _check_spend(self) -> None:
        """LLMError once the brief has made `max_calls` calls or used `max_tokens` tokens."""
        if self.record.calls >= self.settings.max_calls:
            raise LLMError(f"the spend cap of {self.settings.max_calls} calls per brief is reached (max_calls)")
        tokens = self.record.prompt_tokens + self.record.completion_tokens
        if tokens >= self.settings.max_tokens:
            raise LLMError(f"the spend cap of {self.settings.max_tokens:,} tokens per brief is reached (max_tokens)")

    def _ask(self, messages, name, json_schema, timeout, retries) -> Answer:
        # Calls that start before the mode is known each find it: a server refuses a mode at
        # once, and they all arrive at the same one, so no call need wait for another.
        if self._mode is None:
            return self._find_mode(messages, name, json_schema, timeout, retries)
        return self._request(self._mode, messages, name, json_schema, timeout, retries)

    def _find_mode(self, messages, name, json_schema, timeout, retries) -> Answer:
        """Ask in each output mode until one is accepted, and remember it. A mode is tried
        once without retries, so that a server rejecting it (with a 400, 422, or, like
        llama-cpp-python, a 500) is not asked again; any other failure gets the retries that
        are left, as every call does."""
        for mode in OUTPUT_MODES:
            try:
                answer = self._request(mode, messages, name, json_schema, timeout, retries=0)
            except LLMError as error:
                if error.rejects_output_mode and mode != OUTPUT_MODES[-1]:
                    continue
                left = (self.settings.max_retries if retries is None else retries) - 1
                if left < 0:
                    raise
                _pause_as_asked(error)
                answer = self._request(mode, messages, name, json_schema, timeout, retries=left)
            self._mode = self.record.output_mode = mode
            self.cache.remember_mode(self._endpoint, mode)
            return answer
        raise AssertionError("unreachable: the text mode either answers or raises")

    def _request(self, mode, messages, name, json_schema, timeout, retries=None) -> Answer:
        limit = timeout or self.settings.timeout
        max_retries = openai.NOT_GIVEN if retries is None else retries  # not given: the client's own
        try:  # the response is never a local here: a traceback may show locals, and it may echo the key
            completions = self._openai.with_options(timeout=limit, max_retries=max_retries).chat.completions
            answer = _read_completion(completions.create(
                model=self.model, messages=messages, temperature=0, max_tokens=self.settings.answer_tokens,
                **_response_format(mode, name, json_schema),
            ))  # fmt: skip
        except openai.APIError as error:
            failure = self._failure(error, limit)
        else:
            if answer is None:
                raise LLMError("the endpoint's answer is not a chat completion")
            content, usage, finish_reason = answer
            if not content:
                raise LLMError("the answer was empty")
            return Answer(content, usage, finish_reason == "length")
        raise failure  # outside the `except` block: no __context__ holding the request and its key

    def _failure(self, error: openai.APIError, timeout: float) -> LLMError:
        """The LLMError for `error`: the key masked (before shortening, which could cut it)."""
        if isinstance(error, openai.APIStatusError):
            return LLMError(
                f"the endpoint answered {error.status_code}: {_short(self._redact(error.message))}",
                status=error.status_code, retry_after=error.response.headers.get("retry-after"),
                rejects_output_mode=_rejects_output_mode(error),
            )  # fmt: skip
        if isinstance(error, openai.APITimeoutError):
            return LLMError(f"no answer within {timeout:g} s")
        if isinstance(error, openai.APIConnectionError):
            return LLMError(f"cannot reach {self.settings.endpoint_host}: {_short(self._redact(str(error)))}")
        return LLMError(f"the endpoint's answer could not be read: {_short(self._redact(str(error)))}")

    def _redact(self, text: str) -> str:
        return redact(text, [self.settings.api_key])

    def _count_retries(self, response) -> None:
        if response.status_code in RETRIED_STATUSES:
            self.record.count_retry()


def openai_client(settings: LLMSettings, **options) -> openai.OpenAI:
    """An openai client for the endpoint of `settings`, its key kept out of the HTTP logs."""
    guard_transport_logs(settings.api_key)
    return openai.OpenAI(
        base_url=settings.base_url,
        api_key=settings.api_key or "not-needed",  # local servers take any key
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        **options,
    )


def _read_completion(response) -> tuple[str | None, dict, str | None] | None:
    """The content, token counts and finish reason of a chat completion; None if `response`
    is not one (the openai client returns a text/plain body as a str)."""
    try:
        choice = response.choices[0] if response.choices else None
        content = choice.message.content if choice else None
        finish_reason = choice.finish_reason if choice else None
        usage = response.usage.model_dump() if response.usage else {}
    except (AttributeError, IndexError, TypeError):
        return None
    return content, {k: usage.get(k, 0) for k in ("prompt_tokens", "completion_tokens")}, finish_reason


def _rejects_output_mode(error: openai.APIStatusError) -> bool:
    """Whether the server refused the `response_format` itself (not a passing fault)."""
    if isinstance(error, openai.BadRequestError | openai.UnprocessableEntityError):
        return True
    return "response_format" in str(error.message)


def _pause_as_asked(error: LLMError) -> None:
    """Wait as long as a 429's or 503's `Retry-After` asks (at most MAX_RETRY_AFTER s)."""
    with suppress(ValueError):  # an HTTP date: the retry below backs off by itself
        time.sleep(min(float(error.retry_after or 0), MAX_RETRY_AFTER))


def _response_format(mode: str, name: str, json_schema: dict) -> dict:
    if mode == "json_schema":
        return {"response_format": {"type": "json_schema", "json_schema": {"name": name, "schema": json_schema}}}
    if mode == "json_object":
        return {"response_format": {"type": "json_object", "schema": json_schema}}
    return {}


def parse_answer(content: str, schema: type[BaseModel]) -> BaseModel:
    """The JSON object in `content` (bare, fenced, or inside prose), validated by `schema`."""
    text = FENCE.sub(r"\1", content).strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        start, end = text.find("{"), text.rfind("}")
        try:
            data = json.loads(text[start : end + 1]) if 0 <= start < end else None
        except json.JSONDecodeError:
            data = None
        if data is None:
            raise LLMError(f"the answer is not JSON: {_short(content)}") from None
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise LLMError(f"the JSON does not fit the schema ({where}: {first['msg']})") from None


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
