"""One OpenAI-compatible endpoint, asked for JSON that fits a pydantic schema.

Servers differ in how they constrain output. The first call tries, in order:
`response_format` json_schema (OpenAI, vLLM, Ollama), json_object with a `schema`
(llama.cpp's server), and plain JSON in the text. The first that works is remembered per
endpoint and model (in the cache database, so the next run starts with it).

429, 408 and 5xx answers, timeouts and lost connections are retried with backoff,
honouring `Retry-After`. Each attempt is held to the timeout by the wall clock (a
watchdog, `watchdog.py`: a server that trickles or never stops cannot hold a call), all
calls of one brief to a `Deadline` (an answer that comes later is not used), and each
answer to a size (`answers.py`); an answer that is not a usable chat completion is a
failed call, never a crash. A call counts against the spend cap before it is sent. Answers
are cached by model, prompt name and version, and input: a re-run makes no call. A
client for another model (`for_model`, e.g. the judge's) shares the cache, the record,
the spend cap and the deadline.

The API key never leaves the client: errors and answers are masked (a server may echo the
key), and an LLMError keeps no reference to the openai error, whose request holds it.
"""

from __future__ import annotations

import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from typing import cast

import openai
from pydantic import BaseModel

from briefing.endpoint.answers import Answer, LLMError, answer_bytes, parse_answer, read_body, read_completion, short
from briefing.endpoint.cache import ResponseCache, cache_key
from briefing.endpoint.record import RunRecord
from briefing.endpoint.redact import guard_transport_logs, redact
from briefing.endpoint.watchdog import Exchange, GaveUp, within
from briefing.settings import LLMSettings

__all__ = ["Answer", "Completion", "Deadline", "LLMClient", "LLMError", "RenderedPrompt", "parse_answer"]

