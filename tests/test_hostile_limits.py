"""Caps, so that a flood of input can neither exhaust memory nor run up a bill: what is
left out or cut is reported, naming the article."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from briefing.cluster.window import cap_articles
from briefing.models import Article, RunReport
from briefing.settings import Settings

START = datetime(2025, 12, 3, tzinfo=timezone.utc)


def article(number: int, text: str = "Die Minister berieten in Brüssel.") -> Article:
    return Article(id=f"a{number}", text=text, published=START + timedelta(minutes=number), origin=f"feed.xml#{number}")


def test_past_the_article_cap_the_newest_are_kept_and_the_cut_is_reported():
    report = RunReport()
    kept = cap_articles([article(n) for n in range(10)], replace(Settings(), max_articles=3), report)
    assert [a.id for a in kept] == ["a9", "a8", "a7"]
    assert [str(p) for p in report.problems] == ["(input): more than 3 articles: only the newest are used"]


def test_a_huge_text_is_cut_at_a_word_and_the_cut_is_named():
    report = RunReport()
    huge = article(1, "Wort " * 50_000)  # 250,000 characters
    (kept,) = cap_articles([huge], replace(Settings(), max_article_characters=1_000), report)
    assert len(kept.text) <= 1_000 and kept.text.endswith("Wort")
    assert huge.text.startswith(kept.text)  # citations still point into the text as kept
    assert [str(p) for p in report.problems] == ["feed.xml#1: 250,000 characters: cut to the first 999"]


def test_articles_within_the_caps_are_untouched():
    report = RunReport()
    articles = [article(n) for n in range(3)]
    assert cap_articles(articles, Settings(), report) == articles
    assert report.problems == []


def test_the_llm_spend_cap_stops_the_calls_and_the_rest_is_extractive(tmp_path):
    from builders import EXAMPLES
    from openai_script import ScriptedOpenAI, faithful_model

    from briefing.pipeline import build_brief
    from briefing.settings import LLMSettings

    # Each section takes two calls: the writer's and the judge's. The third call is the
    # second section's; its judge finds the cap reached, so that section is not printed unjudged.
    llm = LLMSettings(base_url="", model="scripted", cache=None, concurrency=1, max_calls=3)
    with ScriptedOpenAI(default=faithful_model) as server:
        llm = llm.model_copy(update={"base_url": server.base_url})
        brief = build_brief([EXAMPLES / "articles"], Settings(), llm)
        asked = len(server.requests)
    assert asked == brief.record.calls == 3
    first, second, *rest = brief.sections
    assert first.method == "llm" and second.method == "extractive"
    assert second.fallback_reason == "the support check failed: the spend cap of 3 calls per brief is reached (max_calls)"
    assert rest and all(s.method == "extractive" and "spend cap of 3 calls" in s.fallback_reason for s in rest)


def test_the_token_cap_counts_prompt_and_completion_tokens(tmp_path):
    from builders import EXAMPLES
    from openai_script import ScriptedOpenAI, faithful_model

    from briefing.pipeline import build_brief
    from briefing.settings import LLMSettings

    with ScriptedOpenAI(default=faithful_model) as server:
        llm = LLMSettings(base_url=server.base_url, model="scripted", cache=None, concurrency=1, max_tokens=1)
        brief = build_brief([EXAMPLES / "articles"], Settings(), llm)
    assert brief.record.calls == 1  # the first call used more than one token
    assert any("spend cap of 1 tokens" in f["reason"] for f in brief.record.fallbacks)


def test_an_answer_that_runs_on_is_cut_off_counted_and_not_printed(tmp_path):
    from builders import EXAMPLES
    from openai_script import ScriptedOpenAI, reply_text

    from briefing.pipeline import build_brief
    from briefing.settings import LLMSettings

    endless = reply_text('{"headline": {"text": "The ministers met and met and met', finish_reason="length")
    with ScriptedOpenAI(default=endless) as server:
        llm = LLMSettings(base_url=server.base_url, model="scripted", cache=None, concurrency=1, answer_tokens=300)
        brief = build_brief([EXAMPLES / "articles"], Settings(), llm)
        asked = [request.json["max_tokens"] for request in server.requests]
    assert asked and set(asked) == {300}  # every call asks the endpoint to stop there
    assert brief.record.calls == len(asked) and brief.record.completion_tokens > 0  # what it wrote is paid for
    assert all(section.method == "extractive" for section in brief.sections)
    cut = "the answer ran past 300 tokens and was cut off (answer_tokens)"
    assert all(section.fallback_reason == cut for section in brief.sections)
