"""Secrets under hostile conditions: the API key and the SMTP password are really sent (the
servers record them), the runs fail in every way we can script, and every output is grepped
for them: stdout, stderr, every log record at DEBUG (the openai client's, httpx's, httpcore's
too), run records, brief files, the LLM cache's bytes, the e-mail, and the str, repr and
traceback text (locals included) of every exception. Everything runs on 127.0.0.1."""

import base64
import io
import json
import logging
import socket
import traceback
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import openai
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from builders import EXAMPLES
from openai_script import (
    ScriptedOpenAI,
    disconnect,
    faithful_model,
    hang,
    reply_json,
    reply_text,
    status,
)
from pydantic import BaseModel
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.cli import app
from briefing.cli.daily import daily_profile
from briefing.endpoint.client import LLMClient, LLMError, RenderedPrompt
from briefing.endpoint.record import RunRecord
from briefing.output.render import render
from briefing.pipeline import build_brief, make_clusterer
from briefing.settings import LLMSettings, Settings, load_config
from briefing.text.embeddings import EndpointEmbedder

API_KEY = "sk-SECRET-7f3a9c"
SMTP_PASSWORD = "smtp-SECRET-c0ffee"
SECRETS = (API_KEY, SMTP_PASSWORD)
PASSWORD_ENV = "BRIEFING_HOSTILE_SMTP_PASSWORD"
SMTP_USER = "analyst"
MODEL = "scripted-model"
DAY = "2025-12-03"
RANGE = ["--from", "2025-12-02", "--to", DAY]
TRANSPORT_LOGGERS = ("openai", "httpx", "httpx2", "httpcore", "httpcore2")
ARTICLES = EXAMPLES / "articles"
runner = CliRunner()


# --- the grep ------------------------------------------------------------------------------


def leaked(content: str | bytes) -> list[str]:
    """The secrets found in `content`: as text, and (for bytes) also as UTF-8 and UTF-16."""
    if isinstance(content, bytes):
        forms = [(s, s.encode()) for s in SECRETS] + [(s, s.encode("utf-16-le")) for s in SECRETS]
        return sorted({secret for secret, form in forms if form in content})
    return [secret for secret in SECRETS if secret in content]


def assert_clean(outputs: dict[str, str | bytes]) -> None:
    found = {where: leaked(content) for where, content in outputs.items()}
    assert not {where: secrets for where, secrets in found.items() if secrets}, found


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(path): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


SERVER_LOGGERS = ("mail.log",)  # aiosmtpd's, the test's SMTP server: it logs what it sends, the echo too


def log_text(caplog) -> str:
    """Every record as a handler would print it, plus its raw message and arguments; not the
    records of the test's own SMTP server."""
    records = [r for r in caplog.records if r.name not in SERVER_LOGGERS]
    handler = logging.Formatter("%(levelname)s %(name)s %(message)s")
    return "\n".join(f"{handler.format(r)} {r.args!r} {r.exc_text or ''}" for r in records)


def exception_texts(error: BaseException) -> dict[str, str]:
    """str, repr, the chained traceback, the traceback with every frame's locals, and each
    link of the chain and its attributes."""
    texts = {
        "str": str(error),
        "repr": repr(error),
        "traceback": "".join(traceback.format_exception(error)),
        "traceback with locals": "".join(
            traceback.TracebackException.from_exception(error, capture_locals=True).format()
        ),
    }
    link, depth = error, 0
    while link is not None and depth < 10:
        texts[f"chain {depth}"] = f"{link!r} {vars(link)!r}"
        link, depth = link.__cause__ or link.__context__, depth + 1
    return texts


@pytest.fixture
def debug_logs(caplog):
    """caplog at DEBUG for every logger, the HTTP ones named explicitly."""
    caplog.set_level(logging.DEBUG)
    for name in TRANSPORT_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def assert_transport_logged_at_debug(caplog) -> None:
    """The grep of the logs can fail: the HTTP client really logged at DEBUG."""
    families = {r.name.split(".")[0] for r in caplog.records if r.levelno == logging.DEBUG}
    assert {"openai", "httpcore2"} <= families, families


def assert_no_openai_error_chained(error: BaseException) -> None:
    """No link of the chain is the openai error, whose request holds the key in its headers."""
    link = error
    while link is not None:
        assert not isinstance(link, openai.APIError), repr(link)
        link = link.__cause__ or link.__context__


