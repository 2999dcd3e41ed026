"""An OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, a llama.cpp server): chat calls
that answer schema-bound JSON, with retries, timeouts, a spend cap and a response cache;
the record of every call; and the API key kept out of errors, answers and logs.

May import: `briefing.errors`, `briefing.settings`. Summarising (chat) and embedding
(`briefing.text.embeddings`) both talk to the endpoint through this package.
"""

from briefing.endpoint.client import Completion, LLMClient, LLMError, RenderedPrompt, openai_client
from briefing.endpoint.record import RunRecord
from briefing.endpoint.redact import redact

__all__ = ["Completion", "LLMClient", "LLMError", "RenderedPrompt", "RunRecord", "openai_client", "redact"]
