"""The scripted OpenAI server, driven by the real `openai` client."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import openai
import pytest
from openai import OpenAI
from openai_script import ScriptedOpenAI, accepts, disconnect, hang, reply_json, reply_text, status

MESSAGES = [{"role": "user", "content": "Say hello as JSON."}]


def client(server: ScriptedOpenAI, **options) -> OpenAI:
    options.setdefault("max_retries", 0)
    return OpenAI(base_url=server.base_url, api_key="test", **options)


def ask(c: OpenAI, **extra):
    return c.chat.completions.create(model="m", messages=MESSAGES, **extra)


def test_json_reply_parses_and_request_is_recorded():
    with ScriptedOpenAI(default=reply_json({"greeting": "hello"})) as server:
        answer = ask(client(server))
        assert json.loads(answer.choices[0].message.content) == {"greeting": "hello"}
        assert answer.choices[0].finish_reason == "stop"
        assert answer.model == "m" and answer.usage.total_tokens > 0
        (request,) = server.requests
        assert request.path == "/v1/chat/completions"
        assert request.json["messages"] == MESSAGES
        assert request.headers["authorization"] == "Bearer test"


def test_models_and_unknown_paths():
    with ScriptedOpenAI() as server:
        assert [m.id for m in client(server).models.list()] == ["scripted-model"]
        with pytest.raises(openai.NotFoundError):
            client(server).embeddings.create(model="m", input="x")


def test_429_with_retry_after_is_honoured():
    with ScriptedOpenAI(default=reply_json({"ok": True})) as server:
        server.script(status(429, retry_after=1))
        start = time.monotonic()
        answer = ask(client(server, max_retries=1))
        assert time.monotonic() - start >= 0.9
        assert json.loads(answer.choices[0].message.content) == {"ok": True}
        first, second = server.requests
        assert first.headers["x-stainless-retry-count"] == "0"
        assert second.headers["x-stainless-retry-count"] == "1"


def test_500_then_success_is_retried_and_script_is_used_in_order():
    with ScriptedOpenAI(default=reply_json("default")) as server:
        server.script(status(500, headers={"retry-after-ms": "10"}), reply_json("scripted"))
        assert ask(client(server, max_retries=2)).choices[0].message.content == '"scripted"'
        assert len(server.requests) == 2 and server.pending == 0
        assert ask(client(server)).choices[0].message.content == '"default"'


def test_errors_surface_with_openai_error_body_when_retries_are_spent():
    with ScriptedOpenAI() as server:
        server.script(status(503, body="<html>bad gateway</html>"), status(429, retry_after=0.01))
        with pytest.raises(openai.InternalServerError):
            ask(client(server))
        with pytest.raises(openai.RateLimitError) as caught:
            ask(client(server))
        assert caught.value.code == "rate_limit_exceeded"


def test_disconnect_is_a_connection_error():
    with ScriptedOpenAI() as server:
        server.script(disconnect())
        with pytest.raises(openai.APIConnectionError):
            ask(client(server))


def test_hang_exceeds_client_timeout_and_shutdown_is_prompt():
    start = time.monotonic()
    with ScriptedOpenAI(default=hang(5)) as server:
        with pytest.raises(openai.APITimeoutError):
            ask(client(server, timeout=1))
        assert 0.9 <= time.monotonic() - start < 2.5
    assert time.monotonic() - start < 3  # server_close joined the hanging handler, woken at shutdown


def test_invalid_json_text_arrives_verbatim():
    text = 'Sure! ```json\n{"ids": [1, 2,]}\n``` hope that helps'
    with ScriptedOpenAI(default=reply_text(text, finish_reason="length")) as server:
        answer = ask(client(server))
        assert answer.choices[0].message.content == text
        assert answer.choices[0].finish_reason == "length"


def test_response_format_rejection():
    schema = {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}}
    answer_by_request = lambda request: reply_json({"format": (request.get("response_format") or {}).get("type")})
    with ScriptedOpenAI(default=accepts({"json_object"}, then=answer_by_request)) as server:
        c = client(server)
        with pytest.raises(openai.BadRequestError) as caught:
            ask(c, response_format=schema)
        assert caught.value.status_code == 400 and caught.value.param == "response_format"
        assert "json_schema" in caught.value.message
        assert ask(c, response_format={"type": "json_object"}).choices[0].message.content == '{"format": "json_object"}'
        assert ask(c).choices[0].message.content == '{"format": null}'


def test_requests_are_served_concurrently():
    with ScriptedOpenAI(default=reply_json({"ok": True}), latency=0.5) as server:
        c = client(server)
        start = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: ask(c), range(8)))
        assert time.monotonic() - start < 2.0  # serial would be 4 s
        assert len(answers) == 8 and len(server.requests) == 8


def test_raw_http_sees_retry_after_header_and_error_body():
    with ScriptedOpenAI() as server:
        server.script(status(429, retry_after=2))
        request = urllib.request.Request(f"{server.base_url}/chat/completions", data=b"{}", method="POST")
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=5)
        assert caught.value.code == 429 and caught.value.headers["Retry-After"] == "2"
        assert json.loads(caught.value.read())["error"]["type"] == "rate_limit_exceeded"
