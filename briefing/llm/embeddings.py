"""Sentence embeddings from an OpenAI-compatible `/v1/embeddings` endpoint, for the
semantic clustering signal (`--embeddings endpoint`): OpenAI, Ollama, vLLM, llama.cpp."""

from __future__ import annotations

import numpy as np
import openai

from .client import LLMError, openai_client
from .redact import redact
from .settings import LLMSettings

DEFAULT_EMBEDDING_MODEL = "text-embedding-3-small"
TEXTS_PER_REQUEST = 256


class EndpointEmbedder:
    def __init__(self, settings: LLMSettings, model: str | None = None):
        self.model = model or DEFAULT_EMBEDDING_MODEL
        self.host = settings.endpoint_host
        self._secret = settings.api_key
        self._openai = openai_client(settings)

    def embed(self, texts: list[str]) -> np.ndarray:
        batches = [texts[start : start + TEXTS_PER_REQUEST] for start in range(0, len(texts), TEXTS_PER_REQUEST)]
        vectors = np.vstack([self._request(batch) for batch in batches]) if texts else np.zeros((0, 1))
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32)

    def _request(self, batch: list[str]) -> np.ndarray:
        try:  # the answer is read in `_vectors`: no local here holds it (a traceback may show locals)
            vectors = _vectors(self._openai.embeddings.create(model=self.model, input=batch))
        except openai.APIError as error:
            failure = LLMError(f"embeddings from {self.host} ({self.model}) failed: {_reason(error)}")
        except (TypeError, ValueError, AttributeError) as error:
            problem = redact(str(error), [self._secret])  # a server may echo the key
            failure = LLMError(f"embeddings from {self.host} ({self.model}) came back unreadable: {problem}")
        else:
            return self._checked(vectors, batch)
        raise failure  # outside the `except` block: no __context__ holding the request and its key

    def _checked(self, vectors: np.ndarray, batch: list[str]) -> np.ndarray:
        if vectors.ndim != 2:
            raise LLMError(f"embeddings from {self.host} ({self.model}): not one vector per text (pooling off?)")
        if len(vectors) != len(batch):
            raise LLMError(f"embeddings from {self.host} ({self.model}): {len(vectors)} vectors for {len(batch)} texts")
        return vectors


def _vectors(response) -> np.ndarray:
    rows = sorted(response.data, key=lambda item: item.index)
    return np.array([row.embedding for row in rows], dtype=np.float64)


def _reason(error: openai.APIError) -> str:
    status = getattr(error, "status_code", None)
    return f"HTTP {status}" if status else type(error).__name__
