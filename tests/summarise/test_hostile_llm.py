"""The LLM path against a hostile endpoint (a scripted server on 127.0.0.1): malformed
answers, trickles, endless bodies, floods of statements, a dead endpoint, a broken cache,
SIGTERM mid-call. Each ends in a brief (or, with --require-llm, in a clear refusal), one
line on stderr, and a bounded time. Bounds are wide: they hold on a slow machine."""

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from builders import EXAMPLES, RANGE, ROOT
from openai_script import (
    ScriptedOpenAI,
    completion_body,
    endless,
    faithful_model,
    hang,
    raw_body,
    reply_json,
    trickle,
)
from typer.testing import CliRunner

from briefing.cli import app
from briefing.pipeline import build_brief
from briefing.settings import LLMSettings, Settings

ARTICLES = EXAMPLES / "articles"
DEAD_ENDPOINT = "http://127.0.0.1:9/v1"  # the discard port: nothing listens there
DAY = "2025-12-03"


def llm(server_url: str, **changes) -> LLMSettings:
    options = {"base_url": server_url, "model": "scripted", "cache": None, "concurrency": 2, "max_retries": 0}
    return LLMSettings(**(options | changes))


def timed_brief(settings: LLMSettings):
    started = time.monotonic()
    brief = build_brief([ARTICLES], Settings(), settings)
    return brief, time.monotonic() - started


def reasons(brief) -> list[str]:
    return [section.fallback_reason or "" for section in brief.sections]


def run(*arguments, env=None):
    return CliRunner().invoke(app, [str(a) for a in arguments], env=env)


# 1. malformed answers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer, reason",
    [
        (raw_body("<html><body>502 Bad Gateway</body></html>", "text/html"), "not a chat completion"),
        (raw_body(b'{"choices": "\xff\xfe\xfa"}'), "not UTF-8"),
        (raw_body(completion_body({"headline": "an object"})), "a dict, not a string, as content"),
        (raw_body("[]"), "not a chat completion"),
    ],
    ids=["html", "not-utf8", "content-object", "json-array"],
)
def test_a_malformed_answer_is_a_failed_call_and_the_brief_is_extractive(answer, reason):
    with ScriptedOpenAI(default=answer) as server:
        brief, _ = timed_brief(llm(server.base_url))
    assert brief.sections and all(section.method == "extractive" for section in brief.sections)
    assert all(reason in why for why in reasons(brief)), reasons(brief)
    assert brief.record.calls == len(server.requests) > 0


def test_usage_with_nulls_counts_no_tokens_and_the_answer_is_used():
    def nulls(request):
        return raw_body(completion_body(faithful_model(request).content, {"prompt_tokens": None, "total_tokens": None}))

    with ScriptedOpenAI(default=nulls) as server:
        brief, _ = timed_brief(llm(server.base_url))
    assert {section.method for section in brief.sections} == {"llm"}
    assert brief.record.prompt_tokens == brief.record.completion_tokens == 0


# 2. deadlines and caps -------------------------------------------------------------------


def test_a_trickled_answer_is_given_up_at_the_timeout_by_the_wall_clock():
    answer = json.dumps(completion_body('{"statements": []}'))  # ~200 bytes at 2 a second: 100 s
    with ScriptedOpenAI(default=trickle(answer, every=0.5)) as server:
        brief, seconds = timed_brief(llm(server.base_url, timeout=2, deadline=8))
    assert seconds < 30  # without the watchdog: 100 s per call
    assert all(section.method == "extractive" for section in brief.sections)
    assert any("no answer within 2 s" in why for why in reasons(brief)), reasons(brief)


def test_an_endless_answer_ends_at_the_brief_deadline():
    with ScriptedOpenAI(default=endless(b" ", every=0.2)) as server:
        brief, seconds = timed_brief(llm(server.base_url, timeout=60, deadline=3))
    assert seconds < 30  # without the deadline: for ever
    assert all(section.method == "extractive" for section in brief.sections)
    assert all("deadline of 3 s" in why for why in reasons(brief)), reasons(brief)


def test_an_answer_larger_than_the_cap_is_not_read_to_its_end():
    with ScriptedOpenAI(default=endless(b" " * 65_536, every=0.001)) as server:
        brief, seconds = timed_brief(llm(server.base_url, answer_tokens=300))
    assert seconds < 30
    assert all("the answer is larger than 75,136 bytes" in why for why in reasons(brief)), reasons(brief)


def test_ten_thousand_statements_are_cut_to_the_cap_and_the_cut_is_recorded():
    def flood(request):
        answer = faithful_model(request)
        if '"statements"' not in answer.content:
            return answer
        claims = json.loads(answer.content)
        claims["statements"] = claims["statements"] * 2_500  # 4 × 2,500 = 10,000
        return reply_json(claims)

    with ScriptedOpenAI(default=flood) as server:
        brief, seconds = timed_brief(llm(server.base_url, answer_tokens=100_000))  # room for 10,000 passages
    assert seconds < 60  # verifying 10,000 statements took 24 minutes
    assert "llm" in {section.method for section in brief.sections}
    assert any("the answer had 10,000 statements: kept the first 6" in note for note in brief.record.notes)


