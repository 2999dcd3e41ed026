"""The LLM path: prompts from files, answers as schema-bound JSON, every statement verified
against its passages (and, unless it is off, judged by a second call) before it is printed,
and the extractive summary as the fallback."""

from __future__ import annotations

from briefing.endpoint import LLMClient, RunRecord
from briefing.models import RunReport
from briefing.settings import LLMSettings
from briefing.summarise.extractive import ExtractiveSummariser
from briefing.summarise.llm.prompts import PromptError, PromptTemplate, load_prompts, render_prompt
from briefing.summarise.llm.summariser import LLMSummariser
from briefing.verify import Judge

__all__ = ["LLMSummariser", "open_judge", "open_llm_summariser"]

JUDGE_PROMPT = "judge"


def open_llm_summariser(settings: LLMSettings, report: RunReport) -> LLMSummariser | ExtractiveSummariser:
    """The LLM summariser for `settings`; the extractive one, with a note, when no endpoint is set."""
    if not settings.configured:
        report.notes.append("no LLM endpoint configured (set OPENAI_BASE_URL or OPENAI_API_KEY): extractive summaries")
        return ExtractiveSummariser()
    record = RunRecord(model=settings.model, judge_model=settings.judged_by, endpoint_host=settings.endpoint_host)
    client = LLMClient(settings, record)
    prompts = load_prompts(settings.prompts)
    return LLMSummariser(client, prompts, settings, record, open_judge(client, prompts, settings))


def open_judge(client: LLMClient, prompts: dict[str, PromptTemplate], settings: LLMSettings) -> Judge | None:
    """The judge of `settings` (`judge_model`, else the client's model), sharing the client's
    cache, record, spend cap and deadline; None when the judge is off."""
    if settings.judged_by is None:
        return None
    if JUDGE_PROMPT not in prompts:
        raise PromptError(
            f"the prompts folder {settings.prompts} has no {JUDGE_PROMPT}.toml, which the judge needs: add one "
            f"(`briefing prompts show {JUDGE_PROMPT}` shows the bundled one) or turn the judge off (--no-judge)"
        )
    prompt = prompts[JUDGE_PROMPT]
    return Judge(client.for_model(settings.judged_by), lambda items: render_prompt(prompt, items=items))
