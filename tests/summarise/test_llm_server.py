"""The LLM path end to end against a real llama.cpp server with SmolLM2-135M on 127.0.0.1.

The model is tiny and its prose poor: these tests hold the contract, not the wording. A
valid brief comes out; every printed citation is an exact passage; every statement that
was printed passed verification; every fallback and dropped statement is recorded with
its reason.
"""

import json

from builders import RANGE, assert_citations_verified, squash
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.cli import app


# A busy 2-core machine can take minutes for a call: the default timeout (60 s) would make
# a run's outcome depend on the machine's speed, and a timed-out call is not cached.
PATIENT = "[llm]\ntimeout = 900\ndeadline = 3600\n"


def build(seeds_dir, llama_server, out, *extra):
    config = out.parent / "patient.toml"
    config.write_text(PATIENT, encoding="utf-8")
    arguments = ["build", seeds_dir, *RANGE, "--llm", "--model", "smollm2", "--base-url", llama_server,
                 "--language", "en", "--config", config, "--out", out, *extra]  # fmt: skip
    result = CliRunner().invoke(app, [str(a) for a in arguments], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_the_seeds_through_a_real_server(seeds_dir, llama_server, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    build(seeds_dir, llama_server, tmp_path / "brief.json")
    brief = json.loads((tmp_path / "brief.json").read_text())
    record = json.loads((tmp_path / "brief.run.json").read_text())["llm"]

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

    build(seeds_dir, llama_server, tmp_path / "again.json")
    again = json.loads((tmp_path / "again.run.json").read_text())["llm"]
    assert again["calls"] == 0 and again["cache_hits"] == record["calls"]


def test_a_pdf_from_the_real_server_shows_its_cited_quotes(seeds_dir, llama_server, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    build(seeds_dir, llama_server, tmp_path / "brief.pdf")
    build(seeds_dir, llama_server, tmp_path / "brief.json")  # from the cache: the same brief
    text = squash("".join(page.extract_text() for page in PdfReader(tmp_path / "brief.pdf").pages))
    quotes = [source["quote"] for source in json.loads((tmp_path / "brief.json").read_text())["sources"]]
    assert quotes and all(squash(quote) in text for quote in quotes)


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