def assert_key_sent(server: ScriptedOpenAI) -> None:
    """The key was in play: every request carried it."""
    assert server.requests and {r.headers.get("authorization") for r in server.requests} == {f"Bearer {API_KEY}"}


# --- scripted endpoint faults ----------------------------------------------------------------


def echoing_error(code: int):
    """An error whose body echoes the key, as a careless proxy (or OpenAI, partly masked) does."""
    body = {"error": {"message": f"Incorrect API key provided: {API_KEY}. Bearer {API_KEY}",
                      "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}}  # fmt: skip
    return status(code, body=body)


def echoing_answer(request):
    """A valid answer whose headline (not supported: noted in the record) is the key."""
    answer = json.loads(faithful_model(request).content)
    if "headline" in answer:
        answer["headline"] = f"Leaked {API_KEY}"
    return reply_json(answer)


FAULTS = {  # name: (the server's default answer, the [llm] table, what the record, brief or cache must say)
    "401 echoing the key": (echoing_error(401), "", "answered 401: Error code: 401 - Incorrect API key provided: ***"),
    "500 echoing the key": (echoing_error(500), "max_retries = 1\n", "answered 500: Error code: 500 - Incorrect API"),
    "timeout": (hang(3), "timeout = 0.5\nmax_retries = 0\n", "no answer within 0.5 s"),
    "broken JSON echoing the key": (reply_text("{ broken " + API_KEY), "", "not JSON: { broken ***"),
    "text/plain body echoing the key": (status(200, body=f"garbage {API_KEY}"), "", "not a chat completion"),
    "disconnect": (disconnect(), "max_retries = 0\n", "cannot reach"),
    "answer echoing the key": (echoing_answer, "", "Leaked ***"),
}


def llm_config(tmp_path: Path, table: str) -> Path:
    path = tmp_path / "briefing.toml"
    path.write_text(f"[llm]\n{table}", encoding="utf-8")
    return path


@pytest.mark.parametrize("fault", FAULTS)
def test_build_with_llm_never_writes_or_prints_the_key(tmp_path, monkeypatch, debug_logs, fault):
    answer, table, said = FAULTS[fault]
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = llm_config(tmp_path, table)
    outputs = {}
    with ScriptedOpenAI(default=answer) as server:
        for fmt in ("json", "md", "html"):
            out = tmp_path / "out" / f"brief.{fmt}"
            arguments = ["build", str(ARTICLES), *RANGE, "--llm", "--model", MODEL, "--base-url", server.base_url,
                         "--config", str(config), "--out", str(out)]  # fmt: skip
            result = runner.invoke(app, arguments, catch_exceptions=False)
            assert result.exit_code == 0, result.output
            outputs |= {f"{fmt} stdout": result.stdout, f"{fmt} stderr": result.stderr}
        assert_key_sent(server)
    kept = [
        tmp_path / "out" / "brief.run.json",
        tmp_path / "out" / "brief.json",
        *(tmp_path / "cache").rglob("*.sqlite"),
    ]
    assert said in " ".join(path.read_bytes().decode("utf-8", "replace") for path in kept)  # the echo was kept, masked
    assert_transport_logged_at_debug(debug_logs)
    assert_clean(
        outputs | files_under(tmp_path / "out") | files_under(tmp_path / "cache") | {"logs": log_text(debug_logs)}
    )


# --- the Python API ---------------------------------------------------------------------------


class Answer(BaseModel):
    ok: bool


CLIENT_FAULTS = {
    "401 echoing the key": echoing_error(401),
    "500 echoing the key": echoing_error(500),
    "timeout": hang(3),
    "broken JSON echoing the key": reply_text("{ broken " + API_KEY),
    "text/plain body echoing the key": status(200, body=f"garbage {API_KEY}"),
    "disconnect": disconnect(),
    "429 echoing the key": status(429, body=echoing_error(429).body),
}


def test_settings_never_show_the_key():
    settings = LLMSettings(base_url="http://127.0.0.1:9/v1", model=MODEL, api_key=API_KEY)
    assert settings.api_key == API_KEY
    assert_clean({"repr": repr(settings), "str": str(settings), "format": f"{settings}"})


@pytest.mark.parametrize("fault", CLIENT_FAULTS)
def test_client_errors_hold_no_key(tmp_path, debug_logs, fault):
    with ScriptedOpenAI(default=CLIENT_FAULTS[fault]) as server:
        settings = LLMSettings(base_url=server.base_url, model=MODEL, api_key=API_KEY, timeout=1, max_retries=0,
                               cache=tmp_path / "llm.sqlite")  # fmt: skip
        client = LLMClient(settings, RunRecord())
        with pytest.raises(LLMError) as caught:
            client.complete(RenderedPrompt("probe", 1, "system", "user"), Answer)
        assert_key_sent(server)
    error = caught.value
    assert_no_openai_error_chained(error)
    assert_clean(exception_texts(error) | files_under(tmp_path) | {"logs": log_text(debug_logs),
                 "client": repr(client) + repr(vars(client))})  # fmt: skip


def test_build_brief_with_a_refused_key_renders_every_format_clean(tmp_path, debug_logs):
    with ScriptedOpenAI(default=echoing_error(401)) as server:
        settings = LLMSettings(base_url=server.base_url, model=MODEL, api_key=API_KEY, max_retries=0,
                               cache=tmp_path / "llm.sqlite")  # fmt: skip
        brief = build_brief([ARTICLES], Settings(date_from=date(2025, 12, 2), date_to=date(2025, 12, 3)), settings)
        assert_key_sent(server)
    assert brief.record.fallbacks and "401" in brief.record.fallbacks[0]["reason"]
    pdf = PdfReader(io.BytesIO(render(brief, "pdf")))
    outputs = {fmt: render(brief, fmt) for fmt in ("md", "html", "json")}
    outputs |= {
        "pdf text": "".join(page.extract_text() for page in pdf.pages),
        "record": json.dumps(brief.record.as_dict()),
    }
    assert_clean(outputs | files_under(tmp_path) | {"logs": log_text(debug_logs)})


def test_the_http_loggers_mask_the_key_should_they_ever_log_it(tmp_path, debug_logs):
    LLMClient(LLMSettings(base_url="http://127.0.0.1:9/v1", model=MODEL, api_key=API_KEY, cache=None), RunRecord())
    logging.getLogger("openai._base_client").debug(
        "Request options: %s", {"headers": {"Authorization": f"Bearer {API_KEY}"}}
    )
    logging.getLogger("httpcore2.http11").debug(
        f"send_request_headers.started headers=[(b'Authorization', b'Bearer {API_KEY}')]"
    )
    try:
        raise RuntimeError(f"key {API_KEY}")
    except RuntimeError:
        logging.getLogger("httpx2").debug("failed", exc_info=True)
    assert len(debug_logs.records) == 3 and "***" in debug_logs.text
    assert_clean({"logs": log_text(debug_logs)})


# --- embeddings -----------------------------------------------------------------------------


def unreadable_vectors(code: int = 200):
    """An embeddings list whose vector is the key, as text: numpy names what it cannot convert."""
    data = [{"object": "embedding", "index": 0, "embedding": [API_KEY]}]
    return status(
        code, body={"object": "list", "model": "e", "data": data, "usage": {"prompt_tokens": 1, "total_tokens": 1}}
    )


EMBEDDING_FAULTS = {
    "401 echoing the key": echoing_error(401),
    "500 echoing the key": echoing_error(500),
    "unreadable vectors echoing the key": unreadable_vectors(),
    "disconnect": disconnect(),
}


@pytest.mark.parametrize("fault", EMBEDDING_FAULTS)
def test_embedding_endpoint_failures_hold_no_key(tmp_path, monkeypatch, debug_logs, fault):
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.chdir(tmp_path)
    with ScriptedOpenAI(embeddings=EMBEDDING_FAULTS[fault]) as server:
        arguments = ["build", str(ARTICLES), *RANGE, "--embeddings", "endpoint", "--base-url", server.base_url,
                     "--out", str(tmp_path / "brief.md")]  # fmt: skip
        result = runner.invoke(app, arguments, catch_exceptions=False)
        assert result.exit_code == 1 and "embeddings from 127.0.0.1" in result.stderr, result.output
        settings = LLMSettings(base_url=server.base_url, api_key=API_KEY, max_retries=0)
        with pytest.raises(LLMError) as caught:
            build_brief(
                [ARTICLES],
                Settings(embeddings="endpoint"),
                None,
                make_clusterer(Settings(embeddings="endpoint"), settings),
            )
        with pytest.raises(LLMError) as direct:
            EndpointEmbedder(settings).embed(["one text"])
        assert_key_sent(server)
    assert_no_openai_error_chained(caught.value)
    assert_no_openai_error_chained(direct.value)
    texts = {f"build {k}": v for k, v in exception_texts(caught.value).items()}
    texts |= {f"embed {k}": v for k, v in exception_texts(direct.value).items()}
    assert_clean(
        texts | files_under(tmp_path) | {"stdout": result.stdout, "stderr": result.stderr, "logs": log_text(debug_logs)}
    )


# --- briefing daily: the SMTP password (and the key) ----------------------------------------


class RefusingMailbox:
    """Refuses every login, echoing the password in its 535 reply (as a careless server might),
    and remembers the passwords it was offered; keeps what arrives."""

    def __init__(self):
        self.passwords, self.messages = [], []

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            self.passwords.append(auth_data.password.decode())
            return AuthResult(success=False, handled=False, message=f"535 5.7.8 wrong password {self.passwords[-1]}")
        return AuthResult(success=False, handled=False)  # aiosmtpd answers 535

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def refusing_smtp_server():
    mailbox = RefusingMailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), authenticator=mailbox.authenticate,
                            auth_require_tls=False)  # fmt: skip
    controller.start()
    try:
        yield mailbox, controller.port
    finally:
        controller.stop()


