"""Reading what the endpoint sent, trusting none of it.

An answer is read with a cap on its size (`read_body`) and only while its call is
still wanted; its envelope must be a chat completion whose content is text
(`read_completion`); its content must hold a JSON object that fits the schema
(`parse_answer`). Anything else is an `LLMError`: a failed call, never a crash.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from briefing.errors import BriefingError

FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
# The largest answer read: `answer_tokens` at this many bytes each, plus the envelope. A
# token is about 4 characters; JSON writes a non-ASCII character as up to 12 bytes
# (a \uXXXX surrogate pair), so 32 bytes a token leave room for any honest answer.
BYTES_PER_TOKEN = 32
ENVELOPE_BYTES = 64 * 1024  # ids, usage, logprobs: what a completion carries besides its content
TOKEN_COUNTS = ("prompt_tokens", "completion_tokens")


class LLMError(BriefingError):
    """A call failed (after retries) or its answer could not be used; the message says why.

    When the endpoint answered with an error: its HTTP `status`, its `Retry-After` header,
    and whether it refused the `response_format` (`rejects_output_mode`). `retryable`: the
    same question may be asked again (429, 408, 5xx, a timeout, a lost connection)."""

    def __init__(self, message: str, status: int | None = None, retry_after: str | None = None,
                 rejects_output_mode: bool = False, retryable: bool = False):  # fmt: skip
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        self.rejects_output_mode = rejects_output_mode
        self.retryable = retryable


class Answer(NamedTuple):
    """What the endpoint wrote, the tokens it counted, and whether it hit `answer_tokens`."""

    content: str
    usage: dict[str, int]
    cut_off: bool


def answer_bytes(answer_tokens: int) -> int:
    """The most bytes an answer of at most `answer_tokens` tokens may take."""
    return ENVELOPE_BYTES + answer_tokens * BYTES_PER_TOKEN


def read_body(chunks: Iterator[bytes], limit: int, cancelled: threading.Event) -> bytes:
    """The (decoded) body, read chunk by chunk: LLMError past `limit` bytes, or once
    `cancelled` is set (the call was given up), so a trickle or an endless body ends at
    its next chunk."""
    body = bytearray()
    for chunk in chunks:
        body += chunk
        if len(body) > limit:
            raise LLMError(f"the answer is larger than {limit:,} bytes")
        if cancelled.is_set():
            raise LLMError("the call was given up")
    return bytes(body)


def read_completion(body: bytes) -> Answer:
    """The content, token counts and whether it was cut off, of the chat completion in `body`."""
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise LLMError("the endpoint's answer is not UTF-8 text") from None
    except RecursionError:
        raise LLMError("the endpoint's answer is nested too deeply") from None
    except json.JSONDecodeError:
        raise LLMError(f"the endpoint's answer is not a chat completion: {short(body.decode('utf-8'))}") from None
    choices = data.get("choices") if isinstance(data, dict) else None
    choice = choices[0] if isinstance(choices, list) and choices and isinstance(choices[0], dict) else {}
    message = choice.get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if not choice or message is None:
        raise LLMError("the endpoint's answer is not a chat completion")
    if not isinstance(content, str):
        kind = "no" if content is None else f"a {type(content).__name__}, not a string, as"
        raise LLMError(f"the answer has {kind} content")
    if not content:
        raise LLMError("the answer was empty")
    return Answer(content, token_counts(data.get("usage")), choice.get("finish_reason") == "length")


def token_counts(usage: Any) -> dict[str, int]:
    """Prompt and completion tokens; 0 for what is missing, null or not a count."""
    usage = usage if isinstance(usage, dict) else {}
    counts = {name: usage.get(name) for name in TOKEN_COUNTS}
    return {name: n if isinstance(n, int) and not isinstance(n, bool) and n >= 0 else 0 for name, n in counts.items()}


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
            raise LLMError(f"the answer is not JSON: {short(content)}") from None
    except RecursionError:  # [[[[…]]]] nested deeper than the parser goes
        raise LLMError("the answer's JSON is nested too deeply") from None
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise LLMError(f"the JSON does not fit the schema ({where}: {first['msg']})") from None


def short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text)[: limit * 4].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
