"""A scripted OpenAI-compatible HTTP server for tests: real client, faked endpoint, injected faults.

    with ScriptedOpenAI(default=reply_json({"ok": True}), latency=0.0) as server:
        server.base_url            # "http://127.0.0.1:PORT/v1"
        server.script(status(429, retry_after=1), status(500), reply_json({"ok": True}))  # next answers, in order
        client = OpenAI(base_url=server.base_url, api_key="test")
        ...                        # run the code under test
        server.requests            # [Request(path, headers, json, time), ...] in arrival order

`POST /v1/chat/completions` answers from the script queue, then from `default`; `GET /v1/models`
lists `models`; anything else is 404. A behaviour (or `default`, or a scripted item) may also be a
callable `(request_json) -> Behaviour`, e.g. to pick passage ids from the prompt:

    ScriptedOpenAI(default=lambda req: reply_json({"ids": ids_in(req["messages"])}))
    ScriptedOpenAI(default=accepts({"json_object"}, then=reply_json({...})))   # 400 for json_schema

Behaviours: reply_json, reply_text, status, hang, disconnect, accepts; and for hostile servers
raw_body (any bytes as a 200: HTML, not UTF-8, a completion with nulls), trickle (a body one
byte at a time) and endless (a body that never ends). Requests are served
concurrently (one thread each); `latency` delays every chat completion; sleeps wake at shutdown.

`POST /v1/embeddings` is served only when asked for (else 404, as before): `embeddings=` is its
default answer, `script_embeddings(...)` queues answers for it alone (the chat queue is separate):

    with ScriptedOpenAI(embeddings=word_vectors) as server:   # each text → text_vector(text)
        server.script_embeddings(status(500), reply_vectors([[1.0, 0.0]]))   # then a wrong count

`reply_vectors(vectors, indices=None)` answers exactly those rows (with those `index` values, in
that order); `status`, `hang(s, then=reply_vectors(...))` and `disconnect` work here too. Vectors go
back as base64 float32 when the request asks for `encoding_format: "base64"` (the `openai`
client's default), else as lists of floats.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import threading
import time
import zlib
from collections import deque
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Union

MODEL = "scripted-model"
EMBEDDING_DIMENSIONS = 64  # of `text_vector`


@dataclass(frozen=True)
class Behaviour:
    """What the server does with one chat completion request."""

    kind: str  # "completion" | "embeddings" | "error" | "disconnect" | "raw" | "trickle" | "endless"
    content: str = ""
    finish_reason: str = "stop"
    status: int = 200
    body: Any = None  # error body: a dict sent as JSON, or a str sent verbatim; embeddings: [(index, vector)]
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    data: bytes = b""  # raw, trickle and endless: the body's bytes (endless: repeated)
    every: float = 0.0  # trickle and endless: seconds between writes


Answer = Union[Behaviour, Callable[[Any], Behaviour]]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    json: Any  # parsed body, or None
    time: float  # time.monotonic() at arrival


def reply_text(text: str, finish_reason: str = "stop") -> Behaviour:
    """A chat completion whose message content is `text`, verbatim."""
    return Behaviour("completion", content=text, finish_reason=finish_reason)


def reply_json(obj: Any) -> Behaviour:
    """A chat completion whose message content is `json.dumps(obj)`."""
    return reply_text(json.dumps(obj))


def reply_vectors(vectors: list[list[float]], indices: list[int] | None = None) -> Behaviour:
    """An embeddings reply with these rows, whatever the input; `indices` default to 0, 1, …"""
    indices = list(range(len(vectors))) if indices is None else list(indices)
    return Behaviour("embeddings", body=[(i, [float(x) for x in v]) for i, v in zip(indices, vectors)])


def text_vector(text: str) -> list[float]:
    """A deterministic vector for `text`: its lower-cased words counted into hashed buckets."""
    vector = [0.0] * EMBEDDING_DIMENSIONS
    for word in re.findall(r"\w+", text.lower()):
        vector[zlib.crc32(word.encode()) % EMBEDDING_DIMENSIONS] += 1.0
    return vector


def word_vectors(request: Any) -> Behaviour:
    """Answers an embeddings request with `text_vector` of each input text, in order."""
    texts = (request or {}).get("input") or []
    return reply_vectors([text_vector(t) for t in ([texts] if isinstance(texts, str) else texts)])


def _error(message: str, kind: str, param: str | None = None, code: str | None = None) -> dict:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def status(code: int, retry_after: float | None = None, body: Any = None,
           headers: dict[str, str] | None = None) -> Behaviour:
    """An HTTP error with an OpenAI-style error body (or `body`: a dict as JSON, a str verbatim)."""
    if body is None:
        kind = "rate_limit_exceeded" if code == 429 else "server_error" if code >= 500 else "invalid_request_error"
        body = _error(f"Scripted error {code}", kind, code=kind)
    headers = dict(headers or {})
    if retry_after is not None:
        headers["Retry-After"] = f"{retry_after:g}"
    return Behaviour("error", status=code, body=body, headers=headers)


def hang(seconds: float, then: Behaviour | None = None) -> Behaviour:
    """Wait `seconds` (or until shutdown), then answer `then` (an empty JSON object by default)."""
    then = then or reply_json({})
    return replace(then, delay=then.delay + seconds)


def raw_body(data: bytes | str | dict, content_type: str = "application/json") -> Behaviour:
    """A 200 whose body is `data` as it is (a dict as JSON): HTML, bytes that are not UTF-8,
    a completion whose `usage` holds nulls or whose content is an object."""
    body = json.dumps(data).encode() if isinstance(data, dict) else data.encode() if isinstance(data, str) else data
    return Behaviour("raw", data=body, headers={"Content-Type": content_type})


def completion_body(content: Any, usage: Any = None) -> dict:
    """A chat completion as a dict, with any `content` and `usage` (for raw_body)."""
    return {"id": "chatcmpl-raw", "object": "chat.completion", "created": 0, "model": MODEL,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": usage}  # fmt: skip


def trickle(data: bytes | str, every: float) -> Behaviour:
    """A 200 whose body (`data`, its Content-Length announced) comes one byte every `every` s."""
    body = data.encode() if isinstance(data, str) else data
    return Behaviour("trickle", data=body, every=every, headers={"Content-Type": "application/json"})


def endless(chunk: bytes = b"[" * 1024, every: float = 0.05) -> Behaviour:
    """A 200 whose body never ends: `chunk` every `every` s, until the client hangs up."""
    return Behaviour("endless", data=chunk, every=every, headers={"Content-Type": "application/json"})


def disconnect() -> Behaviour:
    """Close the connection without answering (the client sees a connection error)."""
    return Behaviour("disconnect")


def accepts(formats: set[str], then: Answer) -> Callable[[Any], Behaviour]:
    """Answer `then`, unless `response_format.type` is set and not in `formats`: then a realistic 400.

    Requests without `response_format` (plain JSON in text) are always accepted.
    """

    def answer(request: Any) -> Behaviour:
        kind = ((request or {}).get("response_format") or {}).get("type")
        if kind is None or kind in formats:
            return _resolve(then, request)
        message = f"Invalid parameter: 'response_format' of type '{kind}' is not supported with this model."
        return status(400, body=_error(message, "invalid_request_error", param="response_format"))

    return answer


def _resolve(answer: Answer, request: Any) -> Behaviour:
    return answer(request) if callable(answer) else answer


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


class ScriptedOpenAI:
    def __init__(self, default: Answer | None = None, latency: float = 0.0, models: tuple[str, ...] = (MODEL,),
                 embeddings: Answer | None = None):  # fmt: skip
        self.default = default
        self.latency = latency
        self.models = models
        self.embeddings = embeddings
        self._queue: deque[Answer] = deque()
        self._embedding_queue: deque[Answer] = deque()
        self._requests: list[Request] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> ScriptedOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()  # wakes hanging handlers, so server_close can join them
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def script(self, *answers: Answer) -> None:
        """Queue the next chat completion answers, in order (after any still queued)."""
        with self._lock:
            self._queue.extend(answers)

    def script_embeddings(self, *answers: Answer) -> None:
        """Queue the next `/v1/embeddings` answers, in order (before `embeddings=`)."""
        with self._lock:
            self._embedding_queue.extend(answers)

    def _next_embedding(self, request: Any) -> Behaviour | None:
        """The next embeddings answer; None when embeddings are not served (404)."""
        with self._lock:
            answer = self._embedding_queue.popleft() if self._embedding_queue else self.embeddings
        return None if answer is None else _resolve(answer, request)

    def _embedding_list(self, request: Any, b: Behaviour) -> dict:
        base64_wanted = (request or {}).get("encoding_format") == "base64"
        data = [{"object": "embedding", "index": index,
                 "embedding": base64.b64encode(struct.pack(f"<{len(v)}f", *v)).decode() if base64_wanted else v}
                for index, v in b.body]  # fmt: skip
        used = _tokens(json.dumps((request or {}).get("input", "")))
        return {"object": "list", "data": data, "model": (request or {}).get("model", self.models[0]),
                "usage": {"prompt_tokens": used, "total_tokens": used}}  # fmt: skip

    @property
    def pending(self) -> int:
        """How many scripted answers have not been used yet."""
        with self._lock:
            return len(self._queue)

    @property
    def requests(self) -> list[Request]:
        """A snapshot of every request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    def _record(self, request: Request) -> None:
        with self._lock:
            self._requests.append(request)

    def _next(self, request: Any) -> Behaviour:
        with self._lock:
            answer = self._queue.popleft() if self._queue else self.default
        if answer is None:
            return status(500, body=_error("ScriptedOpenAI: script empty and no default", "server_error"))
        return _resolve(answer, request)

    def _completion(self, request: Any, b: Behaviour) -> dict:
        prompt = json.dumps((request or {}).get("messages", []))
        used = {"prompt_tokens": _tokens(prompt), "completion_tokens": _tokens(b.content)}
        used["total_tokens"] = used["prompt_tokens"] + used["completion_tokens"]
        return {
            "id": f"chatcmpl-scripted-{time.monotonic_ns()}", "object": "chat.completion",
            "created": int(time.time()), "model": (request or {}).get("model", self.models[0]),
            "choices": [{"index": 0, "logprobs": None, "finish_reason": b.finish_reason,
                         "message": {"role": "assistant", "content": b.content, "refusal": None}}],
            "usage": used,
        }