def daily_config(tmp_path: Path, smtp_port: int, base_url: str, llm_extra: str = "") -> Path:
    text = f"""
timezone = "Europe/Berlin"
output = "output"

[sources]
folders = ["{ARTICLES}"]
store = "articles.sqlite"

[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
user = "{SMTP_USER}"
password_env = "{PASSWORD_ENV}"
sender = "briefing@example.org"
timeout = 5

[llm]
base_url = "{base_url}"
model = "{MODEL}"
max_retries = 0
cache = "{tmp_path / "llm.sqlite"}"
{llm_extra}
[profiles.all]
formats = ["md", "json", "html"]
recipients = ["team@example.org"]
attach_pdf = false
llm = true
"""
    path = tmp_path / "briefing.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run_daily(tmp_path, monkeypatch, smtp_port: int, server: ScriptedOpenAI):
    monkeypatch.setenv(PASSWORD_ENV, SMTP_PASSWORD)
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    config = daily_config(tmp_path, smtp_port, server.base_url)
    result = runner.invoke(app, ["daily", "--date", DAY, "--config", str(config)], catch_exceptions=False)
    loaded = load_config(config)
    outcome = daily_profile(loaded, "all", loaded.profiles["all"], date.fromisoformat(DAY))
    return result, outcome


def daily_outputs(tmp_path: Path, result, outcome, caplog) -> dict:
    assert (tmp_path / "output" / DAY / "all.run.json").is_file() and (tmp_path / "llm.sqlite").is_file()
    return (files_under(tmp_path / "output") | {"llm cache": (tmp_path / "llm.sqlite").read_bytes()}
            | {"stdout": result.stdout, "stderr": result.stderr, "logs": log_text(caplog)}
            | exception_texts(outcome.error))  # fmt: skip


