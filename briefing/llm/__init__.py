"""The LLM path: prompts from files, answers as schema-bound JSON, every statement verified
against its passages before it is printed, and the extractive summary as the fallback."""

from __future__ import annotations

from ..models import RunReport
from ..prompts import load_prompts
from .client import LLMClient, LLMError
from .record import RunRecord
from .settings import LLMSettings, resolve_llm_settings
from .summarise import LLMSummariser

__all__ = ["LLMError", "LLMSettings", "LLMSummariser", "RunRecord", "open_summariser", "resolve_llm_settings"]


def open_summariser(settings: LLMSettings | None, report: RunReport) -> LLMSummariser | None:
    """The LLM summariser for `settings`, or None (extractive) when no endpoint is set."""
    if settings is None:
        return None
    if not settings.configured:
        report.notes.append("no LLM endpoint configured (set OPENAI_BASE_URL or OPENAI_API_KEY): extractive summaries")
        return None
    record = RunRecord(model=settings.model, endpoint_host=settings.endpoint_host)
    client = LLMClient(settings, record)
    return LLMSummariser(client, load_prompts(settings.prompts), settings, record)
