"""The judge in the LLM path, against the scripted server: only what it finds supported is
printed, what it rejects is recorded with its reason, and a judge that fails makes the
section extractive (the overview extractive, what to watch empty) and says why."""

import json

import pytest
from builders import EXAMPLES, RANGE, assert_citations_verified
from openai_script import (
    ScriptedOpenAI,
    faithful_model,
    faithful_verdict,
    hang,
    is_judge_prompt,
    judge_items,
    judge_verdicts,
    reply_json,
    reply_text,
)  # fmt: skip
from typer.testing import CliRunner

from briefing.cli import app
from briefing.summarise.checks import QUOTED_ONLY

MODEL = "scripted-model"


def run_cli(server, tmp_path, *extra, config: str = ""):
    path = tmp_path / "briefing.toml"
    path.write_text(config or "[llm]\nconcurrency = 1\n")
    arguments = ["build", EXAMPLES / "articles", *RANGE, "--llm", "--model", MODEL, "--base-url", server.base_url,
                 "--config", path, "--format", "json,md", "--out", tmp_path / "brief", *extra]  # fmt: skip
    result = CliRunner().invoke(app, [str(a) for a in arguments], catch_exceptions=False,
                                env={"XDG_CACHE_HOME": str(tmp_path / "cache")})  # fmt: skip
    assert result.exit_code == 0, result.output
    brief = json.loads((tmp_path / "brief.json").read_text())
    assert_citations_verified(brief)
    record = json.loads((tmp_path / "brief.run.json").read_text())["llm"]
    return brief, record, (tmp_path / "brief.md").read_text()


def judged_by(verdict):
    """The faithful writer, with a judge that gives `verdict(statement, sources)`."""
    return lambda request: judge_verdicts(request, verdict) if is_judge_prompt(request) else faithful_model(request)


def written(brief) -> list[str]:
    """Every statement the model wrote that the brief prints."""
    texts = [s["text"] for section in brief["sections"] if section["method"] == "llm" for s in section["statements"]]
    texts += [section["headline"] for section in brief["sections"] if section["method"] == "llm"]
    return texts + [s["text"] for s in brief["watch"]] + [s["text"] for s in brief["overview"] if s["topic"] is None]


def test_every_printed_statement_was_judged_supported_and_the_brief_says_so(tmp_path):
    with ScriptedOpenAI(default=faithful_model) as server:
        brief, record, markdown = run_cli(server, tmp_path)
    supported = {(j["statement"]) for j in record["judged"] if j["verdict"] == "supported"}
    labels = {section["cluster"]["label"] for section in brief["sections"]}
    assert set(written(brief)) - labels <= supported and len(supported) > len(brief["sections"])
    assert record["judge_model"] == MODEL and record["fallbacks"] == []
    assert record["by_prompt"]["judge"]["calls"] == len(brief["sections"]) + 2  # each section, overview, watch
    checks = " ".join(brief["checks"])
    assert f"a second model call (judge: {MODEL}) confirmed" in checks
    assert f"_Checks: {checks}_" in markdown.replace("\\", "")


def test_a_contradicted_statement_is_dropped_and_recorded_with_the_judges_reason(tmp_path):
    def contradicts_the_second(request):
        if not is_judge_prompt(request):
            return faithful_model(request)
        items = judge_items(request)
        verdicts = [{"id": id_, "reason": "the passage gives another date" if n == 1 else "it says so",
                     "verdict": "contradicted" if n == 1 else "supported"} for n, (id_, _, _) in enumerate(items)]  # fmt: skip
        return reply_json({"verdicts": verdicts})

    with ScriptedOpenAI(default=contradicts_the_second) as server:
        brief, record, _ = run_cli(server, tmp_path)
    dropped = [d for d in record["dropped"] if "contradicted" in " ".join(d["reasons"])]
    assert dropped and all(d["reasons"] == ["the judge found it contradicted: the passage gives another date"]
                           for d in dropped)  # fmt: skip
    printed = {section["cluster"]["label"]: [s["text"] for s in section["statements"]] for section in brief["sections"]}
    printed |= {"overview": [s["text"] for s in brief["overview"]], "watch next": [s["text"] for s in brief["watch"]]}
    assert all(d["statement"] not in printed[d["section"]] for d in dropped)
    assert {d["section"] for d in dropped} == set(printed)  # one in every batch
    assert set(s["method"] for s in brief["sections"]) == {"llm"}  # 3 of 4 statements are left


def test_a_headline_the_judge_does_not_find_supported_gives_way_to_the_label(tmp_path):
    def rejects_headlines(statement, sources):
        words = len(statement.split())
        return "not_stated" if words <= 6 else faithful_verdict(statement, sources)  # the headline: 6 words

    with ScriptedOpenAI(default=judged_by(rejects_headlines)) as server:
        brief, record, _ = run_cli(server, tmp_path)
    for section in brief["sections"]:
        assert section["method"] == "llm" and section["headline"] == section["cluster"]["label"]
    notes = [note for note in record["notes"] if "the model's headline" in note and "was not supported" in note]
    assert len(notes) == len(brief["sections"])  # the judge's "not stated", or a check before it
    assert any("the judge found it not stated" in note for note in notes)