def test_daily_with_a_refused_login_and_a_refused_key_shows_neither(tmp_path, monkeypatch, debug_logs):
    with refusing_smtp_server() as (mailbox, port), ScriptedOpenAI(default=echoing_error(401)) as server:
        result, outcome = run_daily(tmp_path, monkeypatch, port, server)
        assert_key_sent(server)
    # smtplib offers the password once per mechanism (PLAIN, then LOGIN), in the CLI's run and the API's
    assert set(mailbox.passwords) == {SMTP_PASSWORD} and len(mailbox.passwords) >= 2 and not mailbox.messages
    server_said = " ".join(r.getMessage() for r in debug_logs.records if r.name in SERVER_LOGGERS)
    assert f"wrong password {SMTP_PASSWORD}" in server_said  # the 535 reply that smtplib received echoed it
    assert result.exit_code == 1 and "refused the login for user analyst" in result.stderr, result.output
    assert "refused the login" in str(outcome.error) and outcome.error.__context__ is None
    assert "401" in (tmp_path / "output" / DAY / "all.run.json").read_text()
    assert_transport_logged_at_debug(debug_logs)
    assert_clean(daily_outputs(tmp_path, result, outcome, debug_logs))


def test_daily_with_nothing_listening_shows_no_secret(tmp_path, monkeypatch, debug_logs):
    with ScriptedOpenAI(default=echoing_error(401)) as server:
        result, outcome = run_daily(tmp_path, monkeypatch, free_port(), server)
        assert_key_sent(server)
    assert result.exit_code == 1 and "connection refused" in result.stderr, result.output
    assert_clean(daily_outputs(tmp_path, result, outcome, debug_logs))