class _Handler(BaseHTTPRequestHandler):
    timeout = 30  # an idle client socket cannot pin a handler thread forever

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _receive(self) -> Any:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.owner._record(Request(self.command, self.path, headers, body, time.monotonic()))
        return body

    def _send(self, code: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        kind = "text/plain" if isinstance(body, str) else "application/json"
        try:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout) first
            pass

    def do_GET(self) -> None:
        self._receive()
        owner = self.server.owner
        if self.path.rstrip("/") == "/v1/models":
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "scripted"} for m in owner.models]
            self._send(200, {"object": "list", "data": data})
        else:
            self._not_found()

    def do_POST(self) -> None:
        request = self._receive()
        owner = self.server.owner
        path, latency = self.path.rstrip("/"), 0.0
        if path == "/v1/chat/completions":
            b, latency = owner._next(request), owner.latency
        elif path == "/v1/embeddings":
            b = owner._next_embedding(request)
        else:
            b = None
        if b is None:
            return self._not_found()
        if owner._stopping.wait(latency + b.delay):
            return  # shutting down: drop the connection
        if b.kind == "disconnect":
            self.close_connection = True
            return
        if b.kind == "error":
            return self._send(b.status, b.body, b.headers)
        if b.kind in ("raw", "trickle", "endless"):
            return self._stream(b)
        if b.kind == "embeddings":
            return self._send(200, owner._embedding_list(request, b), b.headers)
        self._send(200, owner._completion(request, b), b.headers)  # on /v1/embeddings: a malformed reply

    def _stream(self, b: Behaviour) -> None:
        """Send `b.data`: at once (raw), a byte at a time (trickle), or for ever (endless)."""
        stopping = self.server.owner._stopping
        try:
            self.send_response(200)
            for name, value in b.headers.items():
                self.send_header(name, value)
            if b.kind != "endless":
                self.send_header("Content-Length", str(len(b.data)))
            self.end_headers()
            if b.kind == "raw":
                self.wfile.write(b.data)
                return
            pieces = (b.data[i : i + 1] for i in range(len(b.data))) if b.kind == "trickle" else iter(lambda: b.data, None)
            for piece in pieces:
                self.wfile.write(piece)
                self.wfile.flush()
                if stopping.wait(b.every):
                    return
        except (BrokenPipeError, ConnectionResetError, OSError):  # the client gave up
            self.close_connection = True

    def _not_found(self) -> None:
        self._send(404, _error(f"Unknown path {self.command} {self.path}", "invalid_request_error", code="unknown_url"))