@pytest.mark.parametrize(
    "judge, reason",
    [
        (reply_text("All of them are supported."), "the support check failed: the answer is not JSON"),
        (reply_json({"verdicts": [{"id": "J1", "reason": "?", "verdict": "true"}]}),
         "the support check failed: the JSON does not fit the schema"),
        (hang(3), "the support check failed: no answer within 1 s"),
    ],
    ids=["garbage", "wrong-schema", "timeout"],
)  # fmt: skip
def test_a_failing_judge_prints_nothing_unjudged_and_says_why(tmp_path, judge, reason):
    def writer_and_failing_judge(request):
        return judge if is_judge_prompt(request) else faithful_model(request)

    config = "[llm]\nconcurrency = 1\ntimeout = 1\nmax_retries = 0\n"
    with ScriptedOpenAI(default=writer_and_failing_judge) as server:
        brief, record, markdown = run_cli(server, tmp_path, config=config)
    assert {s["method"] for s in brief["sections"]} == {"extractive"}
    assert all(s["fallback_reason"].startswith(reason) for s in brief["sections"])
    assert {f["section"] for f in record["fallbacks"]} >= {"overview", "watch next"}
    assert all(f["reason"].startswith(reason) for f in record["fallbacks"])
    assert brief["watch"] == [] and all(s["topic"] for s in brief["overview"])  # the extractive overview
    assert "Extractive: the written summary was not used (the support check failed" in markdown.replace("\\", "")


def test_without_the_judge_no_judge_call_is_made_and_the_brief_says_the_judge_was_off(tmp_path):
    with ScriptedOpenAI(default=faithful_model) as server:
        brief, record, markdown = run_cli(server, tmp_path, "--no-judge")
        assert not any(is_judge_prompt(request.json) for request in server.requests)
    assert record["judge_model"] is None and record["judged"] == [] and "judge" not in record["by_prompt"]
    assert {s["method"] for s in brief["sections"]} == {"llm"}
    assert "the model judge was off (--no-judge)" in " ".join(brief["checks"])
    assert "the model judge was off" in markdown


def test_the_judge_can_be_turned_off_in_the_config_too(tmp_path):
    with ScriptedOpenAI(default=faithful_model) as server:
        _, record, _ = run_cli(server, tmp_path, config="[llm]\njudge = false\n")
    assert record["judge_model"] is None and "judge" not in record["by_prompt"]


@pytest.mark.parametrize("how", ["config", "flag"])
def test_judge_model_names_the_model_of_the_judges_calls(tmp_path, how):
    config = '[llm]\njudge_model = "strong-judge"\n' if how == "config" else ""
    extra = ["--judge-model", "strong-judge"] if how == "flag" else []
    with ScriptedOpenAI(default=faithful_model) as server:
        brief, record, _ = run_cli(server, tmp_path, *extra, config=config)
        models = {(is_judge_prompt(r.json), r.json["model"]) for r in server.requests}
    assert models == {(True, "strong-judge"), (False, MODEL)}
    assert record["judge_model"] == "strong-judge" and "(judge: strong-judge)" in " ".join(brief["checks"])


def test_a_rerun_takes_the_judges_verdicts_from_the_cache(tmp_path):
    with ScriptedOpenAI(default=faithful_model) as server:
        first, _, _ = run_cli(server, tmp_path)
        asked = len(server.requests)
        again, record, _ = run_cli(server, tmp_path)
        assert len(server.requests) == asked
    assert record["calls"] == 0 and record["by_prompt"]["judge"]["cache_hits"] == len(first["sections"]) + 2
    assert again["sections"] == first["sections"] and again["checks"] == first["checks"]


def test_an_overview_the_judge_rejects_gives_the_extractive_overview(tmp_path):
    def rejects_the_overview(request):
        if is_judge_prompt(request) and "<source>" in request["messages"][1]["content"]:  # sources without outlet
            return judge_verdicts(request, lambda statement, sources: "not_stated")
        return faithful_model(request)

    with ScriptedOpenAI(default=rejects_the_overview) as server:
        brief, record, _ = run_cli(server, tmp_path)
    assert all(s["topic"] for s in brief["overview"])  # the sections' first statements
    assert {"section": "overview", "reason": "no overview sentence passed verification"} in record["fallbacks"]


def test_an_extractive_brief_says_every_statement_is_quoted(tmp_path):
    result = CliRunner().invoke(app, ["build", str(EXAMPLES / "articles"), *RANGE, "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["checks"] == [QUOTED_ONLY]


def test_daily_takes_no_judge_too(tmp_path):
    with ScriptedOpenAI(default=faithful_model) as server:
        config = tmp_path / "briefing.toml"
        config.write_text(
            f'output = "briefs"\n[sources]\nfolders = ["{EXAMPLES / "articles"}"]\nstore = "articles.sqlite"\n'
            f'[llm]\nbase_url = "{server.base_url}"\nmodel = "{MODEL}"\ncache = "{tmp_path / "llm.sqlite"}"\n'
            '[profiles.all]\nllm = true\nformats = ["json"]\n',
            encoding="utf-8",
        )  # fmt: skip
        result = CliRunner().invoke(app, ["daily", "--date", "2025-12-03", "--config", str(config), "--no-judge", "-q"])
        assert result.exit_code == 0, result.output
        assert server.requests and not any(is_judge_prompt(request.json) for request in server.requests)
    brief = json.loads((tmp_path / "briefs" / "2025-12-03" / "all.json").read_text())
    assert "the model judge was off" in " ".join(brief["checks"])


def test_a_section_left_with_too_few_statements_falls_back_without_asking_the_judge(tmp_path):
    def one_good_statement(request):
        answer = faithful_model(request)
        body = json.loads(answer.content)
        if "statements" in body:  # every statement but the first cites a passage it was not shown
            body["statements"] = body["statements"][:1] + [{**s, "cites": ["P999"]} for s in body["statements"][1:]]
        return reply_json(body)

    with ScriptedOpenAI(default=one_good_statement) as server:
        brief, record, _ = run_cli(server, tmp_path)
    assert {s["method"] for s in brief["sections"]} == {"extractive"}
    assert all(s["fallback_reason"] == "only 1 statement(s) passed verification" for s in brief["sections"])
    assert record["by_prompt"]["judge"]["calls"] == 2  # the overview's and what to watch's, no section's
