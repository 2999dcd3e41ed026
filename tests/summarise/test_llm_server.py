"""The LLM path end to end against a real llama.cpp server with SmolLM2-135M on 127.0.0.1.

The model is tiny and its prose poor (and it judges poorly): these tests hold the
contract, not the wording. A valid brief comes out; every printed citation is an exact
passage; every statement that was printed passed verification, and the judge (the same
model, in calls of its own, counted in the run record) found each one the model wrote
supported; every fallback and dropped statement is recorded with its reason. What SmolLM2
writes rarely passes the rules, so the judge's own test gives it a careful scripted writer.
"""

import json
import urllib.request
from datetime import date
from pathlib import Path

from builders import RANGE, assert_citations_verified, squash
from openai_script import ScriptedOpenAI, faithful_model, is_judge_prompt, reply_text
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.cli import app
from briefing.endpoint import LLMClient, RunRecord
from briefing.settings import LLMSettings
from briefing.summarise.llm import open_judge
from briefing.summarise.llm.prompts import load_prompts
from briefing.verify import Cited, JudgeItem

# A busy 2-core machine can take minutes for a call: the default timeout (60 s) would make
# a run's outcome depend on the machine's speed, and a timed-out call is not cached.
PATIENT = "[llm]\ntimeout = 900\ndeadline = 3600\n"
# Three short English reports of one meeting, written for this test.
MEETING = {
    "ledger": ("NATO ministers meet in Brussels",
               "NATO foreign ministers met in Brussels on Wednesday to discuss support for Ukraine. Secretary General "
               "Mark Rutte said the alliance would keep supplying air defence systems to Ukraine. The ministers also "
               "discussed the peace talks in Moscow."),
    "wire": ("Rutte promises more air defence for Ukraine",
             "NATO foreign ministers gathered in Brussels on Wednesday. Mark Rutte said the alliance would keep "
             "supplying air defence systems to Ukraine. Rutte told reporters that Russia showed no serious will to "
             "end the war."),
    "gazette": ("Allies discuss Ukraine in Brussels",
                "In Brussels, NATO foreign ministers discussed support for Ukraine on Wednesday. Rutte said the "
                "alliance would keep supplying air defence systems to Ukraine before the winter."),
}  # fmt: skip


def judged_by_the_real_model(llama_server: str):
    """A careful writer (scripted: it quotes its passages), whose statements the real model judges.

    SmolLM2 fails the rules with nearly everything it writes, so what reaches the judge
    would depend on its prose; this writer's statements pass the rules, and every judge's
    call goes on to the real server (in its output mode: json_object with a schema)."""

    def answer(request: dict):
        if not is_judge_prompt(request):
            return faithful_model(request)
        schema = request["response_format"].get("json_schema", {}).get("schema") or request["response_format"]["schema"]
        forwarded = {**request, "response_format": {"type": "json_object", "schema": schema}}
        call = urllib.request.Request(f"{llama_server}/chat/completions", json.dumps(forwarded).encode(),
                                      {"Content-Type": "application/json"})  # fmt: skip
        with urllib.request.urlopen(call, timeout=900) as response:
            choice = json.load(response)["choices"][0]
        return reply_text(choice["message"]["content"], choice["finish_reason"])

    return answer


