"""The LLM path: prompts from files, answers as schema-bound JSON, every statement verified
against its passages before it is printed, and the extractive summary as the fallback."""

from __future__ import annotations

from briefing.endpoint import LLMClient, RunRecord
from briefing.models import RunReport
from briefing.settings import LLMSettings
from briefing.summarise.extractive import ExtractiveSummariser
from briefing.summarise.llm.prompts import load_prompts
from briefing.summarise.llm.summariser import LLMSummariser

__all__ = ["LLMSummariser", "open_llm_summariser"]


def open_llm_summariser(settings: LLMSettings, report: RunReport) -> LLMSummariser | ExtractiveSummariser:
    """The LLM summariser for `settings`; the extractive one, with a note, when no endpoint is set."""
    if not settings.configured:
        report.notes.append("no LLM endpoint configured (set OPENAI_BASE_URL or OPENAI_API_KEY): extractive summaries")
        return ExtractiveSummariser()
    record = RunRecord(model=settings.model, endpoint_host=settings.endpoint_host)
    client = LLMClient(settings, record)
    return LLMSummariser(client, load_prompts(settings.prompts), settings, record)