# What the prompts show the model: labelled passages and, for the overview, statements; the
# judge sees items, each a statement and the sources it cites.
PASSAGE = re.compile(r'<passage id="(P\d+)"[^>]*>(.*?)</passage>', re.DOTALL)
QUOTE = re.compile(r'<quote id="(Q\d+)"[^>]*>(.*?)</quote>', re.S)
STATEMENT = re.compile(r'<statement id="(S\d+)"[^>]*>(.*?)</statement>', re.DOTALL)
JUDGE_ITEM = re.compile(r'<item id="(J\d+)">\s*<statement>(.*?)</statement>(.*?)</item>', re.DOTALL)
JUDGE_SOURCE = re.compile(r"<source[^>]*>(.*?)</source>", re.DOTALL)


def is_judge_prompt(request: dict) -> bool:
    return bool(JUDGE_ITEM.search(request["messages"][1]["content"]))


def judge_items(request: dict) -> list[tuple[str, str, list[str]]]:
    """(id, statement, its sources' texts) of each item in a judge prompt."""
    return [(id_, text, JUDGE_SOURCE.findall(rest)) for id_, text, rest in JUDGE_ITEM.findall(request["messages"][1]["content"])]


def judge_verdicts(request: dict, verdict) -> Behaviour:
    """A judge's answer giving each item `verdict(statement, sources)` ("supported", …)."""
    verdicts = [{"id": id_, "reason": "scripted", "verdict": verdict(text, sources)}
                for id_, text, sources in judge_items(request)]  # fmt: skip
    return reply_json({"verdicts": verdicts})