def test_sigterm_ends_a_run_stuck_in_llm_calls_within_seconds(tmp_path):
    out = tmp_path / "brief.md"
    with ScriptedOpenAI(default=hang(600)) as server:
        command = [sys.executable, "-m", "briefing", "build", str(ARTICLES), *RANGE, "--llm", "--model", "scripted",
                   "--base-url", server.base_url, "--out", str(out), "--quiet"]  # fmt: skip
        env = {key: value for key, value in os.environ.items() if not key.startswith("OPENAI")}
        env |= {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
        process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, cwd=tmp_path)
        try:
            waited = time.monotonic()
            while not server.requests and time.monotonic() - waited < 60:
                time.sleep(0.1)
            assert server.requests, "the run never called the LLM"
            time.sleep(0.5)
            stopped = time.monotonic()
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=30)
        finally:
            process.kill()
    assert time.monotonic() - stopped < 10  # a stuck call held it 60 s per retry before
    assert code == 143 and not out.exists()
    assert b"Traceback" not in process.stderr.read()


# 3. an endpoint that cannot be reached ---------------------------------------------------


def test_build_says_on_stderr_that_the_llm_was_not_reached(tmp_path):
    config = tmp_path / "briefing.toml"
    config.write_text("[llm]\nmax_retries = 0\n")
    arguments = ["build", ARTICLES, *RANGE, "--llm", "--model", "m", "--base-url", DEAD_ENDPOINT, "--config", config,
                 "--out", tmp_path / "brief.md", "--quiet"]  # fmt: skip
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = run(*arguments, env=env)
    assert result.exit_code == 0 and (tmp_path / "brief.md").exists()
    (line,) = [line for line in result.stderr.splitlines() if "not reached" in line]
    assert line.startswith("briefing: warning: the LLM at 127.0.0.1:9 was not reached (cannot reach 127.0.0.1:9")

    (tmp_path / "brief.md").unlink()
    refused = run(*arguments, "--require-llm", env=env)
    assert refused.exit_code == 4 and not (tmp_path / "brief.md").exists()
    assert "briefing: error: --require-llm: the LLM at 127.0.0.1:9 was not reached" in refused.stderr
    assert "Traceback" not in refused.stderr


def daily_config(tmp_path: Path, base_url: str) -> Path:
    config = tmp_path / "briefing.toml"
    config.write_text(f"""
timezone = "Europe/Berlin"
output = "briefs"
[sources]
folders = ["{ARTICLES}"]
store = "store.sqlite"
[llm]
base_url = "{base_url}"
model = "m"
max_retries = 0
[profiles.english]
llm = true
language = "en"
formats = ["md"]
[profiles.plain]
formats = ["md"]
""")
    return config


def test_daily_says_per_profile_that_the_llm_was_not_reached_and_require_llm_refuses(tmp_path):
    config = daily_config(tmp_path, DEAD_ENDPOINT)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = run("daily", "--config", config, "--date", DAY, "--quiet", env=env)
    assert result.exit_code == 0
    assert "briefing: warning: english: the LLM at 127.0.0.1:9 was not reached" in result.stderr
    folder = tmp_path / "briefs" / DAY
    assert (folder / "english.md").exists() and (folder / "plain.md").exists()

    for path in folder.iterdir():
        path.unlink()
    refused = run("daily", "--config", config, "--date", DAY, "--require-llm", "--quiet", env=env)
    assert refused.exit_code == 4
    assert not (folder / "english.md").exists() and (folder / "plain.md").exists()  # the other profile is made
    assert "briefing: error: english: --require-llm: the LLM at 127.0.0.1:9 was not reached" in refused.stderr


# 4. the spend cap ----------------------------------------------------------------------


def test_the_call_cap_holds_with_calls_at_once():
    with ScriptedOpenAI(default=faithful_model, latency=0.5) as server:
        brief, _ = timed_brief(llm(server.base_url, concurrency=4, max_calls=1))
        asked = len(server.requests)
    assert asked == brief.record.calls == 1


# 5. a broken response cache --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["garbage", "folder"])
def test_a_broken_cache_is_left_aside_with_one_line_naming_it(tmp_path, kind):
    cache = tmp_path / "cache" / "briefing" / "llm.sqlite"
    cache.parent.mkdir(parents=True)
    if kind == "garbage":
        cache.write_bytes(os.urandom(8192))
    else:
        cache.mkdir()
    with ScriptedOpenAI(default=faithful_model) as server:
        result = run("build", ARTICLES, *RANGE, "--llm", "--model", "m", "--base-url", server.base_url,
                     "--out", tmp_path / "brief.md", env={"XDG_CACHE_HOME": str(tmp_path / "cache")})  # fmt: skip
    assert result.exit_code == 0 and "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "LLM cache" in line]
    assert line.startswith(f"briefing: warning: the LLM cache {cache} cannot be used (")
    assert line.endswith("running without it; move the file aside, or use --no-cache")
    run_record = json.loads((tmp_path / "brief.run.json").read_text())["llm"]
    assert run_record["calls"] > 0 and run_record["cache_problem"] == line.removeprefix("briefing: warning: ")


# 6. daily: one profile's write error -----------------------------------------------------


def test_a_full_disk_for_one_profile_does_not_stop_the_next(tmp_path, monkeypatch):
    import briefing.cli.daily as daily

    config = daily_config(tmp_path, DEAD_ENDPOINT)
    config.write_text(config.read_text().replace("llm = true\n", ""))  # no LLM: fast
    written = daily.write_atomically

    def full_for_english(path, content):
        if path.name.startswith("english."):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written(path, content)

    monkeypatch.setattr(daily, "write_atomically", full_for_english)
    result = run("daily", "--config", config, "--date", DAY, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    folder = tmp_path / "briefs" / DAY
    assert result.exit_code == 1 and (folder / "plain.md").exists()
    assert f"briefing: error: english: cannot write {folder / 'english.md'}: No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