OUTPUT_MODES = ("json_schema", "json_object", "text")
RETRIED_STATUSES = {408, 409, 429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 60.0  # seconds; the openai client gives up on longer waits too
# The pause before the n-th retry when the server names none: FIRST_RETRY_PAUSE × 2ⁿ, at
# most MAX_RETRY_PAUSE (the openai client's own backoff, without its random jitter).
FIRST_RETRY_PAUSE = 0.5
MAX_RETRY_PAUSE = 8.0
_EXCHANGE = threading.local()  # the exchange the current thread runs, for the response hook


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

    def left(self) -> float:
        """Seconds until the deadline (negative once it has passed)."""
        return self._at - time.monotonic()

    def limits(self, timeout: float, retries: int | None) -> tuple[float, int | None]:
        """The timeout and retries a call may have now; LLMError once the deadline has passed."""
        remaining = self._at - time.monotonic()
        if remaining <= 0:
            raise LLMError(f"the brief's deadline of {self.seconds:g} s has passed")
        return min(timeout, remaining), (0 if remaining < timeout else retries)


class LLMClient:
    """Schema-bound calls to `model` (default: the settings') at the settings' endpoint,
    counted in `record`, within `deadline` (default: the settings' from now). `stop()`
    gives up every call under way and refuses new ones (the run is ending)."""

    def __init__(self, settings: LLMSettings, record: RunRecord, cache: ResponseCache | None = None,
                 model: str | None = None, deadline: Deadline | None = None,
                 stopped: threading.Event | None = None):  # fmt: skip
        self.settings = settings
        self.record = record
        self.cache = cache if cache is not None else ResponseCache(settings.cache)
        # llm_settings() sets a model whenever a chat endpoint is configured, the only case in
        # which an LLMClient is made; the cast just tells mypy so.
        self.model = model or cast(str, settings.model)
        self.deadline = deadline or Deadline(settings.deadline)
        self._stopped = stopped or threading.Event()
        self._endpoint = f"{settings.endpoint_url} {self.model}"
        self._mode = self.cache.mode(self._endpoint)
        self._note_cache_problem()
        self._answer_bytes = answer_bytes(settings.answer_tokens)
        hooks = {"response": [self._on_response]}
        # Retries are ours (`_request`), so that each attempt is held to the wall clock.
        self._openai = openai_client(settings, http_client=openai.DefaultHttpxClient(event_hooks=hooks), max_retries=0)

    def for_model(self, model: str) -> LLMClient:
        """A client for `model` at the same endpoint, sharing this one's cache, record (and so
        its spend cap), deadline and stop; this client itself when `model` is its own."""
        if model == self.model:
            return self
        return LLMClient(self.settings, self.record, self.cache, model, self.deadline, self._stopped)

    def stop(self) -> None:
        """Give up the calls under way (they fail at once) and make no more."""
        self._stopped.set()

    def complete(
        self, prompt: RenderedPrompt, schema: type[BaseModel], json_schema: dict | None = None,
        follow_up: list[dict] | None = None, timeout: float | None = None, retries: int | None = None,
    ) -> Completion:  # fmt: skip
        """The model's answer to `prompt` (and `follow_up` messages), parsed into `schema`.

        `json_schema` is what the endpoint is asked to follow (default: `schema`'s); it may be
        stricter than `schema`, which only parses, so that one bad citation drops one claim,
        not the whole answer. `timeout` and `retries` narrow the settings' for this call, and
        the deadline narrows them further. A call is counted against the spend cap before it
        is sent, and stays counted if it fails.
        """
        try:
            return self._complete(prompt, schema, json_schema, follow_up, timeout, retries)
        finally:
            self._note_cache_problem()

    def _complete(self, prompt, schema, json_schema, follow_up, timeout, retries) -> Completion:
        messages = prompt.messages() + (follow_up or [])
        json_schema = json_schema or schema.model_json_schema()
        key = cache_key(self.model, prompt.name, prompt.version, messages, json_schema)
        if (hit := self.cache.get(key)) is not None:
            self.record.count_call(prompt.name, prompt.version, hit[1], cached=True)
            return Completion(parse_answer(hit[0], schema), cached=True)
        self._reserve_call(prompt)
        content, usage, cut_off = self._ask_in_time(messages, schema.__name__, json_schema, timeout, retries)
        content = self._redact(content)  # a server that echoes the key: not into the cache, nor the brief
        self.record.count_call(prompt.name, prompt.version, usage, cached=False)
        if self.deadline.passed:
            raise LLMError(f"the answer came after the brief's deadline of {self.deadline.seconds:g} s: not used")
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

    def _reserve_call(self, prompt: RenderedPrompt) -> None:
        """Count the call before it is sent (calls at once cannot pass the cap together);
        LLMError once the brief has made `max_calls` calls or used `max_tokens` tokens."""
        if self._stopped.is_set():
            raise LLMError("the run is ending: no more calls")
        self.deadline.limits(self.settings.timeout, None)  # LLMError once it has passed
        tokens = self.record.prompt_tokens + self.record.completion_tokens
        if tokens >= self.settings.max_tokens:
            raise LLMError(f"the spend cap of {self.settings.max_tokens:,} tokens per brief is reached (max_tokens)")
        if not self.record.reserve_call(prompt.name, prompt.version, self.settings.max_calls):
            raise LLMError(f"the spend cap of {self.settings.max_calls} calls per brief is reached (max_calls)")

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
                self._pause_before_retry(error, 0)
                answer = self._request(mode, messages, name, json_schema, timeout, retries=left)
            self._mode = self.record.output_mode = mode
            self.cache.remember_mode(self._endpoint, mode)
            return answer
        raise AssertionError("unreachable: the text mode either answers or raises")

    def _request(self, mode, messages, name, json_schema, timeout, retries=None) -> Answer:
        """One question in `mode`, asked again after a 429, 408 or 5xx, a timeout or a lost
        connection, up to `retries` times (default: the settings'), within the deadline."""
        retries = self.settings.max_retries if retries is None else retries
        attempt = 0
        while True:
            try:
                return self._attempt(mode, messages, name, json_schema, timeout or self.settings.timeout)
            except LLMError as error:
                if attempt >= retries or not error.retryable:
                    raise
                self._pause_before_retry(error, attempt)
                attempt += 1

    def _attempt(self, mode, messages, name, json_schema, timeout: float) -> Answer:
        """One HTTP exchange, given up after `timeout` seconds by the wall clock (or the time
        left before the deadline, if less), or when the client is stopped."""
        limit, _ = self.deadline.limits(timeout, None)
        request = {"model": self.model, "messages": messages, "temperature": 0,
                   "max_tokens": self.settings.answer_tokens, **_response_format(mode, name, json_schema)}  # fmt: skip
        try:
            return within(lambda exchange: self._exchange(exchange, request, limit), limit, self._stopped)
        except GaveUp as gave_up:
            reason = "the run is ending" if gave_up.stopped else f"no answer within {limit:g} s"
        raise LLMError(reason, retryable=not self._stopped.is_set())

    def _exchange(self, exchange: Exchange, request: dict, limit: float) -> Answer:
        """Send `request` and read the answer (in the watchdog's thread): LLMError for any failure."""
        _EXCHANGE.current = exchange
        try:  # the response is never a local here: a traceback may show locals, and it may echo the key
            completions = self._openai.with_options(timeout=limit, max_retries=0).chat.completions
            with completions.with_streaming_response.create(**request) as streamed:
                body = read_body(streamed.iter_bytes(), self._answer_bytes, exchange.cancelled)
        except openai.APIError as error:
            failure = self._failure(error, limit)
        except LLMError:
            raise
        except Exception as error:  # a transport fault the openai client does not wrap
            failure = LLMError(f"the endpoint's answer could not be read: {short(self._redact(repr(error)))}")
        else:
            return self._completion_in(body)
        raise failure  # outside the `except` block: no __context__ holding the request and its key

    def _completion_in(self, body: bytes) -> Answer:
        """`read_completion`, its error masked: it may quote a body that echoes the key."""
        try:
            return read_completion(body)
        except LLMError as error:
            failure = LLMError(self._redact(str(error)))
        raise failure

    def _pause_before_retry(self, error: LLMError, attempt: int) -> None:
        """Wait as a 429's or 503's `Retry-After` asks (at most MAX_RETRY_AFTER s), else back
        off; re-raise `error` when the pause would outlast the deadline or the run ends."""
        pause = min(FIRST_RETRY_PAUSE * 2**attempt, MAX_RETRY_PAUSE)
        with suppress(ValueError):  # an HTTP date: back off as without one
            asked = float(error.retry_after or 0)
            pause = asked if 0 < asked <= MAX_RETRY_AFTER else pause
        if self.deadline.left() <= pause or self._stopped.wait(pause):
            raise error

    def _failure(self, error: openai.APIError, timeout: float) -> LLMError:
        """The LLMError for `error`: the key masked (before shortening, which could cut it)."""
        if isinstance(error, openai.APIStatusError):
            return LLMError(
                f"the endpoint answered {error.status_code}: {short(self._redact(error.message))}",
                status=error.status_code, retry_after=error.response.headers.get("retry-after"),
                rejects_output_mode=_rejects_output_mode(error), retryable=_retried_status(error.status_code),
            )  # fmt: skip
        if isinstance(error, openai.APITimeoutError):
            return LLMError(f"no answer within {timeout:g} s", retryable=True)
        if isinstance(error, openai.APIConnectionError):
            reason = short(self._redact(str(error)))
            return LLMError(f"cannot reach {self.settings.endpoint_host}: {reason}", retryable=True)
        return LLMError(f"the endpoint's answer could not be read: {short(self._redact(str(error)))}")

    def _note_cache_problem(self) -> None:
        if self.cache.problem is not None:
            self.record.cache_problem = self.cache.problem

    def _redact(self, text: str) -> str:
        return redact(text, [self.settings.api_key])

    def _on_response(self, response) -> None:
        """Each HTTP response: counted; kept by its exchange, whose watchdog may shut its socket."""
        exchange = getattr(_EXCHANGE, "current", None)
        if exchange is not None:
            exchange.response = response
        self.record.count_response(retried=_retried_status(response.status_code))


def openai_client(settings: LLMSettings, **options) -> openai.OpenAI:
    """An openai client for the endpoint of `settings`, its key kept out of the HTTP logs."""
    guard_transport_logs(settings.api_key)
    options = {"timeout": settings.timeout, "max_retries": settings.max_retries, **options}
    return openai.OpenAI(
        base_url=settings.base_url,
        api_key=settings.api_key or "not-needed",  # local servers take any key
        **options,
    )


def _rejects_output_mode(error: openai.APIStatusError) -> bool:
    """Whether the server refused the `response_format` itself (not a passing fault)."""
    if isinstance(error, openai.BadRequestError | openai.UnprocessableEntityError):
        return True
    return "response_format" in str(error.message)


def _retried_status(status: int) -> bool:
    """Whether an answer with this status is asked again (as the openai client would)."""
    return status in RETRIED_STATUSES or status >= 500


def _response_format(mode: str, name: str, json_schema: dict) -> dict:
    if mode == "json_schema":
        return {"response_format": {"type": "json_schema", "json_schema": {"name": name, "schema": json_schema}}}
    if mode == "json_object":
        return {"response_format": {"type": "json_object", "schema": json_schema}}
    return {}