def faithful_verdict(statement: str, sources: list[str]) -> str:
    """Supported when a source carries the statement word for word, else not stated."""
    words = " ".join(statement.split())
    return "supported" if any(words in " ".join(source.split()) for source in sources) else "not_stated"


def faithful_judge(request: dict) -> Behaviour:
    """Judges like a careful model: what its sources say word for word is supported."""
    return judge_verdicts(request, faithful_verdict)


def faithful_model(request: dict):
    """Answers like a careful model: quotes what it was given, citing it; judges faithfully."""
    if is_judge_prompt(request):
        return faithful_judge(request)
    prompt = request["messages"][1]["content"]
    if "comparing how different outlets" in request["messages"][0]["content"]:
        return reply_json({"differences": []})  # a careful model invents no disagreement
    if "You translate short quotations" in request["messages"][0]["content"]:
        return reply_json({"translations": [{"id": qid, "text": text} for qid, text in QUOTE.findall(prompt)]})
    if "watch next" in request["messages"][0]["content"]:
        return reply_json({"items": [{"text": text, "cites": [label]} for label, text in PASSAGE.findall(prompt)[:2]]})
    if passages := PASSAGE.findall(prompt):
        claims = [{"text": text, "cites": [label]} for label, text in passages[:4]]
        headline = {"text": " ".join(passages[0][1].split()[:6]), "cites": [passages[0][0]]}
        return reply_json({"headline": headline, "statements": claims})
    sentences = [{"text": text, "cites": [label]} for label, text in STATEMENT.findall(prompt)[:3]]
    return reply_json({"sentences": sentences})
