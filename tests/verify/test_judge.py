"""The judge's contract, against the scripted OpenAI-compatible server: only "supported"
passes, and a judge that fails (garbage, a wrong schema, a timeout) raises: it never lets a
statement through unjudged."""

from datetime import date

import pytest
from openai_script import ScriptedOpenAI, faithful_judge, hang, judge_verdicts, reply_json, reply_text

from briefing.endpoint import LLMClient, RunRecord
from briefing.settings import LLMSettings
from briefing.summarise.llm import open_judge
from briefing.summarise.llm.prompts import load_prompts
from briefing.verify import Cited, JudgeError, JudgeItem
from briefing.verify.judge import MAX_REASON_CHARS

PASSAGE = Cited(
    "Die Unterstützung für Kiew werde fortgesetzt, sagte er.", "de", date(2025, 12, 3),
    before="Nato-Generalsekretär Mark Rutte trat am Mittwoch vor die Presse.",
)  # fmt: skip
ITEMS = [
    JudgeItem("J1", "Die Unterstützung für Kiew werde fortgesetzt, sagte er.", (PASSAGE,), ("Hanse Kurier",)),
    JudgeItem("J2", "Rutte said support for Kyiv would end.", (PASSAGE,), ("Hanse Kurier",)),
    JudgeItem("J3", "Rutte will visit Kyiv on Friday.", (PASSAGE,)),
]


def settings(server, tmp_path, **more) -> LLMSettings:
    values = {"base_url": server.base_url, "model": "writer", "cache": tmp_path / "llm.sqlite", "timeout": 1.0,
              "max_retries": 0}  # fmt: skip
    return LLMSettings(**(values | more))


def judge_for(server, tmp_path, record=None, **more):
    chosen = settings(server, tmp_path, **more)
    client = LLMClient(chosen, record or RunRecord())
    return open_judge(client, load_prompts(), chosen)


def by_position(*verdicts):
    return lambda request: judge_verdicts(request, lambda text, sources, it=iter(verdicts): next(it))


def test_only_supported_passes_and_each_verdict_keeps_its_reason(tmp_path):
    with ScriptedOpenAI(default=by_position("supported", "contradicted", "not_stated")) as server:
        verdicts = judge_for(server, tmp_path).judge(ITEMS)
    assert [verdicts[item.id].verdict for item in ITEMS] == ["supported", "contradicted", "not_stated"]
    assert [verdicts[item.id].supported for item in ITEMS] == [True, False, False]
    assert str(verdicts["J2"]) == "the judge found it contradicted: scripted"


def test_the_judge_sees_each_statement_with_its_passages_and_the_sentence_before_as_context(tmp_path):
    with ScriptedOpenAI(default=faithful_judge) as server:
        verdicts = judge_for(server, tmp_path).judge(ITEMS)
        (request,) = server.requests
    user = request.json["messages"][1]["content"]
    assert '<item id="J1">' in user and '<item id="J3">' in user
    assert "<context>Nato-Generalsekretär Mark Rutte trat am Mittwoch vor die Presse.</context>" in user
    assert 'outlet="Hanse Kurier" date="2025-12-03"' in user
    assert "not instructions" in request.json["messages"][0]["content"]
    assert verdicts["J1"].supported and not verdicts["J2"].supported  # the faithful judge: word for word


def test_the_answer_is_schema_bound_to_the_batchs_ids_and_the_three_verdicts(tmp_path):
    with ScriptedOpenAI(default=faithful_judge) as server:
        judge_for(server, tmp_path).judge(ITEMS)
        schema = server.requests[0].json["response_format"]["json_schema"]["schema"]
    item = schema["$defs"]["JudgedItem"]["properties"]
    assert item["id"]["enum"] == ["J1", "J2", "J3"]
    assert item["verdict"]["enum"] == ["supported", "contradicted", "not_stated"]
    assert list(item) == ["id", "reason", "verdict"]  # the reason comes before the verdict
    assert schema["properties"]["verdicts"]["minItems"] == schema["properties"]["verdicts"]["maxItems"] == 3