def build(articles, llama_server, out, *extra, language: str | None = "en"):
    config = out.parent / "patient.toml"
    config.write_text(PATIENT, encoding="utf-8")
    arguments = ["build", articles, *RANGE, "--llm", "--model", "smollm2", "--base-url", llama_server,
                 *(["--language", language] if language else []), "--config", config, "--out", out, *extra]  # fmt: skip
    result = CliRunner().invoke(app, [str(a) for a in arguments], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def written_statements(brief: dict) -> list[tuple[str, str]]:
    """(where, text) of every statement the model wrote that the brief prints."""
    found = []
    for section in brief["sections"]:
        label = section["cluster"]["label"]
        if section["method"] == "llm":
            found += [(label, statement["text"]) for statement in section["statements"]]
            found += [(label, section["headline"])] if section["headline"] != label else []
    found += [("overview", s["text"]) for s in brief["overview"] if s["topic"] is None]  # not the extractive one
    return found + [("watch next", s["text"]) for s in brief["watch"]]


def assert_only_what_the_judge_found_supported_is_printed(brief: dict, record: dict) -> None:
    assert record["judge_model"] == "smollm2" and "(judge: smollm2)" in " ".join(brief["checks"])
    supported = {(j["section"], j["statement"]) for j in record["judged"] if j["verdict"] == "supported"}
    printed = set(written_statements(brief))
    assert printed <= supported  # nothing the model wrote is printed unjudged
    turned_down = {(j["section"], j["statement"]) for j in record["judged"] if j["verdict"] != "supported"}
    assert not printed & turned_down
    assert all(j["verdict"] in ("supported", "contradicted", "not_stated") for j in record["judged"])


def assert_translations_were_checked(brief: dict, record: dict) -> None:
    """The seeds' German voices were put to the model for an English brief; a translation
    is printed only when the judge found its quote's passage supports it."""
    voices = [voice for section in brief["sections"] for voice in section["voices"]]
    assert voices and all(voice["quote"] in voice["citations"][0]["quote"] for voice in voices)
    assert record["by_prompt"]["voice_translation"]["calls"] >= 1
    supported = {j["statement"] for j in record["judged"] if j["verdict"] == "supported"}
    assert all(f"{v['translation']} (translated)" in supported for v in voices if v["translation"])


def test_the_seeds_through_a_real_server(seeds_dir, llama_server, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    build(seeds_dir, llama_server, tmp_path / "brief.json")
    brief = json.loads((tmp_path / "brief.json").read_text())
    record = json.loads((tmp_path / "brief.run.json").read_text())["llm"]

    assert_only_what_the_judge_found_supported_is_printed(brief, record)
    assert assert_citations_verified(brief) > 0
    assert record["calls"] >= 2 and record["output_mode"] == "json_object"  # llama.cpp: json_object + schema
    assert record["prompt_tokens"] > 0 and record["model"] == "smollm2"
    for section in brief["sections"]:
        assert section["method"] in ("llm", "extractive") and section["statements"]
        if section["method"] == "extractive":
            assert section["fallback_reason"] and any(f["reason"] == section["fallback_reason"] for f in record["fallbacks"])
    for dropped in record["dropped"]:
        assert dropped["reasons"]  # every dropped statement says why
        assert dropped["statement"] not in json.dumps(brief["sections"])
    failures = [fallback["reason"] for fallback in record["fallbacks"]] + record["errors"]
    assert not [f for f in failures if "maximum context length" in f]  # the default budget fits the window
    assert_translations_were_checked(brief, record)

    build(seeds_dir, llama_server, tmp_path / "again.pdf")  # the same brief, from the cache
    again = json.loads((tmp_path / "again.run.json").read_text())["llm"]
    assert again["calls"] == 0 and again["cache_hits"] == record["calls"]
    text = squash("".join(page.extract_text() for page in PdfReader(tmp_path / "again.pdf").pages))
    quotes = [source["quote"] for source in brief["sources"]]
    assert quotes and all(squash(quote) in text for quote in quotes)  # the PDF shows its cited quotes


def meeting_news(folder: Path) -> Path:
    """The MEETING reports, one outlet each, as JSON lines files in `folder`/news."""
    news = folder / "news"
    news.mkdir()
    for hour, (outlet, (title, text)) in enumerate(MEETING.items(), 10):
        article = {"id": outlet, "title": title, "text": text, "source": outlet.title(), "language": "en",
                   "published": f"2025-12-03T{hour}:00:00+01:00"}  # fmt: skip
        (news / f"{outlet}.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    return news


def test_where_reports_differ_through_a_real_server(llama_server, tmp_path, monkeypatch):
    """The real model is asked where the outlets differ; whatever it names is printed only
    when each side cites one outlet, two different ones, and both were judged supported."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    build(meeting_news(tmp_path), llama_server, tmp_path / "brief.json", language=None)
    brief = json.loads((tmp_path / "brief.json").read_text())
    record = json.loads((tmp_path / "brief.run.json").read_text())["llm"]
    assert record["by_prompt"]["differences"]["calls"] >= 1
    supported = {j["statement"] for j in record["judged"] if j["verdict"] == "supported"}
    for section in brief["sections"]:
        for difference in section["differences"]:
            first, second = difference["sides"]
            assert len(first["outlets"]) == len(second["outlets"]) == 1 and first["outlets"] != second["outlets"]
            written = [side["text"] for side in difference["sides"] if side["citations"][0]["quote"] != side["text"]]
            assert all(text in supported for text in written)  # a side the model wrote was judged
    assert_citations_verified(brief)


def test_the_judge_through_a_real_server(llama_server, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    news = meeting_news(tmp_path)
    with ScriptedOpenAI(default=judged_by_the_real_model(llama_server)) as server:
        build(news, server.base_url, tmp_path / "brief.json", language=None)
        judge_calls = [r for r in server.requests if r.path.endswith("/chat/completions") and is_judge_prompt(r.json)]
    brief = json.loads((tmp_path / "brief.json").read_text())
    record = json.loads((tmp_path / "brief.run.json").read_text())["llm"]

    assert judge_calls and record["by_prompt"]["judge"]["calls"] == len(judge_calls)
    assert record["by_prompt"]["judge"]["calls"] > 0 and record["by_prompt"]["judge"]["prompt_tokens"] > 0
    assert len(record["judged"]) > 0
    assert_only_what_the_judge_found_supported_is_printed(brief, record)
    assert_citations_verified(brief)

    with ScriptedOpenAI(default=faithful_model) as server:
        build(news, server.base_url, tmp_path / "unjudged.json", "--no-judge", language=None)
    unjudged = json.loads((tmp_path / "unjudged.json").read_text())
    again = json.loads((tmp_path / "unjudged.run.json").read_text())["llm"]
    written = again["by_prompt"]["cluster_summary"]
    assert written["calls"] == 0 and written["cache_hits"] > 0  # the sections' answers come from the cache
    assert again["judge_model"] is None and "judge" not in again["by_prompt"]
    assert "the model judge was off (--no-judge)" in " ".join(unjudged["checks"])


def test_the_judges_answer_from_a_real_server_fits_its_schema(llama_server, tmp_path):
    settings = LLMSettings(base_url=llama_server, model="smollm2", cache=None, timeout=900.0, deadline=3600.0)
    record = RunRecord()
    judge = open_judge(LLMClient(settings, record), load_prompts(), settings)
    passage = Cited("Mark Rutte said the alliance would keep supplying air defence systems to Ukraine.", "en",
                    date(2025, 12, 3), before="NATO foreign ministers met in Brussels on Wednesday.")  # fmt: skip
    items = [JudgeItem("J1", passage.text, (passage,), ("Ledger",)),
             JudgeItem("J2", "Rutte said the alliance would stop supplying weapons to Ukraine.", (passage,))]  # fmt: skip
    verdicts = judge.judge(items)
    assert set(verdicts) == {"J1", "J2"}
    assert all(v.verdict in ("supported", "contradicted", "not_stated") for v in verdicts.values())
    assert record.by_prompt["judge"]["calls"] == 1 and record.output_mode == "json_object"
def test_daily_with_the_real_server_twice_gives_the_same_files_and_no_new_calls(seeds_dir, llama_server, tmp_path):
    config = tmp_path / "briefing.toml"
    config.write_text(
        f'output = "briefs"\n[sources]\nfolders = ["{seeds_dir}"]\nstore = "articles.sqlite"\n'
        f'[llm]\nbase_url = "{llama_server}"\nmodel = "smollm2"\ncache = "{tmp_path / "llm.sqlite"}"\n'
        "timeout = 900\ndeadline = 3600\n"
        '[profiles.nato]\nllm = true\nlanguage = "en"\nformats = ["md", "json"]\n',
        encoding="utf-8",
    )

    def daily() -> tuple[dict, dict]:
        result = CliRunner().invoke(app, ["daily", "--date", "2025-12-03", "--config", str(config), "--quiet"])
        assert result.exit_code == 0, result.output
        folder = tmp_path / "briefs" / "2025-12-03"
        record = json.loads((folder / "nato.run.json").read_text())["llm"]
        return {name: (folder / name).read_bytes() for name in ("nato.md", "nato.json")}, record

    first, record = daily()
    assert record["calls"] >= 1 and record["model"] == "smollm2"
    second, again = daily()
    assert second == first
    assert again["calls"] == 0 and again["cache_hits"] == record["calls"]