def test_the_smtp_password_never_shows_in_the_config_or_its_value(tmp_path, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, SMTP_PASSWORD)
    config = load_config(daily_config(tmp_path, 25, "http://127.0.0.1:9/v1"))
    password = config.smtp_password()
    assert password is not None and password.get_secret_value() == SMTP_PASSWORD
    assert_clean({"config repr": repr(config), "config str": str(config), "password": repr(password) + str(password)})


# --- secrets written where they do not belong -----------------------------------------------


def test_an_api_key_in_the_config_is_refused_by_name_not_value(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    config = tmp_path / "briefing.toml"
    config.write_text(f'[llm]\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "m"\napi_key = "{API_KEY}"\n')
    result = runner.invoke(app, ["build", str(ARTICLES), *RANGE, "--llm", "--config", str(config)])
    assert result.exit_code == 2 and "api_key" in result.stderr, result.output
    assert_clean({"stdout": result.stdout, "stderr": result.stderr})


def test_an_api_key_in_a_daily_config_is_refused_by_name_not_value(tmp_path, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, SMTP_PASSWORD)
    config = daily_config(tmp_path, free_port(), "http://127.0.0.1:9/v1", llm_extra=f'api_key = "{API_KEY}"\n')
    result = runner.invoke(app, ["daily", "--date", DAY, "--config", str(config)])
    assert result.exit_code == 2 and "api_key" in result.stderr, result.output
    assert_clean({"stdout": result.stdout, "stderr": result.stderr} | files_under(tmp_path / "output"))


def test_a_key_given_as_api_key_env_is_refused_without_echo(tmp_path):
    config = tmp_path / "briefing.toml"
    config.write_text(f'[llm]\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "m"\napi_key_env = "{API_KEY}"\n')
    result = runner.invoke(app, ["build", str(ARTICLES), *RANGE, "--llm", "--config", str(config)])
    assert result.exit_code == 2 and "api_key_env" in result.stderr, result.output
    assert_clean({"stdout": result.stdout, "stderr": result.stderr})


def test_an_smtp_password_in_the_config_is_refused_by_name_not_value(tmp_path):
    config = tmp_path / "briefing.toml"
    config.write_text(f'[smtp]\nhost = "127.0.0.1"\nsender = "b@example.org"\npassword = "{SMTP_PASSWORD}"\n'
                      '[profiles.all]\nformats = ["md"]\n')  # fmt: skip
    result = runner.invoke(app, ["daily", "--date", DAY, "--config", str(config)])
    assert result.exit_code == 2 and "smtp.password" in result.stderr, result.output
    assert_clean({"stdout": result.stdout, "stderr": result.stderr})


def test_a_password_given_as_password_env_is_refused_without_echo(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    with refusing_smtp_server() as (_, port), ScriptedOpenAI(default=echoing_error(401)) as server:
        config = daily_config(tmp_path, port, server.base_url)
        config.write_text(
            config.read_text().replace(f'password_env = "{PASSWORD_ENV}"', f'password_env = "{SMTP_PASSWORD}"')
        )
        result = runner.invoke(app, ["daily", "--date", DAY, "--config", str(config)])
    assert result.exit_code == 2 and "password_env" in result.stderr, result.output
    assert_clean({"stdout": result.stdout, "stderr": result.stderr} | files_under(tmp_path / "output"))


def test_credentials_in_the_base_url_stay_out_of_the_record_and_cache(tmp_path):
    """A key put in the endpoint's URL (user:key@host) is not the endpoint's name."""
    with ScriptedOpenAI(default=faithful_model) as server:
        base_url = server.base_url.replace("http://", f"http://user:{API_KEY}@")
        settings = LLMSettings(base_url=base_url, model=MODEL, cache=tmp_path / "llm.sqlite")
        brief = build_brief([ARTICLES], Settings(date_from=date(2025, 12, 2), date_to=date(2025, 12, 3)), settings)
        sent = server.requests[0].headers.get("authorization", "")
    assert sent.startswith("Basic ") and base64.b64decode(sent.removeprefix("Basic ")).decode() == f"user:{API_KEY}"
    assert brief.record.calls and brief.record.output_mode  # answered, and the mode was remembered in the cache
    assert brief.record.endpoint_host == server.base_url.split("/")[2]
    assert_clean({"record": json.dumps(brief.record.as_dict())} | files_under(tmp_path))