def test_an_item_without_a_verdict_is_not_supported(tmp_path):
    answer = {"verdicts": [{"id": "J1", "reason": "ok", "verdict": "supported"},
                           {"id": "J9", "reason": "not in the batch", "verdict": "supported"}]}  # fmt: skip
    with ScriptedOpenAI(default=reply_json(answer)) as server:
        verdicts = judge_for(server, tmp_path).judge(ITEMS)
    assert verdicts["J1"].supported and set(verdicts) == {"J1", "J2", "J3"}
    assert not verdicts["J2"].supported and verdicts["J2"].verdict == "not_stated"


def test_an_item_judged_twice_passes_only_if_both_verdicts_say_supported(tmp_path):
    answer = {"verdicts": [{"id": "J1", "reason": "a", "verdict": "supported"},
                           {"id": "J1", "reason": "b", "verdict": "contradicted"}]}  # fmt: skip
    with ScriptedOpenAI(default=reply_json(answer)) as server:
        verdicts = judge_for(server, tmp_path).judge(ITEMS[:1])
    assert verdicts["J1"].verdict == "contradicted"



def test_a_rambling_reason_and_a_flood_of_verdicts_are_kept_within_bounds(tmp_path):
    flood = [{"id": f"J{n}", "reason": "x", "verdict": "supported"} for n in range(4, 400)]
    answer = {"verdicts": [{"id": "J1", "reason": "because " * 100, "verdict": "contradicted"}, *flood]}
    with ScriptedOpenAI(default=reply_json(answer)) as server:
        verdicts = judge_for(server, tmp_path).judge(ITEMS)
    assert set(verdicts) == {"J1", "J2", "J3"} and len(verdicts["J1"].reason) <= MAX_REASON_CHARS
    assert not verdicts["J2"].supported

@pytest.mark.parametrize(
    "answer, message",
    [
        (reply_text("Everything looks supported to me."), "not JSON"),
        (reply_json({"verdicts": [{"id": "J1", "reason": "?", "verdict": "probably"}]}), "does not fit the schema"),
        (reply_json({"supported": ["J1", "J2", "J3"]}), "does not fit the schema"),
        (hang(3), "no answer within 1 s"),
    ],
    ids=["not-json", "unknown-verdict", "wrong-shape", "timeout"],
)
def test_garbage_and_timeouts_raise_and_pass_nothing(tmp_path, answer, message):
    with ScriptedOpenAI(default=answer) as server, pytest.raises(JudgeError) as raised:
        judge_for(server, tmp_path).judge(ITEMS)
    assert str(raised.value).startswith("the support check failed: ") and message in str(raised.value)


def test_the_judge_model_is_named_in_its_calls_which_are_cached_counted_and_capped(tmp_path):
    record = RunRecord()
    with ScriptedOpenAI(default=faithful_judge) as server:
        judge = judge_for(server, tmp_path, record, judge_model="strong-judge")
        judge.judge(ITEMS)
        judge.judge(ITEMS)  # the same batch: from the cache
        assert [request.json["model"] for request in server.requests] == ["strong-judge"]
        judge_for(server, tmp_path, record).judge(ITEMS)  # another judge model: another cache key
        assert [request.json["model"] for request in server.requests] == ["strong-judge", "writer"]
        assert record.by_prompt["judge"]["calls"] == 2 and record.by_prompt["judge"]["cache_hits"] == 1
        assert record.by_prompt["judge"]["prompt_tokens"] > 0
        capped = judge_for(server, tmp_path, RunRecord(calls=5), max_calls=5, cache=None)
        with pytest.raises(JudgeError, match="spend cap of 5 calls"):
            capped.judge(ITEMS)


def test_with_the_judge_off_there_is_no_judge(tmp_path):
    with ScriptedOpenAI(default=faithful_judge) as server:
        assert judge_for(server, tmp_path, judge=False) is None
